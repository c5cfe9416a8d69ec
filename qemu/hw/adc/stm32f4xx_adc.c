/*
 * STM32F4xx ADC block: ADC1, ADC2, ADC3 and the common registers
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * chapter "Analog-to-digital converter (ADC)", and the STM32F407xx
 * datasheet (DS8626) for the sensor figures.
 *
 * Modelling choices:
 *
 * - A conversion takes (sample time SMPx + resolution bits) ADCCLK cycles
 *   of QEMU_CLOCK_VIRTUAL, ADCCLK = PCLK2 / ADCPRE; the result is computed
 *   from the input voltage when it ends. tSTAB after ADON is not modelled.
 * - Input voltages (typical datasheet values, VREF+ = VDDA = 3.0 V on the
 *   STM32F4-Discovery, "vdda" property):
 *     IN0..IN15: the voltage of the pin (see below);
 *     IN16: temperature sensor, V25 = 0.76 V, Avg_Slope = 2.5 mV/degree C
 *           (the "temperature" property);
 *     IN17: VREFINT = 1.21 V;
 *     IN18: VBAT / 2 (the "vbat" property) while CCR.VBATE is set.
 *   With CCR.TSVREFE (IN16/17) or VBATE (IN18) clear the sensor is not
 *   connected to the ADC and the channel reads 0 (the sampling capacitor
 *   is discharged; silicon gives a small noisy value near 0).
 * - Pin voltage: a pin in output or alternate function mode reads its
 *   logic level x VDDA; a pin driven by an enabled DAC channel (PA4, PA5)
 *   reads the DAC output; otherwise (input or analog mode) the host set
 *   value of its property, 0 mV by default: a floating input reads 0
 *   (chosen to be deterministic; silicon floats anywhere). Pull-ups are
 *   not taken into account.
 * - Injected conversions triggered during a regular conversion start when
 *   it ends (silicon aborts the regular conversion and redoes it after).
 * - Overrun (a regular result ready while EOC is still set with DMA=1 or
 *   EOCS=1): OVR is set, the result is lost, the regular group stops and
 *   new regular triggers are ignored until OVR is cleared.
 * - Discontinuous mode (DISCEN/JDISCEN) and the dual/triple multi-ADC
 *   modes (CCR.MULTI) are not modelled (LOG_UNIMP): the ADCs work
 *   independently.
 * - With an ADC's clock off (RCC enable bit clear) its registers read 0
 *   and ignore writes; the common registers need one ADC clock on.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "migration/vmstate.h"
#include "hw/adc/stm32f4xx_adc.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(SR, 0x00)
    FIELD(SR, AWD, 0, 1)
    FIELD(SR, EOC, 1, 1)
    FIELD(SR, JEOC, 2, 1)
    FIELD(SR, JSTRT, 3, 1)
    FIELD(SR, STRT, 4, 1)
    FIELD(SR, OVR, 5, 1)
REG32(CR1, 0x04)
    FIELD(CR1, AWDCH, 0, 5)
    FIELD(CR1, EOCIE, 5, 1)
    FIELD(CR1, AWDIE, 6, 1)
    FIELD(CR1, JEOCIE, 7, 1)
    FIELD(CR1, SCAN, 8, 1)
    FIELD(CR1, AWDSGL, 9, 1)
    FIELD(CR1, JAUTO, 10, 1)
    FIELD(CR1, DISCEN, 11, 1)
    FIELD(CR1, JDISCEN, 12, 1)
    FIELD(CR1, DISCNUM, 13, 3)
    FIELD(CR1, JAWDEN, 22, 1)
    FIELD(CR1, AWDEN, 23, 1)
    FIELD(CR1, RES, 24, 2)
    FIELD(CR1, OVRIE, 26, 1)
REG32(CR2, 0x08)
    FIELD(CR2, ADON, 0, 1)
    FIELD(CR2, CONT, 1, 1)
    FIELD(CR2, DMA, 8, 1)
    FIELD(CR2, DDS, 9, 1)
    FIELD(CR2, EOCS, 10, 1)
    FIELD(CR2, ALIGN, 11, 1)
    FIELD(CR2, JEXTSEL, 16, 4)
    FIELD(CR2, JEXTEN, 20, 2)
    FIELD(CR2, JSWSTART, 22, 1)
    FIELD(CR2, EXTSEL, 24, 4)
    FIELD(CR2, EXTEN, 28, 2)
    FIELD(CR2, SWSTART, 30, 1)
REG32(SMPR1, 0x0C)
REG32(SMPR2, 0x10)
REG32(JOFR1, 0x14)
REG32(JOFR4, 0x20)
REG32(HTR, 0x24)
REG32(LTR, 0x28)
REG32(SQR1, 0x2C)
    FIELD(SQR1, L, 20, 4)
REG32(SQR2, 0x30)
REG32(SQR3, 0x34)
REG32(JSQR, 0x38)
    FIELD(JSQR, JL, 20, 2)
REG32(JDR1, 0x3C)
REG32(JDR4, 0x48)
REG32(DR, 0x4C)

/* Common registers, at 0x300 */
#define COMMON_BASE 0x300
REG32(CSR, 0x00)
REG32(CCR, 0x04)
    FIELD(CCR, MULTI, 0, 5)
    FIELD(CCR, DELAY, 8, 4)
    FIELD(CCR, DDS, 13, 1)
    FIELD(CCR, DMA, 14, 2)
    FIELD(CCR, ADCPRE, 16, 2)
    FIELD(CCR, VBATE, 22, 1)
    FIELD(CCR, TSVREFE, 23, 1)
REG32(CDR, 0x08)

#define UNIT_SIZE   0x100
#define SR_MASK     0x3F
#define CR1_MASK    0x07C0FFFF
#define CR2_MASK    0x7F3F0F03
#define SMPR1_MASK  0x07FFFFFF
#define SMPR2_MASK  0x3FFFFFFF
#define SQR1_MASK   0x00FFFFFF
#define SQR_MASK    0x3FFFFFFF
#define JSQR_MASK   0x003FFFFF
#define CCR_MASK    0x00C3EF1F
#define HTR_RESET   0x0FFF

/* EXTEN/JEXTEN */
enum { EXTEN_OFF, EXTEN_RISING, EXTEN_FALLING, EXTEN_BOTH };

/* Channels of the internal sources */
#define CH_TEMP     16
#define CH_VREFINT  17
#define CH_VBAT     18
#define NUM_CHANNELS 19

/* Typical values (DS8626): VREFINT, temperature sensor V25 and slope */
#define VREFINT_MV  1210
#define TS_V25_UV   760000
#define TS_SLOPE_UV 2500

/* Analog pins, by pin_mv[] index: port, pin, property name */
static const struct {
    uint8_t port, pin;
    const char *name;
} adc_pins[STM32F4XX_ADC_NUM_PINS] = {
    { 0, 0, "pa0" }, { 0, 1, "pa1" }, { 0, 2, "pa2" }, { 0, 3, "pa3" },
    { 0, 4, "pa4" }, { 0, 5, "pa5" }, { 0, 6, "pa6" }, { 0, 7, "pa7" },
    { 1, 0, "pb0" }, { 1, 1, "pb1" },
    { 2, 0, "pc0" }, { 2, 1, "pc1" }, { 2, 2, "pc2" }, { 2, 3, "pc3" },
    { 2, 4, "pc4" }, { 2, 5, "pc5" },
    { 5, 3, "pf3" }, { 5, 4, "pf4" }, { 5, 5, "pf5" }, { 5, 6, "pf6" },
    { 5, 7, "pf7" }, { 5, 8, "pf8" }, { 5, 9, "pf9" }, { 5, 10, "pf10" },
};

/* ADC3 channels 0..15 (DS8626 pinout): the others are those of ADC1/2 */
static const uint8_t adc3_channel_pin[16] = {
    0, 1, 2, 3, 19, 20, 21, 22, 23, 16, 10, 11, 12, 13, 17, 18,
};

/* SMPx: sampling time in ADCCLK cycles */
static const uint32_t adc_smp_cycles[8] = { 3, 15, 28, 56, 84, 112, 144, 480 };

static bool adc_unit_clock_on(Stm32f4xxAdcUnit *u)
{
    return clock_is_enabled(u->clk);
}

static bool adc_common_clock_on(Stm32f4xxAdcState *s)
{
    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        if (adc_unit_clock_on(&s->unit[i])) {
            return true;
        }
    }
    return false;
}

static void adc_update_irq(Stm32f4xxAdcState *s)
{
    bool level = false;

    /*
     * DMA requests first: a DMA controller serves them at once, reading DR,
     * which clears EOC (and comes back here) before the IRQ level is computed.
     */
    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        Stm32f4xxAdcUnit *u = &s->unit[i];

        qemu_set_irq(u->dma, (u->cr2 & R_CR2_DMA_MASK) && (u->sr & R_SR_EOC_MASK) &&
                             !(u->sr & R_SR_OVR_MASK));
    }
    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        uint32_t sr = s->unit[i].sr, cr1 = s->unit[i].cr1;

        level |= ((sr & R_SR_EOC_MASK) && (cr1 & R_CR1_EOCIE_MASK)) ||
                 ((sr & R_SR_JEOC_MASK) && (cr1 & R_CR1_JEOCIE_MASK)) ||
                 ((sr & R_SR_AWD_MASK) && (cr1 & R_CR1_AWDIE_MASK)) ||
                 ((sr & R_SR_OVR_MASK) && (cr1 & R_CR1_OVRIE_MASK));
    }
    trace_stm32f4xx_adc_irq(level);
    qemu_set_irq(s->irq, level);
}

/* Voltage of analog pin @idx, in mV */
static uint32_t adc_pin_mv(Stm32f4xxAdcState *s, int idx)
{
    Stm32f4xxGpioState *port = s->gpio[adc_pins[idx].port];
    int pin = adc_pins[idx].pin;

    /* DAC1 drives PA4, DAC2 PA5 while enabled */
    if (adc_pins[idx].port == 0 && (pin == 4 || pin == 5) && s->dac_mv[pin - 4] >= 0) {
        return s->dac_mv[pin - 4];
    }
    if (port) {
        uint32_t mode = extract32(port->moder, pin * 2, 2);

        /* Output or alternate function: the digital level */
        if (mode == 1 || mode == 2) {
            return extract32(port->idr, pin, 1) ? s->vdda_mv : 0;
        }
    }
    return s->pin_mv[idx];
}

/* Voltage at the input of channel @ch of ADC @n, in uV */
static int64_t adc_channel_uv(Stm32f4xxAdcState *s, int n, int ch)
{
    switch (ch) {
    case CH_TEMP:
        if (!(s->ccr & R_CCR_TSVREFE_MASK)) {
            return 0;
        }
        return TS_V25_UV + (int64_t)(s->temperature - 25) * TS_SLOPE_UV;
    case CH_VREFINT:
        return (s->ccr & R_CCR_TSVREFE_MASK) ? VREFINT_MV * 1000 : 0;
    case CH_VBAT:
        return (s->ccr & R_CCR_VBATE_MASK) ? s->vbat_mv * 1000 / 2 : 0;
    default:
        return adc_pin_mv(s, n == 2 ? adc3_channel_pin[ch] : ch) * 1000LL;
    }
}

/* 12-bit conversion of channel @ch of ADC @n: round(4096 * V / VREF+) */
static uint32_t adc_convert(Stm32f4xxAdcState *s, int n, int ch)
{
    int64_t uv = adc_channel_uv(s, n, ch);
    int64_t vref_uv = (int64_t)MAX(s->vdda_mv, 1) * 1000;
    int64_t code = (uv * 4096 + vref_uv / 2) / vref_uv;

    return MIN(MAX(code, 0), 4095);
}

static unsigned adc_resolution_bits(Stm32f4xxAdcUnit *u)
{
    return 12 - 2 * FIELD_EX32(u->cr1, CR1, RES);
}

/* Data register value of a 12-bit result @raw (a signed value for injected) */
static uint32_t adc_align(Stm32f4xxAdcUnit *u, int32_t value)
{
    unsigned bits = adc_resolution_bits(u);

    if (!(u->cr2 & R_CR2_ALIGN_MASK)) {
        return (uint32_t)value & 0xFFFF;
    }
    /* Left alignment: to bit 15, or to bit 7 for 6-bit results */
    return ((uint32_t)value << (bits == 6 ? 2 : 16 - bits)) & 0xFFFF;
}

static int adc_sq_channel(Stm32f4xxAdcUnit *u, unsigned rank)
{
    /* SQ1..SQ6 in SQR3, SQ7..SQ12 in SQR2, SQ13..SQ16 in SQR1 */
    return extract32(u->sqr[2 - rank / 6], (rank % 6) * 5, 5);
}

static unsigned adc_regular_length(Stm32f4xxAdcUnit *u)
{
    return (u->cr1 & R_CR1_SCAN_MASK) ? FIELD_EX32(u->sqr[0], SQR1, L) + 1 : 1;
}

/* Injected rank @i (0-based) of the sequence: JSQ(4 - JL + i) */
static int adc_jsq_channel(Stm32f4xxAdcUnit *u, unsigned i)
{
    unsigned jl = FIELD_EX32(u->jsqr, JSQR, JL);

    return extract32(u->jsqr, (3 - jl + i) * 5, 5);
}

static unsigned adc_injected_length(Stm32f4xxAdcUnit *u)
{
    return (u->cr1 & R_CR1_SCAN_MASK) ? FIELD_EX32(u->jsqr, JSQR, JL) + 1 : 1;
}

static int adc_current_channel(Stm32f4xxAdcUnit *u)
{
    return u->conv == STM32F4XX_ADC_INJECTED ? adc_jsq_channel(u, u->jseq_pos)
                                             : adc_sq_channel(u, u->seq_pos);
}

/* Start the conversion at the current rank: it ends after its sampling + conversion time */
static void adc_start_conversion(Stm32f4xxAdcState *s, Stm32f4xxAdcUnit *u,
                                 Stm32f4xxAdcConv conv)
{
    int ch;
    uint32_t smp, cycles, prescaler;

    u->conv = conv;
    ch = adc_current_channel(u);
    if (ch >= NUM_CHANNELS) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: ADC%d: channel %d does not exist\n",
                      __func__, u->index + 1, ch);
        smp = 0;
    } else {
        smp = extract32(ch >= 10 ? u->smpr1 : u->smpr2, (ch % 10) * 3, 3);
    }
    prescaler = 2 * (FIELD_EX32(s->ccr, CCR, ADCPRE) + 1);
    cycles = adc_smp_cycles[smp] + adc_resolution_bits(u);
    trace_stm32f4xx_adc_start(u->index + 1, conv == STM32F4XX_ADC_INJECTED, ch, cycles);
    /* The clock is on: conversions stop when it is switched off */
    timer_mod(u->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                        clock_ticks_to_ns(u->clk, cycles * prescaler));
}

/* Start the next conversion, if any; injected conversions come first */
static void adc_schedule(Stm32f4xxAdcState *s, Stm32f4xxAdcUnit *u)
{
    if (u->conv != STM32F4XX_ADC_IDLE) {
        return;
    }
    if (u->injected_pending) {
        u->injected_pending = false;
        u->jseq_pos = 0;
        adc_start_conversion(s, u, STM32F4XX_ADC_INJECTED);
    } else if (u->regular_active) {
        adc_start_conversion(s, u, STM32F4XX_ADC_REGULAR);
    }
}

static void adc_start_regular(Stm32f4xxAdcState *s, Stm32f4xxAdcUnit *u)
{
    if (!(u->cr2 & R_CR2_ADON_MASK) || !adc_unit_clock_on(u)) {
        return;
    }
    if (u->sr & R_SR_OVR_MASK) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: ADC%d: regular trigger ignored while OVR "
                      "is set\n", __func__, u->index + 1);
        return;
    }
    if (u->regular_active) {
        /* A trigger during a conversion is ignored (RM0090 13.3.8) */
        return;
    }
    if (u->cr1 & R_CR1_DISCEN_MASK) {
        qemu_log_mask(LOG_UNIMP, "%s: ADC%d: discontinuous mode: the whole sequence "
                      "is converted\n", __func__, u->index + 1);
    }
    u->sr |= R_SR_STRT_MASK;
    u->regular_active = true;
    u->seq_pos = 0;
    adc_schedule(s, u);
}

static void adc_start_injected(Stm32f4xxAdcState *s, Stm32f4xxAdcUnit *u)
{
    if (!(u->cr2 & R_CR2_ADON_MASK) || !adc_unit_clock_on(u)) {
        return;
    }
    if (u->conv == STM32F4XX_ADC_INJECTED || u->injected_pending) {
        return;
    }
    if (u->cr1 & R_CR1_JDISCEN_MASK) {
        qemu_log_mask(LOG_UNIMP, "%s: ADC%d: injected discontinuous mode: the whole "
                      "sequence is converted\n", __func__, u->index + 1);
    }
    u->sr |= R_SR_JSTRT_MASK;
    u->injected_pending = true;
    adc_schedule(s, u);
}

/* Analog watchdog on a 12-bit result of channel @ch */
static void adc_watchdog(Stm32f4xxAdcUnit *u, bool injected, int ch, uint32_t raw)
{
    bool enabled = injected ? (u->cr1 & R_CR1_JAWDEN_MASK) : (u->cr1 & R_CR1_AWDEN_MASK);

    if (!enabled) {
        return;
    }
    if ((u->cr1 & R_CR1_AWDSGL_MASK) && FIELD_EX32(u->cr1, CR1, AWDCH) != ch) {
        return;
    }
    /* The thresholds compare with the 12-bit value (RM0090 13.5) */
    if (raw > (u->htr & 0xFFF) || raw < (u->ltr & 0xFFF)) {
        u->sr |= R_SR_AWD_MASK;
    }
}

/* End of a conversion: store its result and go on with the sequence */
static void adc_conversion_done(void *opaque)
{
    Stm32f4xxAdcUnit *u = opaque;
    Stm32f4xxAdcState *s = u->adc;
    int ch = adc_current_channel(u);
    uint32_t raw = ch < NUM_CHANNELS ? adc_convert(s, u->index, ch) : 0;
    uint32_t value = raw >> (12 - adc_resolution_bits(u));
    bool injected = u->conv == STM32F4XX_ADC_INJECTED;

    u->conv = STM32F4XX_ADC_IDLE;
    trace_stm32f4xx_adc_done(u->index + 1, injected, ch, value);
    adc_watchdog(u, injected, ch, raw);

    if (injected) {
        unsigned n = adc_injected_length(u);
        /* JDRx = result - JOFRx, sign-extended (RM0090 13.6) */
        int32_t v = (int32_t)value - (int32_t)(u->jofr[u->jseq_pos] >> (12 - adc_resolution_bits(u)));

        u->jdr[u->jseq_pos] = adc_align(u, v);
        if (++u->jseq_pos < n) {
            adc_start_conversion(s, u, STM32F4XX_ADC_INJECTED);
            adc_update_irq(s);
            return;
        }
        u->sr |= R_SR_JEOC_MASK;
    } else {
        bool detect_ovr = (u->cr2 & (R_CR2_DMA_MASK | R_CR2_EOCS_MASK));
        unsigned n = adc_regular_length(u);
        bool seq_end = ++u->seq_pos >= n;

        if (detect_ovr && (u->sr & R_SR_EOC_MASK)) {
            /* The previous result was not read: this one is lost */
            trace_stm32f4xx_adc_overrun(u->index + 1);
            u->sr |= R_SR_OVR_MASK;
            u->regular_active = false;
        } else {
            u->dr = adc_align(u, value);
            if (seq_end || (u->cr2 & R_CR2_EOCS_MASK)) {
                u->sr |= R_SR_EOC_MASK;
            }
            if (seq_end) {
                u->seq_pos = 0;
                /* Without DDS, the DMA stops after its last transfer: not modelled */
                if (!(u->cr2 & R_CR2_CONT_MASK)) {
                    u->regular_active = false;
                }
                if (u->cr1 & R_CR1_JAUTO_MASK) {
                    u->sr |= R_SR_JSTRT_MASK;
                    u->injected_pending = true;
                }
            }
        }
    }
    adc_schedule(s, u);
    adc_update_irq(s);
}

/* Stop all conversions of @u (ADON cleared, clock off, reset) */
static void adc_stop(Stm32f4xxAdcUnit *u)
{
    timer_del(u->timer);
    u->conv = STM32F4XX_ADC_IDLE;
    u->regular_active = false;
    u->injected_pending = false;
    u->seq_pos = 0;
    u->jseq_pos = 0;
}

static void adc_write_cr2(Stm32f4xxAdcState *s, Stm32f4xxAdcUnit *u, uint32_t value)
{
    u->cr2 = value & CR2_MASK & ~(R_CR2_SWSTART_MASK | R_CR2_JSWSTART_MASK);
    if (!(u->cr2 & R_CR2_ADON_MASK)) {
        /* Power down: the conversions stop */
        adc_stop(u);
        return;
    }
    /* SWSTART/JSWSTART read as 1 until the conversion starts: at once here */
    if (value & R_CR2_JSWSTART_MASK) {
        adc_start_injected(s, u);
    }
    if (value & R_CR2_SWSTART_MASK) {
        adc_start_regular(s, u);
    }
}

static uint32_t adc_unit_read(Stm32f4xxAdcState *s, Stm32f4xxAdcUnit *u, hwaddr reg)
{
    switch (reg) {
    case A_SR:
        return u->sr;
    case A_CR1:
        return u->cr1;
    case A_CR2:
        return u->cr2;
    case A_SMPR1:
        return u->smpr1;
    case A_SMPR2:
        return u->smpr2;
    case A_JOFR1 ... A_JOFR4:
        return u->jofr[(reg - A_JOFR1) / 4];
    case A_HTR:
        return u->htr;
    case A_LTR:
        return u->ltr;
    case A_SQR1:
    case A_SQR2:
    case A_SQR3:
        return u->sqr[(reg - A_SQR1) / 4];
    case A_JSQR:
        return u->jsqr;
    case A_JDR1 ... A_JDR4:
        return u->jdr[(reg - A_JDR1) / 4];
    case A_DR:
        /* Reading DR clears EOC (and so the DMA request) */
        u->sr &= ~R_SR_EOC_MASK;
        adc_update_irq(s);
        return u->dr;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: ADC%d: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, u->index + 1, reg);
        return 0;
    }
}

static void adc_unit_write(Stm32f4xxAdcState *s, Stm32f4xxAdcUnit *u, hwaddr reg,
                           uint32_t value)
{
    switch (reg) {
    case A_SR:
        /* rc_w0: writing 0 clears a flag, 1 leaves it */
        u->sr &= value | ~SR_MASK;
        break;
    case A_CR1:
        u->cr1 = value & CR1_MASK;
        break;
    case A_CR2:
        adc_write_cr2(s, u, value);
        break;
    case A_SMPR1:
        u->smpr1 = value & SMPR1_MASK;
        break;
    case A_SMPR2:
        u->smpr2 = value & SMPR2_MASK;
        break;
    case A_JOFR1 ... A_JOFR4:
        u->jofr[(reg - A_JOFR1) / 4] = value & 0xFFF;
        break;
    case A_HTR:
        u->htr = value & 0xFFF;
        break;
    case A_LTR:
        u->ltr = value & 0xFFF;
        break;
    case A_SQR1:
        u->sqr[0] = value & SQR1_MASK;
        break;
    case A_SQR2:
    case A_SQR3:
        u->sqr[(reg - A_SQR1) / 4] = value & SQR_MASK;
        break;
    case A_JSQR:
        u->jsqr = value & JSQR_MASK;
        break;
    case A_JDR1 ... A_JDR4:
    case A_DR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: ADC%d: write to read-only offset 0x%"
                      HWADDR_PRIx "\n", __func__, u->index + 1, reg);
        return;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: ADC%d: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, u->index + 1, reg);
        return;
    }
    adc_update_irq(s);
}

static uint32_t adc_common_read(Stm32f4xxAdcState *s, hwaddr reg)
{
    switch (reg) {
    case A_CSR:
        /* Copies of the SR flags of ADC1, ADC2, ADC3 at bits 0, 8, 16 */
        return s->unit[0].sr | s->unit[1].sr << 8 | s->unit[2].sr << 16;
    case A_CCR:
        return s->ccr;
    case A_CDR:
        /* Multi-ADC data: not modelled (MULTI is always independent mode) */
        return 0;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad common offset 0x%" HWADDR_PRIx "\n",
                      __func__, reg);
        return 0;
    }
}

static void adc_common_write(Stm32f4xxAdcState *s, hwaddr reg, uint32_t value)
{
    switch (reg) {
    case A_CCR:
        if (FIELD_EX32(value, CCR, MULTI) && !FIELD_EX32(s->ccr, CCR, MULTI)) {
            qemu_log_mask(LOG_UNIMP, "%s: multi-ADC mode 0x%x: the ADCs stay "
                          "independent\n", __func__, FIELD_EX32(value, CCR, MULTI));
        }
        s->ccr = value & CCR_MASK;
        break;
    case A_CSR:
    case A_CDR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write to read-only common offset 0x%"
                      HWADDR_PRIx "\n", __func__, reg);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad common offset 0x%" HWADDR_PRIx "\n",
                      __func__, reg);
        break;
    }
}

static uint64_t stm32f4xx_adc_read(void *opaque, hwaddr addr, unsigned int size)
{
    Stm32f4xxAdcState *s = opaque;
    unsigned n = addr / UNIT_SIZE;
    hwaddr reg = addr % UNIT_SIZE;
    uint32_t value = 0;

    if (n < STM32F4XX_ADC_NUM) {
        if (adc_unit_clock_on(&s->unit[n])) {
            value = adc_unit_read(s, &s->unit[n], reg);
        }
    } else if (adc_common_clock_on(s)) {
        value = adc_common_read(s, reg);
    }
    trace_stm32f4xx_adc_read(addr, value);
    return value;
}

static void stm32f4xx_adc_write(void *opaque, hwaddr addr, uint64_t val64,
                                unsigned int size)
{
    Stm32f4xxAdcState *s = opaque;
    unsigned n = addr / UNIT_SIZE;
    hwaddr reg = addr % UNIT_SIZE;

    trace_stm32f4xx_adc_write(addr, val64);
    if (n < STM32F4XX_ADC_NUM ? !adc_unit_clock_on(&s->unit[n]) : !adc_common_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write to offset 0x%" HWADDR_PRIx
                      " ignored: clock disabled in the RCC\n", __func__, addr);
        return;
    }
    if (n < STM32F4XX_ADC_NUM) {
        adc_unit_write(s, &s->unit[n], reg, val64);
    } else {
        adc_common_write(s, reg, val64);
    }
}

static const MemoryRegionOps stm32f4xx_adc_ops = {
    .read = stm32f4xx_adc_read,
    .write = stm32f4xx_adc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /*
     * 32-bit registers (RM0090 13.13). Halfword accesses, as a DMA with
     * PSIZE=16 bits makes to DR, act on the whole register: a read returns
     * its low or high half, a write sets the other half to 0.
     */
    .valid = {
        .min_access_size = 2,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

/* Trigger inputs: an edge selected by EXTEN/JEXTEN starts a group */
static bool adc_edge(uint32_t exten, bool old, bool new)
{
    return (new && !old && (exten & EXTEN_RISING)) || (!new && old && (exten & EXTEN_FALLING));
}

static void adc_trigger_in(Stm32f4xxAdcState *s, int n, int level, bool injected)
{
    uint32_t *levels = injected ? &s->jext_level : &s->ext_level;
    bool old = extract32(*levels, n, 1), new = level > 0;

    *levels = deposit32(*levels, n, 1, new);
    if (old == new) {
        return;
    }
    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        Stm32f4xxAdcUnit *u = &s->unit[i];

        if (injected) {
            if (FIELD_EX32(u->cr2, CR2, JEXTSEL) == n &&
                !(u->cr1 & R_CR1_JAUTO_MASK) &&
                adc_edge(FIELD_EX32(u->cr2, CR2, JEXTEN), old, new)) {
                trace_stm32f4xx_adc_trigger(i + 1, true, n);
                adc_start_injected(s, u);
            }
        } else if (FIELD_EX32(u->cr2, CR2, EXTSEL) == n &&
                   adc_edge(FIELD_EX32(u->cr2, CR2, EXTEN), old, new)) {
            trace_stm32f4xx_adc_trigger(i + 1, false, n);
            adc_start_regular(s, u);
        }
    }
    adc_update_irq(s);
}

static void adc_ext_trigger(void *opaque, int n, int level)
{
    adc_trigger_in(opaque, n, level, false);
}

static void adc_jext_trigger(void *opaque, int n, int level)
{
    adc_trigger_in(opaque, n, level, true);
}

static void adc_dac_in(void *opaque, int n, int level)
{
    Stm32f4xxAdcState *s = opaque;

    s->dac_mv[n] = level;
}

static void adc_clk_update(void *opaque, ClockEvent event)
{
    Stm32f4xxAdcUnit *u = opaque;

    if (!adc_unit_clock_on(u) && u->conv != STM32F4XX_ADC_IDLE) {
        /* The ADC stops with its clock; conversions restart on a new trigger */
        adc_stop(u);
    }
}

/* Host-side analog inputs */
static void adc_get_pin_mv(Object *obj, Visitor *v, const char *name, void *opaque,
                           Error **errp)
{
    uint32_t *mv = opaque;

    visit_type_uint32(v, name, mv, errp);
}

static void adc_set_pin_mv(Object *obj, Visitor *v, const char *name, void *opaque,
                           Error **errp)
{
    Stm32f4xxAdcState *s = STM32F4XX_ADC(obj);
    uint32_t *mv = opaque, value;

    if (!visit_type_uint32(v, name, &value, errp)) {
        return;
    }
    /* Above VDDA + 0.3 V the pin's protection diodes conduct: refuse */
    if (value > s->vdda_mv + 300 && mv != &s->vdda_mv && mv != &s->vbat_mv) {
        error_setg(errp, "%s: %" PRIu32 " mV is above VDDA + 0.3 V", name, value);
        return;
    }
    if (value > 3600) {
        error_setg(errp, "%s: %" PRIu32 " mV is above 3.6 V", name, value);
        return;
    }
    *mv = value;
}

static void adc_get_temperature(Object *obj, Visitor *v, const char *name, void *opaque,
                                Error **errp)
{
    Stm32f4xxAdcState *s = STM32F4XX_ADC(obj);

    visit_type_int32(v, name, &s->temperature, errp);
}

static void adc_set_temperature(Object *obj, Visitor *v, const char *name, void *opaque,
                                Error **errp)
{
    Stm32f4xxAdcState *s = STM32F4XX_ADC(obj);
    int32_t value;

    if (!visit_type_int32(v, name, &value, errp)) {
        return;
    }
    /* Operating range of the F407 (industrial, -40..105 degrees C) */
    if (value < -40 || value > 125) {
        error_setg(errp, "temperature %" PRId32 " C out of range -40..125", value);
        return;
    }
    s->temperature = value;
}

static void stm32f4xx_adc_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxAdcState *s = STM32F4XX_ADC(obj);

    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        Stm32f4xxAdcUnit *u = &s->unit[i];

        adc_stop(u);
        u->sr = 0;
        u->cr1 = 0;
        u->cr2 = 0;
        u->smpr1 = 0;
        u->smpr2 = 0;
        memset(u->jofr, 0, sizeof(u->jofr));
        u->htr = HTR_RESET;
        u->ltr = 0;
        memset(u->sqr, 0, sizeof(u->sqr));
        u->jsqr = 0;
        memset(u->jdr, 0, sizeof(u->jdr));
        u->dr = 0;
    }
    s->ccr = 0;
}

static void stm32f4xx_adc_reset_exit(Object *obj, ResetType type)
{
    adc_update_irq(STM32F4XX_ADC(obj));
}

static const VMStateDescription vmstate_stm32f4xx_adc_unit = {
    .name = "stm32f4xx-adc-unit",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(sr, Stm32f4xxAdcUnit),
        VMSTATE_UINT32(cr1, Stm32f4xxAdcUnit),
        VMSTATE_UINT32(cr2, Stm32f4xxAdcUnit),
        VMSTATE_UINT32(smpr1, Stm32f4xxAdcUnit),
        VMSTATE_UINT32(smpr2, Stm32f4xxAdcUnit),
        VMSTATE_UINT32_ARRAY(jofr, Stm32f4xxAdcUnit, 4),
        VMSTATE_UINT32(htr, Stm32f4xxAdcUnit),
        VMSTATE_UINT32(ltr, Stm32f4xxAdcUnit),
        VMSTATE_UINT32_ARRAY(sqr, Stm32f4xxAdcUnit, 3),
        VMSTATE_UINT32(jsqr, Stm32f4xxAdcUnit),
        VMSTATE_UINT32_ARRAY(jdr, Stm32f4xxAdcUnit, 4),
        VMSTATE_UINT32(dr, Stm32f4xxAdcUnit),
        VMSTATE_UINT32(conv, Stm32f4xxAdcUnit),
        VMSTATE_UINT32(seq_pos, Stm32f4xxAdcUnit),
        VMSTATE_UINT32(jseq_pos, Stm32f4xxAdcUnit),
        VMSTATE_BOOL(regular_active, Stm32f4xxAdcUnit),
        VMSTATE_BOOL(injected_pending, Stm32f4xxAdcUnit),
        VMSTATE_TIMER_PTR(timer, Stm32f4xxAdcUnit),
        VMSTATE_CLOCK(clk, Stm32f4xxAdcUnit),
        VMSTATE_END_OF_LIST()
    }
};

static int stm32f4xx_adc_post_load(void *opaque, int version_id)
{
    Stm32f4xxAdcState *s = opaque;

    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        Stm32f4xxAdcUnit *u = &s->unit[i];

        if (u->conv > STM32F4XX_ADC_INJECTED || u->seq_pos > 15 || u->jseq_pos > 3) {
            return -EINVAL;
        }
    }
    return 0;
}

static const VMStateDescription vmstate_stm32f4xx_adc = {
    .name = TYPE_STM32F4XX_ADC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = stm32f4xx_adc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT_ARRAY(unit, Stm32f4xxAdcState, STM32F4XX_ADC_NUM, 1,
                             vmstate_stm32f4xx_adc_unit, Stm32f4xxAdcUnit),
        VMSTATE_UINT32(ccr, Stm32f4xxAdcState),
        VMSTATE_UINT32(ext_level, Stm32f4xxAdcState),
        VMSTATE_UINT32(jext_level, Stm32f4xxAdcState),
        VMSTATE_INT32_ARRAY(dac_mv, Stm32f4xxAdcState, 2),
        VMSTATE_UINT32_ARRAY(pin_mv, Stm32f4xxAdcState, STM32F4XX_ADC_NUM_PINS),
        VMSTATE_INT32(temperature, Stm32f4xxAdcState),
        VMSTATE_UINT32(vbat_mv, Stm32f4xxAdcState),
        VMSTATE_UINT32(vdda_mv, Stm32f4xxAdcState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property stm32f4xx_adc_properties[] = {
    DEFINE_PROP_LINK("gpioa", Stm32f4xxAdcState, gpio[0], TYPE_STM32F4XX_GPIO,
                     Stm32f4xxGpioState *),
    DEFINE_PROP_LINK("gpiob", Stm32f4xxAdcState, gpio[1], TYPE_STM32F4XX_GPIO,
                     Stm32f4xxGpioState *),
    DEFINE_PROP_LINK("gpioc", Stm32f4xxAdcState, gpio[2], TYPE_STM32F4XX_GPIO,
                     Stm32f4xxGpioState *),
    DEFINE_PROP_LINK("gpiof", Stm32f4xxAdcState, gpio[5], TYPE_STM32F4XX_GPIO,
                     Stm32f4xxGpioState *),
};

static void stm32f4xx_adc_init(Object *obj)
{
    Stm32f4xxAdcState *s = STM32F4XX_ADC(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &stm32f4xx_adc_ops, s, TYPE_STM32F4XX_ADC,
                          STM32F4XX_ADC_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        g_autofree char *name = g_strdup_printf("adc%d", i + 1);
        Stm32f4xxAdcUnit *u = &s->unit[i];

        u->adc = s;
        u->index = i;
        u->clk = qdev_init_clock_in(dev, name, adc_clk_update, u, ClockUpdate);
        qdev_init_gpio_out_named(dev, &u->dma, "dma", 1);
    }
    qdev_init_gpio_in_named(dev, adc_ext_trigger, "ext-trigger", STM32F4XX_ADC_NUM_TRIGGERS);
    qdev_init_gpio_in_named(dev, adc_jext_trigger, "jext-trigger",
                            STM32F4XX_ADC_NUM_TRIGGERS);
    qdev_init_gpio_in_named(dev, adc_dac_in, "dac", 2);

    /* Analog inputs: wire state, set from the host, kept across resets */
    for (int i = 0; i < STM32F4XX_ADC_NUM_PINS; i++) {
        object_property_add(obj, adc_pins[i].name, "uint32", adc_get_pin_mv,
                            adc_set_pin_mv, NULL, &s->pin_mv[i]);
    }
    object_property_add(obj, "vbat", "uint32", adc_get_pin_mv, adc_set_pin_mv, NULL,
                        &s->vbat_mv);
    object_property_add(obj, "vdda", "uint32", adc_get_pin_mv, adc_set_pin_mv, NULL,
                        &s->vdda_mv);
    object_property_add(obj, "temperature", "int32", adc_get_temperature,
                        adc_set_temperature, NULL, NULL);
    s->temperature = 25;
    s->vbat_mv = 3000;
    s->vdda_mv = 3000;
    s->dac_mv[0] = s->dac_mv[1] = -1;
}

static void stm32f4xx_adc_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxAdcState *s = STM32F4XX_ADC(dev);

    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        s->unit[i].timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, adc_conversion_done,
                                        &s->unit[i]);
    }
}

static void stm32f4xx_adc_unrealize(DeviceState *dev)
{
    Stm32f4xxAdcState *s = STM32F4XX_ADC(dev);

    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        timer_free(s->unit[i].timer);
    }
}

static void stm32f4xx_adc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F4xx ADC1/ADC2/ADC3";
    dc->realize = stm32f4xx_adc_realize;
    dc->unrealize = stm32f4xx_adc_unrealize;
    dc->vmsd = &vmstate_stm32f4xx_adc;
    device_class_set_props(dc, stm32f4xx_adc_properties);
    rc->phases.hold = stm32f4xx_adc_reset_hold;
    rc->phases.exit = stm32f4xx_adc_reset_exit;
}

static const TypeInfo stm32f4xx_adc_types[] = {
    {
        .name          = TYPE_STM32F4XX_ADC,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f4xxAdcState),
        .instance_init = stm32f4xx_adc_init,
        .class_init    = stm32f4xx_adc_class_init,
    },
};

DEFINE_TYPES(stm32f4xx_adc_types)
