/*
 * STM32F4xx USART (Universal Synchronous Asynchronous Receiver Transmitter)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 *
 * The reference used is the STMicroelectronics RM0090 reference manual
 * (STM32F405/415, STM32F407/417, STM32F427/437 and STM32F429/439),
 * chapter "Universal synchronous asynchronous receiver transmitter".
 * Same register interface as USART1/2/3/6 and UART4/5 of the F2, F405 and
 * F407; see the "uart" property for UART4/5.
 *
 * Modelling choices:
 *
 * - Reception is flow controlled: can_receive() is 0 while the receiver
 *   is disabled (UE, RE or the peripheral clock off) or while RXNE is set,
 *   so the chardev keeps the host bytes instead of the USART losing them.
 *   A REPL or a test harness typing faster than the guest reads never
 *   loses characters, at the price of ORE never being set by host input.
 *   Setting the "rx-backpressure" property to false gives the silicon
 *   behaviour instead: each byte is accepted as it comes and a byte
 *   arriving while RXNE is set is lost and sets ORE.  A break received
 *   while RXNE is set (the break character is lost) sets ORE in both modes.
 * - Transmission is paced at the baud rate in QEMU_CLOCK_VIRTUAL, as on
 *   the chip: writing DR clears TXE and TC; when the shift register is
 *   free the word moves into it (TXE=1 again) and is handed to the
 *   chardev without blocking, and TC is set one character time later
 *   unless another word is waiting in DR, which then starts its own frame.
 *   If the backend is busy the byte stays in DR (TXE=0) and is retried
 *   from a G_IO_OUT watch.  "tx-pacing=off" sets TXE and TC as soon as the
 *   backend has taken the byte: output as fast as the host reads it.
 * - IDLE is set one character time (computed from BRR, OVER8, M, STOP and
 *   the input clock) of QEMU_CLOCK_VIRTUAL after the last received word.
 *   With flow control a slow guest holds the line (the next byte waits in
 *   the chardev), so while RXNE is still set the idle detection waits and
 *   restarts when DR is read.
 * - The chardev carries 8-bit bytes.  In 7-bit + parity mode (M=0, PCE=1)
 *   the host byte provides bits 6:0 and the parity bit (bit 7 of DR) is
 *   computed, so PE is never set; likewise bit 8 with M=1, PCE=1.  With
 *   M=1, PCE=0 (9 data bits) bit 8 is 0 on reception and dropped on
 *   transmission.  NF, FE (except for a break) and PE are never set.
 * - A break from the backend (CHR_EVENT_BREAK, e.g. telnet IAC BREAK) is
 *   received as a 0x00 word with FE set and, in LIN mode (LINEN=1), also
 *   sets LBD (RM0090 "Break detection in LIN mode vs. Framing error
 *   detection").  SBK sends a break through CHR_IOCTL_SERIAL_SET_BREAK and
 *   is cleared at once.
 * - Mute mode: RWU with wake-up on idle line (WAKE=0) or on address mark
 *   (WAKE=1, bit 7 of a host byte in 8-bit mode; bit 8 cannot be carried).
 * - Synchronous (CLKEN), smartcard (SCEN), IrDA (IREN) and hardware flow
 *   control (RTSE/CTSE) bits are stored but have no effect (LOG_UNIMP);
 *   CTS is never set.
 * - With the peripheral clock off (input clock "clk" at 0 Hz: the RCC
 *   enable bit is clear) register writes are ignored (LOG_GUEST_ERROR) and
 *   reads return 0.  An unconnected clock counts as a 16 MHz clock (the
 *   HSI, the reset-time APB clock) so that the model also works without
 *   an RCC.
 * - Accesses: words and halfwords/bytes at a register offset behave as
 *   full accesses (a narrow write is merged with the current register
 *   value); accesses to bits 31:8 or 31:16 alone (offset not a multiple of
 *   4) and offsets past GTPR are logged as guest errors: reads return the
 *   register bits without side effect (0 past GTPR), writes are ignored.
 */

#include "qemu/osdep.h"
#include "qemu/host-utils.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "chardev/char-fe.h"
#include "chardev/char-serial.h"
#include "migration/vmstate.h"
#include "hw/char/stm32f4xx_usart.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(SR, 0x00)
    FIELD(SR, PE, 0, 1)      /* Parity error */
    FIELD(SR, FE, 1, 1)      /* Framing error */
    FIELD(SR, NF, 2, 1)      /* Noise detected flag */
    FIELD(SR, ORE, 3, 1)     /* Overrun error */
    FIELD(SR, IDLE, 4, 1)    /* IDLE line detected */
    FIELD(SR, RXNE, 5, 1)    /* Read data register not empty */
    FIELD(SR, TC, 6, 1)      /* Transmission complete */
    FIELD(SR, TXE, 7, 1)     /* Transmit data register empty */
    FIELD(SR, LBD, 8, 1)     /* LIN break detection flag */
    FIELD(SR, CTS, 9, 1)     /* CTS flag (not on UART4/5) */
REG32(DR, 0x04)
    FIELD(DR, DR, 0, 9)
REG32(BRR, 0x08)
    FIELD(BRR, DIV_FRACTION, 0, 4)
    FIELD(BRR, DIV_MANTISSA, 4, 12)
REG32(CR1, 0x0C)
    FIELD(CR1, SBK, 0, 1)    /* Send break */
    FIELD(CR1, RWU, 1, 1)    /* Receiver wakeup (mute mode) */
    FIELD(CR1, RE, 2, 1)     /* Receiver enable */
    FIELD(CR1, TE, 3, 1)     /* Transmitter enable */
    FIELD(CR1, IDLEIE, 4, 1) /* IDLE interrupt enable */
    FIELD(CR1, RXNEIE, 5, 1) /* RXNE interrupt enable */
    FIELD(CR1, TCIE, 6, 1)   /* Transmission complete interrupt enable */
    FIELD(CR1, TXEIE, 7, 1)  /* TXE interrupt enable */
    FIELD(CR1, PEIE, 8, 1)   /* PE interrupt enable */
    FIELD(CR1, PS, 9, 1)     /* Parity selection (1: odd) */
    FIELD(CR1, PCE, 10, 1)   /* Parity control enable */
    FIELD(CR1, WAKE, 11, 1)  /* Wakeup method (1: address mark) */
    FIELD(CR1, M, 12, 1)     /* Word length (1: 9 bits) */
    FIELD(CR1, UE, 13, 1)    /* USART enable */
    FIELD(CR1, OVER8, 15, 1) /* Oversampling mode (1: by 8) */
REG32(CR2, 0x10)
    FIELD(CR2, ADD, 0, 4)    /* Address of the USART node */
    FIELD(CR2, LBDL, 5, 1)   /* LIN break detection length */
    FIELD(CR2, LBDIE, 6, 1)  /* LIN break detection interrupt enable */
    FIELD(CR2, LBCL, 8, 1)   /* Last bit clock pulse (not on UART4/5) */
    FIELD(CR2, CPHA, 9, 1)   /* Clock phase (not on UART4/5) */
    FIELD(CR2, CPOL, 10, 1)  /* Clock polarity (not on UART4/5) */
    FIELD(CR2, CLKEN, 11, 1) /* Clock enable (not on UART4/5) */
    FIELD(CR2, STOP, 12, 2)  /* STOP bits */
    FIELD(CR2, LINEN, 14, 1) /* LIN mode enable */
REG32(CR3, 0x14)
    FIELD(CR3, EIE, 0, 1)    /* Error interrupt enable */
    FIELD(CR3, IREN, 1, 1)   /* IrDA mode enable */
    FIELD(CR3, IRLP, 2, 1)   /* IrDA low-power */
    FIELD(CR3, HDSEL, 3, 1)  /* Half-duplex selection */
    FIELD(CR3, NACK, 4, 1)   /* Smartcard NACK enable (not on UART4/5) */
    FIELD(CR3, SCEN, 5, 1)   /* Smartcard mode enable (not on UART4/5) */
    FIELD(CR3, DMAR, 6, 1)   /* DMA enable receiver */
    FIELD(CR3, DMAT, 7, 1)   /* DMA enable transmitter */
    FIELD(CR3, RTSE, 8, 1)   /* RTS enable (not on UART4/5) */
    FIELD(CR3, CTSE, 9, 1)   /* CTS enable (not on UART4/5) */
    FIELD(CR3, CTSIE, 10, 1) /* CTS interrupt enable (not on UART4/5) */
    FIELD(CR3, ONEBIT, 11, 1) /* One sample bit method enable */
REG32(GTPR, 0x18)
    FIELD(GTPR, PSC, 0, 8)   /* Prescaler value */
    FIELD(GTPR, GT, 8, 8)    /* Guard time value */

/* Writable bits */
#define SR_W0C_MASK (R_SR_RXNE_MASK | R_SR_TC_MASK | R_SR_LBD_MASK | \
                     R_SR_CTS_MASK)
#define BRR_MASK    (R_BRR_DIV_FRACTION_MASK | R_BRR_DIV_MANTISSA_MASK)
#define CR1_MASK    0x0000BFFF
#define CR2_MASK    0x00007F6F
#define CR3_MASK    0x00000FFF
#define GTPR_MASK   (R_GTPR_PSC_MASK | R_GTPR_GT_MASK)
/* Bits that are reserved on UART4 and UART5 */
#define CR2_USART_ONLY (R_CR2_LBCL_MASK | R_CR2_CPHA_MASK | R_CR2_CPOL_MASK | \
                        R_CR2_CLKEN_MASK)
#define CR3_USART_ONLY (R_CR3_NACK_MASK | R_CR3_SCEN_MASK | R_CR3_RTSE_MASK | \
                        R_CR3_CTSE_MASK | R_CR3_CTSIE_MASK)

/* Flags cleared by a read of SR followed by a read of DR */
#define SR_SEQ_MASK (R_SR_PE_MASK | R_SR_FE_MASK | R_SR_NF_MASK | \
                     R_SR_ORE_MASK | R_SR_IDLE_MASK)
#define SR_RESET    (R_SR_TXE_MASK | R_SR_TC_MASK)

/* Frequency assumed for an unconnected clock input: HSI */
#define USART_DEFAULT_CLK_HZ 16000000
/* Baud rate assumed for the idle timeout while BRR is invalid */
#define USART_DEFAULT_BAUD 115200

static bool usart_clock_enabled(Stm32f4xxUsartState *s)
{
    return !clock_has_source(s->clk) || clock_is_enabled(s->clk);
}

static uint32_t usart_clock_hz(Stm32f4xxUsartState *s)
{
    return clock_has_source(s->clk) ? clock_get_hz(s->clk)
                                    : USART_DEFAULT_CLK_HZ;
}

static bool usart_rx_enabled(Stm32f4xxUsartState *s)
{
    return (s->cr1 & R_CR1_UE_MASK) && (s->cr1 & R_CR1_RE_MASK) &&
           usart_clock_enabled(s);
}

static bool usart_tx_enabled(Stm32f4xxUsartState *s)
{
    return (s->cr1 & R_CR1_UE_MASK) && (s->cr1 & R_CR1_TE_MASK) &&
           usart_clock_enabled(s);
}

/*
 * Clock cycles per bit: fck / baud = 8 * (2 - OVER8) * USARTDIV.
 * With OVER8=0 that is BRR itself (USARTDIV = BRR / 16); with OVER8=1
 * USARTDIV = DIV_Mantissa + DIV_Fraction[2:0] / 8 (BRR[3] is ignored).
 * Returns 0 for an invalid divider (USARTDIV < 1, BRR=0 included).
 */
static uint32_t usart_bit_ticks(Stm32f4xxUsartState *s)
{
    uint32_t mantissa = FIELD_EX32(s->brr, BRR, DIV_MANTISSA);
    uint32_t fraction = FIELD_EX32(s->brr, BRR, DIV_FRACTION);

    if (mantissa == 0) {
        return 0;
    }
    if (s->cr1 & R_CR1_OVER8_MASK) {
        return mantissa * 8 + (fraction & 7);
    }
    return mantissa * 16 + fraction;
}

/* Length of a frame in half bits: start, data (+ parity), stop */
static uint32_t usart_frame_half_bits(Stm32f4xxUsartState *s)
{
    /* STOP: 00 = 1, 01 = 0.5, 10 = 2, 11 = 1.5 stop bits */
    static const uint32_t stop_half_bits[] = { 2, 1, 4, 3 };

    return 2 + ((s->cr1 & R_CR1_M_MASK) ? 18 : 16) +
           stop_half_bits[FIELD_EX32(s->cr2, CR2, STOP)];
}

/* Duration of one character on the line, in ns */
static int64_t usart_char_time_ns(Stm32f4xxUsartState *s)
{
    uint64_t half_bits = usart_frame_half_bits(s);
    uint64_t ticks = usart_bit_ticks(s) * half_bits;

    if (ticks == 0 || !usart_clock_enabled(s)) {
        return muldiv64(half_bits, NANOSECONDS_PER_SECOND,
                        2 * USART_DEFAULT_BAUD);
    }
    if (clock_has_source(s->clk)) {
        return clock_ticks_to_ns(s->clk, ticks) / 2;
    }
    return muldiv64(ticks, NANOSECONDS_PER_SECOND, 2 * USART_DEFAULT_CLK_HZ);
}

static void usart_update_irq(Stm32f4xxUsartState *s)
{
    uint32_t sr = s->sr;
    bool level =
        ((sr & R_SR_TXE_MASK) && (s->cr1 & R_CR1_TXEIE_MASK)) ||
        ((sr & R_SR_TC_MASK) && (s->cr1 & R_CR1_TCIE_MASK)) ||
        ((sr & (R_SR_RXNE_MASK | R_SR_ORE_MASK)) &&
            (s->cr1 & R_CR1_RXNEIE_MASK)) ||
        ((sr & R_SR_IDLE_MASK) && (s->cr1 & R_CR1_IDLEIE_MASK)) ||
        ((sr & R_SR_PE_MASK) && (s->cr1 & R_CR1_PEIE_MASK)) ||
        ((sr & R_SR_LBD_MASK) && (s->cr2 & R_CR2_LBDIE_MASK)) ||
        ((sr & R_SR_CTS_MASK) && (s->cr3 & R_CR3_CTSIE_MASK)) ||
        /* Noise, overrun and framing errors in multibuffer communication */
        ((sr & (R_SR_NF_MASK | R_SR_ORE_MASK | R_SR_FE_MASK)) &&
            (s->cr3 & R_CR3_EIE_MASK) && (s->cr3 & R_CR3_DMAR_MASK));

    trace_stm32f4xx_usart_irq(s->id, level, sr);
    qemu_set_irq(s->irq, level);
    qemu_set_irq(s->dma_rx, (s->cr3 & R_CR3_DMAR_MASK) &&
                            (sr & R_SR_RXNE_MASK));
    qemu_set_irq(s->dma_tx, (s->cr3 & R_CR3_DMAT_MASK) &&
                            (sr & R_SR_TXE_MASK));
}

/* Pass the line settings to the backend (a host serial port) */
static void usart_update_params(Stm32f4xxUsartState *s)
{
    QEMUSerialSetParams ssp;
    uint32_t bit_ticks = usart_bit_ticks(s);
    uint32_t stop = FIELD_EX32(s->cr2, CR2, STOP);
    int word_bits = (s->cr1 & R_CR1_M_MASK) ? 9 : 8;

    if (!(s->cr1 & R_CR1_UE_MASK) || !usart_clock_enabled(s)) {
        return;
    }

    if (s->cr1 & R_CR1_PCE_MASK) {
        ssp.parity = (s->cr1 & R_CR1_PS_MASK) ? 'O' : 'E';
        word_bits--;
    } else {
        ssp.parity = 'N';
    }
    /* Host serial lines carry 8 data bits at most */
    ssp.data_bits = MIN(word_bits, 8);
    /* 0.5 and 1.5 stop bits (smartcard) are rounded up */
    ssp.stop_bits = (stop & 2) ? 2 : 1;
    ssp.speed = bit_ticks ? usart_clock_hz(s) / bit_ticks : 0;

    if (s->params_valid &&
        ssp.speed == s->params.speed && ssp.parity == s->params.parity &&
        ssp.data_bits == s->params.data_bits &&
        ssp.stop_bits == s->params.stop_bits) {
        return;
    }
    s->params = ssp;
    s->params_valid = true;

    if (ssp.speed == 0) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: %s: invalid baud rate: BRR=0x%04" PRIx32
                      " (USARTDIV < 1) with fck=%" PRIu32 " Hz\n",
                      __func__, s->id, s->brr, usart_clock_hz(s));
        return;
    }
    if (stop & 1) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: %s stop bits sent as %d\n",
                      __func__, s->id, stop == 1 ? "0.5" : "1.5",
                      ssp.stop_bits);
    }
    if (word_bits == 9) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: 9-bit data words: bit 8 is not "
                      "carried by the serial backend\n", __func__, s->id);
    }

    trace_stm32f4xx_usart_update_params(s->id, ssp.speed, ssp.parity,
                                        ssp.data_bits, ssp.stop_bits);
    qemu_chr_fe_ioctl(&s->chr, CHR_IOCTL_SERIAL_SET_PARAMS, &ssp);
}

/*
 * Transmitter
 */

/* The byte on the line for the word in DR */
static uint8_t usart_tx_byte(Stm32f4xxUsartState *s)
{
    if ((s->cr1 & R_CR1_PCE_MASK) && !(s->cr1 & R_CR1_M_MASK)) {
        /* 7 data bits: bit 7 is replaced by the parity bit */
        return s->tdr & 0x7f;
    }
    return s->tdr & 0xff;
}

static gboolean usart_tx_watch_cb(void *do_not_use, GIOCondition cond,
                                  void *opaque);

/*
 * Send the word waiting in DR (TXE=0) if the transmitter is enabled; if
 * the backend cannot take it now, retry when it becomes writable.
 */
static void usart_try_transmit(Stm32f4xxUsartState *s)
{
    uint8_t ch;
    int ret;

    if (!(s->sr & R_SR_TXE_MASK) && !s->tx_shifting && !s->watch_tag &&
        usart_tx_enabled(s)) {
        ch = usart_tx_byte(s);
        ret = qemu_chr_fe_write(&s->chr, &ch, 1);

        /* Only "try again later" waits; on a backend error the byte is lost. */
        if (ret == 0 || (ret < 0 && errno == EAGAIN)) {
            s->watch_tag = qemu_chr_fe_add_watch(&s->chr, G_IO_OUT | G_IO_HUP,
                                                 usart_tx_watch_cb, s);
            if (s->watch_tag) {
                trace_stm32f4xx_usart_tx_pending(s->id, ch);
                usart_update_irq(s);
                return;
            }
            /*
             * No backend, or one that cannot be watched: the byte goes
             * into the void rather than blocking the guest.
             */
        }
        trace_stm32f4xx_usart_tx(s->id, ch);
        if (!s->tx_pacing) {
            s->sr |= R_SR_TXE_MASK | R_SR_TC_MASK;
            usart_update_irq(s);
            return;
        }
        /* DR -> shift register; TC once the frame has left it */
        s->sr |= R_SR_TXE_MASK;
        s->tx_shifting = true;
        timer_mod(s->tx_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                               usart_char_time_ns(s));
    }
    usart_update_irq(s);
}

/* End of a frame: the next word waiting in DR starts, or TC is set. */
static void usart_tx_frame_done(void *opaque)
{
    Stm32f4xxUsartState *s = opaque;

    s->tx_shifting = false;
    if (s->sr & R_SR_TXE_MASK) {
        s->sr |= R_SR_TC_MASK;
    }
    usart_try_transmit(s);
}

static gboolean usart_tx_watch_cb(void *do_not_use, GIOCondition cond,
                                  void *opaque)
{
    Stm32f4xxUsartState *s = opaque;

    s->watch_tag = 0;
    usart_try_transmit(s);
    return G_SOURCE_REMOVE;
}

static void usart_cancel_transmit(Stm32f4xxUsartState *s)
{
    g_clear_handle_id(&s->watch_tag, g_source_remove);
}

/* SBK: send one break character, then SBK is cleared by hardware */
static void usart_try_send_break(Stm32f4xxUsartState *s)
{
    int enable;

    if (!(s->cr1 & R_CR1_SBK_MASK) || !usart_tx_enabled(s)) {
        return;
    }
    trace_stm32f4xx_usart_break(s->id, "sent");
    enable = 1;
    qemu_chr_fe_ioctl(&s->chr, CHR_IOCTL_SERIAL_SET_BREAK, &enable);
    enable = 0;
    qemu_chr_fe_ioctl(&s->chr, CHR_IOCTL_SERIAL_SET_BREAK, &enable);
    s->cr1 &= ~R_CR1_SBK_MASK;
}

/*
 * Receiver
 */

/* (Re)start the idle line detection: one character time from now */
static void usart_start_idle_detection(Stm32f4xxUsartState *s)
{
    s->idle_armed = true;
    timer_mod(s->idle_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                             usart_char_time_ns(s));
}

static void usart_idle_timeout(void *opaque)
{
    Stm32f4xxUsartState *s = opaque;

    if (!s->idle_armed) {
        return;
    }
    if (!usart_rx_enabled(s)) {
        s->idle_armed = false;
        return;
    }
    if (s->cr1 & R_CR1_RWU_MASK) {
        /* Mute mode: no flag; an idle line wakes up the receiver (WAKE=0) */
        if (!(s->cr1 & R_CR1_WAKE_MASK)) {
            s->cr1 &= ~R_CR1_RWU_MASK;
            trace_stm32f4xx_usart_wakeup(s->id, "idle line");
        }
        s->idle_armed = false;
        return;
    }
    if (s->rx_backpressure && (s->sr & R_SR_RXNE_MASK)) {
        /* The line may be held by us: wait for the DR read */
        return;
    }
    s->idle_armed = false;
    s->sr |= R_SR_IDLE_MASK;
    trace_stm32f4xx_usart_idle(s->id);
    usart_update_irq(s);
}

static int usart_can_receive(void *opaque)
{
    Stm32f4xxUsartState *s = opaque;

    if (!usart_rx_enabled(s)) {
        return 0;
    }
    if (s->rx_backpressure && (s->sr & R_SR_RXNE_MASK)) {
        return 0;
    }
    return 1;
}

static int usart_parity_bit(Stm32f4xxUsartState *s, uint8_t data)
{
    int odd = (s->cr1 & R_CR1_PS_MASK) ? 1 : 0;

    return (ctpop8(data) & 1) ^ odd;
}

/* The DR word for a byte from the line */
static uint32_t usart_rx_word(Stm32f4xxUsartState *s, uint8_t c)
{
    if (!(s->cr1 & R_CR1_PCE_MASK)) {
        return c;
    }
    if (s->cr1 & R_CR1_M_MASK) {
        return c | (usart_parity_bit(s, c) << 8);
    }
    c &= 0x7f;
    return c | (usart_parity_bit(s, c) << 7);
}

/* Move a received word to DR, or lose it with ORE if DR is full */
static void usart_rx_push(Stm32f4xxUsartState *s, uint32_t word,
                          uint32_t flags)
{
    if (s->sr & R_SR_RXNE_MASK) {
        trace_stm32f4xx_usart_rx_overrun(s->id, s->dr, word);
        s->sr |= R_SR_ORE_MASK;
    } else {
        trace_stm32f4xx_usart_rx(s->id, word);
        s->dr = word;
        s->sr |= R_SR_RXNE_MASK | flags;
    }
}

static void usart_receive(void *opaque, const uint8_t *buf, int size)
{
    Stm32f4xxUsartState *s = opaque;
    int i;

    for (i = 0; i < size; i++) {
        uint8_t c = buf[i];

        if (!usart_rx_enabled(s)) {
            trace_stm32f4xx_usart_rx_drop(s->id, c, "receiver disabled");
            continue;
        }
        /* Address mark (MSB set) in multiprocessor communication */
        if ((s->cr1 & R_CR1_WAKE_MASK) && !(s->cr1 & R_CR1_M_MASK) &&
            (c & 0x80)) {
            if ((c & 0xf) == FIELD_EX32(s->cr2, CR2, ADD)) {
                if (s->cr1 & R_CR1_RWU_MASK) {
                    trace_stm32f4xx_usart_wakeup(s->id, "address match");
                }
                s->cr1 &= ~R_CR1_RWU_MASK;
            } else {
                s->cr1 |= R_CR1_RWU_MASK;
            }
        }
        usart_start_idle_detection(s);
        if (s->cr1 & R_CR1_RWU_MASK) {
            trace_stm32f4xx_usart_rx_drop(s->id, c, "mute mode");
            continue;
        }
        usart_rx_push(s, usart_rx_word(s, c), 0);
    }
    usart_update_irq(s);
}

static void usart_event(void *opaque, QEMUChrEvent event)
{
    Stm32f4xxUsartState *s = opaque;

    if (event != CHR_EVENT_BREAK || !usart_rx_enabled(s)) {
        return;
    }
    trace_stm32f4xx_usart_break(s->id, "received");
    /* The LIN break detector is independent of the receiver */
    if (s->cr2 & R_CR2_LINEN_MASK) {
        s->sr |= R_SR_LBD_MASK;
    }
    /* For the receiver, a break is a 0x00 word without stop bit */
    if (!(s->cr1 & R_CR1_RWU_MASK)) {
        usart_rx_push(s, 0, R_SR_FE_MASK);
        usart_start_idle_detection(s);
    }
    usart_update_irq(s);
}

static void usart_accept_input(Stm32f4xxUsartState *s)
{
    if (usart_can_receive(s)) {
        qemu_chr_fe_accept_input(&s->chr);
    }
}

/* DR has been emptied: the line may be released */
static void usart_clear_rxne(Stm32f4xxUsartState *s)
{
    if (!(s->sr & R_SR_RXNE_MASK)) {
        return;
    }
    s->sr &= ~R_SR_RXNE_MASK;
    if (s->idle_armed) {
        usart_start_idle_detection(s);
    }
    usart_accept_input(s);
}

/*
 * Registers
 */

static void usart_write_cr1(Stm32f4xxUsartState *s, uint32_t value)
{
    bool rx_was_enabled = usart_rx_enabled(s);

    s->cr1 = value & CR1_MASK;
    usart_update_params(s);
    usart_try_send_break(s);
    if (!rx_was_enabled) {
        usart_accept_input(s);
    }
    usart_try_transmit(s);
}

static void usart_write_cr2(Stm32f4xxUsartState *s, uint32_t value)
{
    uint32_t old = s->cr2;

    s->cr2 = value & CR2_MASK & (s->uart ? ~CR2_USART_ONLY : ~0);
    if ((s->cr2 & ~old) & R_CR2_CLKEN_MASK) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: synchronous mode (CLKEN): no "
                      "clock output\n", __func__, s->id);
    }
    usart_update_params(s);
    usart_update_irq(s);
}

static void usart_write_cr3(Stm32f4xxUsartState *s, uint32_t value)
{
    uint32_t old = s->cr3;
    uint32_t set;

    s->cr3 = value & CR3_MASK & (s->uart ? ~CR3_USART_ONLY : ~0);
    set = s->cr3 & ~old;
    if (set & R_CR3_SCEN_MASK) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: smartcard mode (SCEN)\n",
                      __func__, s->id);
    }
    if (set & R_CR3_IREN_MASK) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: IrDA mode (IREN): works as a "
                      "plain UART\n", __func__, s->id);
    }
    if (set & (R_CR3_RTSE_MASK | R_CR3_CTSE_MASK)) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: hardware flow control "
                      "(RTSE/CTSE)\n", __func__, s->id);
    }
    usart_update_irq(s);
}

/* Register contents, without side effects */
static uint32_t usart_peek(Stm32f4xxUsartState *s, hwaddr reg)
{
    switch (reg) {
    case A_SR:
        return s->sr;
    case A_DR:
        return s->dr;
    case A_BRR:
        return s->brr;
    case A_CR1:
        return s->cr1;
    case A_CR2:
        return s->cr2;
    case A_CR3:
        return s->cr3;
    case A_GTPR:
        return s->gtpr;
    default:
        return 0;
    }
}

static uint32_t usart_read_reg(Stm32f4xxUsartState *s, hwaddr reg)
{
    uint32_t value = usart_peek(s, reg);

    switch (reg) {
    case A_SR:
        /* First step of the ORE/IDLE/NF/FE/PE clearing sequence */
        s->sr_read_flags = s->sr & SR_SEQ_MASK;
        break;
    case A_DR:
        value &= R_DR_DR_MASK;
        s->sr &= ~s->sr_read_flags;
        s->sr_read_flags = 0;
        usart_clear_rxne(s);
        usart_update_irq(s);
        break;
    default:
        break;
    }
    return value;
}

static void usart_write_reg(Stm32f4xxUsartState *s, hwaddr reg,
                            uint32_t value)
{
    switch (reg) {
    case A_SR:
        /* RXNE, TC, LBD and CTS: rc_w0; the other bits are read-only */
        if (!(value & R_SR_RXNE_MASK)) {
            usart_clear_rxne(s);
        }
        s->sr &= value | ~SR_W0C_MASK;
        usart_update_irq(s);
        break;
    case A_DR:
        /* A write while TXE=0 replaces the word not yet transmitted */
        s->tdr = value & R_DR_DR_MASK;
        s->sr &= ~(R_SR_TXE_MASK | R_SR_TC_MASK);
        usart_try_transmit(s);
        break;
    case A_BRR:
        s->brr = value & BRR_MASK;
        usart_update_params(s);
        break;
    case A_CR1:
        usart_write_cr1(s, value);
        break;
    case A_CR2:
        usart_write_cr2(s, value);
        break;
    case A_CR3:
        usart_write_cr3(s, value);
        break;
    case A_GTPR:
        s->gtpr = s->uart ? 0 : (value & GTPR_MASK);
        break;
    default:
        /* The callers only pass register offsets */
        break;
    }
}

static uint64_t stm32f4xx_usart_read(void *opaque, hwaddr addr,
                                     unsigned int size)
{
    Stm32f4xxUsartState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value = 0;

    if (reg > A_GTPR) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx
                      "\n", __func__, s->id, addr);
    } else if (!usart_clock_enabled(s)) {
        /* Peripheral clock disabled in the RCC: reads as 0 */
        value = 0;
    } else if (addr & 3) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: %u-byte read at offset 0x%"
                      HWADDR_PRIx " is not a register access\n", __func__,
                      s->id, size, addr);
        value = usart_peek(s, reg) >> ((addr & 3) * 8);
    } else {
        value = usart_read_reg(s, reg);
    }

    trace_stm32f4xx_usart_read(s->id, addr, size, value);
    return value;
}

static void stm32f4xx_usart_write(void *opaque, hwaddr addr,
                                  uint64_t val64, unsigned int size)
{
    Stm32f4xxUsartState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value = val64;
    uint32_t mask;

    trace_stm32f4xx_usart_write(s->id, addr, size, value);

    if (reg > A_GTPR) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx
                      "\n", __func__, s->id, addr);
        return;
    }
    if (addr & 3) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: %u-byte write at offset 0x%"
                      HWADDR_PRIx " is not a register access, ignored\n",
                      __func__, s->id, size, addr);
        return;
    }
    if (!usart_clock_enabled(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: write to offset 0x%"
                      HWADDR_PRIx " ignored: peripheral clock disabled "
                      "in the RCC\n", __func__, s->id, addr);
        return;
    }
    if (size < 4) {
        /* A narrow write leaves the other bits of the register as they are */
        mask = MAKE_64BIT_MASK(0, size * 8);
        value = ((reg == A_DR ? s->tdr : usart_peek(s, reg)) & ~mask) |
                (value & mask);
    }
    usart_write_reg(s, reg, value);
}

static const MemoryRegionOps stm32f4xx_usart_ops = {
    .read = stm32f4xx_usart_read,
    .write = stm32f4xx_usart_write,
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

static void usart_clk_update(void *opaque, ClockEvent event)
{
    Stm32f4xxUsartState *s = opaque;

    if (!DEVICE(s)->realized) {
        return;
    }
    trace_stm32f4xx_usart_clock(s->id, clock_get_hz(s->clk));
    usart_update_params(s);
    usart_try_send_break(s);
    usart_accept_input(s);
    usart_try_transmit(s);
}

/* Restart the transmitter and the receiver after a migration */
static void usart_kick_bh(void *opaque)
{
    Stm32f4xxUsartState *s = opaque;

    usart_try_transmit(s);
    usart_accept_input(s);
}

static int usart_be_change(void *opaque)
{
    Stm32f4xxUsartState *s = opaque;

    qemu_chr_fe_set_handlers(&s->chr, usart_can_receive, usart_receive,
                             usart_event, usart_be_change, s, NULL, true);
    s->params_valid = false;
    usart_update_params(s);
    if (s->watch_tag) {
        usart_cancel_transmit(s);
        usart_try_transmit(s);
    }
    usart_accept_input(s);
    return 0;
}

static void stm32f4xx_usart_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxUsartState *s = STM32F4XX_USART(obj);

    s->sr = SR_RESET;
    s->dr = 0;
    s->tdr = 0;
    s->brr = 0;
    s->cr1 = 0;
    s->cr2 = 0;
    s->cr3 = 0;
    s->gtpr = 0;
    s->sr_read_flags = 0;
    s->idle_armed = false;
    timer_del(s->idle_timer);
    timer_del(s->tx_timer);
    s->tx_shifting = false;
    usart_cancel_transmit(s);
    s->params_valid = false;

    usart_update_irq(s);
}

static int stm32f4xx_usart_post_load(void *opaque, int version_id)
{
    Stm32f4xxUsartState *s = opaque;

    s->params_valid = false;
    usart_update_params(s);
    qemu_bh_schedule(s->kick_bh);
    return 0;
}

static bool usart_tx_shifting_needed(void *opaque)
{
    Stm32f4xxUsartState *s = opaque;

    return s->tx_shifting;
}

/* A frame in the shift register: its end (TC) is still to come. */
static const VMStateDescription vmstate_stm32f4xx_usart_tx_shift = {
    .name = TYPE_STM32F4XX_USART "/tx-shift",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = usart_tx_shifting_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(tx_shifting, Stm32f4xxUsartState),
        VMSTATE_TIMER_PTR(tx_timer, Stm32f4xxUsartState),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_stm32f4xx_usart = {
    .name = TYPE_STM32F4XX_USART,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = stm32f4xx_usart_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(sr, Stm32f4xxUsartState),
        VMSTATE_UINT32(dr, Stm32f4xxUsartState),
        VMSTATE_UINT32(tdr, Stm32f4xxUsartState),
        VMSTATE_UINT32(brr, Stm32f4xxUsartState),
        VMSTATE_UINT32(cr1, Stm32f4xxUsartState),
        VMSTATE_UINT32(cr2, Stm32f4xxUsartState),
        VMSTATE_UINT32(cr3, Stm32f4xxUsartState),
        VMSTATE_UINT32(gtpr, Stm32f4xxUsartState),
        VMSTATE_UINT32(sr_read_flags, Stm32f4xxUsartState),
        VMSTATE_BOOL(idle_armed, Stm32f4xxUsartState),
        VMSTATE_TIMER_PTR(idle_timer, Stm32f4xxUsartState),
        VMSTATE_CLOCK(clk, Stm32f4xxUsartState),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_stm32f4xx_usart_tx_shift,
        NULL
    }
};

static const Property stm32f4xx_usart_properties[] = {
    DEFINE_PROP_CHR("chardev", Stm32f4xxUsartState, chr),
    DEFINE_PROP_BOOL("uart", Stm32f4xxUsartState, uart, false),
    DEFINE_PROP_BOOL("rx-backpressure", Stm32f4xxUsartState,
                     rx_backpressure, true),
    DEFINE_PROP_BOOL("tx-pacing", Stm32f4xxUsartState, tx_pacing, true),
};

static void stm32f4xx_usart_init(Object *obj)
{
    Stm32f4xxUsartState *s = STM32F4XX_USART(obj);

    memory_region_init_io(&s->mmio, obj, &stm32f4xx_usart_ops, s,
                          TYPE_STM32F4XX_USART, STM32F4XX_USART_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qdev_init_gpio_out_named(DEVICE(obj), &s->dma_rx, "dma-rx", 1);
    qdev_init_gpio_out_named(DEVICE(obj), &s->dma_tx, "dma-tx", 1);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", usart_clk_update, s,
                                ClockUpdate);
}

static void stm32f4xx_usart_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxUsartState *s = STM32F4XX_USART(dev);
    const char *name = object_get_canonical_path_component(OBJECT(dev));

    s->id = g_strdup(name ? name : TYPE_STM32F4XX_USART);
    s->idle_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, usart_idle_timeout, s);
    s->tx_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, usart_tx_frame_done, s);
    s->kick_bh = qemu_bh_new_guarded(usart_kick_bh, s,
                                     &dev->mem_reentrancy_guard);
    qemu_chr_fe_set_handlers(&s->chr, usart_can_receive, usart_receive,
                             usart_event, usart_be_change, s, NULL, true);
}

static void stm32f4xx_usart_unrealize(DeviceState *dev)
{
    Stm32f4xxUsartState *s = STM32F4XX_USART(dev);

    usart_cancel_transmit(s);
    qemu_chr_fe_deinit(&s->chr, false);
    timer_free(s->idle_timer);
    timer_free(s->tx_timer);
    qemu_bh_delete(s->kick_bh);
    g_free(s->id);
    s->id = NULL;
}

static void stm32f4xx_usart_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F4xx USART";
    dc->realize = stm32f4xx_usart_realize;
    dc->unrealize = stm32f4xx_usart_unrealize;
    dc->vmsd = &vmstate_stm32f4xx_usart;
    device_class_set_props(dc, stm32f4xx_usart_properties);
    rc->phases.hold = stm32f4xx_usart_reset_hold;
}

static const TypeInfo stm32f4xx_usart_types[] = {
    {
        .name          = TYPE_STM32F4XX_USART,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f4xxUsartState),
        .instance_init = stm32f4xx_usart_init,
        .class_init    = stm32f4xx_usart_class_init,
    },
};

DEFINE_TYPES(stm32f4xx_usart_types)
