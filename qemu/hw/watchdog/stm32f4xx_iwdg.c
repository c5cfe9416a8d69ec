/*
 * STM32F4xx independent watchdog (IWDG)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * section 21 "Independent watchdog (IWDG)".
 *
 * Modelling choices:
 *
 * - The 12-bit down-counter is clocked by the LSI ("lsi" clock from the RCC,
 *   32 kHz) through the 4 x 2^PR prescaler. It is not stored: the model keeps
 *   the LSI cycle at which it reaches 0 and arms one QEMUTimer there while
 *   the watchdog runs. Reaching 0 asks the RCC for a system reset with the
 *   IWDG cause (RCC_CSR.IWDGRSTF): (RLR + 1) x 4 x 2^PR LSI cycles after a
 *   reload.
 * - 0xCCCC starts the watchdog with the counter at 0xFFF (RM0090 21.3.1:
 *   "the counter starts counting down from the reset value of 0xFFF"), not
 *   at RLR; a 0xAAAA reload loads RLR. Once started it cannot be stopped;
 *   it keeps the LSI on through the RCC "lsi-force" input. A further 0xCCCC
 *   while it runs does nothing.
 * - PR and RLR writes need the 0x5555 key and take effect in the LSI domain
 *   5 LSI cycles later (the "up to 5 RC oscillator cycles" of RM0090), while
 *   SR.PVU/RVU read 1; writes while the matching flag is 1 are ignored. A PR
 *   change applies to the running count; an RLR change to the next reload.
 *   Without the LSI the update stays pending, as on silicon.
 * - The hardware watchdog option (FLASH option byte WDG_SW = 0) starts the
 *   watchdog at every reset, sampled from the "option-bytes" region.
 * - A system reset stops it. DBGMCU_APB1_FZ.DBG_IWDG_STOP is not modelled:
 *   QEMU's gdbstub stops virtual time while the CPU is halted anyway.
 * - There is no APB clock enable: the registers are always accessible.
 */

#include "qemu/osdep.h"
#include "qemu/host-utils.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "exec/memattrs.h"
#include "exec/memop.h"
#include "exec/memory.h"
#include "migration/vmstate.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/resettable.h"
#include "hw/watchdog/stm32f4xx_iwdg.h"
#include "trace.h"

REG32(KR, 0x00)
    FIELD(KR, KEY, 0, 16)
REG32(PR, 0x04)
    FIELD(PR, PR, 0, 3)
REG32(RLR, 0x08)
    FIELD(RLR, RL, 0, 12)
REG32(SR, 0x0C)
    FIELD(SR, PVU, 0, 1)
    FIELD(SR, RVU, 1, 1)

#define KEY_UNLOCK      0x5555
#define KEY_RELOAD      0xAAAA
#define KEY_START       0xCCCC
#define RLR_RESET       0xFFF
#define UPDATE_CYCLES   5           /* PR/RLR transfer into the LSI domain */
#define OPT_WDG_SW      BIT(5)      /* USER option byte: 1 = software watchdog */
#define NEVER           UINT64_MAX

static uint64_t iwdg_cycles(Stm32f4xxIwdgState *s, int64_t now)
{
    uint32_t hz = clock_get_hz(s->lsi);

    if (!hz) {
        return s->lsi_offset;
    }
    return s->lsi_offset + muldiv64(now - s->lsi_base_ns, hz, NANOSECONDS_PER_SECOND);
}

static int64_t iwdg_cycle_ns(Stm32f4xxIwdgState *s, uint64_t cycle, int64_t now)
{
    uint32_t hz = clock_get_hz(s->lsi);

    if (cycle <= iwdg_cycles(s, now)) {
        return now;
    }
    if (!hz || cycle == NEVER) {
        return INT64_MAX;
    }
    return s->lsi_base_ns +
           muldiv64_round_up(cycle - s->lsi_offset, NANOSECONDS_PER_SECOND, hz);
}

/* LSI cycles per counter decrement. */
static uint32_t iwdg_div(uint32_t pr)
{
    return 4u << MIN(pr, 6);
}

static void iwdg_reload(Stm32f4xxIwdgState *s, uint32_t count, int64_t now)
{
    s->expire_cycle = iwdg_cycles(s, now) +
                      (uint64_t)(count + 1) * iwdg_div(s->pr_active);
    trace_stm32f4xx_iwdg_reload(count, s->pr_active);
}

/* Apply the PR/RLR updates and the expiry due by @now, in time order; rearm. */
static void iwdg_update(Stm32f4xxIwdgState *s, int64_t now)
{
    uint64_t cycles = iwdg_cycles(s, now);
    int64_t next;

    if (s->pvu && cycles >= s->pvu_cycle && s->pvu_cycle < s->expire_cycle) {
        if (s->running) {
            /* The count left at the change runs on at the new rate. */
            uint64_t left = DIV_ROUND_UP(s->expire_cycle - s->pvu_cycle,
                                         iwdg_div(s->pr_active));
            s->expire_cycle = s->pvu_cycle + left * iwdg_div(s->pr);
        }
        s->pr_active = s->pr;
        s->pvu = false;
    }
    if (s->rvu && cycles >= s->rvu_cycle) {
        s->rlr_active = s->rlr;
        s->rvu = false;
    }
    if (s->running && cycles >= s->expire_cycle) {
        trace_stm32f4xx_iwdg_expired();
        qemu_log_mask(CPU_LOG_RESET, "stm32f4xx-iwdg: counter reached 0, resetting\n");
        s->expire_cycle = NEVER;
        qemu_irq_pulse(s->reset);
    }

    next = s->running ? iwdg_cycle_ns(s, s->expire_cycle, now) : INT64_MAX;
    if (s->running && s->pvu) {
        next = MIN(next, iwdg_cycle_ns(s, s->pvu_cycle, now));
    }
    if (next == INT64_MAX) {
        timer_del(s->timer);
    } else {
        timer_mod(s->timer, next);
    }
}

static void iwdg_timer_cb(void *opaque)
{
    Stm32f4xxIwdgState *s = opaque;

    iwdg_update(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void iwdg_clock_update(void *opaque, ClockEvent event)
{
    Stm32f4xxIwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (event == ClockPreUpdate) {
        iwdg_update(s, now);
        s->lsi_offset = iwdg_cycles(s, now);
        s->lsi_base_ns = now;
    } else {
        iwdg_update(s, now);
    }
}

static void iwdg_start(Stm32f4xxIwdgState *s, int64_t now)
{
    trace_stm32f4xx_iwdg_start();
    s->running = true;
    /* Forces the LSI on: our "lsi" clock starts before the count is set. */
    qemu_set_irq(s->lsi_force, 1);
    iwdg_reload(s, RLR_RESET, now);
}

static uint64_t iwdg_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxIwdgState *s = opaque;
    uint32_t value = 0;

    iwdg_update(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    switch (addr) {
    case A_KR:
        break;      /* write-only */
    case A_PR:
        value = s->pr;
        break;
    case A_RLR:
        value = s->rlr;
        break;
    case A_SR:
        value = FIELD_DP32(value, SR, PVU, s->pvu);
        value = FIELD_DP32(value, SR, RVU, s->rvu);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-iwdg: read of bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    }
    trace_stm32f4xx_iwdg_read(addr, value);
    return value;
}

static void iwdg_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32f4xxIwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint32_t value = val64;

    trace_stm32f4xx_iwdg_write(addr, value);
    iwdg_update(s, now);
    switch (addr) {
    case A_KR:
        switch (FIELD_EX32(value, KR, KEY)) {
        case KEY_UNLOCK:
            s->unlocked = true;
            break;
        case KEY_RELOAD:
            s->unlocked = false;
            if (s->running) {
                iwdg_reload(s, s->rlr_active, now);
            }
            break;
        case KEY_START:
            s->unlocked = false;
            if (!s->running) {
                iwdg_start(s, now);
            }
            break;
        default:
            s->unlocked = false;
            break;
        }
        break;
    case A_PR:
    case A_RLR: {
        bool is_pr = addr == A_PR;
        bool *busy = is_pr ? &s->pvu : &s->rvu;

        if (!s->unlocked) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-iwdg: %s write without the 0x5555 "
                          "key: ignored\n", is_pr ? "PR" : "RLR");
        } else if (*busy) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-iwdg: %s write while SR.%s=1: "
                          "ignored\n", is_pr ? "PR" : "RLR", is_pr ? "PVU" : "RVU");
        } else if (is_pr) {
            s->pr = FIELD_EX32(value, PR, PR);
            s->pvu = true;
            s->pvu_cycle = iwdg_cycles(s, now) + UPDATE_CYCLES;
        } else {
            s->rlr = FIELD_EX32(value, RLR, RL);
            s->rvu = true;
            s->rvu_cycle = iwdg_cycles(s, now) + UPDATE_CYCLES;
        }
        break;
    }
    case A_SR:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-iwdg: SR is read-only\n");
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-iwdg: write to bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    }
    iwdg_update(s, now);
}

static const MemoryRegionOps iwdg_ops = {
    .read = iwdg_read,
    .write = iwdg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 2, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void iwdg_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxIwdgState *s = STM32F4XX_IWDG(obj);

    s->pr = s->pr_active = 0;
    s->rlr = s->rlr_active = RLR_RESET;
    s->unlocked = false;
    s->running = false;
    s->pvu = s->rvu = false;
    s->expire_cycle = NEVER;
    timer_del(s->timer);
}

/* The hardware watchdog option (WDG_SW = 0) starts the IWDG at every reset. */
static bool iwdg_hw_watchdog(Stm32f4xxIwdgState *s)
{
    uint64_t user = OPT_WDG_SW;

    if (s->option_bytes &&
        memory_region_dispatch_read(s->option_bytes, 0, &user, MO_8,
                                    MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        user = OPT_WDG_SW;
    }
    return !(user & OPT_WDG_SW);
}

static void iwdg_reset_exit(Object *obj, ResetType type)
{
    Stm32f4xxIwdgState *s = STM32F4XX_IWDG(obj);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    qemu_set_irq(s->lsi_force, 0);
    if (iwdg_hw_watchdog(s)) {
        iwdg_start(s, now);
    }
    iwdg_update(s, now);
}

static void iwdg_init(Object *obj)
{
    Stm32f4xxIwdgState *s = STM32F4XX_IWDG(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &iwdg_ops, s, TYPE_STM32F4XX_IWDG, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_out_named(dev, &s->reset, "reset", 1);
    qdev_init_gpio_out_named(dev, &s->lsi_force, "lsi-force", 1);
    s->lsi = qdev_init_clock_in(dev, "lsi", iwdg_clock_update, s,
                                ClockPreUpdate | ClockUpdate);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, iwdg_timer_cb, s);
}

static void iwdg_finalize(Object *obj)
{
    Stm32f4xxIwdgState *s = STM32F4XX_IWDG(obj);

    timer_free(s->timer);
}

/* The time base travels as an age: the destination's clock may start anew. */
static int iwdg_pre_save(void *opaque)
{
    Stm32f4xxIwdgState *s = opaque;

    s->lsi_base_age = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->lsi_base_ns;
    return 0;
}

static int iwdg_post_load(void *opaque, int version_id)
{
    Stm32f4xxIwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    s->lsi_base_ns = now - s->lsi_base_age;
    iwdg_update(s, now);
    return 0;
}

static const VMStateDescription vmstate_stm32f4xx_iwdg = {
    .name = TYPE_STM32F4XX_IWDG,
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = iwdg_pre_save,
    .post_load = iwdg_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(pr, Stm32f4xxIwdgState),
        VMSTATE_UINT32(rlr, Stm32f4xxIwdgState),
        VMSTATE_UINT32(pr_active, Stm32f4xxIwdgState),
        VMSTATE_UINT32(rlr_active, Stm32f4xxIwdgState),
        VMSTATE_BOOL(unlocked, Stm32f4xxIwdgState),
        VMSTATE_BOOL(running, Stm32f4xxIwdgState),
        VMSTATE_INT64(lsi_base_age, Stm32f4xxIwdgState),
        VMSTATE_UINT64(lsi_offset, Stm32f4xxIwdgState),
        VMSTATE_UINT64(expire_cycle, Stm32f4xxIwdgState),
        VMSTATE_UINT64(pvu_cycle, Stm32f4xxIwdgState),
        VMSTATE_UINT64(rvu_cycle, Stm32f4xxIwdgState),
        VMSTATE_BOOL(pvu, Stm32f4xxIwdgState),
        VMSTATE_BOOL(rvu, Stm32f4xxIwdgState),
        VMSTATE_TIMER_PTR(timer, Stm32f4xxIwdgState),
        VMSTATE_CLOCK(lsi, Stm32f4xxIwdgState),
        VMSTATE_END_OF_LIST()
    },
};

static const Property iwdg_properties[] = {
    DEFINE_PROP_LINK("option-bytes", Stm32f4xxIwdgState, option_bytes,
                     TYPE_MEMORY_REGION, MemoryRegion *),
};

static void iwdg_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_stm32f4xx_iwdg;
    device_class_set_props(dc, iwdg_properties);
    rc->phases.hold = iwdg_reset_hold;
    rc->phases.exit = iwdg_reset_exit;
}

static const TypeInfo iwdg_info = {
    .name = TYPE_STM32F4XX_IWDG,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f4xxIwdgState),
    .instance_init = iwdg_init,
    .instance_finalize = iwdg_finalize,
    .class_init = iwdg_class_init,
};

static void iwdg_register_types(void)
{
    type_register_static(&iwdg_info);
}

type_init(iwdg_register_types)
