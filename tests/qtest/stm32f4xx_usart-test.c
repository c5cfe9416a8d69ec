/*
 * QTest testcase for the STM32F4xx USART (stm32f4xx-usart) on the
 * stm32f4-discovery machine.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include <sys/socket.h>
#include <sys/un.h>
#include "libqtest.h"
#include "stm32f4-migration.h"
#include "hw/registerfields.h"
#include "qemu/host-utils.h"
#include "qobject/qdict.h"

#define RCC_BASE        0x40023800
#define RCC_APB1ENR     (RCC_BASE + 0x40)
#define RCC_APB2ENR     (RCC_BASE + 0x44)
#define USART2EN        BIT(17)
#define USART3EN        BIT(18)

/* USART2 is serial0 */
#define USART2_BASE     0x40004400
#define USART2_IRQ      38
#define USART2_CLK      "/machine/soc/usart2/clk"

/* See stm32f4xx_usart.c for the definitions */
REG32(SR, 0x00)
    FIELD(SR, PE, 0, 1)
    FIELD(SR, FE, 1, 1)
    FIELD(SR, NF, 2, 1)
    FIELD(SR, ORE, 3, 1)
    FIELD(SR, IDLE, 4, 1)
    FIELD(SR, RXNE, 5, 1)
    FIELD(SR, TC, 6, 1)
    FIELD(SR, TXE, 7, 1)
    FIELD(SR, LBD, 8, 1)
REG32(DR, 0x04)
REG32(BRR, 0x08)
REG32(CR1, 0x0C)
    FIELD(CR1, SBK, 0, 1)
    FIELD(CR1, RWU, 1, 1)
    FIELD(CR1, RE, 2, 1)
    FIELD(CR1, TE, 3, 1)
    FIELD(CR1, IDLEIE, 4, 1)
    FIELD(CR1, RXNEIE, 5, 1)
    FIELD(CR1, TCIE, 6, 1)
    FIELD(CR1, TXEIE, 7, 1)
    FIELD(CR1, PS, 9, 1)
    FIELD(CR1, PCE, 10, 1)
    FIELD(CR1, WAKE, 11, 1)
    FIELD(CR1, M, 12, 1)
    FIELD(CR1, UE, 13, 1)
    FIELD(CR1, OVER8, 15, 1)
REG32(CR2, 0x10)
    FIELD(CR2, ADD, 0, 4)
    FIELD(CR2, LBDIE, 6, 1)
    FIELD(CR2, STOP, 12, 2)
    FIELD(CR2, LINEN, 14, 1)
REG32(CR3, 0x14)
    FIELD(CR3, EIE, 0, 1)
    FIELD(CR3, DMAR, 6, 1)
    FIELD(CR3, DMAT, 7, 1)
REG32(GTPR, 0x18)

#define SR_RESET        (R_SR_TXE_MASK | R_SR_TC_MASK)
/* 115200 baud from a 16 MHz clock: USARTDIV = 8.6875 */
#define BRR_115200      0x8B

/* Give up waiting for the emulator after this long */
#define WAIT_US         (5 * G_USEC_PER_SEC)

typedef struct {
    QTestState *qts;
    int sock;       /* host end of serial0 (USART2), or -1 */
    char *log;      /* -D log file */
} Board;

static uint32_t rd(Board *b, uint32_t reg)
{
    return qtest_readl(b->qts, USART2_BASE + reg);
}

static void wr(Board *b, uint32_t reg, uint32_t value)
{
    qtest_writel(b->qts, USART2_BASE + reg, value);
}

static void set_recv_timeout(int fd)
{
    struct timeval tv = { .tv_sec = 5 };

    g_assert_cmpint(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
                               sizeof(tv)), ==, 0);
}

/*
 * Start the board with serial0 on a socket, guest errors, unimplemented
 * features and the baud rate trace in a log file, and the NVIC inputs
 * intercepted (unless intercept_nvic is false).
 */
static void board_start(Board *b, const char *extra, bool intercept_nvic)
{
    g_autofree char *args = NULL;
    int fd = g_file_open_tmp("stm32f4xx-usart-XXXXXX.log", &b->log, NULL);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    /*
     * Most cases check flags, not timing: without pacing TXE/TC follow the
     * backend at once. test_tx_pacing turns it back on (the last -global wins).
     */
    args = g_strdup_printf("-M stm32f4-discovery -d guest_errors,unimp,"
                           "trace:stm32f4xx_usart_update_params -D %s "
                           "-global stm32f4xx-usart.tx-pacing=off %s",
                           b->log, extra ? extra : "");
    b->qts = qtest_init_with_serial(args, &b->sock);
    set_recv_timeout(b->sock);
    if (intercept_nvic) {
        qtest_irq_intercept_in(b->qts, "/machine/soc/armv7m");
    }
}

static void board_stop(Board *b)
{
    if (b->sock >= 0) {
        close(b->sock);
    }
    qtest_quit(b->qts);
    unlink(b->log);
    g_free(b->log);
}

static bool log_contains(Board *b, const char *needle)
{
    g_autofree char *text = NULL;

    g_assert_true(g_file_get_contents(b->log, &text, NULL, NULL));
    return strstr(text, needle) != NULL;
}

static void enable_clock(Board *b)
{
    qtest_writel(b->qts, RCC_APB1ENR,
                 qtest_readl(b->qts, RCC_APB1ENR) | USART2EN);
}

static void disable_clock(Board *b)
{
    qtest_writel(b->qts, RCC_APB1ENR,
                 qtest_readl(b->qts, RCC_APB1ENR) & ~USART2EN);
}

static bool irq(Board *b)
{
    /* Process the IRQ messages queued before a harmless command's reply */
    qtest_readl(b->qts, USART2_BASE + A_BRR);
    return qtest_get_irq(b->qts, USART2_IRQ);
}

/* Poll SR (this is an SR read!) until (SR & mask) == want */

static bool wait_sr(Board *b, uint32_t mask, uint32_t want)
{
    for (int t = 0; t < WAIT_US; t += 1000) {
        if ((rd(b, A_SR) & mask) == want) {
            return true;
        }
        g_usleep(1000);
    }
    return false;
}

/* Poll the USART2 interrupt line without reading SR */
static bool wait_irq(Board *b, bool level)
{
    for (int t = 0; t < WAIT_US; t += 1000) {
        if (irq(b) == level) {
            return true;
        }
        g_usleep(1000);
    }
    return false;
}

/* Let the main loop run for a while, so that pending input is delivered */
static void spin(Board *b)
{
    for (int i = 0; i < 50; i++) {
        rd(b, A_BRR);
        g_usleep(1000);
    }
}

static void host_send(Board *b, const void *buf, size_t len)
{
    g_assert_cmpint(send(b->sock, buf, len, 0), ==, len);
}

static size_t host_recv(Board *b, uint8_t *buf, size_t len)
{
    size_t got = 0;

    while (got < len) {
        ssize_t n = recv(b->sock, buf + got, len - got, 0);
        if (n <= 0) {
            break;
        }
        got += n;
    }
    return got;
}

static uint8_t host_recv1(Board *b)
{
    uint8_t c = 0;

    g_assert_cmpint(host_recv(b, &c, 1), ==, 1);
    return c;
}

/* Receive one byte from the host: wait for RXNE, then read DR */
static uint32_t rx_word(Board *b, uint8_t c)
{
    host_send(b, &c, 1);
    g_assert_true(wait_sr(b, R_SR_RXNE_MASK, R_SR_RXNE_MASK));
    return rd(b, A_DR);
}

static uint64_t clock_period(QTestState *qts, const char *path)
{
    QDict *r = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments':"
                         " { 'path': %s, 'property': 'qtest-clock-period' } }",
                         path);
    uint64_t period;

    g_assert_false(qdict_haskey(r, "error"));
    period = qdict_get_int(r, "return");
    qobject_unref(r);
    return period;
}

/* Duration in ns of a 10-bit frame (8N1, OVER8=0) for this BRR */
static int64_t frame_ns(Board *b, uint32_t brr)
{
    uint64_t period = clock_period(b->qts, USART2_CLK);
    uint64_t lo, hi;

    g_assert_cmpuint(period, !=, 0);
    /* period is in units of 2^-32 ns */
    mulu64(&lo, &hi, period, brr * 10);
    return (hi << 32) | (lo >> 32);
}

static void test_reset_values(void)
{
    Board b;

    board_start(&b, NULL, true);
    enable_clock(&b);

    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_cmphex(rd(&b, A_DR), ==, 0);
    g_assert_cmphex(rd(&b, A_BRR), ==, 0);
    g_assert_cmphex(rd(&b, A_CR1), ==, 0);
    g_assert_cmphex(rd(&b, A_CR2), ==, 0);
    g_assert_cmphex(rd(&b, A_CR3), ==, 0);
    g_assert_cmphex(rd(&b, A_GTPR), ==, 0);
    g_assert_false(irq(&b));

    /* Change everything, raise the IRQ, then reset the system */
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR2, R_CR2_STOP_MASK);
    wr(&b, A_CR3, R_CR3_EIE_MASK);
    wr(&b, A_GTPR, 0x1234);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_RE_MASK | R_CR1_TE_MASK |
                  R_CR1_TXEIE_MASK);
    g_assert_true(irq(&b));
    g_assert_cmphex(rx_word(&b, 'r'), ==, 'r');
    wr(&b, A_SR, 0);

    qtest_system_reset(b.qts);
    g_assert_false(irq(&b));
    enable_clock(&b);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_cmphex(rd(&b, A_DR), ==, 0);
    g_assert_cmphex(rd(&b, A_BRR), ==, 0);
    g_assert_cmphex(rd(&b, A_CR1), ==, 0);
    g_assert_cmphex(rd(&b, A_CR2), ==, 0);
    g_assert_cmphex(rd(&b, A_CR3), ==, 0);
    g_assert_cmphex(rd(&b, A_GTPR), ==, 0);

    board_stop(&b);
}

static void test_write_masks(void)
{
    Board b;

    board_start(&b, NULL, true);
    enable_clock(&b);

    /* SR: writing 1 has no effect, TXE is read-only, TC is rc_w0 */
    wr(&b, A_SR, 0xFFFFFFFF);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    wr(&b, A_SR, 0);
    g_assert_cmphex(rd(&b, A_SR), ==, R_SR_TXE_MASK);

    /* DR reads the received data, not what was written */
    wr(&b, A_DR, 0x55);
    g_assert_cmphex(rd(&b, A_DR), ==, 0);

    wr(&b, A_BRR, 0xFFFFFFFF);
    g_assert_cmphex(rd(&b, A_BRR), ==, 0xFFFF);
    wr(&b, A_CR2, 0xFFFFFFFF);
    g_assert_cmphex(rd(&b, A_CR2), ==, 0x7F6F);
    wr(&b, A_CR3, 0xFFFFFFFF);
    g_assert_cmphex(rd(&b, A_CR3), ==, 0x0FFF);
    wr(&b, A_GTPR, 0xFFFFFFFF);
    g_assert_cmphex(rd(&b, A_GTPR), ==, 0xFFFF);
    /* Bit 14 is reserved; SBK is cleared once the break is sent */
    wr(&b, A_CR1, 0xFFFFFFFF);
    g_assert_cmphex(rd(&b, A_CR1), ==, 0xBFFE);
    g_assert_true(log_contains(&b, "smartcard mode (SCEN)"));
    g_assert_true(log_contains(&b, "IrDA mode (IREN)"));
    g_assert_true(log_contains(&b, "synchronous mode (CLKEN)"));

    board_stop(&b);
}

/* UART4 and UART5 lack the synchronous, smartcard and flow control bits */
static void test_uart_masks(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");
    static const struct {
        uint32_t base, enr;
        uint32_t cr2, cr3, gtpr;
    } u[] = {
        { 0x40004800, 18, 0x7F6F, 0x0FFF, 0xFFFF },  /* USART3 */
        { 0x40004C00, 19, 0x706F, 0x08CF, 0 },       /* UART4 */
        { 0x40005000, 20, 0x706F, 0x08CF, 0 },       /* UART5 */
    };

    for (int i = 0; i < ARRAY_SIZE(u); i++) {
        qtest_writel(qts, RCC_APB1ENR, BIT(u[i].enr));
        qtest_writel(qts, u[i].base + A_CR2, 0xFFFFFFFF);
        qtest_writel(qts, u[i].base + A_CR3, 0xFFFFFFFF);
        qtest_writel(qts, u[i].base + A_GTPR, 0xFFFFFFFF);
        g_assert_cmphex(qtest_readl(qts, u[i].base + A_CR2), ==, u[i].cr2);
        g_assert_cmphex(qtest_readl(qts, u[i].base + A_CR3), ==, u[i].cr3);
        g_assert_cmphex(qtest_readl(qts, u[i].base + A_GTPR), ==, u[i].gtpr);
    }
    qtest_quit(qts);
}

static void test_clock_gating(void)
{
    Board b;

    board_start(&b, NULL, true);

    /* Clock off at reset: reads as zero, writes are ignored and logged */
    g_assert_cmphex(qtest_readl(b.qts, RCC_APB1ENR) & USART2EN, ==, 0);
    g_assert_cmphex(rd(&b, A_SR), ==, 0);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TXEIE_MASK);
    g_assert_false(irq(&b));
    g_assert_true(log_contains(&b, "peripheral clock disabled"));

    /* Another USART's enable bit does not clock USART2 */
    qtest_writel(b.qts, RCC_APB1ENR, USART3EN);
    g_assert_cmphex(rd(&b, A_SR), ==, 0);
    wr(&b, A_BRR, BRR_115200);

    enable_clock(&b);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_cmphex(rd(&b, A_BRR), ==, 0);
    g_assert_cmphex(rd(&b, A_CR1), ==, 0);

    /* Registers keep their value while the clock is off */
    wr(&b, A_BRR, BRR_115200);
    disable_clock(&b);
    g_assert_cmphex(rd(&b, A_BRR), ==, 0);
    wr(&b, A_BRR, 0x1111);
    enable_clock(&b);
    g_assert_cmphex(rd(&b, A_BRR), ==, BRR_115200);

    /* No reception while the clock is off; the byte waits in the chardev */
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_RE_MASK);
    disable_clock(&b);
    host_send(&b, "g", 1);
    spin(&b);
    enable_clock(&b);
    g_assert_true(wait_sr(&b, R_SR_RXNE_MASK, R_SR_RXNE_MASK));
    g_assert_cmphex(rd(&b, A_DR), ==, 'g');

    board_stop(&b);
}

static void test_access_sizes(void)
{
    Board b;

    board_start(&b, NULL, true);
    enable_clock(&b);

    /* Halfword and byte accesses at a register offset are normal accesses */
    qtest_writew(b.qts, USART2_BASE + A_BRR, 0x1234);
    g_assert_cmphex(rd(&b, A_BRR), ==, 0x1234);
    g_assert_cmphex(qtest_readw(b.qts, USART2_BASE + A_BRR), ==, 0x1234);
    g_assert_cmphex(qtest_readb(b.qts, USART2_BASE + A_BRR), ==, 0x34);
    qtest_writeb(b.qts, USART2_BASE + A_BRR, 0x56);
    g_assert_cmphex(rd(&b, A_BRR), ==, 0x1256);
    g_assert_cmphex(qtest_readw(b.qts, USART2_BASE + A_SR), ==, SR_RESET);
    qtest_writew(b.qts, USART2_BASE + A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK);
    qtest_writew(b.qts, USART2_BASE + A_DR, '!');
    g_assert_cmphex(host_recv1(&b), ==, '!');
    g_assert_false(log_contains(&b, "not a register access"));
    g_assert_false(log_contains(&b, "bad offset"));

    /* Accesses to the upper bits alone are logged; writes are ignored */
    g_assert_cmphex(qtest_readb(b.qts, USART2_BASE + A_BRR + 1), ==, 0x12);
    g_assert_true(log_contains(&b, "1-byte read at offset 0x9 is not a "
                               "register access"));
    qtest_writew(b.qts, USART2_BASE + A_CR1 + 2, 0xFFFF);
    g_assert_cmphex(rd(&b, A_CR1), ==, R_CR1_UE_MASK | R_CR1_TE_MASK);
    g_assert_true(log_contains(&b, "2-byte write at offset 0xe is not a "
                               "register access"));

    /* Past GTPR: reads as zero, writes ignored, both logged */
    g_assert_cmphex(rd(&b, 0x1C), ==, 0);
    g_assert_true(log_contains(&b, "bad offset 0x1c"));
    wr(&b, 0x3FC, 0xFFFFFFFF);
    g_assert_cmphex(rd(&b, 0x3FC), ==, 0);
    g_assert_true(log_contains(&b, "bad offset 0x3fc"));

    /* Unaligned word accesses (split by the memory core) do not crash */
    qtest_readl(b.qts, USART2_BASE + 1);
    qtest_writel(b.qts, USART2_BASE + A_GTPR + 2, 0xFFFFFFFF);
    qtest_readl(b.qts, USART2_BASE + 0x3F9);
    g_assert_true(wait_sr(&b, 0xFFFFFFFF, SR_RESET));
    g_assert_cmphex(rd(&b, A_BRR), ==, 0x1256);

    board_stop(&b);
}

static void test_tx(void)
{
    Board b;
    uint8_t buf[8];

    board_start(&b, NULL, true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK);

    wr(&b, A_DR, 'x');
    g_assert_cmphex(host_recv1(&b), ==, 'x');
    g_assert_true(wait_sr(&b, 0xFFFFFFFF, SR_RESET));

    for (const char *p = "hello"; *p; p++) {
        g_assert_true(wait_sr(&b, R_SR_TXE_MASK, R_SR_TXE_MASK));
        wr(&b, A_DR, *p);
    }
    g_assert_true(wait_sr(&b, R_SR_TC_MASK, R_SR_TC_MASK));
    g_assert_cmpint(host_recv(&b, buf, 5), ==, 5);
    g_assert_cmpmem(buf, 5, "hello", 5);

    /* Nothing is sent while UE=0 or TE=0: the word waits in DR */
    wr(&b, A_CR1, R_CR1_TE_MASK);
    wr(&b, A_DR, 'u');
    wr(&b, A_CR1, R_CR1_UE_MASK);
    spin(&b);
    g_assert_cmphex(rd(&b, A_SR) & SR_RESET, ==, 0);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK);
    g_assert_true(wait_sr(&b, SR_RESET, SR_RESET));
    g_assert_cmphex(host_recv1(&b), ==, 'u');

    board_stop(&b);
}

/*
 * Transmission takes the frame time of the line: at 115200 8N1 a frame is
 * 86.8 us. The first word moves to the shift register at once (TXE=1), a
 * second one waits in DR (TXE=0), TC comes at the end of the last frame.
 */
static void test_tx_pacing(void)
{
    Board b;
    uint8_t buf[2];

    board_start(&b, "-global stm32f4xx-usart.tx-pacing=on", true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK);

    wr(&b, A_DR, 'p');
    g_assert_cmphex(rd(&b, A_SR) & SR_RESET, ==, R_SR_TXE_MASK);
    wr(&b, A_DR, 'q');
    g_assert_cmphex(rd(&b, A_SR) & SR_RESET, ==, 0);
    qtest_clock_step(b.qts, 80 * 1000);
    g_assert_cmphex(rd(&b, A_SR) & SR_RESET, ==, 0);
    qtest_clock_step(b.qts, 10 * 1000);             /* first frame done: q starts */
    g_assert_cmphex(rd(&b, A_SR) & SR_RESET, ==, R_SR_TXE_MASK);
    qtest_clock_step(b.qts, 80 * 1000);
    g_assert_cmphex(rd(&b, A_SR) & SR_RESET, ==, R_SR_TXE_MASK);
    qtest_clock_step(b.qts, 10 * 1000);             /* second frame done */
    g_assert_cmphex(rd(&b, A_SR) & SR_RESET, ==, SR_RESET);
    g_assert_cmpint(host_recv(&b, buf, 2), ==, 2);
    g_assert_cmpmem(buf, 2, "pq", 2);

    board_stop(&b);
}

static void test_tx_irq(void)
{
    Board b;

    board_start(&b, NULL, true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);

    wr(&b, A_CR1, R_CR1_UE_MASK);
    g_assert_false(irq(&b));
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TXEIE_MASK);
    g_assert_true(irq(&b));

    /* TE=0: the word stays in DR, TXE and TC low, the IRQ drops */
    wr(&b, A_DR, 'a');
    g_assert_cmphex(rd(&b, A_SR) & SR_RESET, ==, 0);
    g_assert_false(irq(&b));
    /* TE=1: sent, TXE high again */
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK | R_CR1_TXEIE_MASK);
    g_assert_cmphex(host_recv1(&b), ==, 'a');
    g_assert_true(irq(&b));

    /* TCIE alone */
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK | R_CR1_TCIE_MASK);
    g_assert_true(irq(&b));
    wr(&b, A_SR, ~R_SR_TC_MASK);
    g_assert_cmphex(rd(&b, A_SR), ==, R_SR_TXE_MASK);
    g_assert_false(irq(&b));
    wr(&b, A_DR, 'b');
    g_assert_cmphex(host_recv1(&b), ==, 'b');
    g_assert_true(wait_irq(&b, true));

    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK);
    g_assert_false(irq(&b));

    board_stop(&b);
}

/* The host does not read: the chardev fills up, TX must not block */
static void test_tx_backend_busy(void)
{
    Board b;
    const int max = 100000;
    g_autofree uint8_t *buf = g_malloc(max + 1);
    int n;

    board_start(&b, NULL, true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK);

    for (n = 0; n < max; n++) {
        wr(&b, A_DR, n % 251);
        if (!(rd(&b, A_SR) & R_SR_TXE_MASK)) {
            break;
        }
    }
    g_assert_cmpint(n, <, max);
    g_assert_cmphex(rd(&b, A_SR) & SR_RESET, ==, 0);
    /* A write while TXE=0 replaces the pending word */
    wr(&b, A_DR, 0xEE);

    /* Once the host reads, the pending word goes out */
    g_assert_cmpint(host_recv(&b, buf, n + 1), ==, n + 1);
    for (int i = 0; i < n; i++) {
        g_assert_cmphex(buf[i], ==, i % 251);
    }
    g_assert_cmphex(buf[n], ==, 0xEE);
    g_assert_true(wait_sr(&b, SR_RESET, SR_RESET));

    board_stop(&b);
}

static void test_rx(void)
{
    Board b;
    char s[4];

    board_start(&b, NULL, true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_RE_MASK | R_CR1_RXNEIE_MASK);
    g_assert_false(irq(&b));

    host_send(&b, "a", 1);
    g_assert_true(wait_irq(&b, true));
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET | R_SR_RXNE_MASK);
    g_assert_cmphex(rd(&b, A_DR), ==, 'a');
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_false(irq(&b));

    /* A burst is flow controlled: nothing is lost, no overrun */
    host_send(&b, "xyz", 3);
    for (int i = 0; i < 3; i++) {
        g_assert_true(wait_sr(&b, R_SR_RXNE_MASK, R_SR_RXNE_MASK));
        g_assert_cmphex(rd(&b, A_SR) & R_SR_ORE_MASK, ==, 0);
        s[i] = rd(&b, A_DR);
    }
    g_assert_cmpmem(s, 3, "xyz", 3);

    /* 16-bit DR read */
    host_send(&b, "q", 1);
    g_assert_true(wait_sr(&b, R_SR_RXNE_MASK, R_SR_RXNE_MASK));
    g_assert_cmphex(qtest_readw(b.qts, USART2_BASE + A_DR), ==, 'q');
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);

    /* RXNE cleared by writing 0; DR keeps the last word */
    host_send(&b, "r", 1);
    g_assert_true(wait_irq(&b, true));
    wr(&b, A_SR, ~R_SR_RXNE_MASK);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_false(irq(&b));
    g_assert_cmphex(rd(&b, A_DR), ==, 'r');

    board_stop(&b);
}

static void test_rx_disabled(void)
{
    Board b;

    board_start(&b, NULL, true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);

    /* RE=0 */
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK | R_CR1_RXNEIE_MASK);
    host_send(&b, "z", 1);
    spin(&b);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_false(irq(&b));
    /* UE=0 */
    wr(&b, A_CR1, R_CR1_RE_MASK | R_CR1_RXNEIE_MASK);
    spin(&b);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_false(irq(&b));

    /* The byte was held back by the chardev, not lost */
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_RE_MASK | R_CR1_RXNEIE_MASK);
    g_assert_true(wait_sr(&b, R_SR_RXNE_MASK, R_SR_RXNE_MASK));
    g_assert_true(irq(&b));
    g_assert_cmphex(rd(&b, A_DR), ==, 'z');

    board_stop(&b);
}

/* Without flow control, a byte arriving while RXNE=1 is lost: ORE */
static void test_overrun(void)
{
    Board b;

    board_start(&b, "-global stm32f4xx-usart.rx-backpressure=off", true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);

    /* EIE with DMAR: the IRQ shows ORE only */
    wr(&b, A_CR3, R_CR3_EIE_MASK | R_CR3_DMAR_MASK);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_RE_MASK);
    host_send(&b, "a", 1);
    g_assert_true(wait_sr(&b, R_SR_RXNE_MASK, R_SR_RXNE_MASK));
    g_assert_false(irq(&b));
    host_send(&b, "b", 1);
    g_assert_true(wait_irq(&b, true));

    /* DR read without an SR read since ORE was set: ORE stays */
    g_assert_cmphex(rd(&b, A_DR), ==, 'a');
    g_assert_true(irq(&b));
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET | R_SR_ORE_MASK);
    /* SR read, then DR read: cleared */
    g_assert_cmphex(rd(&b, A_DR), ==, 'a');
    g_assert_false(irq(&b));
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);

    /* ORE alone raises the IRQ with RXNEIE; writing 0 to ORE does nothing */
    wr(&b, A_CR3, 0);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_RE_MASK | R_CR1_RXNEIE_MASK);
    host_send(&b, "c", 1);
    g_assert_true(wait_sr(&b, R_SR_RXNE_MASK, R_SR_RXNE_MASK));
    host_send(&b, "d", 1);
    g_assert_true(wait_sr(&b, R_SR_ORE_MASK, R_SR_ORE_MASK));
    wr(&b, A_SR, ~R_SR_RXNE_MASK & ~R_SR_ORE_MASK);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET | R_SR_ORE_MASK);
    g_assert_true(irq(&b));
    g_assert_cmphex(rd(&b, A_DR), ==, 'c');
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_false(irq(&b));

    board_stop(&b);
}

static void test_idle(void)
{
    Board b;
    int64_t frame;

    board_start(&b, NULL, true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_RE_MASK | R_CR1_IDLEIE_MASK);
    frame = frame_ns(&b, BRR_115200);
    g_assert_cmpint(frame, >, 1000);

    /* Nothing received yet: no idle line */
    qtest_clock_step(b.qts, 10 * frame);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);

    /* While the guest has not read DR, the line is held: no IDLE */
    host_send(&b, "a", 1);
    g_assert_true(wait_sr(&b, R_SR_RXNE_MASK, R_SR_RXNE_MASK));
    qtest_clock_step(b.qts, 3 * frame);
    g_assert_cmphex(rd(&b, A_SR) & R_SR_IDLE_MASK, ==, 0);

    /* One frame after the DR read, the line is idle */
    g_assert_cmphex(rd(&b, A_DR), ==, 'a');
    qtest_clock_step(b.qts, frame - 100);
    g_assert_false(irq(&b));
    qtest_clock_step(b.qts, 200);
    g_assert_true(irq(&b));

    /* DR read without a new SR read does not clear IDLE */
    rd(&b, A_DR);
    g_assert_true(irq(&b));
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET | R_SR_IDLE_MASK);
    rd(&b, A_DR);
    g_assert_false(irq(&b));
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);

    /* IDLE is not set again before a new word has been received */
    qtest_clock_step(b.qts, 10 * frame);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_cmphex(rx_word(&b, 'b'), ==, 'b');
    qtest_clock_step(b.qts, frame + 100);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET | R_SR_IDLE_MASK);

    board_stop(&b);
}

static void test_parity(void)
{
    Board b;
    const uint32_t en = R_CR1_UE_MASK | R_CR1_RE_MASK | R_CR1_TE_MASK;

    board_start(&b, NULL, true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);

    /* 7 data bits + even parity in bit 7 */
    wr(&b, A_CR1, en | R_CR1_PCE_MASK);
    g_assert_cmphex(rx_word(&b, 'C'), ==, 0xC3);
    g_assert_cmphex(rx_word(&b, 'A'), ==, 0x41);
    wr(&b, A_DR, 0xC3);
    g_assert_cmphex(host_recv1(&b), ==, 0x43);
    /* Odd parity */
    wr(&b, A_CR1, en | R_CR1_PCE_MASK | R_CR1_PS_MASK);
    g_assert_cmphex(rx_word(&b, 'C'), ==, 0x43);
    g_assert_cmphex(rx_word(&b, 'A'), ==, 0xC1);
    /* 8 data bits + even parity in bit 8 */
    wr(&b, A_CR1, en | R_CR1_PCE_MASK | R_CR1_M_MASK);
    g_assert_cmphex(rx_word(&b, 0xC3), ==, 0x0C3);
    g_assert_cmphex(rx_word(&b, 0xC1), ==, 0x1C1);
    /* 9 data bits: bit 8 is 0 on reception and dropped on transmission */
    wr(&b, A_CR1, en | R_CR1_M_MASK);
    g_assert_cmphex(rx_word(&b, 0xC1), ==, 0x0C1);
    wr(&b, A_DR, 0x1A5);
    g_assert_cmphex(host_recv1(&b), ==, 0xA5);
    g_assert_cmphex(rd(&b, A_SR) & (R_SR_PE_MASK | R_SR_FE_MASK), ==, 0);

    board_stop(&b);
}

static void test_mute(void)
{
    Board b;
    const uint32_t en = R_CR1_UE_MASK | R_CR1_RE_MASK;
    int64_t frame;
    int t;

    board_start(&b, NULL, true);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    frame = frame_ns(&b, BRR_115200);

    /* Address mark wake-up: node address 5 */
    wr(&b, A_CR2, 5);
    wr(&b, A_CR1, en | R_CR1_WAKE_MASK | R_CR1_RWU_MASK);
    host_send(&b, "\x41", 1);           /* data for another node */
    g_assert_cmphex(rx_word(&b, 0x85), ==, 0x85);   /* our address */
    g_assert_cmphex(rd(&b, A_CR1), ==, en | R_CR1_WAKE_MASK);
    g_assert_cmphex(rx_word(&b, 0x42), ==, 0x42);
    host_send(&b, "\x86", 1);           /* another node's address: mute */
    for (t = 0; t < WAIT_US && !(rd(&b, A_CR1) & R_CR1_RWU_MASK); t += 1000) {
        g_usleep(1000);
    }
    g_assert_cmphex(rd(&b, A_CR1), ==, en | R_CR1_WAKE_MASK | R_CR1_RWU_MASK);
    host_send(&b, "\x43", 1);
    g_assert_cmphex(rx_word(&b, 0x85), ==, 0x85);

    /* Let the line go idle after the last word, clear IDLE */
    qtest_clock_step(b.qts, 2 * frame);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET | R_SR_IDLE_MASK);
    rd(&b, A_DR);

    /* Idle line wake-up: the muted byte arms the idle detection */
    wr(&b, A_CR1, en | R_CR1_RWU_MASK);
    host_send(&b, "m", 1);
    for (t = 0; t < WAIT_US && (rd(&b, A_CR1) & R_CR1_RWU_MASK); t += 1000) {
        qtest_clock_step(b.qts, 2 * frame);
        g_usleep(1000);
    }
    g_assert_cmphex(rd(&b, A_CR1), ==, en);
    /* No IDLE flag, no data for the muted byte */
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);
    g_assert_cmphex(rx_word(&b, 'n'), ==, 'n');

    board_stop(&b);
}

static void test_break(void)
{
    g_autofree char *dir = g_dir_make_tmp("stm32f4xx-usart-XXXXXX", NULL);
    g_autofree char *path = g_strdup_printf("%s/sock", dir);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    const uint8_t iac_break[] = { 0xFF, 0xF3 };
    Board b = { .sock = -1 };
    int fd;

    /* A telnet server chardev turns IAC BREAK into a break event */
    b.qts = qtest_initf("-M stm32f4-discovery -chardev socket,id=s0,"
                        "path=%s,server=on,wait=off,telnet=on "
                        "-serial chardev:s0", path);
    b.log = NULL;
    qtest_irq_intercept_in(b.qts, "/machine/soc/armv7m");
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), ==,
                    0);

    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_RE_MASK);

    /* LIN mode: LBD, and the receiver gets a 0x00 word with FE */
    wr(&b, A_CR2, R_CR2_LINEN_MASK | R_CR2_LBDIE_MASK);
    g_assert_cmpint(send(fd, iac_break, 2, 0), ==, 2);
    g_assert_true(wait_irq(&b, true));
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET | R_SR_LBD_MASK |
                    R_SR_RXNE_MASK | R_SR_FE_MASK);
    g_assert_cmphex(rd(&b, A_DR), ==, 0);
    g_assert_true(irq(&b));
    wr(&b, A_SR, ~R_SR_LBD_MASK);
    g_assert_false(irq(&b));
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);

    /* Not in LIN mode: a framing error only */
    wr(&b, A_CR2, 0);
    g_assert_cmpint(send(fd, iac_break, 2, 0), ==, 2);
    g_assert_true(wait_sr(&b, R_SR_RXNE_MASK, R_SR_RXNE_MASK));
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET | R_SR_RXNE_MASK |
                    R_SR_FE_MASK);
    g_assert_cmphex(rd(&b, A_DR), ==, 0);
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);

    /* SBK is cleared by hardware once the break is sent, not before TE=1 */
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_SBK_MASK);
    g_assert_cmphex(rd(&b, A_CR1), ==, R_CR1_UE_MASK | R_CR1_SBK_MASK);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK | R_CR1_SBK_MASK);
    g_assert_cmphex(rd(&b, A_CR1), ==, R_CR1_UE_MASK | R_CR1_TE_MASK);

    close(fd);
    qtest_quit(b.qts);
    g_free(b.log);
    unlink(path);
    rmdir(dir);
}

static void test_baud_rate(void)
{
    Board b;
    uint64_t period;
    uint32_t hz;
    g_autofree char *line1 = NULL, *line2 = NULL, *line3 = NULL;

    board_start(&b, NULL, true);
    enable_clock(&b);
    period = clock_period(b.qts, USART2_CLK);
    g_assert_cmpuint(period, !=, 0);
    hz = (1000000000ULL << 32) / period;

    /* Nothing is configured before UE=1 */
    wr(&b, A_CR1, R_CR1_TE_MASK);
    wr(&b, A_BRR, 0);
    g_assert_false(log_contains(&b, "invalid baud rate"));

    /* OVER8=0: fck / BRR */
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK);
    line1 = g_strdup_printf("usart2: %u baud, parity N, 8 data bits, "
                            "1 stop bits", hz / BRR_115200);
    /* OVER8=1: USARTDIV = 17 + 6/8 */
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK | R_CR1_OVER8_MASK);
    wr(&b, A_BRR, 0x116);
    line2 = g_strdup_printf("usart2: %u baud, parity N, 8 data bits, "
                            "1 stop bits", hz / (17 * 8 + 6));
    /* 8 data bits + odd parity, 2 stop bits */
    wr(&b, A_CR2, 2 << R_CR2_STOP_SHIFT);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK | R_CR1_OVER8_MASK |
                  R_CR1_M_MASK | R_CR1_PCE_MASK | R_CR1_PS_MASK);
    line3 = g_strdup_printf("usart2: %u baud, parity O, 8 data bits, "
                            "2 stop bits", hz / (17 * 8 + 6));
    if (!log_contains(&b, "stm32f4xx_usart_update_params")) {
        g_test_skip("QEMU built without the log trace backend");
    } else {
        g_assert_true(log_contains(&b, line1));
        g_assert_true(log_contains(&b, line2));
        g_assert_true(log_contains(&b, line3));
    }

    /* BRR=0 or USARTDIV < 1: logged, no crash, TX still works */
    wr(&b, A_CR2, 0);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK);
    wr(&b, A_BRR, 0);
    g_assert_true(log_contains(&b, "invalid baud rate: BRR=0x0000"));
    wr(&b, A_DR, 'k');
    g_assert_cmphex(host_recv1(&b), ==, 'k');
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_BRR, 0x000F);
    g_assert_true(log_contains(&b, "invalid baud rate: BRR=0x000f"));
    wr(&b, A_DR, 'l');
    g_assert_cmphex(host_recv1(&b), ==, 'l');
    g_assert_cmphex(rd(&b, A_SR), ==, SR_RESET);

    board_stop(&b);
}

static void test_dma_requests(void)
{
    Board b;

    /* dma-tx: DMAT && TXE */
    board_start(&b, NULL, false);
    qtest_irq_intercept_out_named(b.qts, "/machine/soc/usart2", "dma-tx");
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR1, R_CR1_UE_MASK);
    g_assert_false(qtest_get_irq(b.qts, 0));
    wr(&b, A_CR3, R_CR3_DMAT_MASK);
    g_assert_true(qtest_get_irq(b.qts, 0));
    wr(&b, A_DR, 'd');
    g_assert_false(qtest_get_irq(b.qts, 0));
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_TE_MASK);
    g_assert_true(qtest_get_irq(b.qts, 0));
    g_assert_cmphex(host_recv1(&b), ==, 'd');
    wr(&b, A_CR3, 0);
    g_assert_false(qtest_get_irq(b.qts, 0));
    board_stop(&b);

    /* dma-rx: DMAR && RXNE */
    board_start(&b, NULL, false);
    qtest_irq_intercept_out_named(b.qts, "/machine/soc/usart2", "dma-rx");
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR3, R_CR3_DMAR_MASK);
    wr(&b, A_CR1, R_CR1_UE_MASK | R_CR1_RE_MASK);
    g_assert_false(qtest_get_irq(b.qts, 0));
    host_send(&b, "e", 1);
    for (int t = 0; t < WAIT_US && !qtest_get_irq(b.qts, 0); t += 1000) {
        rd(&b, A_BRR);
        g_usleep(1000);
    }
    g_assert_true(qtest_get_irq(b.qts, 0));
    g_assert_cmphex(rd(&b, A_DR), ==, 'e');
    g_assert_false(qtest_get_irq(b.qts, 0));
    board_stop(&b);
}

/* The state, the received word and a pending idle detection migrate */
static void test_migration(void)
{
    Board b;
    QTestState *dst;
    const uint32_t cr1 = R_CR1_UE_MASK | R_CR1_RE_MASK | R_CR1_TE_MASK |
                         R_CR1_IDLEIE_MASK | R_CR1_PCE_MASK;
    int64_t frame;

    board_start(&b, NULL, false);
    enable_clock(&b);
    wr(&b, A_BRR, BRR_115200);
    wr(&b, A_CR2, 5);
    wr(&b, A_CR3, R_CR3_DMAT_MASK);
    wr(&b, A_GTPR, 0x0102);
    wr(&b, A_CR1, cr1);
    frame = frame_ns(&b, BRR_115200);
    g_assert_cmphex(rx_word(&b, 'C'), ==, 0xC3);

    dst = stm32f4_migrate(b.qts);
    g_assert_cmphex(qtest_readl(dst, USART2_BASE + A_SR), ==, SR_RESET);
    g_assert_cmphex(qtest_readl(dst, USART2_BASE + A_BRR), ==, BRR_115200);
    g_assert_cmphex(qtest_readl(dst, USART2_BASE + A_CR1), ==, cr1);
    g_assert_cmphex(qtest_readl(dst, USART2_BASE + A_CR2), ==, 5);
    g_assert_cmphex(qtest_readl(dst, USART2_BASE + A_CR3), ==,
                    R_CR3_DMAT_MASK);
    g_assert_cmphex(qtest_readl(dst, USART2_BASE + A_GTPR), ==, 0x0102);
    g_assert_cmphex(qtest_readl(dst, USART2_BASE + A_DR), ==, 0xC3);
    /* The idle detection armed by the DR read on the source fires here */
    qtest_clock_step(dst, frame + 100);
    g_assert_cmphex(qtest_readl(dst, USART2_BASE + A_SR), ==,
                    SR_RESET | R_SR_IDLE_MASK);

    qtest_quit(dst);
    board_stop(&b);
}

/* Every instance: address, RCC enable bit and NVIC line */
static void test_instances(void)
{
    static const struct {
        uint32_t base, enr, bit;
        int irq;
    } u[] = {
        { 0x40011000, RCC_APB2ENR, 4, 37 },     /* USART1 */
        { 0x40004400, RCC_APB1ENR, 17, 38 },    /* USART2 */
        { 0x40004800, RCC_APB1ENR, 18, 39 },    /* USART3 */
        { 0x40004C00, RCC_APB1ENR, 19, 52 },    /* UART4 */
        { 0x40005000, RCC_APB1ENR, 20, 53 },    /* UART5 */
        { 0x40011400, RCC_APB2ENR, 5, 71 },     /* USART6 */
    };
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    for (int i = 0; i < ARRAY_SIZE(u); i++) {
        g_assert_cmphex(qtest_readl(qts, u[i].base + A_SR), ==, 0);
        qtest_writel(qts, u[i].enr, BIT(u[i].bit));
        g_assert_cmphex(qtest_readl(qts, u[i].base + A_SR), ==, SR_RESET);
        g_assert_false(qtest_get_irq(qts, u[i].irq));
        qtest_writel(qts, u[i].base + A_CR1, R_CR1_UE_MASK | R_CR1_TXEIE_MASK);
        g_assert_true(qtest_get_irq(qts, u[i].irq));
        qtest_writel(qts, u[i].base + A_CR1, 0);
        g_assert_false(qtest_get_irq(qts, u[i].irq));
        qtest_writel(qts, u[i].enr, 0);
    }
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_set_nonfatal_assertions();

    qtest_add_func("stm32f4xx-usart/reset_values", test_reset_values);
    qtest_add_func("stm32f4xx-usart/write_masks", test_write_masks);
    qtest_add_func("stm32f4xx-usart/uart_masks", test_uart_masks);
    qtest_add_func("stm32f4xx-usart/clock_gating", test_clock_gating);
    qtest_add_func("stm32f4xx-usart/access_sizes", test_access_sizes);
    qtest_add_func("stm32f4xx-usart/tx", test_tx);
    qtest_add_func("stm32f4xx-usart/tx_pacing", test_tx_pacing);
    qtest_add_func("stm32f4xx-usart/tx_irq", test_tx_irq);
    qtest_add_func("stm32f4xx-usart/tx_backend_busy", test_tx_backend_busy);
    qtest_add_func("stm32f4xx-usart/rx", test_rx);
    qtest_add_func("stm32f4xx-usart/rx_disabled", test_rx_disabled);
    qtest_add_func("stm32f4xx-usart/overrun", test_overrun);
    qtest_add_func("stm32f4xx-usart/idle", test_idle);
    qtest_add_func("stm32f4xx-usart/parity", test_parity);
    qtest_add_func("stm32f4xx-usart/mute", test_mute);
    qtest_add_func("stm32f4xx-usart/break", test_break);
    qtest_add_func("stm32f4xx-usart/baud_rate", test_baud_rate);
    qtest_add_func("stm32f4xx-usart/dma_requests", test_dma_requests);
    qtest_add_func("stm32f4xx-usart/migration", test_migration);
    qtest_add_func("stm32f4xx-usart/instances", test_instances);

    return g_test_run();
}
