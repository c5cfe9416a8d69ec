/*
 * STM32F405/407 EXTI (external interrupt/event controller)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * section 12.2 "External interrupt/event controller (EXTI)", for the
 * STM32F405, F407, F415 and F417: 23 edge-triggered lines.
 *
 * Modelling choices:
 *
 * - An edge is a change of an input level: a line input set again to the
 *   level it already has is not an edge.
 * - An edge selected in RTSR/FTSR, or a 0-to-1 write of SWIER, sets the
 *   pending bit when the line is unmasked in IMR. The interrupt request of
 *   a line is the level PR & IMR; writing 1 to PR clears the pending bit
 *   and the SWIER bit.
 * - Events (EMR) are stored: the Cortex-M4 event input (WFE wakeup) is not
 *   modelled.
 * - The registers are word registers: narrow accesses are logged; narrow
 *   reads return the bits they cover, narrow writes are ignored.
 * - The EXTI has no clock enable bit in the RCC: it is always on.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "migration/vmstate.h"
#include "hw/misc/stm32f407_exti.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(IMR, 0x00)
REG32(EMR, 0x04)
REG32(RTSR, 0x08)
REG32(FTSR, 0x0C)
REG32(SWIER, 0x10)
REG32(PR, 0x14)

#define NUM_LINES STM32F407_EXTI_NUM_LINES
#define LINES_MASK MAKE_64BIT_MASK(0, NUM_LINES)

static void exti_update_irq(Stm32f407ExtiState *s)
{
    uint32_t active = s->pr & s->imr;

    for (unsigned i = 0; i < NUM_LINES; i++) {
        qemu_set_irq(s->irq[i], extract32(active, i, 1));
    }
}

/* Lines in @lines had a trigger: pend the unmasked ones */
static void exti_trigger(Stm32f407ExtiState *s, uint32_t lines)
{
    uint32_t pend = lines & s->imr;

    if (lines & s->emr) {
        trace_stm32f407_exti_event(lines & s->emr);
    }
    if (pend & ~s->pr) {
        trace_stm32f407_exti_pending(pend & ~s->pr);
    }
    s->pr |= pend;
    exti_update_irq(s);
}

static void exti_set_line(void *opaque, int line, int level)
{
    Stm32f407ExtiState *s = opaque;
    bool rising;

    if (line < 0 || line >= NUM_LINES) {
        return;
    }
    level = !!level;
    if (extract32(s->levels, line, 1) == level) {
        return;
    }
    trace_stm32f407_exti_line(line, level);
    s->levels = deposit32(s->levels, line, 1, level);
    rising = level;
    if ((rising ? s->rtsr : s->ftsr) & BIT(line)) {
        exti_trigger(s, BIT(line));
    }
}

static uint32_t exti_peek(Stm32f407ExtiState *s, hwaddr reg)
{
    switch (reg) {
    case A_IMR:
        return s->imr;
    case A_EMR:
        return s->emr;
    case A_RTSR:
        return s->rtsr;
    case A_FTSR:
        return s->ftsr;
    case A_SWIER:
        return s->swier;
    case A_PR:
        return s->pr;
    default:
        return 0;
    }
}

static uint64_t stm32f407_exti_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f407ExtiState *s = opaque;
    uint32_t value = 0;

    if ((addr & ~3ULL) > A_PR) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, addr);
    } else {
        if (size != 4) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %u-byte read at offset 0x%"
                          HWADDR_PRIx ": registers are word access\n",
                          __func__, size, addr);
        }
        value = extract32(exti_peek(s, addr & ~3ULL), (addr & 3) * 8,
                          size * 8);
    }
    trace_stm32f407_exti_read(addr, size, value);
    return value;
}

static void stm32f407_exti_write(void *opaque, hwaddr addr, uint64_t val64,
                                 unsigned size)
{
    Stm32f407ExtiState *s = opaque;
    uint32_t value = val64 & LINES_MASK;
    uint32_t set;

    trace_stm32f407_exti_write(addr, size, val64);
    if ((addr & ~3ULL) > A_PR) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, addr);
        return;
    }
    if (size != 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %u-byte write at offset 0x%"
                      HWADDR_PRIx " ignored: registers are word access\n",
                      __func__, size, addr);
        return;
    }

    switch (addr) {
    case A_IMR:
        s->imr = value;
        exti_update_irq(s);
        break;
    case A_EMR:
        s->emr = value;
        break;
    case A_RTSR:
        s->rtsr = value;
        break;
    case A_FTSR:
        s->ftsr = value;
        break;
    case A_SWIER:
        set = value & ~s->swier;
        s->swier = value;
        if (set) {
            exti_trigger(s, set);
        }
        break;
    case A_PR:
        /* rc_w1; clearing a pending bit also clears its SWIER bit */
        s->pr &= ~value;
        s->swier &= ~value;
        exti_update_irq(s);
        break;
    }
}

static const MemoryRegionOps stm32f407_exti_ops = {
    .read = stm32f407_exti_read,
    .write = stm32f407_exti_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
        .unaligned = false,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 4,
        .unaligned = false,
    },
};

static void stm32f407_exti_reset_enter(Object *obj, ResetType type)
{
    Stm32f407ExtiState *s = STM32F407_EXTI(obj);

    s->imr = 0;
    s->emr = 0;
    s->rtsr = 0;
    s->ftsr = 0;
    s->swier = 0;
    s->pr = 0;
}

static void stm32f407_exti_reset_hold(Object *obj, ResetType type)
{
    exti_update_irq(STM32F407_EXTI(obj));
}

static const VMStateDescription vmstate_stm32f407_exti = {
    .name = TYPE_STM32F407_EXTI,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(imr, Stm32f407ExtiState),
        VMSTATE_UINT32(emr, Stm32f407ExtiState),
        VMSTATE_UINT32(rtsr, Stm32f407ExtiState),
        VMSTATE_UINT32(ftsr, Stm32f407ExtiState),
        VMSTATE_UINT32(swier, Stm32f407ExtiState),
        VMSTATE_UINT32(pr, Stm32f407ExtiState),
        VMSTATE_UINT32(levels, Stm32f407ExtiState),
        VMSTATE_END_OF_LIST()
    }
};

static void stm32f407_exti_init(Object *obj)
{
    Stm32f407ExtiState *s = STM32F407_EXTI(obj);

    memory_region_init_io(&s->mmio, obj, &stm32f407_exti_ops, s,
                          TYPE_STM32F407_EXTI, STM32F407_EXTI_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    for (unsigned i = 0; i < NUM_LINES; i++) {
        sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq[i]);
    }
    qdev_init_gpio_in(DEVICE(obj), exti_set_line, NUM_LINES);
}

static void stm32f407_exti_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F407 external interrupt/event controller";
    dc->vmsd = &vmstate_stm32f407_exti;
    rc->phases.enter = stm32f407_exti_reset_enter;
    rc->phases.hold = stm32f407_exti_reset_hold;
}

static const TypeInfo stm32f407_exti_types[] = {
    {
        .name          = TYPE_STM32F407_EXTI,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f407ExtiState),
        .instance_init = stm32f407_exti_init,
        .class_init    = stm32f407_exti_class_init,
    },
};

DEFINE_TYPES(stm32f407_exti_types)
