/*
 * STM32F4xx MCU debug component (DBGMCU), after RM0090 section 38.16.
 *
 * IDCODE identifies the chip (DEV_ID 0x413: STM32F405/407/415/417). CR and the
 * APB freeze registers are stored; the debugger-dependent behaviour they
 * select (clocks kept in low-power modes, trace pins, counters frozen while the
 * core is halted) has no effect here, as QEMU's gdbstub stops the whole machine.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "migration/vmstate.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/misc/stm32f4xx_dbgmcu.h"
#include "trace.h"

REG32(IDCODE, 0x00)
    FIELD(IDCODE, DEV_ID, 0, 12)
    FIELD(IDCODE, REV_ID, 16, 16)
REG32(CR, 0x04)
    FIELD(CR, DBG_SLEEP, 0, 1)
    FIELD(CR, DBG_STOP, 1, 1)
    FIELD(CR, DBG_STANDBY, 2, 1)
    FIELD(CR, TRACE_IOEN, 5, 1)
    FIELD(CR, TRACE_MODE, 6, 2)
REG32(APB1_FZ, 0x08)
REG32(APB2_FZ, 0x0C)

#define CR_WRITABLE 0x000000E7u
/* TIM2-7/12-14, RTC, WWDG, IWDG, I2C1-3 SMBus timeouts, CAN1-2 */
#define APB1_FZ_WRITABLE 0x06E01DFFu
/* TIM1, TIM8, TIM9-11 */
#define APB2_FZ_WRITABLE 0x00070003u

static uint64_t dbgmcu_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxDbgmcuState *s = opaque;
    uint32_t value = 0;

    switch (addr) {
    case A_IDCODE:
        value = s->idcode;
        break;
    case A_CR:
        value = s->cr;
        break;
    case A_APB1_FZ:
        value = s->apb1_fz;
        break;
    case A_APB2_FZ:
        value = s->apb2_fz;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
    trace_stm32f4xx_dbgmcu_read(addr, value);
    return value;
}

static void dbgmcu_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32f4xxDbgmcuState *s = opaque;
    uint32_t value = val64;

    trace_stm32f4xx_dbgmcu_write(addr, value);
    switch (addr) {
    case A_IDCODE:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: DBGMCU_IDCODE is read-only\n", __func__);
        break;
    case A_CR:
        s->cr = value & CR_WRITABLE;
        if (s->cr & R_CR_TRACE_IOEN_MASK) {
            qemu_log_mask(LOG_UNIMP, "%s: trace pins (TRACE_IOEN) are not modelled\n",
                          __func__);
        }
        break;
    case A_APB1_FZ:
    case A_APB2_FZ:
        value &= addr == A_APB1_FZ ? APB1_FZ_WRITABLE : APB2_FZ_WRITABLE;
        if (value) {
            qemu_log_mask(LOG_UNIMP, "%s: freezing peripherals while the core is halted "
                          "is not modelled (0x%08" PRIx32 ")\n", __func__, value);
        }
        if (addr == A_APB1_FZ) {
            s->apb1_fz = value;
        } else {
            s->apb2_fz = value;
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
}

static const MemoryRegionOps dbgmcu_ops = {
    .read = dbgmcu_read,
    .write = dbgmcu_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void dbgmcu_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxDbgmcuState *s = STM32F4XX_DBGMCU(obj);

    /* Power-on reset values; silicon keeps them across a system reset (not modelled). */
    s->cr = 0;
    s->apb1_fz = 0;
    s->apb2_fz = 0;
}

static void dbgmcu_init(Object *obj)
{
    Stm32f4xxDbgmcuState *s = STM32F4XX_DBGMCU(obj);

    memory_region_init_io(&s->mmio, obj, &dbgmcu_ops, s, TYPE_STM32F4XX_DBGMCU, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
}

static const VMStateDescription vmstate_stm32f4xx_dbgmcu = {
    .name = TYPE_STM32F4XX_DBGMCU,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr, Stm32f4xxDbgmcuState),
        VMSTATE_UINT32(apb1_fz, Stm32f4xxDbgmcuState),
        VMSTATE_UINT32(apb2_fz, Stm32f4xxDbgmcuState),
        VMSTATE_END_OF_LIST()
    },
};

static const Property dbgmcu_properties[] = {
    /* REV_ID 0x1007 (revision 2), DEV_ID 0x413 (STM32F405/407/415/417) */
    DEFINE_PROP_UINT32("idcode", Stm32f4xxDbgmcuState, idcode, 0x10076413),
};

static void dbgmcu_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_stm32f4xx_dbgmcu;
    device_class_set_props(dc, dbgmcu_properties);
    rc->phases.hold = dbgmcu_reset_hold;
}

static const TypeInfo dbgmcu_info = {
    .name = TYPE_STM32F4XX_DBGMCU,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f4xxDbgmcuState),
    .instance_init = dbgmcu_init,
    .class_init = dbgmcu_class_init,
};

static void dbgmcu_register_types(void)
{
    type_register_static(&dbgmcu_info);
}

type_init(dbgmcu_register_types)
