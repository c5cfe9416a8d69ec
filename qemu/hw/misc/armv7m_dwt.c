/*
 * ARMv7-M data watchpoint and trace unit (DWT), after the ARMv7-M Architecture
 * Reference Manual (DDI 0403E) section C1.8, as found in the Cortex-M4.
 *
 * Only the cycle counter is modelled: CYCCNT counts core clock (HCLK) cycles
 * while DEMCR.TRCENA and DWT_CTRL.CYCCNTENA are both set. It is computed from
 * QEMU_CLOCK_VIRTUAL and the frequency of the "clk" input, re-based whenever
 * counting starts or stops, the counter is written, or the clock changes, so it
 * is deterministic under -icount and survives snapshots and frequency switches.
 *
 * QEMU's NVIC does not implement DEMCR (0xE000EDFC); this device provides it as
 * a second MMIO region that the SoC maps over the NVIC. TRCENA gates the DWT as
 * on silicon; the vector catch and debug monitor bits are stored, not acted on.
 *
 * The comparators, the profiling counters (CPI/EXC/SLEEP/LSU/FOLD) and PC
 * sampling read as zero and ignore writes; their CTRL enables are stored and
 * logged as unimplemented.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "migration/vmstate.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "hw/misc/armv7m_dwt.h"
#include "trace.h"

REG32(CTRL, 0x000)
    FIELD(CTRL, CYCCNTENA, 0, 1)
    FIELD(CTRL, POSTPRESET, 1, 4)
    FIELD(CTRL, POSTINIT, 5, 4)
    FIELD(CTRL, CYCTAP, 9, 1)
    FIELD(CTRL, SYNCTAP, 10, 2)
    FIELD(CTRL, PCSAMPLENA, 12, 1)
    FIELD(CTRL, EXCTRCENA, 16, 1)
    FIELD(CTRL, CPIEVTENA, 17, 1)
    FIELD(CTRL, EXCEVTENA, 18, 1)
    FIELD(CTRL, SLEEPEVTENA, 19, 1)
    FIELD(CTRL, LSUEVTENA, 20, 1)
    FIELD(CTRL, FOLDEVTENA, 21, 1)
    FIELD(CTRL, CYCEVTENA, 22, 1)
    FIELD(CTRL, NUMCOMP, 28, 4)
REG32(CYCCNT, 0x004)
REG32(CPICNT, 0x008)
REG32(EXCCNT, 0x00C)
REG32(SLEEPCNT, 0x010)
REG32(LSUCNT, 0x014)
REG32(FOLDCNT, 0x018)
REG32(PCSR, 0x01C)

REG32(DEMCR, 0x0)
    FIELD(DEMCR, VC_CORERESET, 0, 1)
    FIELD(DEMCR, MON_EN, 16, 1)
    FIELD(DEMCR, MON_PEND, 17, 1)
    FIELD(DEMCR, MON_STEP, 18, 1)
    FIELD(DEMCR, MON_REQ, 19, 1)
    FIELD(DEMCR, TRCENA, 24, 1)

/* Cortex-M4: four comparators, all other features present (NO* bits 0). */
#define CTRL_RESET (4u << R_CTRL_NUMCOMP_SHIFT)
/* Read/write CTRL bits: everything from CYCCNTENA to CYCEVTENA. */
#define CTRL_WRITABLE 0x007F1FFFu
/* Enables of what is not modelled (PC sampling, trace packets, event counters). */
#define CTRL_UNIMP (R_CTRL_PCSAMPLENA_MASK | R_CTRL_EXCTRCENA_MASK | \
                    R_CTRL_CPIEVTENA_MASK | R_CTRL_EXCEVTENA_MASK | \
                    R_CTRL_SLEEPEVTENA_MASK | R_CTRL_LSUEVTENA_MASK | \
                    R_CTRL_FOLDEVTENA_MASK | R_CTRL_CYCEVTENA_MASK)
/* VC_CORERESET, VC_MMERR..VC_HARDERR, MON_EN..MON_REQ, TRCENA */
#define DEMCR_WRITABLE 0x010F07F1u
#define DEMCR_MON_MASK (R_DEMCR_MON_EN_MASK | R_DEMCR_MON_PEND_MASK | \
                        R_DEMCR_MON_STEP_MASK | R_DEMCR_MON_REQ_MASK)

static bool dwt_counting(Armv7mDwtState *s)
{
    return (s->demcr & R_DEMCR_TRCENA_MASK) && (s->ctrl & R_CTRL_CYCCNTENA_MASK);
}

static uint32_t dwt_cyccnt(Armv7mDwtState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (!dwt_counting(s) || now <= s->base_ns) {
        return s->cyccnt_base;
    }
    /* The counter wraps at 32 bits, as on silicon. */
    return s->cyccnt_base + (uint32_t)clock_ns_to_ticks(s->clk, now - s->base_ns);
}

/* Fold the cycles counted so far into the base: call before anything changes the rate. */
static void dwt_rebase(Armv7mDwtState *s)
{
    s->cyccnt_base = dwt_cyccnt(s);
    s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void dwt_clk_preupdate(void *opaque, ClockEvent event)
{
    Armv7mDwtState *s = opaque;

    /* Still the old period here: count up to now at the old rate. */
    dwt_rebase(s);
    trace_armv7m_dwt_rebase(s->cyccnt_base, clock_get_hz(s->clk));
}

static uint64_t dwt_read(void *opaque, hwaddr addr, unsigned size)
{
    Armv7mDwtState *s = opaque;
    uint32_t value = 0;

    switch (addr) {
    case A_CTRL:
        value = s->ctrl;
        break;
    case A_CYCCNT:
        value = dwt_cyccnt(s);
        break;
    case A_CPICNT: case A_EXCCNT: case A_SLEEPCNT: case A_LSUCNT: case A_FOLDCNT:
    case A_PCSR:
        /* Profiling counters and PC sampling: not modelled, never count. */
        break;
    default:
        if (addr >= 0x20 && addr < 0x60) {
            break;      /* comparators COMP/MASK/FUNCTION 0-3: RAZ */
        }
        if (addr >= 0xFD0) {
            break;      /* CoreSight ID registers: RAZ */
        }
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
    trace_armv7m_dwt_read(addr, value);
    return value;
}

static void dwt_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Armv7mDwtState *s = opaque;
    uint32_t value = val64;

    trace_armv7m_dwt_write(addr, value);
    switch (addr) {
    case A_CTRL:
        if (value & CTRL_UNIMP & ~s->ctrl) {
            qemu_log_mask(LOG_UNIMP, "%s: DWT_CTRL 0x%08" PRIx32 ": event counters, "
                          "PC sampling and exception trace are not modelled\n",
                          __func__, value);
        }
        dwt_rebase(s);
        s->ctrl = (s->ctrl & ~CTRL_WRITABLE) | (value & CTRL_WRITABLE);
        break;
    case A_CYCCNT:
        s->cyccnt_base = value;
        s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        break;
    case A_CPICNT: case A_EXCCNT: case A_SLEEPCNT: case A_LSUCNT: case A_FOLDCNT:
        break;
    case A_PCSR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: DWT_PCSR is read-only\n", __func__);
        break;
    default:
        if (addr >= 0x20 && addr < 0x60) {
            if (value) {
                qemu_log_mask(LOG_UNIMP, "%s: DWT comparators are not modelled "
                              "(offset 0x%" HWADDR_PRIx ")\n", __func__, addr);
            }
            break;
        }
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
}

static const MemoryRegionOps dwt_ops = {
    .read = dwt_read,
    .write = dwt_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static uint64_t demcr_read(void *opaque, hwaddr addr, unsigned size)
{
    Armv7mDwtState *s = opaque;

    trace_armv7m_dwt_demcr_read(s->demcr);
    return s->demcr;
}

static void demcr_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Armv7mDwtState *s = opaque;
    uint32_t value = val64;

    trace_armv7m_dwt_demcr_write(value);
    if (value & DEMCR_MON_MASK & ~s->demcr) {
        qemu_log_mask(LOG_UNIMP, "%s: DEMCR 0x%08" PRIx32 ": the debug monitor "
                      "exception is not modelled\n", __func__, value);
    }
    dwt_rebase(s);
    s->demcr = value & DEMCR_WRITABLE;
}

static const MemoryRegionOps demcr_ops = {
    .read = demcr_read,
    .write = demcr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void dwt_reset_hold(Object *obj, ResetType type)
{
    Armv7mDwtState *s = ARMV7M_DWT(obj);

    /*
     * On silicon DEMCR and the DWT are reset by a power-on reset only; QEMU
     * has no separate debug reset domain, so every reset clears them.
     */
    s->ctrl = CTRL_RESET;
    s->demcr = 0;
    s->cyccnt_base = 0;
    s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void dwt_init(Object *obj)
{
    Armv7mDwtState *s = ARMV7M_DWT(obj);

    memory_region_init_io(&s->mmio, obj, &dwt_ops, s, TYPE_ARMV7M_DWT, ARMV7M_DWT_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    memory_region_init_io(&s->demcr_mmio, obj, &demcr_ops, s, "armv7m-demcr", 4);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->demcr_mmio);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", dwt_clk_preupdate, s, ClockPreUpdate);
}

static const VMStateDescription vmstate_armv7m_dwt = {
    .name = TYPE_ARMV7M_DWT,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, Armv7mDwtState),
        VMSTATE_UINT32(demcr, Armv7mDwtState),
        VMSTATE_UINT32(cyccnt_base, Armv7mDwtState),
        VMSTATE_INT64(base_ns, Armv7mDwtState),
        VMSTATE_CLOCK(clk, Armv7mDwtState),
        VMSTATE_END_OF_LIST()
    },
};

static void dwt_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_armv7m_dwt;
    rc->phases.hold = dwt_reset_hold;
}

static const TypeInfo dwt_info = {
    .name = TYPE_ARMV7M_DWT,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Armv7mDwtState),
    .instance_init = dwt_init,
    .class_init = dwt_class_init,
};

static void dwt_register_types(void)
{
    type_register_static(&dwt_info);
}

type_init(dwt_register_types)
