/*
 * STM32F4xx true random number generator (RNG), after RM0090 section 24.
 *
 * Words come from QEMU's guest entropy source (qemu_guest_getrandom, which is
 * deterministic under QEMU's -seed option), or from a seeded generator when the
 * "seed" property is set, so a board can be made reproducible on its own.
 * A new word is ready 40 RNG clock periods (48 MHz PLL48CLK) after the previous
 * one is read, as on silicon. The clock and seed error detectors never trip.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/guest-random.h"
#include "migration/vmstate.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/misc/stm32f4xx_rng.h"
#include "trace.h"

REG32(CR, 0x00)
    FIELD(CR, RNGEN, 2, 1)
    FIELD(CR, IE, 3, 1)
REG32(SR, 0x04)
    FIELD(SR, DRDY, 0, 1)
    FIELD(SR, CECS, 1, 1)
    FIELD(SR, SECS, 2, 1)
    FIELD(SR, CEIS, 5, 1)
    FIELD(SR, SEIS, 6, 1)
REG32(DR, 0x08)

#define CR_WRITABLE (R_CR_RNGEN_MASK | R_CR_IE_MASK)
#define RNG_CLOCK_HZ 48000000ull
#define RNG_READY_NS (40 * NANOSECONDS_PER_SECOND / RNG_CLOCK_HZ)

static void rng_update_irq(Stm32f4xxRngState *s)
{
    bool level = (s->cr & R_CR_IE_MASK) &&
                 (s->sr & (R_SR_DRDY_MASK | R_SR_CEIS_MASK | R_SR_SEIS_MASK));
    qemu_set_irq(s->irq, level);
}

/* splitmix64: small, well-distributed, and reproducible from one seed. */
static uint32_t rng_next_seeded(Stm32f4xxRngState *s)
{
    uint64_t z = (s->prng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (z ^ (z >> 31)) >> 32;
}

static void rng_ready(void *opaque)
{
    Stm32f4xxRngState *s = opaque;

    if (!(s->cr & R_CR_RNGEN_MASK)) {
        return;
    }
    if (s->seed) {
        s->dr = rng_next_seeded(s);
    } else {
        qemu_guest_getrandom_nofail(&s->dr, sizeof(s->dr));
    }
    s->sr |= R_SR_DRDY_MASK;
    trace_stm32f4xx_rng_ready(s->dr);
    rng_update_irq(s);
}

static void rng_schedule(Stm32f4xxRngState *s)
{
    timer_mod(s->ready_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + RNG_READY_NS);
}

static bool rng_clock_on(Stm32f4xxRngState *s)
{
    return !clock_has_source(s->clk) || clock_get_hz(s->clk) != 0;
}

static uint64_t rng_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxRngState *s = opaque;
    uint32_t value = 0;

    if (!rng_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: RNG clock disabled in RCC_AHB2ENR\n", __func__);
        return 0;
    }
    switch (addr) {
    case A_CR:
        value = s->cr;
        break;
    case A_SR:
        value = s->sr;
        break;
    case A_DR:
        /* A word is consumed by reading it; the next one follows shortly. */
        if (s->sr & R_SR_DRDY_MASK) {
            value = s->dr;
            s->sr &= ~R_SR_DRDY_MASK;
            rng_schedule(s);
            rng_update_irq(s);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: RNG_DR read while DRDY=0\n", __func__);
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
    trace_stm32f4xx_rng_read(addr, value);
    return value;
}

static void rng_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32f4xxRngState *s = opaque;
    uint32_t value = val64;

    trace_stm32f4xx_rng_write(addr, value);
    if (!rng_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: RNG clock disabled in RCC_AHB2ENR\n", __func__);
        return;
    }
    switch (addr) {
    case A_CR: {
        bool was_on = s->cr & R_CR_RNGEN_MASK;
        s->cr = value & CR_WRITABLE;
        if ((s->cr & R_CR_RNGEN_MASK) && !was_on) {
            rng_schedule(s);
        } else if (!(s->cr & R_CR_RNGEN_MASK)) {
            timer_del(s->ready_timer);
            s->sr &= ~R_SR_DRDY_MASK;
        }
        break;
    }
    case A_SR:
        /* CEIS and SEIS are cleared by writing 0; the rest is read-only. */
        s->sr &= value | ~(R_SR_CEIS_MASK | R_SR_SEIS_MASK);
        break;
    case A_DR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: RNG_DR is read-only\n", __func__);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
    rng_update_irq(s);
}

static const MemoryRegionOps rng_ops = {
    .read = rng_read,
    .write = rng_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void rng_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxRngState *s = STM32F4XX_RNG(obj);

    timer_del(s->ready_timer);
    s->cr = 0;
    s->sr = 0;
    s->dr = 0;
    s->prng_state = s->seed;
}

static void rng_reset_exit(Object *obj, ResetType type)
{
    rng_update_irq(STM32F4XX_RNG(obj));
}

static void rng_init(Object *obj)
{
    Stm32f4xxRngState *s = STM32F4XX_RNG(obj);

    memory_region_init_io(&s->mmio, obj, &rng_ops, s, TYPE_STM32F4XX_RNG, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
    s->ready_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, rng_ready, s);
}

static void rng_finalize(Object *obj)
{
    timer_free(STM32F4XX_RNG(obj)->ready_timer);
}

static const VMStateDescription vmstate_stm32f4xx_rng = {
    .name = TYPE_STM32F4XX_RNG,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr, Stm32f4xxRngState),
        VMSTATE_UINT32(sr, Stm32f4xxRngState),
        VMSTATE_UINT32(dr, Stm32f4xxRngState),
        VMSTATE_UINT64(prng_state, Stm32f4xxRngState),
        VMSTATE_TIMER_PTR(ready_timer, Stm32f4xxRngState),
        VMSTATE_CLOCK(clk, Stm32f4xxRngState),
        VMSTATE_END_OF_LIST()
    },
};

static const Property rng_properties[] = {
    DEFINE_PROP_UINT64("seed", Stm32f4xxRngState, seed, 0),
};

static void rng_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_stm32f4xx_rng;
    device_class_set_props(dc, rng_properties);
    rc->phases.hold = rng_reset_hold;
    rc->phases.exit = rng_reset_exit;
}

static const TypeInfo rng_info = {
    .name = TYPE_STM32F4XX_RNG,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f4xxRngState),
    .instance_init = rng_init,
    .instance_finalize = rng_finalize,
    .class_init = rng_class_init,
};

static void rng_register_types(void)
{
    type_register_static(&rng_info);
}

type_init(rng_register_types)
