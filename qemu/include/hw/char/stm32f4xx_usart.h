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
 * for the STM32F405/415, STM32F407/417, STM32F427/437 and STM32F429/439.
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte register block
 *  - sysbus IRQ 0: the USART global interrupt
 *  - named GPIO outputs "dma-rx" and "dma-tx": DMA request lines
 *    (level: DMAR && RXNE, DMAT && TXE)
 *  - clock input "clk": the (gated) APB clock of the peripheral.
 *    A frequency of 0 means the peripheral clock is disabled in the RCC.
 *    If the clock is left unconnected, the USART runs at 16 MHz.
 *  - property "chardev": the host end of the serial line
 *  - property "uart" (default false): UART4/UART5 flavour, without the
 *    synchronous, smartcard and hardware flow control features
 *  - property "rx-backpressure" (default true): see stm32f4xx_usart.c
 */

#ifndef HW_CHAR_STM32F4XX_USART_H
#define HW_CHAR_STM32F4XX_USART_H

#include "hw/sysbus.h"
#include "chardev/char-fe.h"
#include "chardev/char-serial.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_USART "stm32f4xx-usart"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxUsartState, STM32F4XX_USART)

#define STM32F4XX_USART_MMIO_SIZE 0x400

struct Stm32f4xxUsartState {
    /* <private> */
    SysBusDevice parent_obj;

    /* <public> */
    MemoryRegion mmio;

    /* Guest-visible registers */
    uint32_t sr;
    uint32_t dr;        /* received data word, as read from DR */
    uint32_t tdr;       /* transmit data register, as written to DR */
    uint32_t brr;
    uint32_t cr1;
    uint32_t cr2;
    uint32_t cr3;
    uint32_t gtpr;

    /*
     * Status flags seen by the last SR read: a following DR read clears
     * them (ORE, IDLE, NF, FE and PE "read SR then read DR" sequence).
     */
    uint32_t sr_read_flags;
    /* A word was received since the last idle line detection */
    bool idle_armed;
    QEMUTimer *idle_timer;
    /* A frame is on the line (shift register busy) until tx_timer fires */
    bool tx_shifting;
    QEMUTimer *tx_timer;

    /* Properties */
    CharBackend chr;
    bool uart;
    bool rx_backpressure;
    bool tx_pacing;

    /* Host-side state, not migrated */
    guint watch_tag;
    QEMUBH *kick_bh;
    QEMUSerialSetParams params;     /* last parameters sent to the backend */
    bool params_valid;
    char *id;

    Clock *clk;
    qemu_irq irq;
    qemu_irq dma_rx;
    qemu_irq dma_tx;
};

#endif /* HW_CHAR_STM32F4XX_USART_H */
