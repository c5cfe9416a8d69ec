/*
 * STM32F405/407 power controller (PWR), after RM0090 section 5 (the
 * STM32F405xx/07xx and STM32F415xx/17xx register variant: one VOS bit, no
 * over-drive or under-drive).
 *
 * The supply is a steady 3.3 V: the PVD output (PVDO) stays 0 for every PLS
 * threshold (2.0-2.9 V). The voltage regulator and the backup regulator are
 * ready at once (VOSRDY after VOS is written, BRR as soon as BRE is set).
 * Stop and Standby modes are not modelled, so WUF and SBF never get set; CWUF
 * and CSBF still clear them. DBP is output on the "dbp" GPIO; the SoC fans it
 * out to the RCC (RCC_BDCR) and the RTC, which ignore writes while it is 0.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "migration/vmstate.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "hw/misc/stm32f4xx_pwr.h"
#include "trace.h"

REG32(CR, 0x00)
    FIELD(CR, LPDS, 0, 1)
    FIELD(CR, PDDS, 1, 1)
    FIELD(CR, CWUF, 2, 1)
    FIELD(CR, CSBF, 3, 1)
    FIELD(CR, PVDE, 4, 1)
    FIELD(CR, PLS, 5, 3)
    FIELD(CR, DBP, 8, 1)
    FIELD(CR, FPDS, 9, 1)
    FIELD(CR, VOS, 14, 1)
REG32(CSR, 0x04)
    FIELD(CSR, WUF, 0, 1)
    FIELD(CSR, SBF, 1, 1)
    FIELD(CSR, PVDO, 2, 1)
    FIELD(CSR, BRR, 3, 1)
    FIELD(CSR, EWUP, 8, 1)
    FIELD(CSR, BRE, 9, 1)
    FIELD(CSR, VOSRDY, 14, 1)

#define CR_RESET 0x00004000u
/* LPDS, PDDS, PVDE, PLS, DBP, FPDS, VOS; CWUF/CSBF act and read as 0. */
#define CR_WRITABLE 0x000043F3u
#define CSR_WRITABLE (R_CSR_EWUP_MASK | R_CSR_BRE_MASK)

static bool pwr_clock_on(Stm32f4xxPwrState *s)
{
    return !clock_has_source(s->clk) || clock_get_hz(s->clk) != 0;
}

static uint64_t pwr_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxPwrState *s = opaque;
    uint32_t value = 0;

    if (!pwr_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: PWR clock disabled in RCC_APB1ENR\n", __func__);
        return 0;
    }
    switch (addr) {
    case A_CR:
        value = s->cr;
        break;
    case A_CSR:
        value = s->csr;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
    trace_stm32f4xx_pwr_read(addr, value);
    return value;
}

static void pwr_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32f4xxPwrState *s = opaque;
    uint32_t value = val64;

    trace_stm32f4xx_pwr_write(addr, value);
    if (!pwr_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: PWR clock disabled in RCC_APB1ENR\n", __func__);
        return;
    }
    switch (addr) {
    case A_CR:
        if (value & R_CR_CWUF_MASK) {
            s->csr &= ~R_CSR_WUF_MASK;
        }
        if (value & R_CR_CSBF_MASK) {
            s->csr &= ~R_CSR_SBF_MASK;
        }
        if ((value & (R_CR_PDDS_MASK | R_CR_LPDS_MASK | R_CR_FPDS_MASK)) &&
            !(s->cr & (R_CR_PDDS_MASK | R_CR_LPDS_MASK | R_CR_FPDS_MASK))) {
            qemu_log_mask(LOG_UNIMP, "%s: Stop and Standby modes are not modelled "
                          "(PDDS/LPDS/FPDS have no effect)\n", __func__);
        }
        s->cr = value & CR_WRITABLE;
        /* The regulator follows the new scale at once. */
        s->csr |= R_CSR_VOSRDY_MASK;
        qemu_set_irq(s->dbp, FIELD_EX32(s->cr, CR, DBP));
        break;
    case A_CSR:
        if (value & R_CSR_EWUP_MASK & ~s->csr) {
            qemu_log_mask(LOG_UNIMP, "%s: the WKUP pin is not modelled\n", __func__);
        }
        s->csr = (s->csr & ~CSR_WRITABLE) | (value & CSR_WRITABLE);
        /* The backup regulator is ready as soon as it is enabled. */
        s->csr = FIELD_DP32(s->csr, CSR, BRR, FIELD_EX32(s->csr, CSR, BRE));
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
}

static const MemoryRegionOps pwr_ops = {
    .read = pwr_read,
    .write = pwr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void pwr_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxPwrState *s = STM32F4XX_PWR(obj);

    /*
     * BRE and BRR are in the backup domain on silicon and survive a system
     * reset; the backup domain is not modelled separately here.
     */
    s->cr = CR_RESET;
    s->csr = 0;
}

static void pwr_reset_exit(Object *obj, ResetType type)
{
    Stm32f4xxPwrState *s = STM32F4XX_PWR(obj);

    qemu_set_irq(s->dbp, FIELD_EX32(s->cr, CR, DBP));
}

static void pwr_init(Object *obj)
{
    Stm32f4xxPwrState *s = STM32F4XX_PWR(obj);

    memory_region_init_io(&s->mmio, obj, &pwr_ops, s, TYPE_STM32F4XX_PWR, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_out_named(DEVICE(obj), &s->dbp, "dbp", 1);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
}

static const VMStateDescription vmstate_stm32f4xx_pwr = {
    .name = TYPE_STM32F4XX_PWR,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr, Stm32f4xxPwrState),
        VMSTATE_UINT32(csr, Stm32f4xxPwrState),
        VMSTATE_CLOCK(clk, Stm32f4xxPwrState),
        VMSTATE_END_OF_LIST()
    },
};

static void pwr_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_stm32f4xx_pwr;
    rc->phases.hold = pwr_reset_hold;
    rc->phases.exit = pwr_reset_exit;
}

static const TypeInfo pwr_info = {
    .name = TYPE_STM32F4XX_PWR,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f4xxPwrState),
    .instance_init = pwr_init,
    .class_init = pwr_class_init,
};

static void pwr_register_types(void)
{
    type_register_static(&pwr_info);
}

type_init(pwr_register_types)
