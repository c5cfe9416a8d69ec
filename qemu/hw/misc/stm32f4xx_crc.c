/*
 * STM32F4xx CRC calculation unit, after RM0090 section 4: CRC-32 with the
 * Ethernet polynomial 0x04C11DB7, 32-bit words fed MSB first, no reflection,
 * no final XOR; CR.RESET reloads 0xFFFFFFFF.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "migration/vmstate.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "hw/misc/stm32f4xx_crc.h"
#include "trace.h"

REG32(DR, 0x00)
REG32(IDR, 0x04)
REG32(CR, 0x08)
    FIELD(CR, RESET, 0, 1)

#define CRC_POLY 0x04C11DB7u

static uint32_t crc_word(uint32_t crc, uint32_t word)
{
    crc ^= word;
    for (int i = 0; i < 32; i++) {
        crc = (crc & 0x80000000u) ? (crc << 1) ^ CRC_POLY : crc << 1;
    }
    return crc;
}

static bool crc_clock_on(Stm32f4xxCrcState *s)
{
    return !clock_has_source(s->clk) || clock_get_hz(s->clk) != 0;
}

static uint64_t crc_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxCrcState *s = opaque;
    uint32_t value = 0;

    if (!crc_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: CRC clock disabled in RCC_AHB1ENR\n", __func__);
        return 0;
    }
    switch (addr) {
    case A_DR:
        value = s->dr;
        break;
    case A_IDR:
        value = s->idr;
        break;
    case A_CR:
        break;  /* RESET always reads 0 */
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
    trace_stm32f4xx_crc_read(addr, value);
    return value;
}

static void crc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32f4xxCrcState *s = opaque;
    uint32_t value = val64;

    trace_stm32f4xx_crc_write(addr, value);
    if (!crc_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: CRC clock disabled in RCC_AHB1ENR\n", __func__);
        return;
    }
    switch (addr) {
    case A_DR:
        if (size != 4) {
            /* The F4 unit only takes whole words; a narrower store is fed zero-extended. */
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %u-byte write to CRC_DR\n", __func__, size);
        }
        s->dr = crc_word(s->dr, value);
        break;
    case A_IDR:
        s->idr = value;
        break;
    case A_CR:
        if (value & R_CR_RESET_MASK) {
            s->dr = 0xFFFFFFFF;
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
}

static const MemoryRegionOps crc_ops = {
    .read = crc_read,
    .write = crc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void crc_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxCrcState *s = STM32F4XX_CRC(obj);

    s->dr = 0xFFFFFFFF;
    s->idr = 0;
}

static void crc_init(Object *obj)
{
    Stm32f4xxCrcState *s = STM32F4XX_CRC(obj);

    memory_region_init_io(&s->mmio, obj, &crc_ops, s, TYPE_STM32F4XX_CRC, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
}

static const VMStateDescription vmstate_stm32f4xx_crc = {
    .name = TYPE_STM32F4XX_CRC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(dr, Stm32f4xxCrcState),
        VMSTATE_UINT8(idr, Stm32f4xxCrcState),
        VMSTATE_CLOCK(clk, Stm32f4xxCrcState),
        VMSTATE_END_OF_LIST()
    },
};

static void crc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_stm32f4xx_crc;
    rc->phases.hold = crc_reset_hold;
}

static const TypeInfo crc_info = {
    .name = TYPE_STM32F4XX_CRC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f4xxCrcState),
    .instance_init = crc_init,
    .class_init = crc_class_init,
};

static void crc_register_types(void)
{
    type_register_static(&crc_info);
}

type_init(crc_register_types)
