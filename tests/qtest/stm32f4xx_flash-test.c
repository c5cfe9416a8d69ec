/*
 * qtest: STM32F4 flash interface (RM0090 section 3) and the persistent flash image.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "libqtest.h"

#define FLASH_IF 0x40023C00
#define ACR (FLASH_IF + 0x00)
#define KEYR (FLASH_IF + 0x04)
#define OPTKEYR (FLASH_IF + 0x08)
#define SR (FLASH_IF + 0x0C)
#define CR (FLASH_IF + 0x10)
#define OPTCR (FLASH_IF + 0x14)

#define SR_EOP BIT(0)
#define SR_OPERR BIT(1)
#define SR_WRPERR BIT(4)
#define SR_PGAERR BIT(5)
#define SR_PGPERR BIT(6)
#define SR_PGSERR BIT(7)
#define CR_PG BIT(0)
#define CR_SER BIT(1)
#define CR_MER BIT(2)
#define CR_SNB(n) ((n) << 3)
#define CR_PSIZE_X8 (0 << 8)
#define CR_PSIZE_X16 (1 << 8)
#define CR_PSIZE_X32 (2 << 8)
#define CR_STRT BIT(16)
#define CR_EOPIE BIT(24)
#define CR_ERRIE BIT(25)
#define CR_LOCK BIT(31)

#define FLASH_BASE 0x08000000
#define SECTOR11 0x080E0000
#define NVIC_FLASH_IRQ 4
#define IMAGE_SIZE (1024 * 1024)

static void unlock(QTestState *qts)
{
    qtest_writel(qts, KEYR, 0x45670123);
    qtest_writel(qts, KEYR, 0xCDEF89AB);
    g_assert_cmphex(qtest_readl(qts, CR) & CR_LOCK, ==, 0);
}

static void test_reset_values(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    g_assert_cmphex(qtest_readl(qts, ACR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, SR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, CR), ==, 0x80000000);
    g_assert_cmphex(qtest_readl(qts, OPTCR), ==, 0x0FFFAAED);
    /* Key registers are write-only. */
    qtest_writel(qts, KEYR, 0x45670123);
    g_assert_cmphex(qtest_readl(qts, KEYR), ==, 0);
    /* ACR: latency and cache enables stored; the cache reset bits are not. */
    qtest_writel(qts, ACR, 0x1F05);
    g_assert_cmphex(qtest_readl(qts, ACR), ==, 0x0705);
    qtest_quit(qts);
}

static void test_unlock_sequence(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* CR ignores writes while locked. */
    qtest_writel(qts, CR, CR_PG);
    g_assert_cmphex(qtest_readl(qts, CR), ==, CR_LOCK);
    unlock(qts);
    qtest_writel(qts, CR, CR_PG | CR_PSIZE_X32);
    g_assert_cmphex(qtest_readl(qts, CR), ==, CR_PG | CR_PSIZE_X32);
    /* Setting LOCK locks again. */
    qtest_writel(qts, CR, CR_LOCK);
    g_assert_cmphex(qtest_readl(qts, CR) & CR_LOCK, ==, CR_LOCK);

    /* A wrong key locks the interface until the next reset. */
    qtest_writel(qts, KEYR, 0x45670123);
    qtest_writel(qts, KEYR, 0x12345678);
    qtest_writel(qts, KEYR, 0x45670123);
    qtest_writel(qts, KEYR, 0xCDEF89AB);
    g_assert_cmphex(qtest_readl(qts, CR) & CR_LOCK, ==, CR_LOCK);
    qtest_system_reset(qts);
    unlock(qts);
    qtest_quit(qts);
}

static void test_program_nor_semantics(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    g_assert_cmphex(qtest_readl(qts, SECTOR11), ==, 0xFFFFFFFF);
    /* A store without PG is a sequence error and changes nothing. */
    unlock(qts);
    qtest_writel(qts, SECTOR11, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, SECTOR11), ==, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, SR), ==, SR_PGSERR);
    qtest_writel(qts, SR, SR_PGSERR);
    g_assert_cmphex(qtest_readl(qts, SR), ==, 0);

    /* Programming can only clear bits. */
    qtest_writel(qts, CR, CR_PG | CR_PSIZE_X32);
    qtest_writel(qts, SECTOR11, 0xFFFF0F0F);
    g_assert_cmphex(qtest_readl(qts, SECTOR11), ==, 0xFFFF0F0F);
    qtest_writel(qts, SECTOR11, 0x0F0FFFFF);
    g_assert_cmphex(qtest_readl(qts, SECTOR11), ==, 0x0F0F0F0F);
    /* Also visible through the boot alias at 0. */
    g_assert_cmphex(qtest_readl(qts, SECTOR11 - FLASH_BASE), ==, 0x0F0F0F0F);

    /* Access size must match PSIZE. */
    qtest_writeb(qts, SECTOR11 + 4, 0);
    g_assert_cmphex(qtest_readl(qts, SR), ==, SR_PGPERR);
    g_assert_cmphex(qtest_readl(qts, SECTOR11 + 4), ==, 0xFFFFFFFF);
    /* While an error flag is pending, further programming is refused. */
    qtest_writel(qts, SECTOR11 + 4, 0);
    g_assert_cmphex(qtest_readl(qts, SECTOR11 + 4), ==, 0xFFFFFFFF);
    qtest_writel(qts, SR, SR_PGPERR | SR_PGSERR);

    /* x8 and x16 parallelism. */
    qtest_writel(qts, CR, CR_PG | CR_PSIZE_X8);
    qtest_writeb(qts, SECTOR11 + 8, 0x5A);
    qtest_writel(qts, CR, CR_PG | CR_PSIZE_X16);
    qtest_writew(qts, SECTOR11 + 10, 0x1234);
    g_assert_cmphex(qtest_readl(qts, SECTOR11 + 8), ==, 0x1234FF5A);
    /* Unaligned halfword: alignment error. */
    qtest_writew(qts, SECTOR11 + 13, 0);
    g_assert_cmphex(qtest_readl(qts, SR), ==, SR_PGAERR);
    g_assert_cmphex(qtest_readl(qts, SECTOR11 + 12), ==, 0xFFFFFFFF);
    qtest_quit(qts);
}

static void test_erase_and_interrupt(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    unlock(qts);
    qtest_writel(qts, CR, CR_PG | CR_PSIZE_X32);
    qtest_writel(qts, SECTOR11, 0);
    qtest_writel(qts, SECTOR11 - 4, 0);            /* last word of sector 10 */
    /* EOP is only set when EOPIE is set (RM0090 3.9.4). */
    g_assert_cmphex(qtest_readl(qts, SR), ==, 0);

    qtest_writel(qts, CR, CR_SER | CR_SNB(11) | CR_EOPIE);
    qtest_writel(qts, CR, CR_SER | CR_SNB(11) | CR_EOPIE | CR_STRT);
    g_assert_cmphex(qtest_readl(qts, SECTOR11), ==, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, SECTOR11 - 4), ==, 0);   /* sector 10 untouched */
    g_assert_cmphex(qtest_readl(qts, CR) & CR_STRT, ==, 0);
    g_assert_cmphex(qtest_readl(qts, SR), ==, SR_EOP);
    g_assert_true(qtest_get_irq(qts, NVIC_FLASH_IRQ));
    qtest_writel(qts, SR, SR_EOP);
    g_assert_false(qtest_get_irq(qts, NVIC_FLASH_IRQ));

    /* Out-of-range sector for a 1 MB F407; with ERRIE the error raises OPERR + IRQ. */
    qtest_writel(qts, CR, CR_SER | CR_SNB(12) | CR_ERRIE | CR_STRT);
    g_assert_cmphex(qtest_readl(qts, SR), ==, SR_PGSERR | SR_OPERR);
    g_assert_true(qtest_get_irq(qts, NVIC_FLASH_IRQ));
    qtest_writel(qts, SR, SR_PGSERR | SR_OPERR);
    g_assert_false(qtest_get_irq(qts, NVIC_FLASH_IRQ));

    /* Mass erase. */
    qtest_writel(qts, CR, CR_MER | CR_STRT);
    g_assert_cmphex(qtest_readl(qts, SECTOR11 - 4), ==, 0xFFFFFFFF);
    qtest_quit(qts);
}

static void test_write_protection(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* Option bytes: unlock, clear nWRP11 (protect sector 11), start. */
    qtest_writel(qts, OPTKEYR, 0x08192A3B);
    qtest_writel(qts, OPTKEYR, 0x4C5D6E7F);
    g_assert_cmphex(qtest_readl(qts, OPTCR) & 1, ==, 0);
    qtest_writel(qts, OPTCR, (0x0FFFAAEC & ~BIT(16 + 11)) | BIT(1));
    g_assert_cmphex(qtest_readw(qts, 0x1FFFC008) & 0xFFF, ==, 0x7FF);

    unlock(qts);
    qtest_writel(qts, CR, CR_PG | CR_PSIZE_X32);
    qtest_writel(qts, SECTOR11, 0);
    g_assert_cmphex(qtest_readl(qts, SR) & SR_WRPERR, ==, SR_WRPERR);
    g_assert_cmphex(qtest_readl(qts, SECTOR11), ==, 0xFFFFFFFF);
    qtest_writel(qts, SR, SR_WRPERR);
    qtest_writel(qts, CR, CR_SER | CR_SNB(11) | CR_STRT);
    g_assert_cmphex(qtest_readl(qts, SR) & SR_WRPERR, ==, SR_WRPERR);
    qtest_quit(qts);
}

static void test_persistent_image(void)
{
    g_autofree char *path = NULL;
    g_autofree char *args = NULL;
    g_autofree char *contents = NULL;
    gsize len;
    int fd = g_file_open_tmp("stm32f4-flash-XXXXXX.img", &path, NULL);
    QTestState *qts;
    uint8_t *blank = g_malloc(IMAGE_SIZE);

    g_assert_cmpint(fd, >=, 0);
    memset(blank, 0xFF, IMAGE_SIZE);
    memcpy(blank + 0x1000, "HELLO", 5);
    g_assert_cmpint(write(fd, blank, IMAGE_SIZE), ==, IMAGE_SIZE);
    close(fd);
    g_free(blank);

    args = g_strdup_printf("-M stm32f4-discovery -drive if=pflash,format=raw,file=%s", path);
    qts = qtest_init(args);
    /* The image is the flash content. */
    g_assert_cmphex(qtest_readl(qts, FLASH_BASE + 0x1000), ==, 0x4C4C4548);
    unlock(qts);
    qtest_writel(qts, CR, CR_PG | CR_PSIZE_X32);
    qtest_writel(qts, SECTOR11 + 0x100, 0xCAFEF00D);
    qtest_quit(qts);

    /* Programmed data landed in the file, which kept its size. */
    g_assert_true(g_file_get_contents(path, &contents, &len, NULL));
    g_assert_cmpuint(len, ==, IMAGE_SIZE);
    g_assert_cmphex((uint32_t)ldl_le_p(contents + 0xE0100), ==, 0xCAFEF00D);
    g_assert_cmpmem(contents + 0x1000, 5, "HELLO", 5);

    /* A new run sees it; an erase also reaches the file. */
    qts = qtest_init(args);
    g_assert_cmphex(qtest_readl(qts, SECTOR11 + 0x100), ==, 0xCAFEF00D);
    unlock(qts);
    qtest_writel(qts, CR, CR_SER | CR_SNB(11) | CR_STRT);
    qtest_quit(qts);
    g_free(contents);
    g_assert_true(g_file_get_contents(path, &contents, &len, NULL));
    g_assert_cmphex((uint32_t)ldl_le_p(contents + 0xE0100), ==, 0xFFFFFFFF);
    unlink(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4xx-flash/reset-values", test_reset_values);
    qtest_add_func("stm32f4xx-flash/unlock-sequence", test_unlock_sequence);
    qtest_add_func("stm32f4xx-flash/program", test_program_nor_semantics);
    qtest_add_func("stm32f4xx-flash/erase-and-interrupt", test_erase_and_interrupt);
    qtest_add_func("stm32f4xx-flash/write-protection", test_write_protection);
    qtest_add_func("stm32f4xx-flash/persistent-image", test_persistent_image);
    return g_test_run();
}
