/*
 * STM32F4xx GPIO port (general-purpose I/Os), after RM0090 section 8.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte register block
 *  - GPIO inputs 0..15: drive pin N from outside (board devices, qtest
 *    set_irq_in): level 0 drives the pin low, any other level high
 *  - GPIO outputs 0..15: the logic level of pin N (what IDR shows), for
 *    board devices such as LEDs
 *  - named GPIO outputs "exti" 0..15: the same levels, for the SYSCFG
 *    EXTI multiplexer
 *  - named GPIO inputs "af-in" 0..255: line 16 * N + AF is the output of
 *    alternate function AF (0..15) for pin N, from a peripheral (timer
 *    channel, ...). While the pin is in alternate function mode with that
 *    AFR value, it drives the pin: level 0 low, 1 high (open drain: 1
 *    releases the pin), STM32F4XX_GPIO_AF_RELEASED (-1) or a line never
 *    set: the peripheral does not drive the pin, which then reads like
 *    an input
 *  - named GPIO outputs "af-out" 0..255: line 16 * N + AF is the level of
 *    pin N while the pin is in alternate function mode with that AFR
 *    value, else 0: the input of alternate function AF (timer capture
 *    inputs, ...)
 *  - named GPIO output "read-sync": pulsed (1 then 0) before a guest read
 *    of IDR while a pin takes its level from an "af-in" line, so that the
 *    peripheral can update its output first (timers compute their outputs
 *    lazily from virtual time)
 *  - clock input "clk": the gated AHB1 clock of the port, 0 Hz = the RCC
 *    enable bit is clear (unconnected: always enabled)
 *  - properties "moder-reset", "ospeedr-reset", "pupdr-reset": reset values
 *  - QOM properties for the host (QMP qom-get/qom-set, usable at run time):
 *      "pin0".."pin15" (bool): set = drive the pin high/low from outside,
 *          like GPIO input N; get = the logic level of the pin
 *      "driven-pins" (uint16): get = mask of the pins driven from outside;
 *          set = release (stop driving) the pins whose bit is 0
 */

#ifndef HW_GPIO_STM32F4XX_GPIO_H
#define HW_GPIO_STM32F4XX_GPIO_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_GPIO "stm32f4xx-gpio"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxGpioState, STM32F4XX_GPIO)

#define STM32F4XX_GPIO_NUM_PINS 16
#define STM32F4XX_GPIO_MMIO_SIZE 0x400
#define STM32F4XX_GPIO_NUM_AF 16
#define STM32F4XX_GPIO_AF_RELEASED (-1)

struct Stm32f4xxGpioState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;

    /* Guest-visible registers */
    uint32_t moder;
    uint32_t otyper;
    uint32_t ospeedr;
    uint32_t pupdr;
    uint32_t idr;       /* pin levels */
    uint32_t odr;
    uint32_t lckr;      /* LCK[15:0] and LCKK */
    uint32_t afr[2];    /* AFRL, AFRH */
    /* Position in the LCKR key write sequence (0: nothing written yet) */
    uint8_t lock_step;

    /*
     * What the outside world does to the pins: a set bit of ext_driven
     * means the pin is driven to the matching bit of ext_level. This is
     * wire state, not register state: it survives a reset of the port.
     */
    uint16_t ext_driven;
    uint16_t ext_level;

    /*
     * Alternate function outputs of the peripherals (wire state, like
     * ext_driven): per pin, a bit per AF number that drives / its level
     */
    uint16_t af_driven[STM32F4XX_GPIO_NUM_PINS];
    uint16_t af_level[STM32F4XX_GPIO_NUM_PINS];
    /* AF whose "af-out" line carries the pin level, -1: none (derived) */
    int8_t af_sel[STM32F4XX_GPIO_NUM_PINS];

    /* Push-pull outputs fighting an external driver (logged once) */
    uint16_t contention;

    /* Properties */
    uint32_t moder_reset;
    uint32_t ospeedr_reset;
    uint32_t pupdr_reset;

    char *id;
    Clock *clk;
    qemu_irq pin[STM32F4XX_GPIO_NUM_PINS];
    qemu_irq exti[STM32F4XX_GPIO_NUM_PINS];
    qemu_irq af_out[STM32F4XX_GPIO_NUM_PINS * STM32F4XX_GPIO_NUM_AF];
    qemu_irq read_sync;
};

#endif
