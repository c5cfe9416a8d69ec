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
#define RTC_BASE        0x40002800
#define RTC_ALARM_EXTI  17
#define RTC_WKUP_EXTI   22
#define WWDG_BASE       0x40002C00
#define WWDG_IRQ        0
#define IWDG_BASE       0x40003000
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
    { "i2s2ext", 0x40003400, 0x400 }, { "i2s3ext", 0x40004000, 0x400 },
    { "can1", 0x40006400, 0x400 },
    { "can2", 0x40006800, 0x400 },
    { "sdio", 0x40012C00, 0x400 },

    { "eth", 0x40028000, 0x1400 }, { "otg_hs", 0x40040000, 0x40000 },
    { "otg_fs", 0x50000000, 0x40000 }, { "dcmi", 0x50050000, 0x400 },
    { "cryp", 0x50060000, 0x400 }, { "hash", 0x50060400, 0x400 },
    { "fsmc", 0xA0000000, 0x1000 },
};
QEMU_BUILD_BUG_ON(ARRAY_SIZE(unimp_map) > STM32F407_NUM_UNIMP);

/* SPI controllers: QOM name (also the name of their SSI bus), base, NVIC line. */
static const struct {
    const char *name;
    hwaddr addr;
    int irq;
} spi_map[STM32F407_NUM_SPIS] = {
    { "spi1", 0x40013000, 35 },
    { "spi2", 0x40003800, 36 },
    { "spi3", 0x40003C00, 51 },
};

/* I2C controllers: QOM name (also the name of their I2C bus), base, NVIC lines EV, ER. */
static const struct {
    const char *name;
    hwaddr addr;
    int ev_irq, er_irq;
} i2c_map[STM32F407_NUM_I2CS] = {
    { "i2c1", 0x40005400, 31, 32 },
    { "i2c2", 0x40005800, 33, 34 },
    { "i2c3", 0x40005C00, 72, 73 },
};

/* Pins that can carry MISO (datasheet AF table, LQFP100): their level reaches the SPI. */
static const struct {
    uint8_t spi, port, pin, af;     /* SPIspi MISO on Pport pin, AFaf */
} spi_miso_pins[] = {
    { 1, 'A' - 'A', 6, 5 }, { 1, 'B' - 'A', 4, 5 },
    { 2, 'B' - 'A', 14, 5 }, { 2, 'C' - 'A', 2, 5 },
    { 3, 'B' - 'A', 4, 6 }, { 3, 'C' - 'A', 11, 6 },
};

/*
 * Timers TIM1..TIM14 (index n - 1): variant, address, NVIC lines. Advanced
 * timers have 4 lines (BRK, UP, TRG_COM, CC), the others one.
 */
static const struct {
    hwaddr addr;
    uint8_t channels, width;
    bool advanced, master, slave, updown;
    uint32_t or_mask;
    int irq[STM32F4XX_TIMER_NUM_IRQ];
} tim_map[STM32F407_NUM_TIMERS] = {
    { 0x40010000, 4, 16, true, true, true, true, 0, { 24, 25, 26, 27 } },
    { 0x40000000, 4, 32, false, true, true, true, 0x0C00, { 28 } },
    { 0x40000400, 4, 16, false, true, true, true, 0, { 29 } },
    { 0x40000800, 4, 16, false, true, true, true, 0, { 30 } },
    { 0x40000C00, 4, 32, false, true, true, true, 0x00C0, { 50 } },
    { 0x40001000, 0, 16, false, true, false, false, 0, { 54 } },
    { 0x40001400, 0, 16, false, true, false, false, 0, { 55 } },
    { 0x40010400, 4, 16, true, true, true, true, 0, { 43, 44, 45, 46 } },
    { 0x40014000, 2, 16, false, false, true, false, 0, { 24 } },
    { 0x40014400, 1, 16, false, false, false, false, 0, { 25 } },
    { 0x40014800, 1, 16, false, false, false, false, 0x0003, { 26 } },
    { 0x40001800, 2, 16, false, false, true, false, 0, { 43 } },
    { 0x40001C00, 1, 16, false, false, false, false, 0, { 44 } },
    { 0x40002000, 1, 16, false, false, false, false, 0, { 45 } },
};

/* NVIC lines a timer shares (through an OR gate): TIM6_DAC keeps input 1 for the DAC. */
static const int tim_shared_irq[STM32F407_NUM_TIM_OR] = { 24, 25, 26, 43, 44, 45, 54 };

/*
 * Timer channel pins (STM32F407 datasheet, alternate function mapping),
 * LQFP100 pins only: TIM1/2 AF1, TIM3/4/5 AF2, TIM8/9/10/11 AF3, TIM12/13/14 AF9.
 * A channel output reaches the pin, and the pin level reaches the channel
 * input, only while the pin is in alternate function mode with that AF.
 */
#define TIM_PIN(tim, ch, port, pin, af) { tim, ch, (port) - 'A', pin, af }
static const struct {
    uint8_t tim, ch, port, pin, af;     /* TIMtim CHch on Pport pin */
} tim_pins[] = {
    TIM_PIN(1, 1, 'A', 8, 1), TIM_PIN(1, 1, 'E', 9, 1),
    TIM_PIN(1, 2, 'A', 9, 1), TIM_PIN(1, 2, 'E', 11, 1),
    TIM_PIN(1, 3, 'A', 10, 1), TIM_PIN(1, 3, 'E', 13, 1),
    TIM_PIN(1, 4, 'A', 11, 1), TIM_PIN(1, 4, 'E', 14, 1),
    TIM_PIN(2, 1, 'A', 0, 1), TIM_PIN(2, 1, 'A', 5, 1), TIM_PIN(2, 1, 'A', 15, 1),
    TIM_PIN(2, 2, 'A', 1, 1), TIM_PIN(2, 2, 'B', 3, 1),
    TIM_PIN(2, 3, 'A', 2, 1), TIM_PIN(2, 3, 'B', 10, 1),
    TIM_PIN(2, 4, 'A', 3, 1), TIM_PIN(2, 4, 'B', 11, 1),
    TIM_PIN(3, 1, 'A', 6, 2), TIM_PIN(3, 1, 'B', 4, 2), TIM_PIN(3, 1, 'C', 6, 2),
    TIM_PIN(3, 2, 'A', 7, 2), TIM_PIN(3, 2, 'B', 5, 2), TIM_PIN(3, 2, 'C', 7, 2),
    TIM_PIN(3, 3, 'B', 0, 2), TIM_PIN(3, 3, 'C', 8, 2),
    TIM_PIN(3, 4, 'B', 1, 2), TIM_PIN(3, 4, 'C', 9, 2),
    TIM_PIN(4, 1, 'B', 6, 2), TIM_PIN(4, 1, 'D', 12, 2),
    TIM_PIN(4, 2, 'B', 7, 2), TIM_PIN(4, 2, 'D', 13, 2),
    TIM_PIN(4, 3, 'B', 8, 2), TIM_PIN(4, 3, 'D', 14, 2),
    TIM_PIN(4, 4, 'B', 9, 2), TIM_PIN(4, 4, 'D', 15, 2),
    TIM_PIN(5, 1, 'A', 0, 2), TIM_PIN(5, 2, 'A', 1, 2),
    TIM_PIN(5, 3, 'A', 2, 2), TIM_PIN(5, 4, 'A', 3, 2),
    TIM_PIN(8, 1, 'C', 6, 3), TIM_PIN(8, 2, 'C', 7, 3),
    TIM_PIN(8, 3, 'C', 8, 3), TIM_PIN(8, 4, 'C', 9, 3),
    TIM_PIN(9, 1, 'A', 2, 3), TIM_PIN(9, 1, 'E', 5, 3),
    TIM_PIN(9, 2, 'A', 3, 3), TIM_PIN(9, 2, 'E', 6, 3),
    TIM_PIN(10, 1, 'B', 8, 3), TIM_PIN(11, 1, 'B', 9, 3),
    TIM_PIN(12, 1, 'B', 14, 9), TIM_PIN(12, 2, 'B', 15, 9),
    TIM_PIN(13, 1, 'A', 6, 9), TIM_PIN(14, 1, 'A', 7, 9),
};

/*
 * Internal trigger connections (RM0090 tables 94, 98 and 101, "TIMx internal
 * trigger connection"): TIMslave ITRn <- TRGO of TIMmaster. TIM10/11/13/14 have no
 * TRGO: their "trgo" is OC1REF, the TIMx_OC input of TIM9/TIM12. TIM2 ITR1
 * is TIM8 TRGO (TIM2_OR ITR1_RMP remapping to OTG/Ethernet not modelled).
 */
static const struct {
    uint8_t slave, itr, master;
} tim_itr[] = {
    { 1, 0, 5 }, { 1, 1, 2 }, { 1, 2, 3 }, { 1, 3, 4 },
    { 8, 0, 1 }, { 8, 1, 2 }, { 8, 2, 4 }, { 8, 3, 5 },
    { 2, 0, 1 }, { 2, 1, 8 }, { 2, 2, 3 }, { 2, 3, 4 },
    { 3, 0, 1 }, { 3, 1, 2 }, { 3, 2, 5 }, { 3, 3, 4 },
    { 4, 0, 1 }, { 4, 1, 2 }, { 4, 2, 3 }, { 4, 3, 8 },
    { 5, 0, 2 }, { 5, 1, 3 }, { 5, 2, 4 }, { 5, 3, 8 },
    { 9, 0, 2 }, { 9, 1, 3 }, { 9, 2, 10 }, { 9, 3, 11 },
    { 12, 0, 4 }, { 12, 1, 5 }, { 12, 2, 13 }, { 12, 3, 14 },
};

/* ADC, DAC and DMA */
#define ADC_BASE        0x40012000
#define ADC_IRQ         18
#define DAC_BASE        0x40007400
#define TIM6_DAC_OR     6       /* index in tim_shared_irq; the DAC takes input 1 */

/* DAC trigger inputs (CR.TSEL 0..5): the TRGO of these timers */
static const uint8_t dac_trigger_tim[] = { 6, 8, 7, 5, 2, 4 };
/* DAC channel 1/2 DMA requests: DMA1 stream 5/6, channel 7 */
#define DAC_DMA_CHANNEL 7

/* DMA1, DMA2: base and the NVIC line of each stream */
static const struct {
    hwaddr addr;
    int irq[STM32F4XX_DMA_NUM_STREAMS];
} dma_map[2] = {
    { 0x40026000, { 11, 12, 13, 14, 15, 16, 17, 47 } },
    { 0x40026400, { 56, 57, 58, 59, 60, 68, 69, 70 } },
};

/* DMA request of ADC1..3 (RM0090 table 43): DMA2 stream/channel, two choices each */
static const struct {
    uint8_t stream, channel;
} adc_dma_req[STM32F4XX_ADC_NUM][2] = {
    { { 0, 0 }, { 4, 0 } }, { { 2, 1 }, { 3, 1 } }, { { 0, 2 }, { 1, 2 } },
};

static void stm32f407_adc_dma_req(void *opaque, int n, int level)
{
    Stm32f407SocState *s = opaque;

    for (int i = 0; i < 2; i++) {
        qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->dma[1]), "request",
                                            adc_dma_req[n][i].stream * 8 +
                                            adc_dma_req[n][i].channel),
                     level);
    }
}

/*
 * ADC trigger sources (RM0090 13.13.3, CR2.EXTSEL/JEXTSEL), by EXTSEL value:
 * TIMtim CCch, or TRGO for ch 0. EXTI11/EXTI15 (value 15) are not connected.
 */
static const struct {
    uint8_t tim, ch;
} adc_ext_trigger[STM32F4XX_ADC_NUM_TRIGGERS - 1] = {
    { 1, 1 }, { 1, 2 }, { 1, 3 }, { 2, 2 }, { 2, 3 }, { 2, 4 }, { 2, 0 }, { 3, 1 },
    { 3, 0 }, { 4, 4 }, { 5, 1 }, { 5, 2 }, { 5, 3 }, { 8, 1 }, { 8, 0 },
}, adc_jext_trigger[STM32F4XX_ADC_NUM_TRIGGERS - 1] = {
    { 1, 4 }, { 1, 0 }, { 2, 1 }, { 2, 0 }, { 3, 2 }, { 3, 4 }, { 4, 1 }, { 4, 2 },
    { 4, 3 }, { 4, 0 }, { 5, 4 }, { 5, 0 }, { 8, 2 }, { 8, 3 }, { 8, 4 },
};

/* A timer's TRGO (ch 0) or channel output changed: to the ADC/DAC triggers. */
static void stm32f407_analog_tim_event(Stm32f407SocState *s, int tim, int ch, int level)
{
    for (int i = 0; i < ARRAY_SIZE(adc_ext_trigger); i++) {
        if (adc_ext_trigger[i].tim == tim && adc_ext_trigger[i].ch == ch) {
            qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->adc), "ext-trigger", i),
                         level > 0);
        }
        if (adc_jext_trigger[i].tim == tim && adc_jext_trigger[i].ch == ch) {
            qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->adc), "jext-trigger", i),
                         level > 0);
        }
    }
    for (int i = 0; i < ARRAY_SIZE(dac_trigger_tim); i++) {
        if (ch == 0 && dac_trigger_tim[i] == tim) {
            qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->dac), "trigger", i), level > 0);
        }
    }
}

static bool stm32f407_realize_analog(Stm32f407SocState *s, Error **errp)
{
    DeviceState *armv7m = DEVICE(&s->armv7m), *rcc = DEVICE(&s->rcc);
    DeviceState *dev;

    for (int i = 0; i < 2; i++) {
        g_autofree char *name = g_strdup_printf("dma%d", i + 1);

        dev = DEVICE(&s->dma[i]);
        qdev_prop_set_bit(dev, "mem-to-mem", i == 1);
        object_property_set_link(OBJECT(dev), "memory", OBJECT(get_system_memory()),
                                 &error_abort);
        qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, name));
        if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
            return false;
        }
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, dma_map[i].addr);
        for (int st = 0; st < STM32F4XX_DMA_NUM_STREAMS; st++) {
            sysbus_connect_irq(SYS_BUS_DEVICE(dev), st,
                               qdev_get_gpio_in(armv7m, dma_map[i].irq[st]));
        }
    }

    dev = DEVICE(&s->adc);

    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        g_autofree char *name = g_strdup_printf("adc%d", i + 1);

        qdev_connect_clock_in(dev, name, qdev_get_clock_out(rcc, name));
    }
    object_property_set_link(OBJECT(dev), "gpioa", OBJECT(&s->gpio[0]), &error_abort);
    object_property_set_link(OBJECT(dev), "gpiob", OBJECT(&s->gpio[1]), &error_abort);
    object_property_set_link(OBJECT(dev), "gpioc", OBJECT(&s->gpio[2]), &error_abort);
    object_property_set_link(OBJECT(dev), "gpiof", OBJECT(&s->gpio[5]), &error_abort);
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return false;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, ADC_BASE);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, qdev_get_gpio_in(armv7m, ADC_IRQ));
    for (int i = 0; i < STM32F4XX_ADC_NUM; i++) {
        qemu_init_irq(&s->adc_dma_fwd[i], stm32f407_adc_dma_req, s, i);
        qdev_connect_gpio_out_named(dev, "dma", i, &s->adc_dma_fwd[i]);
    }

    /* DAC: output voltages to the ADC (PA4, PA5), DMA1, IRQ shared with TIM6 */
    dev = DEVICE(&s->dac);
    qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, "dac"));
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return false;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, DAC_BASE);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0,
                       qdev_get_gpio_in(DEVICE(&s->tim_or[TIM6_DAC_OR]), 1));
    for (int c = 0; c < 2; c++) {
        qdev_connect_gpio_out_named(dev, "out", c,
                                    qdev_get_gpio_in_named(DEVICE(&s->adc), "dac", c));
        qdev_connect_gpio_out_named(dev, "dma", c,
                                    qdev_get_gpio_in_named(DEVICE(&s->dma[0]), "request",
                                                           (5 + c) * 8 + DAC_DMA_CHANNEL));
    }
    return true;
}
/* ADC, DAC and DMA end */

/* Timer channel output "ch-out": to the AF input of each of its pins. */
static void stm32f407_tim_ch_out(void *opaque, int n, int level)
{
    Stm32f407SocState *s = opaque;
    int tim = n / STM32F4XX_TIMER_NUM_CH + 1, ch = n % STM32F4XX_TIMER_NUM_CH + 1;

    for (int i = 0; i < ARRAY_SIZE(tim_pins); i++) {
        if (tim_pins[i].tim == tim && tim_pins[i].ch == ch) {
            qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->gpio[tim_pins[i].port]), "af-in",
                                                tim_pins[i].pin * STM32F4XX_GPIO_NUM_AF +
                                                tim_pins[i].af),
                         level);
        }
    }
    stm32f407_analog_tim_event(s, tim, ch, level);
}

QEMU_BUILD_BUG_ON(ARRAY_SIZE(tim_pins) > STM32F407_NUM_TIM_PINS);

/*
 * GPIO "af-out" of tim_pins[n] changed: the channel input is the OR of its
 * pins that select the timer's AF (one of them, unless the guest selects
 * the AF on two pins).
 */
static void stm32f407_tim_pin_in(void *opaque, int n, int level)
{
    Stm32f407SocState *s = opaque;
    bool in = false;

    for (int i = 0; i < ARRAY_SIZE(tim_pins); i++) {
        Stm32f4xxGpioState *gpio = &s->gpio[tim_pins[i].port];

        if (tim_pins[i].tim == tim_pins[n].tim && tim_pins[i].ch == tim_pins[n].ch &&
            gpio->af_sel[tim_pins[i].pin] == tim_pins[i].af) {
            in |= extract32(gpio->idr, tim_pins[i].pin, 1);
        }
    }
    qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->tim[tim_pins[n].tim - 1]), "ch-in",
                                        tim_pins[n].ch - 1),
                 in);
}

/* A GPIO port is about to read its pins: the timers with pins there update their outputs. */
static void stm32f407_tim_read_sync(void *opaque, int port, int level)
{
    Stm32f407SocState *s = opaque;
    uint16_t done = 0;

    for (int i = 0; level && i < ARRAY_SIZE(tim_pins); i++) {
        if (tim_pins[i].port == port && !(done & BIT(tim_pins[i].tim))) {
            done |= BIT(tim_pins[i].tim);
            qemu_irq_pulse(qdev_get_gpio_in_named(DEVICE(&s->tim[tim_pins[i].tim - 1]),
                                                  "sync", 0));
        }
    }
}

/* RCC_APBxRSTR.TIMxRST pulse: reset TIMx. */
/* Timer TRGO, to the ITR inputs of its slaves. */
static void stm32f407_tim_trgo(void *opaque, int n, int level)
{
    Stm32f407SocState *s = opaque;

    for (int i = 0; i < ARRAY_SIZE(tim_itr); i++) {
        if (tim_itr[i].master == n + 1) {
            qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->tim[tim_itr[i].slave - 1]), "itr",
                                                tim_itr[i].itr),
                         level);
        }
    }
    stm32f407_analog_tim_event(s, n + 1, 0, level);
}

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

/* A pulse on an RCC "periph-reset" line: the peripheral back to its reset state. */
static void stm32f407_periph_reset(void *opaque, int n, int level)
{
    if (level) {
        device_cold_reset(DEVICE(opaque));
    }
}

/*
 * Connect each RCC xxxRSTR bit to the child of the same name (the three ADCs are one
 * device, "adc", reset by ADCRST, bit 8 = "adc1"). Bits of peripherals that have no
 * model (unimplemented devices, Ethernet, USB...) stay unconnected: nothing to reset.
 */
static void stm32f407_connect_periph_resets(Stm32f407SocState *s)
{
    for (unsigned k = 0; k < STM32F4XX_RCC_NUM_PERIPH_CLOCKS; k++) {
        const char *name = stm32f4xx_rcc_periph_name(k);
        Object *child;

        if (!name) {
            break;
        }
        if (!strcmp(name, "adc1")) {
            name = "adc";
        }
        child = object_resolve_path_component(OBJECT(s), name);
        if (!child || !object_dynamic_cast(child, TYPE_DEVICE) ||
            object_dynamic_cast(child, TYPE_UNIMPLEMENTED_DEVICE)) {
            continue;
        }
        qemu_init_irq(&s->periph_reset[k], stm32f407_periph_reset, child, 0);
        qdev_connect_gpio_out_named(DEVICE(&s->rcc), "periph-reset", k,
                                    &s->periph_reset[k]);
    }
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
    object_initialize_child(obj, "rtc", &s->rtc, TYPE_STM32F4XX_RTC);
    object_initialize_child(obj, "iwdg", &s->iwdg, TYPE_STM32F4XX_IWDG);
    object_initialize_child(obj, "wwdg", &s->wwdg, TYPE_STM32F4XX_WWDG);
    object_initialize_child(obj, "dbp-split", &s->dbp_split, TYPE_SPLIT_IRQ);
    object_initialize_child(obj, "dwt", &s->dwt, TYPE_ARMV7M_DWT);
    object_initialize_child(obj, "dbgmcu", &s->dbgmcu, TYPE_STM32F4XX_DBGMCU);
    for (int i = 0; i < STM32F407_NUM_TIMERS; i++) {
        g_autofree char *name = g_strdup_printf("tim%d", i + 1);

        object_initialize_child(obj, name, &s->tim[i], TYPE_STM32F4XX_TIMER);
    }
    for (int i = 0; i < STM32F407_NUM_TIM_OR; i++) {
        g_autofree char *name = g_strdup_printf("tim-irq%d-or", tim_shared_irq[i]);

        object_initialize_child(obj, name, &s->tim_or[i], TYPE_OR_IRQ);
    }
    object_initialize_child(obj, "adc", &s->adc, TYPE_STM32F4XX_ADC);     /* ADC, DAC, DMA */
    object_initialize_child(obj, "dma1", &s->dma[0], TYPE_STM32F4XX_DMA);
    object_initialize_child(obj, "dma2", &s->dma[1], TYPE_STM32F4XX_DMA);
    object_initialize_child(obj, "dac", &s->dac, TYPE_STM32F4XX_DAC);
    /* SPI and I2C */
    for (int i = 0; i < STM32F407_NUM_SPIS; i++) {
        object_initialize_child(obj, spi_map[i].name, &s->spi[i], TYPE_STM32F4XX_SPI);
    }
    for (int i = 0; i < STM32F407_NUM_I2CS; i++) {
        object_initialize_child(obj, i2c_map[i].name, &s->i2c[i], TYPE_STM32F4XX_I2C);
    }
    /* SPI and I2C end */
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

/* Timers: clocks, registers, NVIC lines (shared ones through OR gates), pins, triggers. */
static bool stm32f407_realize_timers(Stm32f407SocState *s, Error **errp)
{
    DeviceState *armv7m = DEVICE(&s->armv7m);
    int or_used[STM32F407_NUM_TIM_OR] = { 0 };

    for (int i = 0; i < STM32F407_NUM_TIM_OR; i++) {
        DeviceState *dev = DEVICE(&s->tim_or[i]);

        qdev_prop_set_uint16(dev, "num-lines", 2);
        if (!qdev_realize(dev, NULL, errp)) {
            return false;
        }
        qdev_connect_gpio_out(dev, 0, qdev_get_gpio_in(armv7m, tim_shared_irq[i]));
    }
    for (int t = 0; t < STM32F407_NUM_TIMERS; t++) {
        g_autofree char *name = g_strdup_printf("tim%d", t + 1);
        DeviceState *dev = DEVICE(&s->tim[t]);
        SysBusDevice *busdev = SYS_BUS_DEVICE(dev);

        qdev_prop_set_uint8(dev, "channels", tim_map[t].channels);
        qdev_prop_set_uint8(dev, "width", tim_map[t].width);
        qdev_prop_set_bit(dev, "advanced", tim_map[t].advanced);
        qdev_prop_set_bit(dev, "master", tim_map[t].master);
        qdev_prop_set_bit(dev, "slave", tim_map[t].slave);
        qdev_prop_set_bit(dev, "up-down", tim_map[t].updown);
        qdev_prop_set_uint32(dev, "or-mask", tim_map[t].or_mask);
        qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(DEVICE(&s->rcc), name));
        if (!sysbus_realize(busdev, errp)) {
            return false;
        }
        sysbus_mmio_map(busdev, 0, tim_map[t].addr);
        for (int i = 0; i < (tim_map[t].advanced ? STM32F4XX_TIMER_NUM_IRQ : 1); i++) {
            int line = tim_map[t].irq[i], k;
            qemu_irq irq = qdev_get_gpio_in(armv7m, line);

            for (k = 0; k < STM32F407_NUM_TIM_OR; k++) {
                if (tim_shared_irq[k] == line) {
                    irq = qdev_get_gpio_in(DEVICE(&s->tim_or[k]), or_used[k]++);
                    break;
                }
            }
            sysbus_connect_irq(busdev, i, irq);
        }
        for (int ch = 0; ch < tim_map[t].channels; ch++) {
            qemu_init_irq(&s->tim_ch_fwd[t][ch], stm32f407_tim_ch_out, s,
                          t * STM32F4XX_TIMER_NUM_CH + ch);
            qdev_connect_gpio_out_named(dev, "ch-out", ch, &s->tim_ch_fwd[t][ch]);
        }
        qemu_init_irq(&s->tim_trgo_fwd[t], stm32f407_tim_trgo, s, t);
        qdev_connect_gpio_out_named(dev, "trgo", 0, &s->tim_trgo_fwd[t]);
    }
    for (int i = 0; i < STM32F407_NUM_GPIOS; i++) {
        qemu_init_irq(&s->tim_read_sync[i], stm32f407_tim_read_sync, s, i);
        qdev_connect_gpio_out_named(DEVICE(&s->gpio[i]), "read-sync", 0,
                                    &s->tim_read_sync[i]);
    }
    for (int i = 0; i < ARRAY_SIZE(tim_pins); i++) {
        qemu_init_irq(&s->tim_pin_fwd[i], stm32f407_tim_pin_in, s, i);
        qdev_connect_gpio_out_named(DEVICE(&s->gpio[tim_pins[i].port]), "af-out",
                                    tim_pins[i].pin * STM32F4XX_GPIO_NUM_AF + tim_pins[i].af,
                                    &s->tim_pin_fwd[i]);
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
    /*
     * ADC factory calibration (DS8626), raw 12-bit readings at VDDA = 3.3 V of
     * the typical values the ADC model uses: VREFIN_CAL (1.21 V), TS_CAL1 (30 C,
     * 0.7725 V) and TS_CAL2 (110 C, 0.9725 V).
     */
    stw_le_p(devid + 0x1A, 1502);
    stw_le_p(devid + 0x1C, 959);
    stw_le_p(devid + 0x1E, 1207);

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

    /* RTC, IWDG, WWDG */
    /* PWR_CR.DBP unlocks the backup domain: RCC_BDCR and the RTC. */
    dev = DEVICE(&s->dbp_split);
    qdev_prop_set_uint32(dev, "num-lines", 2);
    if (!qdev_realize(dev, NULL, errp)) {
        return;
    }
    qdev_connect_gpio_out_named(DEVICE(&s->pwr), "dbp", 0, qdev_get_gpio_in(dev, 0));
    qdev_connect_gpio_out(dev, 0, qdev_get_gpio_in_named(rcc, "dbp", 0));
    qdev_connect_gpio_out(dev, 1, qdev_get_gpio_in_named(DEVICE(&s->rtc), "dbp", 0));
    /* RTC: backup domain clock and reset from the RCC, alarm/wakeup through EXTI. */
    dev = DEVICE(&s->rtc);
    qdev_connect_clock_in(dev, "rtcclk", qdev_get_clock_out(rcc, "rtcclk"));
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, RTC_BASE);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0,
                       qdev_get_gpio_in(DEVICE(&s->exti), RTC_ALARM_EXTI));
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 1,
                       qdev_get_gpio_in(DEVICE(&s->exti), RTC_WKUP_EXTI));
    qdev_connect_gpio_out_named(rcc, "bdrst", 0, qdev_get_gpio_in_named(dev, "bdrst", 0));
    /* IWDG: LSI clock (which it keeps on), option byte WDG_SW, reset through the RCC. */
    dev = DEVICE(&s->iwdg);
    qdev_connect_clock_in(dev, "lsi", qdev_get_clock_out(rcc, "lsi"));
    object_property_set_link(OBJECT(dev), "option-bytes",
                             OBJECT(sysbus_mmio_get_region(SYS_BUS_DEVICE(&s->flash), 2)),
                             &error_abort);
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, IWDG_BASE);
    qdev_connect_gpio_out_named(dev, "lsi-force", 0, qdev_get_gpio_in_named(rcc, "lsi-force", 0));
    qdev_connect_gpio_out_named(dev, "reset", 0,
                                qdev_get_gpio_in_named(rcc, "reset-request",
                                                       STM32F4XX_RESET_IWDG));
    /* WWDG: PCLK1 gated by WWDGEN, early wakeup on NVIC 0, reset through the RCC. */
    dev = DEVICE(&s->wwdg);
    qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, "wwdg"));
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, WWDG_BASE);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, qdev_get_gpio_in(armv7m, WWDG_IRQ));
    qdev_connect_gpio_out_named(dev, "reset", 0,
                                qdev_get_gpio_in_named(rcc, "reset-request",
                                                       STM32F4XX_RESET_WWDG));
    /* RTC, IWDG, WWDG end */


    if (!stm32f407_realize_timers(s, errp)) {
        return;
    }

    /* ADC, DAC and DMA (after the timers: the DAC shares TIM6's OR gate) */
    if (!stm32f407_realize_analog(s, errp)) {
        return;
    }

    /* SPI: clock gated by RCC SPIxEN, slaves on the SSI bus "spi1".."spi3". */
    for (int i = 0; i < STM32F407_NUM_SPIS; i++) {
        dev = DEVICE(&s->spi[i]);
        qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, spi_map[i].name));
        if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
            return;
        }
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, spi_map[i].addr);
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, qdev_get_gpio_in(armv7m, spi_map[i].irq));
    }
    for (int i = 0, n[STM32F407_NUM_SPIS] = { 0 }; i < ARRAY_SIZE(spi_miso_pins); i++) {
        int spi = spi_miso_pins[i].spi - 1;

        qdev_connect_gpio_out_named(DEVICE(&s->gpio[spi_miso_pins[i].port]), "af-out",
                                    spi_miso_pins[i].pin * STM32F4XX_GPIO_NUM_AF +
                                    spi_miso_pins[i].af,
                                    qdev_get_gpio_in_named(DEVICE(&s->spi[spi]), "miso",
                                                           n[spi]++));
    }
    /* I2C: clock gated by RCC I2CxEN, slaves on the I2C bus "i2c1".."i2c3". */
    for (int i = 0; i < STM32F407_NUM_I2CS; i++) {
        dev = DEVICE(&s->i2c[i]);
        qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, i2c_map[i].name));
        if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
            return;
        }
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, i2c_map[i].addr);
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, qdev_get_gpio_in(armv7m, i2c_map[i].ev_irq));
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 1, qdev_get_gpio_in(armv7m, i2c_map[i].er_irq));
    }
    /* SPI and I2C end */

    for (int i = 0; i < ARRAY_SIZE(unimp_map); i++) {
        dev = DEVICE(&s->unimp[i]);
        qdev_prop_set_string(dev, "name", unimp_map[i].name);
        qdev_prop_set_uint64(dev, "size", unimp_map[i].size);
        if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
            return;
        }
        sysbus_mmio_map_overlap(SYS_BUS_DEVICE(dev), 0, unimp_map[i].addr, -1000);
    }
    stm32f407_connect_periph_resets(s);
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
