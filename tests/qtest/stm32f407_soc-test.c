/*
 * qtest: stm32f4-discovery SoC memory map, device ID, flash size, RCC clock control.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "libqtest-single.h"

#define RCC 0x40023800
#define RCC_CR (RCC + 0x00)
#define RCC_PLLCFGR (RCC + 0x04)
#define RCC_CFGR (RCC + 0x08)
#define RCC_CIR (RCC + 0x0C)
#define RCC_AHB1ENR (RCC + 0x30)
#define RCC_APB1ENR (RCC + 0x40)
#define RCC_BDCR (RCC + 0x70)
#define RCC_CSR (RCC + 0x74)
#define RCC_PLLI2SCFGR (RCC + 0x84)

#define CR_HSEON BIT(16)
#define CR_HSERDY BIT(17)
#define CR_PLLON BIT(24)
#define CR_PLLRDY BIT(25)

#define NVIC_RCC_IRQ 5
#define SYST_CSR 0xE000E010
#define SYST_RVR 0xE000E014
#define SYST_CVR 0xE000E018
#define ICSR 0xE000ED04

static void test_memory_map(void)
{
    /* RAM regions hold data. */
    static const uint32_t ram[] = {
        0x20000000, 0x2001BFFC, 0x2001C000, 0x2001FFFC,   /* SRAM1 end, SRAM2 */
        0x10000000, 0x1000FFFC,                           /* CCM */
        0x40024000, 0x40024FFC,                           /* backup SRAM */
    };
    for (int i = 0; i < ARRAY_SIZE(ram); i++) {
        writel(ram[i], 0xA5A50000 + i);
        g_assert_cmphex(readl(ram[i]), ==, 0xA5A50000 + i);
    }

    /* Flash is erased without an image, read-only to plain stores, aliased at 0. */
    g_assert_cmphex(readl(0x08000000), ==, 0xFFFFFFFF);
    g_assert_cmphex(readl(0x080FFFFC), ==, 0xFFFFFFFF);
    writel(0x08000000, 0);
    g_assert_cmphex(readl(0x08000000), ==, 0xFFFFFFFF);
    g_assert_cmphex(readl(0x00000000), ==, readl(0x08000000));

    /* Unmodelled peripherals read as zero and ignore writes, without faulting. */
    writel(0x40026000, 0xFFFFFFFF);   /* DMA1 */
    g_assert_cmphex(readl(0x40026000), ==, 0);
    g_assert_cmphex(readl(0x40003000), ==, 0);   /* IWDG */
    g_assert_cmphex(readl(0xA0000000), ==, 0);   /* FSMC */

    /* Option bytes: RDP level 0 (0xAA), no sector write-protected. */
    g_assert_cmphex(readb(0x1FFFC001), ==, 0xAA);
    g_assert_cmphex(readw(0x1FFFC008) & 0xFFF, ==, 0xFFF);
    /* Flash interface: CR locked at reset, OPTCR reset value. */
    g_assert_cmphex(readl(0x40023C10), ==, 0x80000000);
    g_assert_cmphex(readl(0x40023C14), ==, 0x0FFFAAED);
}

static void test_device_id(void)
{
    QTestState *qts = qtest_init("-machine stm32f4-discovery,uid=00112233445566778899aabb");

    g_assert_cmphex(qtest_readl(qts, 0x1FFF7A10), ==, 0x33221100);
    g_assert_cmphex(qtest_readl(qts, 0x1FFF7A14), ==, 0x77665544);
    g_assert_cmphex(qtest_readl(qts, 0x1FFF7A18), ==, 0xbbaa9988);
    g_assert_cmphex(qtest_readw(qts, 0x1FFF7A22), ==, 1024);
    qtest_quit(qts);

    /* Two boards differ: the default ID is not the one above. */
    qts = qtest_init("-machine stm32f4-discovery");
    g_assert_cmphex(qtest_readl(qts, 0x1FFF7A10), !=, 0x33221100);
    g_assert_cmphex(qtest_readw(qts, 0x1FFF7A22), ==, 1024);
    qtest_quit(qts);
}

static void test_rcc_reset_values(void)
{
    qtest_system_reset(global_qtest);
    g_assert_cmphex(readl(RCC_CR), ==, 0x00000083);
    g_assert_cmphex(readl(RCC_PLLCFGR), ==, 0x24003010);
    g_assert_cmphex(readl(RCC_CFGR), ==, 0x00000000);
    g_assert_cmphex(readl(RCC_AHB1ENR), ==, 0x00100000);
    g_assert_cmphex(readl(RCC_PLLI2SCFGR), ==, 0x20003000);
    /* A reset after power-on is a pin reset: PINRSTF kept, POR/BOR from power-on. */
    g_assert_cmphex(readl(RCC_CSR) & 0xFF000000, ==, 0x0E000000);
    /* Reserved offsets read as zero. */
    g_assert_cmphex(readl(RCC + 0x1C), ==, 0);
}

static void test_rcc_ready_flags(void)
{
    qtest_system_reset(global_qtest);
    writel(RCC_CR, readl(RCC_CR) | CR_HSEON);
    g_assert_cmphex(readl(RCC_CR) & CR_HSERDY, ==, CR_HSERDY);
    writel(RCC_CR, readl(RCC_CR) & ~CR_HSEON);
    g_assert_cmphex(readl(RCC_CR) & CR_HSERDY, ==, 0);

    /* Ready bits are read-only. */
    writel(RCC_CR, readl(RCC_CR) | CR_PLLRDY);
    g_assert_cmphex(readl(RCC_CR) & CR_PLLRDY, ==, 0);

    writel(RCC_CR, readl(RCC_CR) | CR_PLLON);
    g_assert_cmphex(readl(RCC_CR) & CR_PLLRDY, ==, CR_PLLRDY);
    /* PLLCFGR is frozen while the PLL runs. */
    writel(RCC_PLLCFGR, 0x07405408);
    g_assert_cmphex(readl(RCC_PLLCFGR), ==, 0x24003010);
    writel(RCC_CR, readl(RCC_CR) & ~CR_PLLON);

    /* LSE (backup domain: unlocked by PWR_CR.DBP) and LSI. */
    writel(RCC_APB1ENR, readl(RCC_APB1ENR) | BIT(28));   /* PWREN */
    writel(0x40007000, readl(0x40007000) | BIT(8));      /* PWR_CR.DBP */
    writel(RCC_BDCR, 1);
    g_assert_cmphex(readl(RCC_BDCR) & 3, ==, 3);
    writel(RCC_CSR, 1);
    g_assert_cmphex(readl(RCC_CSR) & 3, ==, 3);
}

static void test_rcc_switch(void)
{
    qtest_system_reset(global_qtest);
    /* SW=PLL while the PLL is off: SWS stays on HSI. */
    writel(RCC_CFGR, 2);
    g_assert_cmphex(readl(RCC_CFGR) & 0xF, ==, 0x2);
    /* The board's 168 MHz setup: HSE 8 MHz, M=8 N=336 P=2 Q=7. */
    writel(RCC_CR, readl(RCC_CR) | CR_HSEON);
    writel(RCC_PLLCFGR, (7 << 24) | BIT(22) | (0 << 16) | (336 << 6) | 8);
    writel(RCC_CR, readl(RCC_CR) | CR_PLLON);
    writel(RCC_CFGR, (4 << 13) | (5 << 10) | 2);    /* APB2 /2, APB1 /4, SW=PLL */
    g_assert_cmphex(readl(RCC_CFGR) & 0xF, ==, 0xA);  /* SWS=PLL */
    /* The clock feeding SYSCLK cannot be turned off. */
    writel(RCC_CR, readl(RCC_CR) & ~CR_PLLON);
    g_assert_cmphex(readl(RCC_CR) & CR_PLLRDY, ==, CR_PLLRDY);
    writel(RCC_CFGR, 0);
    g_assert_cmphex(readl(RCC_CFGR) & 0xF, ==, 0);
}

/* SysTick runs from HCLK: 168000 core cycles take 1 ms at 168 MHz, 10.5 ms at HSI. */
static void systick_check_period(uint64_t expect_ns)
{
    writel(SYST_RVR, 167999);
    writel(SYST_CVR, 0);
    writel(SYST_CSR, 0x5);   /* ENABLE, CLKSOURCE = processor clock, no interrupt */
    clock_step(expect_ns - expect_ns / 20);
    g_assert_cmphex(readl(SYST_CSR) & BIT(16), ==, 0);
    clock_step(expect_ns / 10);
    g_assert_cmphex(readl(SYST_CSR) & BIT(16), ==, BIT(16));
    writel(SYST_CSR, 0);
}

static void test_rcc_sysclk_drives_systick(void)
{
    qtest_system_reset(global_qtest);
    systick_check_period(168000ull * 1000000000ull / 16000000);   /* HSI 16 MHz */

    writel(RCC_CR, readl(RCC_CR) | CR_HSEON);
    writel(RCC_PLLCFGR, (7 << 24) | BIT(22) | (336 << 6) | 8);
    writel(RCC_CR, readl(RCC_CR) | CR_PLLON);
    writel(RCC_CFGR, 2);
    systick_check_period(1000000);                                  /* PLL 168 MHz */
}

/*
 * A clock switch while SysTick runs from the processor clock: it must follow HCLK, not
 * HCLK/8 (the refclk, which changes at the same time). Fixed by
 * qemu/patches/0001-armv7m-systick-ignore-unselected-clock-change.patch.
 */
static void test_systick_follows_hclk_across_switch(void)
{
    qtest_system_reset(global_qtest);
    writel(SYST_RVR, 167999);
    writel(SYST_CVR, 0);
    writel(SYST_CSR, 0x5);
    writel(RCC_CR, readl(RCC_CR) | CR_HSEON);
    writel(RCC_PLLCFGR, (7 << 24) | BIT(22) | (336 << 6) | 8);
    writel(RCC_CR, readl(RCC_CR) | CR_PLLON);
    writel(RCC_CFGR, 2);                                 /* SYSCLK = PLL: 168 MHz */
    writel(SYST_CVR, 0);                                 /* restart the count */
    clock_step(1000000 + 50000);
    g_assert_cmphex(readl(SYST_CSR) & BIT(16), ==, BIT(16));
    writel(SYST_CSR, 0);
}

/* RCC xxxRSTR bits put the peripheral back in its reset state; others keep theirs. */
static void test_rcc_periph_reset(void)
{
    const uint32_t usart2_brr = 0x40004408, usart3_brr = 0x40004808;
    const uint32_t gpiod_moder = 0x40020C00, crc_idr = 0x40023004;

    qtest_system_reset(global_qtest);
    writel(RCC_AHB1ENR, BIT(3) | BIT(12));              /* GPIOD, CRC */
    writel(RCC_APB1ENR, BIT(17) | BIT(18));             /* USART2, USART3 */
    writel(usart2_brr, 0x16D);
    writel(usart3_brr, 0x16D);
    writel(gpiod_moder, 0x55000000);
    writel(crc_idr, 0x5A);

    writel(RCC + 0x20, BIT(17));                        /* APB1RSTR.USART2RST */
    writel(RCC + 0x20, 0);
    g_assert_cmphex(readl(usart2_brr), ==, 0);
    g_assert_cmphex(readl(usart3_brr), ==, 0x16D);
    g_assert_cmphex(readl(gpiod_moder), ==, 0x55000000);

    writel(RCC + 0x10, BIT(3) | BIT(12));               /* AHB1RSTR: GPIOD, CRC */
    writel(RCC + 0x10, 0);
    g_assert_cmphex(readl(gpiod_moder), ==, 0);
    g_assert_cmphex(readl(crc_idr), ==, 0);
    /* Enable bits are not reset bits: the clocks stay on. */
    g_assert_cmphex(readl(RCC_AHB1ENR) & (BIT(3) | BIT(12)), ==, BIT(3) | BIT(12));
}

static void test_rcc_interrupt(void)
{
    qtest_system_reset(global_qtest);
    qtest_irq_intercept_in(global_qtest, "/machine/soc/armv7m");
    /* HSERDYIE: the ready flag raises the RCC interrupt until cleared. */
    writel(RCC_CIR, BIT(11));
    g_assert_false(get_irq(NVIC_RCC_IRQ));
    writel(RCC_CR, readl(RCC_CR) | CR_HSEON);
    g_assert_cmphex(readl(RCC_CIR) & BIT(3), ==, BIT(3));
    g_assert_true(get_irq(NVIC_RCC_IRQ));
    writel(RCC_CIR, BIT(11) | BIT(19));   /* HSERDYC */
    g_assert_cmphex(readl(RCC_CIR) & BIT(3), ==, 0);
    g_assert_false(get_irq(NVIC_RCC_IRQ));
}

static void test_software_reset_cause(void)
{
    qtest_system_reset(global_qtest);
    writel(RCC_CSR, BIT(24));            /* RMVF */
    g_assert_cmphex(readl(RCC_CSR) & 0xFF000000, ==, 0);
    /* AIRCR.SYSRESETREQ */
    writel(0xE000ED0C, 0x05FA0004);
    qtest_qmp_eventwait(global_qtest, "RESET");
    g_assert_cmphex(readl(RCC_CSR) & 0xFF000000, ==, 0x14000000);   /* SFTRSTF|PINRSTF */
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f407/memory-map", test_memory_map);
    qtest_add_func("stm32f407/device-id", test_device_id);
    qtest_add_func("stm32f407/rcc/reset-values", test_rcc_reset_values);
    qtest_add_func("stm32f407/rcc/ready-flags", test_rcc_ready_flags);
    qtest_add_func("stm32f407/rcc/clock-switch", test_rcc_switch);
    qtest_add_func("stm32f407/rcc/sysclk-drives-systick", test_rcc_sysclk_drives_systick);
    qtest_add_func("stm32f407/rcc/systick-follows-hclk", test_systick_follows_hclk_across_switch);
    qtest_add_func("stm32f407/rcc/periph-reset", test_rcc_periph_reset);
    qtest_add_func("stm32f407/rcc/interrupt", test_rcc_interrupt);
    qtest_add_func("stm32f407/rcc/software-reset-cause", test_software_reset_cause);

    qtest_start("-machine stm32f4-discovery");
    ret = g_test_run();
    qtest_end();
    return ret;
}
