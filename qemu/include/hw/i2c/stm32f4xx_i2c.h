/*
 * STM32F4xx I2C controller (I2C1/2/3 of the STM32F405/407), master mode.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * chapter "Inter-integrated circuit (I2C) interface".
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte register block
 *  - sysbus IRQ 0: event interrupt (I2Cx_EV), IRQ 1: error interrupt (I2Cx_ER)
 *  - named GPIO outputs "dma-rx" and "dma-tx": DMA request lines
 *    (level: DMAEN && RXNE, DMAEN && TXE)
 *  - clock input "clk": the (gated) APB1 clock; 0 Hz means the clock is
 *    disabled in the RCC. Unconnected, the controller is always on.
 *  - an I2C bus named after the device's QOM name ("i2c1", ...), created at
 *    realize: -device tmp105,bus=i2c1,address=0x48 puts a slave on I2C1.
 */

#ifndef HW_I2C_STM32F4XX_I2C_H
#define HW_I2C_STM32F4XX_I2C_H

#include "hw/sysbus.h"
#include "hw/i2c/i2c.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_I2C "stm32f4xx-i2c"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxI2cState, STM32F4XX_I2C)

#define STM32F4XX_I2C_MMIO_SIZE 0x400

struct Stm32f4xxI2cState {
    /* <private> */
    SysBusDevice parent_obj;

    /* <public> */
    MemoryRegion mmio;
    I2CBus *bus;

    /* Guest-visible registers */
    uint32_t cr1;
    uint32_t cr2;
    uint32_t oar1;
    uint32_t oar2;
    uint32_t sr1;
    uint32_t sr2;
    uint32_t ccr;
    uint32_t trise;
    uint8_t dr;             /* received byte, as read from DR */

    /* A transfer started on the bus (address ACKed), to the 7-bit bus_addr */
    bool bus_active;
    uint8_t bus_addr;
    /* Master receiver with ADDR cleared: bytes flow into DR and the shift register */
    bool receiving;
    /* Receiver: a second byte waiting in the shift register (BTF) */
    uint8_t shift;
    bool shift_full;
    /* The last byte received was NACKed: the slave sends no more */
    bool rx_nacked;
    /* SR1 was read: the next DR access clears SB/BTF, SR2 read clears ADDR */
    bool sr1_read;

    char *id;
    Clock *clk;
    qemu_irq ev_irq;
    qemu_irq er_irq;
    qemu_irq dma_rx;
    qemu_irq dma_tx;
};

#endif /* HW_I2C_STM32F4XX_I2C_H */
