/*
 * STM32F4xx timers: advanced (TIM1/8), general purpose (TIM2-5, TIM9-14)
 * and basic (TIM6/7)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * chapters 17 (TIM1/TIM8), 18 (TIM2-TIM5), 19 (TIM9-TIM14) and 20
 * (TIM6/TIM7). One model covers all of them; the properties listed in
 * stm32f4xx_timer.h select the registers and bits of each variant.
 *
 * Modelling choices:
 *
 * - The counter is not ticked. While it runs from its clock, CNT follows
 *   from the virtual time elapsed since a reference point (base_ns) and
 *   the prescaler; every register access first brings the state up to
 *   date ("sync"): CNT, the direction, UIF, CCxIF, the repetition counter
 *   and the OCxREF levels of the output compare modes are computed for
 *   the steps made since the last sync, whatever their number, in
 *   constant time.
 * - A QEMUTimer is armed only for the next event somebody can observe:
 *   an update event while UIE is set and UIF clear, while a preload
 *   (PSC, ARR with ARPE, CCRx with OCxPE) is pending or in one-pulse
 *   mode; a compare match while CCxIE is set and CCxIF clear; an OCxREF
 *   change while the channel drives its output or TRGO; a TRGO pulse.
 *   A free-running timer nobody watches costs nothing.
 * - Edge throttling: channel output edges of timers whose period is
 *   shorter than the "min-period-ns" property (default 10 us, 100 kHz;
 *   0 disables the throttling) are not all sent: after a period has been
 *   shown (from the counter cycle start, with its compare edges) the next
 *   ones are skipped until min-period-ns has passed, and the outputs keep
 *   the level they had at the end of the shown period. Each shown pulse
 *   has the programmed width; registers, flags and interrupts are not
 *   throttled, and a GPIO read of the pin pulses "sync" first, so the
 *   firmware always reads the exact level. TRGO edges (update and compare
 *   pulses, OCxREF) are not throttled up to one per microsecond; faster
 *   ones are merged, so a slave counting them in external clock mode sees
 *   fewer above 1 MHz.
 * - Prescaler phase: a change of PSC (at an update event), of the input
 *   clock or the start of the counter restarts the prescaler at that
 *   time, so up to one prescaler period of phase can be lost where the
 *   silicon would keep it.
 * - CCxIF is set at every compare match of an output channel, frozen
 *   mode included (with CCRx = 0 after reset: at each counter wrap), as on
 *   silicon.
 * - In center-aligned PWM, OCxREF is active while CNT < CCRx on both
 *   slopes (CCRx >= ARR: always active), as in the RM0090 figure.
 * - Up-counting with CNT > ARR (CNT written above ARR, or ARR lowered
 *   without preload): the counter runs to its maximum value and rolls
 *   over to 0 with an update event. Unsure on silicon; RM0090 does not
 *   say whether this roll over is an overflow.
 * - Input capture: edges of the "ch-in" inputs, with the CCxP/CCxNP
 *   polarity, the CCxS mapping (TI1/TI2 crossed; TRC is not modelled),
 *   the ICxPSC prescaler and overcapture. The digital filters (ICxF,
 *   CKD) are not modelled (logged once, LOG_UNIMP): every edge counts.
 * - Slave mode: reset, gated, trigger and external clock mode 1 from
 *   ITR0-3, TI1F_ED, TI1FP1 and TI2FP2. Encoder modes and the ETR input
 *   are not modelled (LOG_UNIMP). MSM has no effect (there is no
 *   synchronisation delay to compensate).
 * - Advanced timers: RCR, BDTR.MOE/OSSI/OISx for the main outputs, BG
 *   (sets BIF, clears MOE), COMG (sets COMIF). Complementary outputs,
 *   dead time, the break input and CCPC preloading are not modelled.
 * - DMA: each request (update, CCx, COM, trigger event with its xxDE bit
 *   set) is a pulse on its "dma" output; requests closer than TRGO_MIN_NS
 *   are merged like TRGO edges. Burst access through DCR/DMAR is not
 *   modelled (DMAR reads 0).
 * - With the timer clock off (input clock "clk" at 0 Hz: the RCC enable
 *   bit is clear) the counter stops, register writes are ignored
 *   (LOG_GUEST_ERROR) and reads return 0.
 */

#include "qemu/osdep.h"
#include "qemu/host-utils.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "migration/vmstate.h"
#include "hw/timer/stm32f4xx_timer.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(CR1, 0x00)
    FIELD(CR1, CEN, 0, 1)
    FIELD(CR1, UDIS, 1, 1)
    FIELD(CR1, URS, 2, 1)
    FIELD(CR1, OPM, 3, 1)
    FIELD(CR1, DIR, 4, 1)
    FIELD(CR1, CMS, 5, 2)
    FIELD(CR1, ARPE, 7, 1)
    FIELD(CR1, CKD, 8, 2)
REG32(CR2, 0x04)
    FIELD(CR2, CCPC, 0, 1)
    FIELD(CR2, CCUS, 2, 1)
    FIELD(CR2, CCDS, 3, 1)
    FIELD(CR2, MMS, 4, 3)
    FIELD(CR2, TI1S, 7, 1)
    FIELD(CR2, OIS, 8, 7)       /* OIS1, OIS1N, ..., OIS4 */
REG32(SMCR, 0x08)
    FIELD(SMCR, SMS, 0, 3)
    FIELD(SMCR, TS, 4, 3)
    FIELD(SMCR, MSM, 7, 1)
    FIELD(SMCR, ETR, 8, 8)      /* ETF, ETPS, ECE, ETP */
    FIELD(SMCR, ECE, 14, 1)
REG32(DIER, 0x0C)
    FIELD(DIER, UIE, 0, 1)
    FIELD(DIER, CCIE, 1, 4)
    FIELD(DIER, COMIE, 5, 1)
    FIELD(DIER, TIE, 6, 1)
    FIELD(DIER, BIE, 7, 1)
    FIELD(DIER, UDE, 8, 1)
    FIELD(DIER, CCDE, 9, 4)
    FIELD(DIER, COMDE, 13, 1)
    FIELD(DIER, TDE, 14, 1)
REG32(SR, 0x10)
    FIELD(SR, UIF, 0, 1)
    FIELD(SR, CCIF, 1, 4)
    FIELD(SR, COMIF, 5, 1)
    FIELD(SR, TIF, 6, 1)
    FIELD(SR, BIF, 7, 1)
    FIELD(SR, CCOF, 9, 4)
REG32(EGR, 0x14)
    FIELD(EGR, UG, 0, 1)
    FIELD(EGR, CCG, 1, 4)
    FIELD(EGR, COMG, 5, 1)
    FIELD(EGR, TG, 6, 1)
    FIELD(EGR, BG, 7, 1)
REG32(CCMR1, 0x18)
REG32(CCMR2, 0x1C)
REG32(CCER, 0x20)
REG32(CNT, 0x24)
REG32(PSC, 0x28)
REG32(ARR, 0x2C)
REG32(RCR, 0x30)
REG32(CCR1, 0x34)
REG32(CCR4, 0x40)
REG32(BDTR, 0x44)
    FIELD(BDTR, OSSI, 10, 1)
    FIELD(BDTR, MOE, 15, 1)
REG32(DCR, 0x48)
REG32(DMAR, 0x4C)
REG32(OR, 0x50)

/* Per-channel fields of CCMRx (8 bits per channel) and CCER (4 bits) */
#define CCMR_CCS(v)     extract32(v, 0, 2)
#define CCMR_OCPE(v)    extract32(v, 3, 1)
#define CCMR_OCM(v)     extract32(v, 4, 3)
#define CCMR_ICPSC(v)   extract32(v, 2, 2)
#define CCMR_ICF(v)     extract32(v, 4, 4)
#define CCER_E(x)       BIT(4 * (x))
#define CCER_P(x)       BIT(4 * (x) + 1)
#define CCER_NE(x)      BIT(4 * (x) + 2)
#define CCER_NP(x)      BIT(4 * (x) + 3)

#define SR_CCIF(x)      BIT(1 + (x))
#define SR_CCOF(x)      BIT(9 + (x))

/* OCxM output compare modes */
enum {
    OCM_FROZEN, OCM_ACTIVE, OCM_INACTIVE, OCM_TOGGLE,
    OCM_FORCE_INACTIVE, OCM_FORCE_ACTIVE, OCM_PWM1, OCM_PWM2,
};

/* CR2.MMS master modes */
enum {
    MMS_RESET, MMS_ENABLE, MMS_UPDATE, MMS_COMPARE_PULSE,
    MMS_OC1REF, MMS_OC2REF, MMS_OC3REF, MMS_OC4REF,
};

/* SMCR.SMS slave modes and SMCR.TS trigger inputs */
enum {
    SMS_DISABLED, SMS_ENCODER1, SMS_ENCODER2, SMS_ENCODER3,
    SMS_RESET, SMS_GATED, SMS_TRIGGER, SMS_EXT_CLOCK,
};
enum { TS_TI1F_ED = 4, TS_TI1FP1, TS_TI2FP2, TS_ETRF };

/* Counting modes */
enum { COUNT_UP, COUNT_DOWN, COUNT_CENTER };

#define NEVER UINT64_MAX
#define DEFAULT_MIN_PERIOD_NS 10000
#define TRGO_MIN_NS 1000

/*
 * Variant
 */

static bool tim_clock_enabled(Stm32f4xxTimerState *s)
{
    return clock_is_enabled(s->clk);
}

static uint32_t tim_max(Stm32f4xxTimerState *s)
{
    return s->width == 32 ? UINT32_MAX : UINT16_MAX;
}

static uint32_t tim_cr1_mask(Stm32f4xxTimerState *s)
{
    uint32_t mask = R_CR1_CEN_MASK | R_CR1_UDIS_MASK | R_CR1_URS_MASK |
                    R_CR1_OPM_MASK | R_CR1_ARPE_MASK;

    if (s->channels) {
        mask |= R_CR1_CKD_MASK;
    }
    if (s->updown) {
        mask |= R_CR1_DIR_MASK | R_CR1_CMS_MASK;
    }
    return mask;
}

static uint32_t tim_cr2_mask(Stm32f4xxTimerState *s)
{
    if (!s->master) {
        return 0;
    }
    if (!s->channels) {
        return R_CR2_MMS_MASK;
    }
    return R_CR2_CCDS_MASK | R_CR2_MMS_MASK | R_CR2_TI1S_MASK |
           (s->advanced ? R_CR2_CCPC_MASK | R_CR2_CCUS_MASK |
                          R_CR2_OIS_MASK : 0);
}

static uint32_t tim_smcr_mask(Stm32f4xxTimerState *s)
{
    if (!s->slave) {
        return 0;
    }
    if (s->channels == 2) {     /* TIM9/TIM12: no ETR */
        return R_SMCR_SMS_MASK | R_SMCR_TS_MASK | R_SMCR_MSM_MASK;
    }
    return 0xFFFF & ~BIT(3);
}

/* CCxIF/CCxIE/... bits of the channels of this timer, at bit @shift */
static uint32_t tim_ch_bits(Stm32f4xxTimerState *s, unsigned shift)
{
    return MAKE_64BIT_MASK(shift, s->channels);
}

static uint32_t tim_sr_mask(Stm32f4xxTimerState *s)
{
    uint32_t mask = R_SR_UIF_MASK | tim_ch_bits(s, 1) | tim_ch_bits(s, 9);

    if (s->slave) {
        mask |= R_SR_TIF_MASK;
    }
    if (s->advanced) {
        mask |= R_SR_COMIF_MASK | R_SR_BIF_MASK;
    }
    return mask;
}

static uint32_t tim_dier_mask(Stm32f4xxTimerState *s)
{
    uint32_t mask = R_DIER_UIE_MASK | tim_ch_bits(s, 1);

    if (s->slave) {
        mask |= R_DIER_TIE_MASK;
    }
    if (s->advanced) {
        mask |= R_DIER_COMIE_MASK | R_DIER_BIE_MASK | R_DIER_COMDE_MASK;
    }
    if (s->master) {
        /* DMA requests: TIM1-TIM8 only */
        mask |= R_DIER_UDE_MASK;
        if (s->channels) {
            mask |= tim_ch_bits(s, 9) | R_DIER_TDE_MASK;
        }
    }
    return mask;
}

static uint32_t tim_ccer_mask(Stm32f4xxTimerState *s)
{
    uint32_t mask = 0;

    for (unsigned x = 0; x < s->channels; x++) {
        mask |= CCER_E(x) | CCER_P(x) | CCER_NP(x);
        if (s->advanced && x < 3) {
            mask |= CCER_NE(x);
        }
    }
    return mask;
}

/*
 * Channel configuration
 */

static uint32_t tim_ccmr(Stm32f4xxTimerState *s, unsigned x)
{
    return extract32(s->ccmr[x / 2], 8 * (x % 2), 8);
}

static bool tim_ch_is_output(Stm32f4xxTimerState *s, unsigned x)
{
    return x < s->channels && CCMR_CCS(tim_ccmr(s, x)) == 0;
}

static unsigned tim_ocm(Stm32f4xxTimerState *s, unsigned x)
{
    return CCMR_OCM(tim_ccmr(s, x));
}

static bool tim_ocm_is_pwm(unsigned ocm)
{
    return ocm == OCM_PWM1 || ocm == OCM_PWM2;
}

static unsigned tim_mms(Stm32f4xxTimerState *s)
{
    return s->master ? FIELD_EX32(s->cr2, CR2, MMS) : MMS_RESET;
}

static unsigned tim_sms(Stm32f4xxTimerState *s)
{
    return s->slave ? FIELD_EX32(s->smcr, SMCR, SMS) : SMS_DISABLED;
}

/* OCxREF of channel @x reaches TRGO */
static bool tim_ref_on_trgo(Stm32f4xxTimerState *s, unsigned x)
{
    if (!s->master) {
        return s->channels == 1 && x == 0;
    }
    return tim_mms(s) == MMS_OC1REF + x;
}

/*
 * Counter geometry. While the counter is within 0..ARR its state maps to
 * a position p in a cycle of L steps, in which the update events are at
 * fixed positions:
 *   up:     p = CNT,                 L = ARR + 1, update at p = 0
 *   down:   p = ARR - CNT,           L = ARR + 1, update at p = 0
 *   center: p = CNT counting up,     L = 2 * ARR, underflow at p = 0,
 *           p = 2 * ARR - CNT down,                overflow at p = ARR
 */

static unsigned tim_count_mode(Stm32f4xxTimerState *s)
{
    if (FIELD_EX32(s->cr1, CR1, CMS)) {
        return COUNT_CENTER;
    }
    return (s->cr1 & R_CR1_DIR_MASK) ? COUNT_DOWN : COUNT_UP;
}

static uint64_t tim_cycle_len(Stm32f4xxTimerState *s)
{
    uint64_t arr = s->arr_active;

    return tim_count_mode(s) == COUNT_CENTER ? 2 * arr : arr + 1;
}

/* Steps between two update events (overflow or underflow) */
static uint64_t tim_event_len(Stm32f4xxTimerState *s)
{
    return tim_count_mode(s) == COUNT_CENTER ? s->arr_active : tim_cycle_len(s);
}

static uint64_t tim_pos(Stm32f4xxTimerState *s)
{
    uint64_t arr = s->arr_active, cnt = s->cnt;

    switch (tim_count_mode(s)) {
    case COUNT_UP:
        return cnt;
    case COUNT_DOWN:
        return arr - cnt;
    default:
        if (cnt >= arr) {
            return arr;
        }
        return (s->cr1 & R_CR1_DIR_MASK) && cnt ? 2 * arr - cnt : cnt;
    }
}

static void tim_set_pos(Stm32f4xxTimerState *s, uint64_t p)
{
    uint64_t arr = s->arr_active;

    switch (tim_count_mode(s)) {
    case COUNT_UP:
        s->cnt = p;
        break;
    case COUNT_DOWN:
        s->cnt = arr - p;
        break;
    default:
        s->cnt = p < arr ? p : 2 * arr - p;
        s->cr1 = FIELD_DP32(s->cr1, CR1, DIR, p >= arr);
        break;
    }
}

/* Steps from position @p until position @q is reached next (1..L) */
static uint64_t tim_dist(uint64_t p, uint64_t q, uint64_t len)
{
    uint64_t d = (q + len - p) % len;

    return d ? d : len;
}

/* How many times position @q is reached in the @n steps after @p */
static uint64_t tim_hits(uint64_t p, uint64_t n, uint64_t q, uint64_t len)
{
    uint64_t d = tim_dist(p, q, len);

    return d > n ? 0 : 1 + (n - d) / len;
}

/*
 * Positions at which CNT == CCRx (at most 2). @flag[i] is false where the
 * center-aligned mode selection (CMS) does not set CCxIF.
 */
static unsigned tim_match_points(Stm32f4xxTimerState *s, unsigned x,
                                 uint64_t *q, bool *flag)
{
    uint64_t arr = s->arr_active, c = s->ccr_active[x];
    unsigned cms = FIELD_EX32(s->cr1, CR1, CMS), n = 0;

    switch (tim_count_mode(s)) {
    case COUNT_UP:
        if (c <= arr) {
            q[n] = c;
            flag[n++] = true;
        }
        break;
    case COUNT_DOWN:
        if (c <= arr) {
            q[n] = arr - c;
            flag[n++] = true;
        }
        break;
    default:
        /* CMS 1: flags set counting down only, 2: up only, 3: both */
        if (c == 0) {
            q[n] = 0;
            flag[n++] = cms & 1;
        } else if (c == arr) {
            q[n] = arr;
            flag[n++] = cms & 2;
        } else if (c < arr) {
            q[n] = c;
            flag[n++] = cms & 2;
            q[n] = 2 * arr - c;
            flag[n++] = cms & 1;
        }
        break;
    }
    return n;
}

/* OCxREF of a PWM channel at the current counter state */
static bool tim_pwm_ref(Stm32f4xxTimerState *s, unsigned x)
{
    uint64_t c = s->ccr_active[x], cnt = s->cnt;
    bool active;

    switch (tim_count_mode(s)) {
    case COUNT_UP:
        active = cnt < c;
        break;
    case COUNT_DOWN:
        active = cnt <= c;
        break;
    default:
        active = cnt < c || c >= s->arr_active;
        break;
    }
    return active ^ (tim_ocm(s, x) == OCM_PWM2);
}

/* Recompute OCxREF of the PWM and forced channels */
static void tim_refresh_refs(Stm32f4xxTimerState *s)
{
    for (unsigned x = 0; x < s->channels; x++) {
        unsigned ocm = tim_ocm(s, x);
        bool ref;

        if (!tim_ch_is_output(s, x)) {
            continue;
        }
        if (tim_ocm_is_pwm(ocm)) {
            ref = tim_pwm_ref(s, x);
        } else if (ocm == OCM_FORCE_ACTIVE || ocm == OCM_FORCE_INACTIVE) {
            ref = ocm == OCM_FORCE_ACTIVE;
        } else {
            continue;
        }
        s->ocref = deposit32(s->ocref, x, 1, ref);
    }
}

/*
 * Set status flags. UIF, CCxIF, COMIF and TIF (SR bits 0-6) also make a
 * DMA request when their xxDE bit (DIER bits 8-14) is set.
 */
static void tim_set_flags(Stm32f4xxTimerState *s, uint32_t flags)
{
    s->sr |= flags;
    s->dma_pending |= flags & (s->dier >> R_DIER_UDE_SHIFT) & 0x7F;
}

/* Counter value reached CCRx @hits times: flags and OCxREF */
static void tim_compare_match(Stm32f4xxTimerState *s, unsigned x,
                              uint64_t hits, bool flag)
{
    if (!hits) {
        return;
    }
    if (flag) {
        tim_set_flags(s, SR_CCIF(x));
        if (x == 0 && tim_mms(s) == MMS_COMPARE_PULSE) {
            s->pulse_pending = true;
        }
    }
    switch (tim_ocm(s, x)) {
    case OCM_ACTIVE:
        s->ocref |= BIT(x);
        break;
    case OCM_INACTIVE:
        s->ocref &= ~BIT(x);
        break;
    case OCM_TOGGLE:
        s->ocref ^= (hits & 1) << x;
        break;
    default:
        break;
    }
}

/* Update event: preload transfer, repetition counter reload */
static void tim_load_shadows(Stm32f4xxTimerState *s)
{
    s->psc_active = s->psc;
    s->arr_active = s->arr;
    for (unsigned x = 0; x < s->channels; x++) {
        s->ccr_active[x] = s->ccr[x];
    }
    s->rep_cnt = s->rcr;
}

/* Does an update event change more than UIF? */
static bool tim_update_changes_state(Stm32f4xxTimerState *s)
{
    if ((s->cr1 & R_CR1_OPM_MASK) || s->psc != s->psc_active ||
        s->arr != s->arr_active) {
        return true;
    }
    for (unsigned x = 0; x < s->channels; x++) {
        if (s->ccr[x] != s->ccr_active[x]) {
            return true;
        }
    }
    return false;
}

/* Update event from an overflow or underflow of the counter */
static void tim_counter_update(Stm32f4xxTimerState *s)
{
    trace_stm32f4xx_timer_update(s->id, s->cnt);
    tim_set_flags(s, R_SR_UIF_MASK);
    if (tim_mms(s) == MMS_UPDATE) {
        s->pulse_pending = true;
    }
    if (!tim_update_changes_state(s)) {
        return;
    }
    tim_load_shadows(s);
    if (tim_count_mode(s) == COUNT_DOWN) {
        s->cnt = s->arr_active;
    }
    if (s->cr1 & R_CR1_OPM_MASK) {
        s->cr1 &= ~R_CR1_CEN_MASK;
    }
}

/* Channels whose CCR is in [lo, hi] match once while CNT moves through it */
static void tim_match_range(Stm32f4xxTimerState *s, uint64_t lo, uint64_t hi)
{
    for (unsigned x = 0; x < s->channels; x++) {
        if (tim_ch_is_output(s, x) && s->ccr_active[x] >= lo &&
            s->ccr_active[x] <= hi) {
            tim_compare_match(s, x, 1, true);
        }
    }
}

/*
 * Counter above ARR: it counts to its maximum and rolls over (up), or
 * down to ARR (down, center counting down). Returns the steps used.
 */
static uint64_t tim_advance_outside(Stm32f4xxTimerState *s, uint64_t n)
{
    uint64_t cnt = s->cnt, arr = s->arr_active, seg;
    unsigned mode = tim_count_mode(s);

    if (mode == COUNT_UP ||
        (mode == COUNT_CENTER && !(s->cr1 & R_CR1_DIR_MASK))) {
        seg = tim_max(s) - cnt;
        if (n <= seg) {
            tim_match_range(s, cnt + 1, cnt + n);
            s->cnt = cnt + n;
            return n;
        }
        tim_match_range(s, cnt + 1, cnt + seg);
        /* The next step is the roll over to 0: one step before p = 0 */
        tim_set_pos(s, tim_cycle_len(s) - 1);
        return seg;
    }
    seg = cnt - arr;
    if (n < seg) {
        tim_match_range(s, cnt - n, cnt - 1);
        s->cnt = cnt - n;
        return n;
    }
    tim_match_range(s, arr, cnt - 1);
    s->cnt = arr;       /* down: p = 0, center: p = ARR, no event */
    return seg;
}

/*
 * Move the counter @n steps (n >= 1). Stops after an update event that
 * changes the time base or the shadow registers. Returns the steps used.
 */
static uint64_t tim_advance(Stm32f4xxTimerState *s, uint64_t n)
{
    uint64_t p, len, ev_len, to_ev, to_update, m, events;

    if (s->cnt > s->arr_active) {
        return tim_advance_outside(s, n);
    }
    p = tim_pos(s);
    len = tim_cycle_len(s);
    ev_len = tim_event_len(s);
    to_ev = ev_len - p % ev_len;
    to_update = (s->cr1 & R_CR1_UDIS_MASK) ? NEVER :
                to_ev + (uint64_t)s->rep_cnt * ev_len;
    m = n;
    if (to_update <= n && tim_update_changes_state(s)) {
        m = to_update;
    }

    for (unsigned x = 0; x < s->channels; x++) {
        uint64_t q[2];
        bool flag[2];
        unsigned nq;

        if (!tim_ch_is_output(s, x)) {
            continue;
        }
        nq = tim_match_points(s, x, q, flag);
        for (unsigned i = 0; i < nq; i++) {
            tim_compare_match(s, x, tim_hits(p, m, q[i], len), flag[i]);
        }
    }

    tim_set_pos(s, (p + m) % len);
    events = to_ev > m ? 0 : 1 + (m - to_ev) / ev_len;
    if (events && !(s->cr1 & R_CR1_UDIS_MASK)) {
        if (events > s->rep_cnt) {
            s->rep_cnt = s->rcr - (events - s->rep_cnt - 1) % (s->rcr + 1);
            tim_counter_update(s);
        } else {
            s->rep_cnt -= events;
        }
    }
    return m;
}

/*
 * Time base
 */

static uint64_t tim_period(Stm32f4xxTimerState *s)
{
    return clock_get(s->clk);
}

/* Input clock ticks in @ns nanoseconds (rounded down) */
static uint64_t tim_ns_to_ticks(Stm32f4xxTimerState *s, uint64_t ns)
{
    uint64_t lo = ns << 32, hi = ns >> 32;

    divu128(&lo, &hi, tim_period(s));
    return hi ? NEVER : lo;
}

/* Time of @ticks input clock ticks in ns (rounded up), saturated */
static int64_t tim_ticks_to_ns(Stm32f4xxTimerState *s, uint64_t ticks)
{
    uint64_t lo, hi, ns;

    mulu64(&lo, &hi, ticks, tim_period(s));
    if (hi >> 31) {
        return INT64_MAX;
    }
    ns = (hi << 32) | (lo >> 32);
    ns += (lo & 0xFFFFFFFF) != 0;
    return MIN(ns, INT64_MAX);
}

/* Virtual time at which the counter has made @steps steps since base_ns */
static int64_t tim_step_time(Stm32f4xxTimerState *s, uint64_t steps,
                             uint32_t psc)
{
    uint64_t lo, hi;
    int64_t ns;

    mulu64(&lo, &hi, steps, (uint64_t)psc + 1);
    if (hi) {
        return INT64_MAX;
    }
    ns = tim_ticks_to_ns(s, lo);
    /* base_ns < 0 after restoring on a clock that restarted at 0 */
    return ns > INT64_MAX - MAX(s->base_ns, 0) ? INT64_MAX : s->base_ns + ns;
}

static bool tim_trgi_level(Stm32f4xxTimerState *s)
{
    unsigned ts = FIELD_EX32(s->smcr, SMCR, TS);

    switch (ts) {
    case TS_TI1F_ED:
        return s->ti_level & 1;
    case TS_TI1FP1:
        return !!(s->ti_level & BIT(0)) ^ !!(s->ccer & CCER_P(0));
    case TS_TI2FP2:
        return !!(s->ti_level & BIT(1)) ^ !!(s->ccer & CCER_P(1));
    case TS_ETRF:
        return false;
    default:
        return s->itr_level & BIT(ts);
    }
}

/* The counter counts its internal clock now */
static bool tim_should_run(Stm32f4xxTimerState *s)
{
    unsigned sms = tim_sms(s);

    if (!(s->cr1 & R_CR1_CEN_MASK) || !tim_clock_enabled(s) ||
        !s->arr_active) {
        return false;
    }
    if (sms == SMS_GATED) {
        return tim_trgi_level(s);
    }
    return sms != SMS_EXT_CLOCK &&
           !(sms >= SMS_ENCODER1 && sms <= SMS_ENCODER3);
}

/* Bring the counter up to date with the virtual time */
static void tim_sync(Stm32f4xxTimerState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    while (s->running) {
        uint32_t psc = s->psc_active;
        uint64_t total, n, used;

        if (now <= s->base_ns) {
            break;
        }
        total = tim_ns_to_ticks(s, now - s->base_ns) / ((uint64_t)psc + 1);
        if (total <= s->steps_done) {
            break;
        }
        n = total - s->steps_done;
        used = tim_advance(s, n);
        s->steps_done += used;
        if (!tim_should_run(s)) {
            /* One-pulse mode cleared CEN */
            s->running = false;
            break;
        }
        if (s->psc_active != psc) {
            /* The prescaler restarts with its new value at the update */
            s->base_ns = tim_step_time(s, s->steps_done, psc);
            s->steps_done = 0;
        }
        if (used == n) {
            break;
        }
    }
}

/* Start or stop counting the internal clock as the configuration says */
static void tim_refresh_running(Stm32f4xxTimerState *s)
{
    bool run = tim_should_run(s);

    if (run && !s->running) {
        s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        s->steps_done = 0;
    }
    s->running = run;
}

/* Restart the prescaler now (UG, slave reset, clock change) */
static void tim_restart_prescaler(Stm32f4xxTimerState *s)
{
    s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    s->steps_done = 0;
    s->ext_count = 0;
}

/*
 * Outputs
 */

static void tim_update_irq(Stm32f4xxTimerState *s)
{
    uint32_t act = s->sr & s->dier;
    bool brk = act & R_SR_BIF_MASK;
    bool up = act & R_SR_UIF_MASK;
    bool trg_com = act & (R_SR_TIF_MASK | R_SR_COMIF_MASK);
    bool cc = act & R_SR_CCIF_MASK;

    trace_stm32f4xx_timer_irq(s->id, s->sr, s->dier);
    if (s->advanced) {
        qemu_set_irq(s->irq[STM32F4XX_TIMER_IRQ_BRK], brk);
        qemu_set_irq(s->irq[STM32F4XX_TIMER_IRQ_UP], up);
        qemu_set_irq(s->irq[STM32F4XX_TIMER_IRQ_TRG_COM], trg_com);
        qemu_set_irq(s->irq[STM32F4XX_TIMER_IRQ_CC], cc);
    } else {
        qemu_set_irq(s->irq[0], brk || up || trg_com || cc);
    }

    /* DMA requests: one pulse per request (merged within one sync) */
    for (unsigned i = 0; i < STM32F4XX_TIMER_NUM_DMA; i++) {
        if (s->dma_pending & BIT(i)) {
            qemu_irq_pulse(s->dma[i]);
        }
    }
    s->dma_pending = 0;
}

/* Level of output OCx, or STM32F4XX_TIMER_OUT_RELEASED */
static int tim_out_level(Stm32f4xxTimerState *s, unsigned x)
{
    bool level = !!(s->ocref & BIT(x)) ^ !!(s->ccer & CCER_P(x));

    if (!tim_ch_is_output(s, x) || !(s->ccer & CCER_E(x))) {
        return STM32F4XX_TIMER_OUT_RELEASED;
    }
    if (s->advanced && !(s->bdtr & R_BDTR_MOE_MASK)) {
        /* Off-state: idle level OISx if OSSI is set, else disabled */
        if (!(s->bdtr & R_BDTR_OSSI_MASK)) {
            return STM32F4XX_TIMER_OUT_RELEASED;
        }
        return extract32(s->cr2, R_CR2_OIS_SHIFT + 2 * x, 1);
    }
    return level;
}

static int tim_trgo_level(Stm32f4xxTimerState *s)
{
    unsigned mms = tim_mms(s);

    if (!s->master) {
        return s->channels == 1 ? s->ocref & 1 : 0;
    }
    if (mms == MMS_ENABLE) {
        return !!(s->cr1 & R_CR1_CEN_MASK);
    }
    if (mms >= MMS_OC1REF) {
        return !!(s->ocref & BIT(mms - MMS_OC1REF));
    }
    return 0;
}

static void tim_update_outputs(Stm32f4xxTimerState *s)
{
    int trgo = tim_trgo_level(s);

    for (unsigned x = 0; x < s->channels; x++) {
        int level = tim_out_level(s, x);

        if (level != s->out_level[x]) {
            trace_stm32f4xx_timer_output(s->id, x + 1, level);
            s->out_level[x] = level;
            qemu_set_irq(s->ch_out[x], level);
        }
    }
    if (s->in_trgo) {
        return;     /* a trigger loop through other timers: cut it */
    }
    s->in_trgo = true;
    if (trgo != s->trgo_level) {
        s->trgo_level = trgo;
        qemu_set_irq(s->trgo, trgo);
    }
    if (s->pulse_pending) {
        s->pulse_pending = false;
        if (!s->trgo_level) {
            trace_stm32f4xx_timer_trgo_pulse(s->id);
            qemu_irq_pulse(s->trgo);
        }
    }
    s->in_trgo = false;
}

/*
 * Scheduling
 */

/* Steps to the next update event, NEVER if none; counter within 0..ARR */
static uint64_t tim_steps_to_update(Stm32f4xxTimerState *s, uint64_t p)
{
    uint64_t ev_len = tim_event_len(s);

    if (s->cr1 & R_CR1_UDIS_MASK) {
        return NEVER;
    }
    return ev_len - p % ev_len + (uint64_t)s->rep_cnt * ev_len;
}

/*
 * Steps to the next edge of a channel output (@trgo false) or of TRGO
 * (@trgo true), NEVER if none
 */
static uint64_t tim_steps_to_edge(Stm32f4xxTimerState *s, uint64_t p,
                                  uint64_t len, bool trgo)
{
    uint64_t k = NEVER;

    if (trgo && (tim_mms(s) == MMS_UPDATE || (s->dier & R_DIER_UDE_MASK))) {
        /* TRGO pulse or DMA request at each update event */
        k = tim_steps_to_update(s, p);
    }
    for (unsigned x = 0; x < s->channels; x++) {
        /*
         * OC1REF of TIM10/11/13/14 (their "trgo") counts as an output:
         * throttled like one, as it usually drives nothing
         */
        bool visible = trgo ? s->master && tim_ref_on_trgo(s, x) :
                       (s->ccer & CCER_E(x)) || tim_ref_on_trgo(s, x);
        bool pulse = trgo && ((x == 0 && tim_mms(s) == MMS_COMPARE_PULSE) ||
                              (s->dier & BIT(R_DIER_CCDE_SHIFT + x)));
        unsigned ocm = tim_ocm(s, x);
        uint64_t q[2];
        bool flag[2];
        unsigned nq;

        if (!tim_ch_is_output(s, x) || (!visible && !pulse)) {
            continue;
        }
        if (visible && (ocm == OCM_FROZEN || ocm == OCM_FORCE_ACTIVE ||
                        ocm == OCM_FORCE_INACTIVE)) {
            visible = false;
        }
        nq = tim_match_points(s, x, q, flag);
        for (unsigned i = 0; i < nq; i++) {
            if (visible || (pulse && flag[i])) {
                k = MIN(k, tim_dist(p, q[i], len));
            }
        }
        if (visible && tim_ocm_is_pwm(ocm)) {
            uint64_t c = s->ccr_active[x];

            k = MIN(k, tim_dist(p, 0, len));
            if (tim_count_mode(s) == COUNT_CENTER && c && c < s->arr_active) {
                k = MIN(k, tim_dist(p, (2 * s->arr_active - c + 1) % len, len));
            }
        }
    }
    return k;
}

/* Steps to the next event that sets a flag somebody waits for */
static uint64_t tim_steps_to_irq(Stm32f4xxTimerState *s, uint64_t p,
                                 uint64_t len)
{
    uint64_t k = NEVER;

    if (((s->dier & R_DIER_UIE_MASK) && !(s->sr & R_SR_UIF_MASK)) ||
        tim_update_changes_state(s)) {
        k = tim_steps_to_update(s, p);
    }
    for (unsigned x = 0; x < s->channels; x++) {
        uint64_t q[2];
        bool flag[2];
        unsigned nq;

        if (!tim_ch_is_output(s, x) || (s->sr & SR_CCIF(x)) ||
            !(s->dier & BIT(R_DIER_CCIE_SHIFT + x))) {
            continue;
        }
        nq = tim_match_points(s, x, q, flag);
        for (unsigned i = 0; i < nq; i++) {
            if (flag[i]) {
                k = MIN(k, tim_dist(p, q[i], len));
            }
        }
    }
    return k;
}

/* Arm the QEMUTimer for the next event that matters, if any */
static void tim_schedule(Stm32f4xxTimerState *s)
{
    uint64_t k, k_edge, k_trgo, p, len, psc1;
    int64_t t, now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (!s->running) {
        timer_del(s->timer);
        return;
    }
    psc1 = (uint64_t)s->psc_active + 1;
    if (s->cnt > s->arr_active) {
        /* Outside the cycle: wake up where it comes back into it */
        if (tim_count_mode(s) == COUNT_DOWN || (s->cr1 & R_CR1_DIR_MASK)) {
            k = s->cnt - s->arr_active;
        } else {
            k = (uint64_t)tim_max(s) - s->cnt + 1;
        }
        timer_mod(s->timer, tim_step_time(s, s->steps_done + k, s->psc_active));
        return;
    }

    p = tim_pos(s);
    len = tim_cycle_len(s);
    k = tim_steps_to_irq(s, p, len);
    k_edge = tim_steps_to_edge(s, p, len, false);
    k_trgo = tim_steps_to_edge(s, p, len, true);

    /* Throttle: no new period shown before holdoff_ns (see the top) */
    if (k_edge != NEVER && s->min_period_ns) {
        uint64_t c0 = tim_dist(p, 0, len);
        int64_t t0 = tim_step_time(s, s->steps_done + c0, s->psc_active);

        if (k_edge >= c0 && t0 < s->holdoff_ns) {
            /* First step at or after holdoff_ns, then the next cycle start */
            uint64_t kh = tim_ns_to_ticks(s, s->holdoff_ns - s->base_ns) / psc1;

            if (tim_step_time(s, kh, s->psc_active) < s->holdoff_ns) {
                kh++;
            }
            kh = kh > s->steps_done + c0 ? kh - s->steps_done : c0;
            k_edge = c0 + QEMU_ALIGN_UP(kh - c0, len);
        }
    }
    k = MIN(k, k_edge);
    t = k == NEVER ? INT64_MAX :
        tim_step_time(s, s->steps_done + k, s->psc_active);
    if (k_trgo != NEVER) {
        /* TRGO edges: at most one per TRGO_MIN_NS (see the top) */
        int64_t t_trgo = tim_step_time(s, s->steps_done + k_trgo,
                                       s->psc_active);

        t = MIN(t, MAX(t_trgo, now + TRGO_MIN_NS));
    }
    if (t == INT64_MAX) {
        timer_del(s->timer);
        return;
    }
    timer_mod(s->timer, t);
}

/* After a change: interrupts, outputs, time base and timer */
static void tim_update(Stm32f4xxTimerState *s)
{
    tim_refresh_running(s);
    tim_refresh_refs(s);
    tim_update_irq(s);
    tim_update_outputs(s);
    tim_schedule(s);
}

static void tim_timer_cb(void *opaque)
{
    Stm32f4xxTimerState *s = opaque;

    tim_sync(s);
    if (s->running && s->cnt <= s->arr_active && tim_pos(s) == 0) {
        /* Start of a counter cycle: the period shown on the outputs */
        s->holdoff_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                        s->min_period_ns;
    }
    tim_update(s);
}

/*
 * Events
 */

/* Re-initialize the counter (UG, slave mode reset) */
static void tim_reinit(Stm32f4xxTimerState *s)
{
    bool udis = s->cr1 & R_CR1_UDIS_MASK;

    if (!udis) {
        tim_load_shadows(s);
        /* URS: only overflow and underflow set UIF */
        if (!(s->cr1 & R_CR1_URS_MASK)) {
            tim_set_flags(s, R_SR_UIF_MASK);
        }
        if (tim_mms(s) == MMS_UPDATE) {
            s->pulse_pending = true;
        }
    }
    if (tim_mms(s) == MMS_RESET) {
        s->pulse_pending = true;
    }
    if (tim_count_mode(s) == COUNT_DOWN) {
        s->cnt = s->arr_active;
    } else {
        s->cnt = 0;
        if (tim_count_mode(s) == COUNT_CENTER) {
            s->cr1 &= ~R_CR1_DIR_MASK;
        }
    }
    tim_restart_prescaler(s);
    trace_stm32f4xx_timer_reinit(s->id, s->cnt);
}

/* Latch CNT into CCRx (input capture or CCxG on an input channel) */
static void tim_capture(Stm32f4xxTimerState *s, unsigned x)
{
    s->ccr[x] = s->cnt;
    s->ccr_active[x] = s->cnt;
    if (s->sr & SR_CCIF(x)) {
        s->sr |= SR_CCOF(x);
    }
    tim_set_flags(s, SR_CCIF(x));
    if (x == 0 && tim_mms(s) == MMS_COMPARE_PULSE) {
        s->pulse_pending = true;
    }
    trace_stm32f4xx_timer_capture(s->id, x + 1, s->cnt);
}

/* One step of external clock mode 1 */
static void tim_ext_clock_edge(Stm32f4xxTimerState *s)
{
    if (!(s->cr1 & R_CR1_CEN_MASK) || !s->arr_active) {
        return;
    }
    if (++s->ext_count <= s->psc_active) {
        return;
    }
    s->ext_count = 0;
    while (!tim_advance(s, 1)) {
        /* left the range above ARR without moving: step again */
    }
}

/* Trigger input TRGI: rising edge (@rising) or falling edge */
static void tim_trigger_edge(Stm32f4xxTimerState *s, bool rising)
{
    unsigned sms = tim_sms(s);
    bool any_edge = FIELD_EX32(s->smcr, SMCR, TS) == TS_TI1F_ED;

    if (!rising && !any_edge && sms != SMS_GATED) {
        return;
    }
    tim_sync(s);
    switch (sms) {
    case SMS_RESET:
        tim_reinit(s);
        tim_set_flags(s, R_SR_TIF_MASK);
        break;
    case SMS_GATED:
        tim_set_flags(s, R_SR_TIF_MASK);   /* counter starts or stops */
        break;
    case SMS_TRIGGER:
        s->cr1 |= R_CR1_CEN_MASK;
        tim_set_flags(s, R_SR_TIF_MASK);
        break;
    case SMS_EXT_CLOCK:
        tim_ext_clock_edge(s);
        break;
    default:
        return;
    }
    tim_update(s);
}

/* Internal trigger input ITRn */
static void tim_itr_in(void *opaque, int n, int level)
{
    Stm32f4xxTimerState *s = opaque;
    bool old = s->itr_level & BIT(n);

    s->itr_level = deposit32(s->itr_level, n, 1, !!level);
    if (old != !!level && tim_sms(s) != SMS_DISABLED &&
        FIELD_EX32(s->smcr, SMCR, TS) == n && tim_clock_enabled(s)) {
        tim_trigger_edge(s, level);
    }
}

/* Input TIx of channel @x changed to @level: captures and triggers */
static void tim_ch_in(void *opaque, int x, int level)
{
    Stm32f4xxTimerState *s = opaque;
    bool old = s->ti_level & BIT(x);
    bool changed = false, trig_old, trig_new;
    unsigned ts = FIELD_EX32(s->smcr, SMCR, TS);

    level = !!level;
    if (old == level) {
        return;
    }
    trig_old = tim_trgi_level(s);
    s->ti_level = deposit32(s->ti_level, x, 1, level);
    if (!tim_clock_enabled(s) || x >= s->channels) {
        return;
    }
    trig_new = tim_trgi_level(s);

    for (unsigned y = 0; y < s->channels; y++) {
        uint32_t ccmr = tim_ccmr(s, y);
        unsigned ccs = CCMR_CCS(ccmr), src;
        bool p = s->ccer & CCER_P(y), np = s->ccer & CCER_NP(y);
        bool edge;

        if (ccs == 0 || !(s->ccer & CCER_E(y))) {
            continue;
        }
        if (ccs == 3) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: capture from TRC (CC%uS=3) "
                          "not modelled\n", __func__, s->id, y + 1);
            continue;
        }
        src = ccs == 1 ? y : y ^ 1;       /* CCxS=2: the other of the pair */
        if (src != x) {
            continue;
        }
        /* CCxNP:CCxP 00 rising, 01 falling, 11 both, 10 reserved */
        edge = (p && np) || (level ? !p : p);
        if (!edge) {
            continue;
        }
        if (CCMR_ICF(ccmr) && !s->filter_logged) {
            s->filter_logged = true;
            qemu_log_mask(LOG_UNIMP, "%s: %s: input filter IC%uF not "
                          "modelled: every edge counts\n", __func__, s->id,
                          y + 1);
        }
        if (++s->ic_count[y] < (1u << CCMR_ICPSC(ccmr))) {
            continue;
        }
        s->ic_count[y] = 0;
        if (!changed) {
            tim_sync(s);
            changed = true;
        }
        tim_capture(s, y);
    }
    if (changed) {
        tim_update(s);
    }
    if (tim_sms(s) != SMS_DISABLED && (ts == TS_TI1FP1 || ts == TS_TI2FP2 ||
                                       (ts == TS_TI1F_ED && x == 0))) {
        if (ts == TS_TI1F_ED) {
            tim_trigger_edge(s, true);
        } else if (trig_old != trig_new) {
            tim_trigger_edge(s, trig_new);
        }
    }
}

/* "sync" input: bring the outputs up to date (before a pin is read) */
static void tim_sync_in(void *opaque, int n, int level)
{
    Stm32f4xxTimerState *s = opaque;

    if (level && s->running) {
        tim_sync(s);
        tim_update(s);
    }
}

/*
 * Registers
 */

/* Register contents, without side effects */
static uint32_t tim_peek(Stm32f4xxTimerState *s, hwaddr reg)
{
    switch (reg) {
    case A_CR1:
        return s->cr1;
    case A_CR2:
        return s->cr2;
    case A_SMCR:
        return s->smcr;
    case A_DIER:
        return s->dier;
    case A_SR:
        return s->sr;
    case A_EGR:
        return 0;
    case A_CCMR1:
    case A_CCMR2:
        return s->ccmr[(reg - A_CCMR1) / 4];
    case A_CCER:
        return s->ccer;
    case A_CNT:
        return s->cnt;
    case A_PSC:
        return s->psc;
    case A_ARR:
        return s->arr;
    case A_RCR:
        return s->rcr;
    case A_CCR1 ... A_CCR4:
        return s->ccr[(reg - A_CCR1) / 4];
    case A_BDTR:
        return s->bdtr;
    case A_DCR:
        return s->dcr;
    case A_OR:
        return s->or_reg;
    default:
        return 0;
    }
}

static uint32_t tim_read_reg(Stm32f4xxTimerState *s, hwaddr reg)
{
    if (reg >= A_CCR1 && reg <= A_CCR4 &&
        !tim_ch_is_output(s, (reg - A_CCR1) / 4)) {
        /* Reading a captured value clears CCxIF */
        s->sr &= ~SR_CCIF((reg - A_CCR1) / 4);
    }
    return tim_peek(s, reg);
}

static bool tim_reg_exists(Stm32f4xxTimerState *s, hwaddr reg)
{
    switch (reg) {
    case A_CR1:
    case A_DIER:
    case A_SR:
    case A_EGR:
    case A_CNT:
    case A_PSC:
    case A_ARR:
        return true;
    case A_CR2:
        return s->master;
    case A_SMCR:
        return s->slave;
    case A_CCMR1:
    case A_CCER:
        return s->channels > 0;
    case A_CCMR2:
        return s->channels > 2;
    case A_CCR1 ... A_CCR4:
        return (reg - A_CCR1) / 4 < s->channels;
    case A_RCR:
    case A_BDTR:
        return s->advanced;
    case A_DCR:
    case A_DMAR:
        return s->master && s->channels;
    case A_OR:
        return s->or_mask != 0;
    default:
        return false;
    }
}

static void tim_write_ccmr(Stm32f4xxTimerState *s, unsigned i, uint32_t value)
{
    uint32_t old = s->ccmr[i];

    for (unsigned j = 0; j < 2; j++) {
        unsigned x = 2 * i + j;
        uint32_t o = extract32(old, 8 * j, 8), n = extract32(value, 8 * j, 8);

        if (x >= s->channels) {
            value = deposit32(value, 8 * j, 8, 0);
            continue;
        }
        if (CCMR_CCS(o) != CCMR_CCS(n) && (s->ccer & CCER_E(x))) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: CC%uS is read-only while "
                          "CC%uE is set\n", __func__, s->id, x + 1, x + 1);
            n = deposit32(n, 0, 2, CCMR_CCS(o));
            value = deposit32(value, 8 * j, 8, n);
        }
        if (CCMR_CCS(n) == 0 && (n & BIT(7))) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: OC%uCE (clear on ETRF) not "
                          "modelled\n", __func__, s->id, x + 1);
        }
        if (CCMR_CCS(n) != 0 && CCMR_CCS(o) == 0) {
            s->ic_count[x] = 0;
        }
    }
    s->ccmr[i] = value;
}

static void tim_write_reg(Stm32f4xxTimerState *s, hwaddr reg, uint32_t value)
{
    unsigned x;

    switch (reg) {
    case A_CR1:
        value &= tim_cr1_mask(s);
        if (FIELD_EX32(s->cr1, CR1, CMS)) {
            /* DIR is read-only in center-aligned mode */
            value = FIELD_DP32(value, CR1, DIR, FIELD_EX32(s->cr1, CR1, DIR));
        }
        if (!FIELD_EX32(s->cr1, CR1, CMS) && FIELD_EX32(value, CR1, CMS) &&
            (s->cr1 & R_CR1_CEN_MASK)) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: switching to "
                          "center-aligned mode while the counter is enabled\n",
                          __func__, s->id);
        }
        if (FIELD_EX32(value, CR1, CKD) && !s->filter_logged) {
            s->filter_logged = true;
            qemu_log_mask(LOG_UNIMP, "%s: %s: CKD (filter clock) not "
                          "modelled\n", __func__, s->id);
        }
        s->cr1 = value;
        break;
    case A_CR2:
        s->cr2 = value & tim_cr2_mask(s);
        if (s->cr2 & (R_CR2_CCPC_MASK | R_CR2_CCDS_MASK | R_CR2_TI1S_MASK)) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: CR2 CCPC/CCDS/TI1S not "
                          "modelled\n", __func__, s->id);
        }
        break;
    case A_SMCR: {
        unsigned sms;

        s->smcr = value & tim_smcr_mask(s);
        sms = tim_sms(s);
        if (sms >= SMS_ENCODER1 && sms <= SMS_ENCODER3) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: encoder mode not modelled: "
                          "the counter stops\n", __func__, s->id);
        }
        if ((sms && FIELD_EX32(s->smcr, SMCR, TS) == TS_ETRF) ||
            (s->smcr & R_SMCR_ECE_MASK)) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: external trigger input ETR "
                          "not modelled\n", __func__, s->id);
        }
        break;
    }
    case A_DIER:
        s->dier = value & tim_dier_mask(s);
        break;
    case A_SR:
        /* rc_w0: writing 0 clears a flag, writing 1 leaves it */
        s->sr &= value | ~tim_sr_mask(s);
        break;
    case A_EGR:
        if (value & R_EGR_UG_MASK) {
            tim_reinit(s);
        }
        for (x = 0; x < s->channels; x++) {
            if (!(value & BIT(R_EGR_CCG_SHIFT + x))) {
                continue;
            }
            if (tim_ch_is_output(s, x)) {
                tim_set_flags(s, SR_CCIF(x));
                if (x == 0 && tim_mms(s) == MMS_COMPARE_PULSE) {
                    s->pulse_pending = true;
                }
            } else {
                tim_capture(s, x);
            }
        }
        if ((value & R_EGR_TG_MASK) && s->slave) {
            tim_set_flags(s, R_SR_TIF_MASK);
        }
        if (s->advanced && (value & R_EGR_COMG_MASK)) {
            tim_set_flags(s, R_SR_COMIF_MASK);
        }
        if (s->advanced && (value & R_EGR_BG_MASK)) {
            s->sr |= R_SR_BIF_MASK;
            s->bdtr &= ~R_BDTR_MOE_MASK;
        }
        break;
    case A_CCMR1:
    case A_CCMR2:
        tim_write_ccmr(s, (reg - A_CCMR1) / 4, value);
        break;
    case A_CCER:
        s->ccer = value & tim_ccer_mask(s);
        if (s->ccer & (CCER_NE(0) | CCER_NE(1) | CCER_NE(2))) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: complementary outputs not "
                          "modelled\n", __func__, s->id);
        }
        break;
    case A_CNT:
        s->cnt = value & tim_max(s);
        break;
    case A_PSC:
        s->psc = value & 0xFFFF;
        break;
    case A_ARR:
        s->arr = value & tim_max(s);
        if (!(s->cr1 & R_CR1_ARPE_MASK)) {
            s->arr_active = s->arr;
        }
        break;
    case A_RCR:
        s->rcr = value & 0xFF;
        break;
    case A_CCR1 ... A_CCR4:
        x = (reg - A_CCR1) / 4;
        if (!tim_ch_is_output(s, x)) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: CCR%u is read-only on an "
                          "input channel\n", __func__, s->id, x + 1);
            break;
        }
        s->ccr[x] = value & tim_max(s);
        if (!CCMR_OCPE(tim_ccmr(s, x))) {
            s->ccr_active[x] = s->ccr[x];
        }
        break;
    case A_BDTR:
        s->bdtr = value & 0xFFFF;
        if (s->bdtr & ~(R_BDTR_MOE_MASK | R_BDTR_OSSI_MASK)) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: BDTR dead time, lock, break "
                          "and automatic output enable not modelled\n",
                          __func__, s->id);
        }
        break;
    case A_DCR:
        s->dcr = value & 0x1F1F;
        break;
    case A_DMAR:
        qemu_log_mask(LOG_UNIMP, "%s: %s: DMA burst access (DMAR) not "
                      "modelled\n", __func__, s->id);
        break;
    case A_OR:
        s->or_reg = value & s->or_mask;
        if (s->or_reg) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: input remapping (OR) not "
                          "modelled\n", __func__, s->id);
        }
        break;
    default:
        break;
    }
}

static uint64_t stm32f4xx_timer_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxTimerState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value = 0;

    if (!tim_reg_exists(s, reg)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx
                      "\n", __func__, s->id, addr);
    } else if (tim_clock_enabled(s)) {
        tim_sync(s);
        value = tim_read_reg(s, reg) >> ((addr & 3) * 8);
        tim_update(s);
    }
    trace_stm32f4xx_timer_read(s->id, addr, size, value);
    return value;
}

static void stm32f4xx_timer_write(void *opaque, hwaddr addr, uint64_t val64,
                                  unsigned size)
{
    Stm32f4xxTimerState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value = val64;

    trace_stm32f4xx_timer_write(s->id, addr, size, val64);
    if (!tim_reg_exists(s, reg)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx
                      "\n", __func__, s->id, addr);
        return;
    }
    if (!tim_clock_enabled(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: write to offset 0x%"
                      HWADDR_PRIx " ignored: timer clock disabled in the "
                      "RCC\n", __func__, s->id, addr);
        return;
    }
    tim_sync(s);
    if (size < 4) {
        /* A narrow write leaves the other bits of the register as they are */
        unsigned shift = (addr & 3) * 8;
        uint32_t mask = MAKE_64BIT_MASK(shift, size * 8);
        /* SR: the other bytes write 1 (no effect), EGR: 0 (no event) */
        uint32_t cur = reg == A_SR ? ~0u : tim_peek(s, reg);

        value = (cur & ~mask) | ((value << shift) & mask);
    }
    tim_write_reg(s, reg, value);
    tim_update(s);
}

static const MemoryRegionOps stm32f4xx_timer_ops = {
    .read = stm32f4xx_timer_read,
    .write = stm32f4xx_timer_write,
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

/*
 * Device
 */

static void tim_clk_update(void *opaque, ClockEvent event)
{
    Stm32f4xxTimerState *s = opaque;

    if (!DEVICE(s)->realized) {
        return;
    }
    if (event == ClockPreUpdate) {
        /* Count the time spent at the old frequency */
        if (clock_is_enabled(s->clk)) {
            tim_sync(s);
        }
        return;
    }
    trace_stm32f4xx_timer_clock(s->id, clock_get_hz(s->clk));
    s->running = false;     /* restart the time base at the new period */
    tim_update(s);
}

static void stm32f4xx_timer_reset_enter(Object *obj, ResetType type)
{
    Stm32f4xxTimerState *s = STM32F4XX_TIMER(obj);

    s->cr1 = 0;
    s->cr2 = 0;
    s->smcr = 0;
    s->dier = 0;
    s->sr = 0;
    s->ccmr[0] = 0;
    s->ccmr[1] = 0;
    s->ccer = 0;
    s->cnt = 0;
    s->psc = 0;
    s->arr = tim_max(s);
    s->rcr = 0;
    s->bdtr = 0;
    s->dcr = 0;
    s->or_reg = 0;
    for (unsigned x = 0; x < STM32F4XX_TIMER_NUM_CH; x++) {
        s->ccr[x] = 0;
        s->ic_count[x] = 0;
    }
    tim_load_shadows(s);
    s->running = false;
    s->base_ns = 0;
    s->steps_done = 0;
    s->holdoff_ns = 0;
    s->ocref = 0;
    s->ext_count = 0;
    s->pulse_pending = false;
    s->dma_pending = 0;
    timer_del(s->timer);
}

static void stm32f4xx_timer_reset_hold(Object *obj, ResetType type)
{
    tim_update_irq(STM32F4XX_TIMER(obj));
}

static void stm32f4xx_timer_reset_exit(Object *obj, ResetType type)
{
    Stm32f4xxTimerState *s = STM32F4XX_TIMER(obj);

    /* Receivers may have reset their copy of the levels: send them all */
    for (unsigned x = 0; x < s->channels; x++) {
        s->out_level[x] = tim_out_level(s, x);
        qemu_set_irq(s->ch_out[x], s->out_level[x]);
    }
    s->trgo_level = tim_trgo_level(s);
    qemu_set_irq(s->trgo, s->trgo_level);
}

/*
 * The time base is saved relative to the virtual clock and the QEMUTimer
 * is re-armed from it, so CNT and the next event continue from where they
 * were even if the clock of the destination does not (qtest restarts it).
 */
static int stm32f4xx_timer_pre_save(void *opaque)
{
    Stm32f4xxTimerState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    s->base_age_ns = now - s->base_ns;
    s->holdoff_left_ns = s->holdoff_ns - now;
    return 0;
}

static int stm32f4xx_timer_post_load(void *opaque, int version_id)
{
    Stm32f4xxTimerState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    s->base_ns = now - s->base_age_ns;
    s->holdoff_ns = now + s->holdoff_left_ns;
    tim_schedule(s);
    return 0;
}

static const VMStateDescription vmstate_stm32f4xx_timer = {
    .name = TYPE_STM32F4XX_TIMER,
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = stm32f4xx_timer_pre_save,
    .post_load = stm32f4xx_timer_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr1, Stm32f4xxTimerState),
        VMSTATE_UINT32(cr2, Stm32f4xxTimerState),
        VMSTATE_UINT32(smcr, Stm32f4xxTimerState),
        VMSTATE_UINT32(dier, Stm32f4xxTimerState),
        VMSTATE_UINT32(sr, Stm32f4xxTimerState),
        VMSTATE_UINT32_ARRAY(ccmr, Stm32f4xxTimerState, 2),
        VMSTATE_UINT32(ccer, Stm32f4xxTimerState),
        VMSTATE_UINT32(cnt, Stm32f4xxTimerState),
        VMSTATE_UINT32(psc, Stm32f4xxTimerState),
        VMSTATE_UINT32(arr, Stm32f4xxTimerState),
        VMSTATE_UINT32(rcr, Stm32f4xxTimerState),
        VMSTATE_UINT32_ARRAY(ccr, Stm32f4xxTimerState, STM32F4XX_TIMER_NUM_CH),
        VMSTATE_UINT32(bdtr, Stm32f4xxTimerState),
        VMSTATE_UINT32(dcr, Stm32f4xxTimerState),
        VMSTATE_UINT32(or_reg, Stm32f4xxTimerState),
        VMSTATE_UINT32(psc_active, Stm32f4xxTimerState),
        VMSTATE_UINT32(arr_active, Stm32f4xxTimerState),
        VMSTATE_UINT32_ARRAY(ccr_active, Stm32f4xxTimerState,
                             STM32F4XX_TIMER_NUM_CH),
        VMSTATE_UINT32(rep_cnt, Stm32f4xxTimerState),
        VMSTATE_BOOL(running, Stm32f4xxTimerState),
        VMSTATE_INT64(base_age_ns, Stm32f4xxTimerState),
        VMSTATE_UINT64(steps_done, Stm32f4xxTimerState),
        VMSTATE_INT64(holdoff_left_ns, Stm32f4xxTimerState),
        VMSTATE_UINT8(ocref, Stm32f4xxTimerState),
        VMSTATE_INT32_ARRAY(out_level, Stm32f4xxTimerState,
                            STM32F4XX_TIMER_NUM_CH),
        VMSTATE_INT32(trgo_level, Stm32f4xxTimerState),
        VMSTATE_UINT8(ti_level, Stm32f4xxTimerState),
        VMSTATE_UINT8(itr_level, Stm32f4xxTimerState),
        VMSTATE_UINT8_ARRAY(ic_count, Stm32f4xxTimerState,
                            STM32F4XX_TIMER_NUM_CH),
        VMSTATE_UINT32(ext_count, Stm32f4xxTimerState),
        VMSTATE_CLOCK(clk, Stm32f4xxTimerState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property stm32f4xx_timer_properties[] = {
    DEFINE_PROP_UINT8("channels", Stm32f4xxTimerState, channels, 4),
    DEFINE_PROP_UINT8("width", Stm32f4xxTimerState, width, 16),
    DEFINE_PROP_BOOL("advanced", Stm32f4xxTimerState, advanced, false),
    DEFINE_PROP_BOOL("master", Stm32f4xxTimerState, master, true),
    DEFINE_PROP_BOOL("slave", Stm32f4xxTimerState, slave, true),
    DEFINE_PROP_BOOL("up-down", Stm32f4xxTimerState, updown, true),
    DEFINE_PROP_UINT32("or-mask", Stm32f4xxTimerState, or_mask, 0),
    DEFINE_PROP_UINT32("min-period-ns", Stm32f4xxTimerState, min_period_ns,
                       DEFAULT_MIN_PERIOD_NS),
};

static void stm32f4xx_timer_init(Object *obj)
{
    Stm32f4xxTimerState *s = STM32F4XX_TIMER(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &stm32f4xx_timer_ops, s,
                          TYPE_STM32F4XX_TIMER, STM32F4XX_TIMER_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    s->clk = qdev_init_clock_in(dev, "clk", tim_clk_update, s,
                                ClockPreUpdate | ClockUpdate);
    qdev_init_gpio_out_named(dev, s->ch_out, "ch-out", STM32F4XX_TIMER_NUM_CH);
    qdev_init_gpio_in_named(dev, tim_ch_in, "ch-in", STM32F4XX_TIMER_NUM_CH);
    qdev_init_gpio_out_named(dev, &s->trgo, "trgo", 1);
    qdev_init_gpio_in_named(dev, tim_itr_in, "itr", STM32F4XX_TIMER_NUM_ITR);
    qdev_init_gpio_out_named(dev, s->dma, "dma", STM32F4XX_TIMER_NUM_DMA);
    qdev_init_gpio_in_named(dev, tim_sync_in, "sync", 1);
}

static void stm32f4xx_timer_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxTimerState *s = STM32F4XX_TIMER(dev);
    const char *name = object_get_canonical_path_component(OBJECT(dev));

    if (s->channels != 0 && s->channels != 1 && s->channels != 2 &&
        s->channels != 4) {
        error_setg(errp, "channels must be 0, 1, 2 or 4");
        return;
    }
    if (s->width != 16 && s->width != 32) {
        error_setg(errp, "width must be 16 or 32");
        return;
    }
    if (!clock_has_source(s->clk)) {
        error_setg(errp, "clk must be connected to the RCC");
        return;
    }
    for (unsigned i = 0; i < (s->advanced ? STM32F4XX_TIMER_NUM_IRQ : 1); i++) {
        sysbus_init_irq(SYS_BUS_DEVICE(dev), &s->irq[i]);
    }
    s->id = g_strdup(name ? name : TYPE_STM32F4XX_TIMER);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, tim_timer_cb, s);
}

static void stm32f4xx_timer_unrealize(DeviceState *dev)
{
    Stm32f4xxTimerState *s = STM32F4XX_TIMER(dev);

    timer_free(s->timer);
    g_free(s->id);
    s->id = NULL;
}

static void stm32f4xx_timer_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F4xx timer";
    dc->realize = stm32f4xx_timer_realize;
    dc->unrealize = stm32f4xx_timer_unrealize;
    dc->vmsd = &vmstate_stm32f4xx_timer;
    device_class_set_props(dc, stm32f4xx_timer_properties);
    rc->phases.enter = stm32f4xx_timer_reset_enter;
    rc->phases.hold = stm32f4xx_timer_reset_hold;
    rc->phases.exit = stm32f4xx_timer_reset_exit;
}

static const TypeInfo stm32f4xx_timer_types[] = {
    {
        .name          = TYPE_STM32F4XX_TIMER,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f4xxTimerState),
        .instance_init = stm32f4xx_timer_init,
        .class_init    = stm32f4xx_timer_class_init,
    },
};

DEFINE_TYPES(stm32f4xx_timer_types)
