/*
 * STM32F407 SoC: Cortex-M4F with NVIC (82 IRQs, 4 priority bits), flash, SRAM, CCM,
 * backup SRAM, system memory/OTP/device ID, and the peripherals at their RM0090
 * addresses. Peripherals without a model yet are unimplemented devices: they read
 * as zero and are logged with -d unimp, never a bus fault.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qemu/cutils.h"
#include "qapi/error.h"
#include "exec/address-spaces.h"
#include "system/system.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/arm/stm32f407_soc.h"

#define FLASH_BASE      0x08000000
#define SRAM1_BASE      0x20000000
#define SRAM1_SIZE      (112 * KiB)
#define SRAM2_BASE      (SRAM1_BASE + SRAM1_SIZE)
#define SRAM2_SIZE      (16 * KiB)
#define CCM_BASE        0x10000000
#define CCM_SIZE        (64 * KiB)
#define BKPSRAM_BASE    0x40024000
#define BKPSRAM_SIZE    (4 * KiB)
#define SYSMEM_BASE     0x1FFF0000
#define SYSMEM_SIZE     (30 * KiB)
#define OTP_BASE        0x1FFF7800
#define OTP_SIZE        528
#define DEVID_BASE      0x1FFF7A10      /* U_ID[95:0], then F_SIZE at 0x1FFF7A22 */
#define DEVID_SIZE      0x20
#define OPTBYTES_BASE   0x1FFFC000

#define RCC_BASE        0x40023800
#define RCC_IRQ         5
#define FLASH_IF_BASE   0x40023C00
#define FLASH_IRQ       4
#define SYSCFG_BASE     0x40013800
#define CRC_BASE        0x40023000
#define RNG_BASE        0x50060800
#define PWR_BASE        0x40007000
#define DBGMCU_BASE     0xE0042000
#define HASH_RNG_IRQ    80      /* shared with HASH, which is not modelled */
#define EXTI_BASE       0x40013C00
#define GPIO_BASE       0x40020000      /* GPIOA; one port every 0x400 */

/* NVIC line of each EXTI line; lines 5-9 and 10-15 share one through an OR gate. */
#define EXTI9_5_IRQ     23
#define EXTI15_10_IRQ   40
static const int exti_irq[STM32F407_EXTI_NUM_LINES] = {
    6, 7, 8, 9, 10,                 /* EXTI0..4 */
    -1, -1, -1, -1, -1,             /* EXTI9_5 */
    -1, -1, -1, -1, -1, -1,         /* EXTI15_10 */
    1,                              /* 16 PVD */
    41,                             /* 17 RTC alarm */
    42,                             /* 18 OTG FS wakeup */
    62,                             /* 19 Ethernet wakeup */
    76,                             /* 20 OTG HS wakeup */
    2,                              /* 21 RTC tamper/timestamp */
    3,                              /* 22 RTC wakeup */
};

/* GPIO reset values that differ from 0 (RM0090 8.4): debug pins PA13-15, PB3-4. */
static const struct {
    uint32_t moder, ospeedr, pupdr;
} gpio_reset[STM32F407_NUM_GPIOS] = {
    [0] = { 0xA8000000, 0x00000000, 0x64000000 },
    [1] = { 0x00000280, 0x000000C0, 0x00000100 },
};

/* -serial order: serial0 is USART2, the board's REPL UART (see docs/virtual-hardware.md). */
static const struct {
    const char *name;
    hwaddr addr;
    int irq;
} usart_map[STM32F407_NUM_USARTS] = {
    { "usart2", 0x40004400, 38 },
    { "usart1", 0x40011000, 37 },
    { "usart3", 0x40004800, 39 },
    { "uart4",  0x40004C00, 52 },
    { "uart5",  0x40005000, 53 },
    { "usart6", 0x40011400, 71 },
};

/* Peripherals that have no model yet: name, base, size (RM0090 table 1). */
static const struct {
    const char *name;
    hwaddr addr;
    hwaddr size;
} unimp_map[] = {
    { "tim2", 0x40000000, 0x400 }, { "tim3", 0x40000400, 0x400 },
    { "tim4", 0x40000800, 0x400 }, { "tim5", 0x40000C00, 0x400 },
    { "tim6", 0x40001000, 0x400 }, { "tim7", 0x40001400, 0x400 },
    { "tim12", 0x40001800, 0x400 }, { "tim13", 0x40001C00, 0x400 },
    { "tim14", 0x40002000, 0x400 }, { "rtc", 0x40002800, 0x400 },
    { "wwdg", 0x40002C00, 0x400 }, { "iwdg", 0x40003000, 0x400 },
    { "i2s2ext", 0x40003400, 0x400 }, { "spi2", 0x40003800, 0x400 },
    { "spi3", 0x40003C00, 0x400 }, { "i2s3ext", 0x40004000, 0x400 },
    { "i2c1", 0x40005400, 0x400 }, { "i2c2", 0x40005800, 0x400 },
    { "i2c3", 0x40005C00, 0x400 }, { "can1", 0x40006400, 0x400 },
    { "can2", 0x40006800, 0x400 }, { "dac", 0x40007400, 0x400 },
    { "tim1", 0x40010000, 0x400 }, { "tim8", 0x40010400, 0x400 },
    { "adc", 0x40012000, 0x400 }, { "sdio", 0x40012C00, 0x400 },
    { "spi1", 0x40013000, 0x400 }, { "tim9", 0x40014000, 0x400 },
    { "tim10", 0x40014400, 0x400 }, { "tim11", 0x40014800, 0x400 },

    { "dma1", 0x40026000, 0x400 }, { "dma2", 0x40026400, 0x400 },
    { "eth", 0x40028000, 0x1400 }, { "otg_hs", 0x40040000, 0x40000 },
    { "otg_fs", 0x50000000, 0x40000 }, { "dcmi", 0x50050000, 0x400 },
    { "cryp", 0x50060000, 0x400 }, { "hash", 0x50060400, 0x400 },
    { "fsmc", 0xA0000000, 0x1000 },
};
QEMU_BUILD_BUG_ON(ARRAY_SIZE(unimp_map) > STM32F407_NUM_UNIMP);

/* SoC input "gpioX-in"[n]: the board drives pin n of port X. */
static void stm32f407_pin_in(void *opaque, int n, int level)
{
    qemu_set_irq(qdev_get_gpio_in(DEVICE(opaque), n), level);
}

/* Level of a pin, from its port, to the SoC output "gpioX-out"[n]. */
static void stm32f407_pin_out(void *opaque, int n, int level)
{
    Stm32f407SocState *s = opaque;

    qemu_set_irq(s->pin_out[n / STM32F4XX_GPIO_NUM_PINS][n % STM32F4XX_GPIO_NUM_PINS],
                 level);
}

/* SYSCFG MEMRMP.MEM_MODE: what appears at address 0. */
static void stm32f407_set_mem_mode(void *opaque, int n, int mode)
{
    Stm32f407SocState *s = opaque;

    memory_region_transaction_begin();
    memory_region_set_enabled(&s->flash_alias, mode == STM32F407_MEM_MODE_FLASH);
    memory_region_set_enabled(&s->sysmem_alias, mode == STM32F407_MEM_MODE_SYSTEM);
    /* FSMC bank 1 is not modelled: nothing at 0 (SYSCFG logs it). */
    memory_region_set_enabled(&s->sram_alias, mode == STM32F407_MEM_MODE_SRAM);
    memory_region_transaction_commit();
}

/* Boot from main flash (BOOT0 low), before the CPU fetches its reset vector. */
static void stm32f407_soc_reset_enter(Object *obj, ResetType type)
{
    stm32f407_set_mem_mode(obj, 0, STM32F407_MEM_MODE_FLASH);
}

static void stm32f407_soc_initfn(Object *obj)
{
    Stm32f407SocState *s = STM32F407_SOC(obj);

    object_initialize_child(obj, "armv7m", &s->armv7m, TYPE_ARMV7M);
    object_initialize_child(obj, "rcc", &s->rcc, TYPE_STM32F4XX_RCC);
    object_initialize_child(obj, "flash", &s->flash, TYPE_STM32F4XX_FLASH);
    for (int i = 0; i < STM32F407_NUM_USARTS; i++) {
        object_initialize_child(obj, usart_map[i].name, &s->usart[i], TYPE_STM32F4XX_USART);
    }
    for (int i = 0; i < STM32F407_NUM_GPIOS; i++) {
        g_autofree char *name = g_strdup_printf("gpio%c", 'a' + i);
        g_autofree char *in = g_strdup_printf("%s-in", name);
        g_autofree char *out = g_strdup_printf("%s-out", name);

        object_initialize_child(obj, name, &s->gpio[i], TYPE_STM32F4XX_GPIO);
        /* The board reaches the pins through the SoC: see stm32f407_soc.h. */
        qdev_init_gpio_in_named_with_opaque(DEVICE(obj), stm32f407_pin_in, &s->gpio[i],
                                            in, STM32F4XX_GPIO_NUM_PINS);
        qdev_init_gpio_out_named(DEVICE(obj), s->pin_out[i], out, STM32F4XX_GPIO_NUM_PINS);
    }
    object_initialize_child(obj, "syscfg", &s->syscfg, TYPE_STM32F407_SYSCFG);
    object_initialize_child(obj, "exti", &s->exti, TYPE_STM32F407_EXTI);
    object_initialize_child(obj, "exti9_5-or", &s->exti_or[0], TYPE_OR_IRQ);
    object_initialize_child(obj, "exti15_10-or", &s->exti_or[1], TYPE_OR_IRQ);
    object_initialize_child(obj, "rng", &s->rng, TYPE_STM32F4XX_RNG);
    object_initialize_child(obj, "crc", &s->crc, TYPE_STM32F4XX_CRC);
    object_initialize_child(obj, "pwr", &s->pwr, TYPE_STM32F4XX_PWR);
    object_initialize_child(obj, "dwt", &s->dwt, TYPE_ARMV7M_DWT);
    object_initialize_child(obj, "dbgmcu", &s->dbgmcu, TYPE_STM32F4XX_DBGMCU);
    for (int i = 0; i < ARRAY_SIZE(unimp_map); i++) {
        object_initialize_child(obj, unimp_map[i].name, &s->unimp[i], TYPE_UNIMPLEMENTED_DEVICE);
    }
}

static bool stm32f407_init_ram(Stm32f407SocState *s, MemoryRegion *mr, const char *name,
                               hwaddr base, uint64_t size, Error **errp)
{
    if (!memory_region_init_ram(mr, OBJECT(s), name, size, errp)) {
        return false;
    }
    memory_region_add_subregion(get_system_memory(), base, mr);
    return true;
}

/* Read-only memory of the system area, filled with @fill, mapped at @base. */
static uint8_t *stm32f407_init_rom(Stm32f407SocState *s, MemoryRegion *mr, const char *name,
                                   hwaddr base, uint64_t size, uint8_t fill, Error **errp)
{
    uint8_t *p;

    if (!memory_region_init_rom(mr, OBJECT(s), name, size, errp)) {
        return NULL;
    }
    p = memory_region_get_ram_ptr(mr);
    memset(p, fill, size);
    memory_region_add_subregion(get_system_memory(), base, mr);
    return p;
}

static bool stm32f407_parse_uid(const char *uid, uint8_t *out, Error **errp)
{
    if (!uid || strlen(uid) != 2 * STM32F407_UID_BYTES) {
        error_setg(errp, "uid must be %d hex digits", 2 * STM32F407_UID_BYTES);
        return false;
    }
    for (int i = 0; i < STM32F407_UID_BYTES; i++) {
        char byte[3] = { uid[2 * i], uid[2 * i + 1], 0 };
        uint64_t v;
        if (!g_ascii_isxdigit(byte[0]) || !g_ascii_isxdigit(byte[1]) ||
            qemu_strtou64(byte, NULL, 16, &v) < 0) {
            error_setg(errp, "uid '%s' is not hexadecimal", uid);
            return false;
        }
        out[i] = v;
    }
    return true;
}

static void stm32f407_soc_realize(DeviceState *dev_soc, Error **errp)
{
    Stm32f407SocState *s = STM32F407_SOC(dev_soc);
    MemoryRegion *sysmem = get_system_memory();
    DeviceState *armv7m = DEVICE(&s->armv7m), *rcc = DEVICE(&s->rcc), *dev;
    SysBusDevice *busdev;
    uint8_t *devid;

    /* Clock tree first: the CPU and the peripherals take their clocks from it. */
    busdev = SYS_BUS_DEVICE(&s->rcc);
    if (!sysbus_realize(busdev, errp)) {
        return;
    }
    sysbus_mmio_map(busdev, 0, RCC_BASE);

    qdev_prop_set_uint32(armv7m, "num-irq", STM32F407_NUM_IRQS);
    qdev_prop_set_uint8(armv7m, "num-prio-bits", 4);
    qdev_prop_set_string(armv7m, "cpu-type", ARM_CPU_TYPE_NAME("cortex-m4"));
    qdev_prop_set_bit(armv7m, "enable-bitband", true);
    qdev_connect_clock_in(armv7m, "cpuclk", qdev_get_clock_out(rcc, "hclk"));
    qdev_connect_clock_in(armv7m, "refclk", qdev_get_clock_out(rcc, "refclk"));
    object_property_set_link(OBJECT(&s->armv7m), "memory", OBJECT(sysmem), &error_abort);
    if (!sysbus_realize(SYS_BUS_DEVICE(&s->armv7m), errp)) {
        return;
    }
    sysbus_connect_irq(busdev, 0, qdev_get_gpio_in(armv7m, RCC_IRQ));
    /*
     * DWT, DEMCR and DBGMCU live in the PPB, which belongs to the armv7m
     * container (its RAZ/WI "nvic-default" region, priority -1, hides anything
     * in system memory there). Map them into the container above that default;
     * DEMCR goes above the NVIC's system control block (priority 0), which
     * lacks it.
     */
    dev = DEVICE(&s->dwt);
    qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, "hclk"));
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return;
    }
    memory_region_add_subregion_overlap(&s->armv7m.container, ARMV7M_DWT_BASE,
                                        sysbus_mmio_get_region(SYS_BUS_DEVICE(dev), 0), 0);
    memory_region_add_subregion_overlap(&s->armv7m.container, ARMV7M_DEMCR_ADDR,
                                        sysbus_mmio_get_region(SYS_BUS_DEVICE(dev), 1), 1);
    if (!sysbus_realize(SYS_BUS_DEVICE(&s->dbgmcu), errp)) {
        return;
    }
    memory_region_add_subregion_overlap(&s->armv7m.container, DBGMCU_BASE,
                                        sysbus_mmio_get_region(SYS_BUS_DEVICE(&s->dbgmcu), 0),
                                        0);

    /* AIRCR.SYSRESETREQ resets the chip through the RCC, which records SFTRSTF. */
    qdev_connect_gpio_out_named(armv7m, "SYSRESETREQ", 0,
                                qdev_get_gpio_in_named(rcc, "reset-request",
                                                       STM32F4XX_RESET_SOFTWARE));

    /* Flash array, its boot alias at 0, option bytes, and the interface. */
    busdev = SYS_BUS_DEVICE(&s->flash);
    if (!sysbus_realize(busdev, errp)) {
        return;
    }
    sysbus_mmio_map(busdev, 0, FLASH_IF_BASE);
    sysbus_mmio_map(busdev, 1, FLASH_BASE);
    sysbus_mmio_map(busdev, 2, OPTBYTES_BASE);
    sysbus_connect_irq(busdev, 0, qdev_get_gpio_in(armv7m, FLASH_IRQ));
    memory_region_init_alias(&s->flash_alias, OBJECT(s), "flash-boot-alias",
                             sysbus_mmio_get_region(busdev, 1), 0, STM32F4XX_FLASH_SIZE);
    memory_region_add_subregion_overlap(sysmem, 0, &s->flash_alias, 0);

    if (!stm32f407_init_ram(s, &s->sram1, "sram1", SRAM1_BASE, SRAM1_SIZE, errp) ||
        !stm32f407_init_ram(s, &s->sram2, "sram2", SRAM2_BASE, SRAM2_SIZE, errp) ||
        !stm32f407_init_ram(s, &s->ccm, "ccm", CCM_BASE, CCM_SIZE, errp) ||
        !stm32f407_init_ram(s, &s->bkpsram, "bkpsram", BKPSRAM_BASE, BKPSRAM_SIZE, errp)) {
        return;
    }
    /* No ST bootloader ships here: system memory reads erased. */
    if (!stm32f407_init_rom(s, &s->sysmem, "system-memory", SYSMEM_BASE, SYSMEM_SIZE,
                            0xFF, errp) ||
        !stm32f407_init_rom(s, &s->otp, "otp", OTP_BASE, OTP_SIZE, 0xFF, errp)) {
        return;
    }
    devid = stm32f407_init_rom(s, &s->devid, "device-id", DEVID_BASE, DEVID_SIZE, 0xFF, errp);
    if (!devid || !stm32f407_parse_uid(s->uid, devid, errp)) {
        return;
    }
    stw_le_p(devid + 0x12, STM32F4XX_FLASH_SIZE / KiB);   /* F_SIZE at 0x1FFF7A22 */

    /* The other boot aliases at 0 (SYSCFG MEMRMP), disabled until selected. */
    memory_region_init_alias(&s->sysmem_alias, OBJECT(s), "sysmem-boot-alias", &s->sysmem,
                             0, SYSMEM_SIZE);
    memory_region_set_enabled(&s->sysmem_alias, false);
    memory_region_add_subregion_overlap(sysmem, 0, &s->sysmem_alias, 0);
    memory_region_init_alias(&s->sram_alias, OBJECT(s), "sram-boot-alias", &s->sram1,
                             0, SRAM1_SIZE);
    memory_region_set_enabled(&s->sram_alias, false);
    memory_region_add_subregion_overlap(sysmem, 0, &s->sram_alias, 0);

    /* EXTI: lines 0-4 and 16-22 have their own NVIC line, 5-9 and 10-15 share one. */
    busdev = SYS_BUS_DEVICE(&s->exti);
    if (!sysbus_realize(busdev, errp)) {
        return;
    }
    sysbus_mmio_map(busdev, 0, EXTI_BASE);
    for (int i = 0; i < 2; i++) {
        dev = DEVICE(&s->exti_or[i]);
        qdev_prop_set_uint16(dev, "num-lines", i ? 6 : 5);
        if (!qdev_realize(dev, NULL, errp)) {
            return;
        }
        qdev_connect_gpio_out(dev, 0, qdev_get_gpio_in(armv7m, i ? EXTI15_10_IRQ : EXTI9_5_IRQ));
    }
    for (int i = 0; i < STM32F407_EXTI_NUM_LINES; i++) {
        qemu_irq irq;

        if (exti_irq[i] >= 0) {
            irq = qdev_get_gpio_in(armv7m, exti_irq[i]);
        } else if (i < 10) {
            irq = qdev_get_gpio_in(DEVICE(&s->exti_or[0]), i - 5);
        } else {
            irq = qdev_get_gpio_in(DEVICE(&s->exti_or[1]), i - 10);
        }
        sysbus_connect_irq(busdev, i, irq);
    }

    /* SYSCFG: EXTI multiplexer and boot memory remap. */
    dev = DEVICE(&s->syscfg);
    qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, "syscfg"));
    busdev = SYS_BUS_DEVICE(dev);
    if (!sysbus_realize(busdev, errp)) {
        return;
    }
    sysbus_mmio_map(busdev, 0, SYSCFG_BASE);
    for (int i = 0; i < STM32F407_SYSCFG_NUM_EXTI; i++) {
        qdev_connect_gpio_out(dev, i, qdev_get_gpio_in(DEVICE(&s->exti), i));
    }
    qemu_init_irq(&s->mem_mode_in, stm32f407_set_mem_mode, s, 0);
    qdev_connect_gpio_out_named(dev, "mem-mode", 0, &s->mem_mode_in);

    /* GPIO ports: pin levels to the SYSCFG multiplexer and to the board. */
    for (int i = 0; i < STM32F407_NUM_GPIOS; i++) {
        g_autofree char *clk = g_strdup_printf("gpio%c", 'a' + i);

        dev = DEVICE(&s->gpio[i]);
        qdev_prop_set_uint32(dev, "moder-reset", gpio_reset[i].moder);
        qdev_prop_set_uint32(dev, "ospeedr-reset", gpio_reset[i].ospeedr);
        qdev_prop_set_uint32(dev, "pupdr-reset", gpio_reset[i].pupdr);
        qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, clk));
        busdev = SYS_BUS_DEVICE(dev);
        if (!sysbus_realize(busdev, errp)) {
            return;
        }
        sysbus_mmio_map(busdev, 0, GPIO_BASE + i * 0x400);
        for (int pin = 0; pin < STM32F4XX_GPIO_NUM_PINS; pin++) {
            int n = i * STM32F4XX_GPIO_NUM_PINS + pin;

            qdev_connect_gpio_out_named(dev, "exti", pin,
                                        qdev_get_gpio_in(DEVICE(&s->syscfg), n));
            qemu_init_irq(&s->pin_fwd[i][pin], stm32f407_pin_out, s, n);
            qdev_connect_gpio_out(dev, pin, &s->pin_fwd[i][pin]);
        }
    }

    for (int i = 0; i < STM32F407_NUM_USARTS; i++) {
        dev = DEVICE(&s->usart[i]);
        qdev_prop_set_chr(dev, "chardev", serial_hd(i));
        qdev_prop_set_bit(dev, "uart", !strncmp(usart_map[i].name, "uart", 4));
        qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, usart_map[i].name));
        busdev = SYS_BUS_DEVICE(dev);
        if (!sysbus_realize(busdev, errp)) {
            return;
        }
        sysbus_mmio_map(busdev, 0, usart_map[i].addr);
        sysbus_connect_irq(busdev, 0, qdev_get_gpio_in(armv7m, usart_map[i].irq));
    }

    /* RNG and CRC: clocks gated by RCC_AHB2ENR.RNGEN and RCC_AHB1ENR.CRCEN. */
    dev = DEVICE(&s->rng);
    qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, "rng"));
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, RNG_BASE);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, qdev_get_gpio_in(armv7m, HASH_RNG_IRQ));
    dev = DEVICE(&s->crc);
    qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, "crc"));
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, CRC_BASE);

    /* PWR: clock gated by RCC_APB1ENR.PWREN; DBP unlocks RCC_BDCR. */
    dev = DEVICE(&s->pwr);
    qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, "pwr"));
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, PWR_BASE);
    qdev_connect_gpio_out_named(dev, "dbp", 0, qdev_get_gpio_in_named(rcc, "dbp", 0));

    for (int i = 0; i < ARRAY_SIZE(unimp_map); i++) {
        dev = DEVICE(&s->unimp[i]);
        qdev_prop_set_string(dev, "name", unimp_map[i].name);
        qdev_prop_set_uint64(dev, "size", unimp_map[i].size);
        if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
            return;
        }
        sysbus_mmio_map_overlap(SYS_BUS_DEVICE(dev), 0, unimp_map[i].addr, -1000);
    }
}

static const Property stm32f407_soc_properties[] = {
    DEFINE_PROP_STRING("uid", Stm32f407SocState, uid),
};

static void stm32f407_soc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = stm32f407_soc_realize;
    rc->phases.enter = stm32f407_soc_reset_enter;
    device_class_set_props(dc, stm32f407_soc_properties);
    /* Reason: the machine wires board devices and the firmware image. */
    dc->user_creatable = false;
}

static const TypeInfo stm32f407_soc_info = {
    .name = TYPE_STM32F407_SOC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f407SocState),
    .instance_init = stm32f407_soc_initfn,
    .class_init = stm32f407_soc_class_init,
};

static void stm32f407_soc_types(void)
{
    type_register_static(&stm32f407_soc_info);
}

type_init(stm32f407_soc_types)
