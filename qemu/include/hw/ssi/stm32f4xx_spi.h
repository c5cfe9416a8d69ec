/*
 * STM32F4xx SPI controller (SPI1/2/3 of the STM32F405/407), master mode.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * chapter "Serial peripheral interface (SPI)".
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte register block
 *  - sysbus IRQ 0: the SPI global interrupt
 *  - named GPIO outputs "dma-rx" and "dma-tx": DMA request lines
 *    (level: RXDMAEN && RXNE, TXDMAEN && TXE)
 *  - named GPIO inputs "miso" 0..3: levels of the pins routed to MISO; with
 *    no slave selected, received bits read as their OR
 *  - named GPIO input "miso-hiz": raised by the selected slave, during a
 *    frame, while it leaves MISO high-impedance (the frame then reads the
 *    "miso" pin level as with no slave); unconnected: slaves always drive
 *  - clock input "clk": the (gated) APB clock of the peripheral; 0 Hz means
 *    the clock is disabled in the RCC. Unconnected, the SPI is always on.
 *  - an SSI bus named after the device's QOM name ("spi1", "spi2", ...),
 *    created at realize, for the slaves (their chip selects are GPIOs).
 */

#ifndef HW_SSI_STM32F4XX_SPI_H
#define HW_SSI_STM32F4XX_SPI_H

#include "hw/sysbus.h"
#include "hw/ssi/ssi.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_SPI "stm32f4xx-spi"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxSpiState, STM32F4XX_SPI)

#define STM32F4XX_SPI_MMIO_SIZE 0x400
#define STM32F4XX_SPI_MISO_LINES 4

struct Stm32f4xxSpiState {
    /* <private> */
    SysBusDevice parent_obj;

    /* <public> */
    MemoryRegion mmio;
    SSIBus *ssi;

    /* Guest-visible registers */
    uint32_t cr1;
    uint32_t cr2;
    uint32_t sr;
    uint32_t rx_dr;     /* receive buffer, as read from DR */
    uint32_t tx_dr;     /* transmit buffer, as written to DR */
    uint32_t crcpr;
    uint32_t i2scfgr;
    uint32_t i2spr;

    /* Frame in the shift register until frame_end_ns; its received word */
    bool busy;
    int64_t frame_end_ns;
    uint32_t shift_rx;
    /* The frame in the transmit buffer was already exchanged: what came back */
    bool tx_exchanged;
    uint32_t tx_rx;
    QEMUTimer *frame_timer;

    /* Clear sequences: OVR (DR read, then SR read), MODF (SR read, then CR1 write) */
    bool ovr_dr_read;
    bool modf_sr_read;

    /* Input "miso" line levels, bit n: line n (pin level with no slave selected) */
    uint32_t miso;
    /* Input "miso-hiz": set by the slave during each frame, not migrated */
    bool miso_hiz;

    char *id;
    Clock *clk;
    qemu_irq irq;
    qemu_irq dma_rx;
    qemu_irq dma_tx;
};

#endif /* HW_SSI_STM32F4XX_SPI_H */
