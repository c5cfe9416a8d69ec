/*
 * STM32F4xx window watchdog (WWDG)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * section 22 "Window watchdog (WWDG)".
 *
 * Modelling choices:
 *
 * - The 7-bit down-counter T[6:0] is clocked by PCLK1 / 4096 / 2^WDGTB
 *   (clock "clk", 0 Hz while RCC_APB1ENR.WWDGEN is clear: the counter stops
 *   and, as for our other APB models, reads return 0 and writes are
 *   ignored). It is free-running, also while the watchdog is off, and is
 *   computed from virtual time on access.
 * - With WDGA=1 one QEMUTimer is armed for the next event: the counter
 *   reaching 0x40 (EWIF, early wakeup interrupt when CFR.EWI is set) and
 *   going from 0x40 to 0x3F (reset). A reset is also requested when CR is
 *   written while the counter is above the window W, or with T6=0. Resets
 *   go to the RCC "reset-request" input with the WWDG cause (WWDGRSTF).
 * - WDGA and EWI can only be cleared by a reset.
 * - EWIF is only set while the watchdog is on (WDGA=1); with WDGA=0 the
 *   free-running counter passing 0x40 is not reported (RM0090 does not say).
 * - Writing CR restarts the 4096 x 2^WDGTB prescaler (silicon keeps its
 *   phase), so a refresh period can be up to one counter tick longer.
 * - DBGMCU_APB1_FZ.DBG_WWDG_STOP is not modelled: virtual time stops while
 *   the CPU is halted by the gdbstub.
 */

#include "qemu/osdep.h"
#include "qemu/host-utils.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "migration/vmstate.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "hw/resettable.h"
#include "hw/watchdog/stm32f4xx_wwdg.h"
#include "trace.h"

REG32(CR, 0x00)
    FIELD(CR, T, 0, 7)
    FIELD(CR, WDGA, 7, 1)
REG32(CFR, 0x04)
    FIELD(CFR, W, 0, 7)
    FIELD(CFR, WDGTB, 7, 2)
    FIELD(CFR, EWI, 9, 1)
REG32(SR, 0x08)
    FIELD(SR, EWIF, 0, 1)

#define CR_RESET        0x7F
#define CFR_RESET       0x7F
#define CFR_MASK        0x3FF
#define T6              0x40
#define PRESCALE        4096

static bool wwdg_clock_on(Stm32f4xxWwdgState *s)
{
    return clock_get_hz(s->clk) != 0;
}

/* PCLK1 cycles per counter tick. */
static uint32_t wwdg_div(Stm32f4xxWwdgState *s)
{
    return PRESCALE << FIELD_EX32(s->cfr, CFR, WDGTB);
}

/* Counter ticks since base_ns. */
static int64_t wwdg_ticks(Stm32f4xxWwdgState *s, int64_t now)
{
    uint32_t hz = clock_get_hz(s->clk);

    if (!hz) {
        return 0;
    }
    return muldiv64(now - s->base_ns, hz, NANOSECONDS_PER_SECOND) / wwdg_div(s);
}

/* When the counter has made @ticks decrements since base_ns. */
static int64_t wwdg_ticks_ns(Stm32f4xxWwdgState *s, int64_t ticks)
{
    uint32_t hz = clock_get_hz(s->clk);

    return s->base_ns + muldiv64_round_up((uint64_t)ticks * wwdg_div(s),
                                          NANOSECONDS_PER_SECOND, hz);
}

/* The counter can go past 0 only with the watchdog off: it wraps in 7 bits. */
static uint32_t wwdg_counter(Stm32f4xxWwdgState *s, int64_t now)
{
    return (s->cnt_base - wwdg_ticks(s, now)) & R_CR_T_MASK;
}

static bool wwdg_active(Stm32f4xxWwdgState *s)
{
    return FIELD_EX32(s->cr, CR, WDGA);
}

/* Restart the count from its current value (prescaler phase kept). */
static void wwdg_rebase(Stm32f4xxWwdgState *s, int64_t now)
{
    int64_t ticks = wwdg_ticks(s, now);

    if (ticks) {
        s->base_ns = wwdg_ticks_ns(s, ticks);
        s->cnt_base = (s->cnt_base - ticks) & R_CR_T_MASK;
    }
    if (!clock_get_hz(s->clk)) {
        s->base_ns = now;
    }
}

static void wwdg_request_reset(Stm32f4xxWwdgState *s, const char *why)
{
    if (!s->reset_pending) {
        trace_stm32f4xx_wwdg_reset(why);
        qemu_log_mask(CPU_LOG_RESET, "stm32f4xx-wwdg: %s, resetting\n", why);
        s->reset_pending = true;
        qemu_irq_pulse(s->reset);
    }
}

/* Set EWIF and reset when due, update the IRQ, arm the timer for what comes next. */
static void wwdg_update(Stm32f4xxWwdgState *s, int64_t now)
{
    int64_t next = INT64_MAX;

    if (wwdg_active(s) && !s->reset_pending) {
        /* Active: the count started with T6 set and does not wrap before 0x3F. */
        int64_t ticks = wwdg_ticks(s, now);
        int64_t count = (int64_t)s->cnt_base - ticks;

        if (s->ewi_armed && count <= T6) {
            trace_stm32f4xx_wwdg_ewi();
            s->sr |= R_SR_EWIF_MASK;
            s->ewi_armed = false;
        }
        if (count < T6) {
            wwdg_request_reset(s, "counter reached 0x3F");
        } else if (clock_get_hz(s->clk)) {
            next = wwdg_ticks_ns(s, s->cnt_base - (s->ewi_armed ? T6 : T6 - 1));
        }
    }
    qemu_set_irq(s->irq, FIELD_EX32(s->sr, SR, EWIF) && FIELD_EX32(s->cfr, CFR, EWI));
    if (next == INT64_MAX) {
        timer_del(s->timer);
    } else {
        timer_mod(s->timer, MAX(next, now));
    }
}

static void wwdg_timer_cb(void *opaque)
{
    Stm32f4xxWwdgState *s = opaque;

    wwdg_update(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void wwdg_clock_update(void *opaque, ClockEvent event)
{
    Stm32f4xxWwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (event == ClockPreUpdate) {
        wwdg_update(s, now);
        wwdg_rebase(s, now);
    } else {
        s->base_ns = now;
        wwdg_update(s, now);
    }
}

static uint64_t wwdg_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxWwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint32_t value = 0;

    if (!wwdg_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-wwdg: read with the clock disabled "
                      "(RCC_APB1ENR.WWDGEN=0)\n");
        return 0;
    }
    wwdg_update(s, now);
    switch (addr) {
    case A_CR:
        value = (s->cr & R_CR_WDGA_MASK) | wwdg_counter(s, now);
        break;
    case A_CFR:
        value = s->cfr;
        break;
    case A_SR:
        value = s->sr;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-wwdg: read of bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    }
    trace_stm32f4xx_wwdg_read(addr, value);
    return value;
}

static void wwdg_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32f4xxWwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint32_t value = val64;

    trace_stm32f4xx_wwdg_write(addr, value);
    if (!wwdg_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-wwdg: write with the clock disabled "
                      "(RCC_APB1ENR.WWDGEN=0): ignored\n");
        return;
    }
    wwdg_update(s, now);
    switch (addr) {
    case A_CR:
        if (wwdg_active(s) && wwdg_counter(s, now) > FIELD_EX32(s->cfr, CFR, W)) {
            wwdg_request_reset(s, "refreshed outside the window");
        }
        /* WDGA is set-only; the write reloads the counter. */
        s->cr = (s->cr & R_CR_WDGA_MASK) | (value & (R_CR_WDGA_MASK | R_CR_T_MASK));
        s->cnt_base = FIELD_EX32(s->cr, CR, T);
        s->base_ns = now;
        s->ewi_armed = s->cnt_base > T6;
        if (wwdg_active(s) && !(s->cnt_base & T6)) {
            wwdg_request_reset(s, "T6 cleared");
        }
        break;
    case A_CFR:
        wwdg_rebase(s, now);
        if (!(value & R_CFR_EWI_MASK) && (s->cfr & R_CFR_EWI_MASK)) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-wwdg: EWI can only be cleared "
                          "by a reset\n");
        }
        s->cfr = (value & CFR_MASK) | (s->cfr & R_CFR_EWI_MASK);
        s->base_ns = now;
        break;
    case A_SR:
        /* EWIF: rc_w0 */
        s->sr &= value & R_SR_EWIF_MASK;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-wwdg: write to bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    }
    wwdg_update(s, now);
}

static const MemoryRegionOps wwdg_ops = {
    .read = wwdg_read,
    .write = wwdg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void wwdg_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxWwdgState *s = STM32F4XX_WWDG(obj);

    s->cr = CR_RESET;
    s->cfr = CFR_RESET;
    s->sr = 0;
    s->cnt_base = CR_RESET;
    s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    s->ewi_armed = false;
    s->reset_pending = false;
    timer_del(s->timer);
}

static void wwdg_reset_exit(Object *obj, ResetType type)
{
    Stm32f4xxWwdgState *s = STM32F4XX_WWDG(obj);

    wwdg_update(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void wwdg_init(Object *obj)
{
    Stm32f4xxWwdgState *s = STM32F4XX_WWDG(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &wwdg_ops, s, TYPE_STM32F4XX_WWDG, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qdev_init_gpio_out_named(dev, &s->reset, "reset", 1);
    s->clk = qdev_init_clock_in(dev, "clk", wwdg_clock_update, s,
                                ClockPreUpdate | ClockUpdate);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, wwdg_timer_cb, s);
}

static void wwdg_finalize(Object *obj)
{
    Stm32f4xxWwdgState *s = STM32F4XX_WWDG(obj);

    timer_free(s->timer);
}

/* The time base travels as an age: the destination's clock may start anew. */
static int wwdg_pre_save(void *opaque)
{
    Stm32f4xxWwdgState *s = opaque;

    s->base_age = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->base_ns;
    return 0;
}

static int wwdg_post_load(void *opaque, int version_id)
{
    Stm32f4xxWwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    s->base_ns = now - s->base_age;
    wwdg_update(s, now);
    return 0;
}

static const VMStateDescription vmstate_stm32f4xx_wwdg = {
    .name = TYPE_STM32F4XX_WWDG,
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = wwdg_pre_save,
    .post_load = wwdg_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr, Stm32f4xxWwdgState),
        VMSTATE_UINT32(cfr, Stm32f4xxWwdgState),
        VMSTATE_UINT32(sr, Stm32f4xxWwdgState),
        VMSTATE_INT64(base_age, Stm32f4xxWwdgState),
        VMSTATE_UINT32(cnt_base, Stm32f4xxWwdgState),
        VMSTATE_BOOL(ewi_armed, Stm32f4xxWwdgState),
        VMSTATE_BOOL(reset_pending, Stm32f4xxWwdgState),
        VMSTATE_TIMER_PTR(timer, Stm32f4xxWwdgState),
        VMSTATE_CLOCK(clk, Stm32f4xxWwdgState),
        VMSTATE_END_OF_LIST()
    },
};

static void wwdg_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_stm32f4xx_wwdg;
    rc->phases.hold = wwdg_reset_hold;
    rc->phases.exit = wwdg_reset_exit;
}

static const TypeInfo wwdg_info = {
    .name = TYPE_STM32F4XX_WWDG,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f4xxWwdgState),
    .instance_init = wwdg_init,
    .instance_finalize = wwdg_finalize,
    .class_init = wwdg_class_init,
};

static void wwdg_register_types(void)
{
    type_register_static(&wwdg_info);
}

type_init(wwdg_register_types)
