/*
 * STM32F4xx DMA controller (DMA1, DMA2), after RM0090 chapter 10.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte register block
 *  - sysbus IRQs 0..7: the interrupt of stream 0..7
 *  - named GPIO inputs "request" 0..63: line 8 * stream + channel is the
 *    DMA request of the peripheral on that stream/channel (RM0090 tables
 *    42/43), as a level: the stream moves one data item while the line is
 *    high, and the peripheral lowers it when served (e.g. ADC DR read)
 *  - clock input "clk": the gated AHB1 clock, 0 Hz = RCC enable bit clear
 *  - link "memory": the memory the transfers go through (the system
 *    memory if not set)
 *  - property "mem-to-mem" (bool): memory-to-memory transfers allowed
 *    (DMA2 only; DMA1 logs and refuses them)
 */

#ifndef HW_DMA_STM32F4XX_DMA_H
#define HW_DMA_STM32F4XX_DMA_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "exec/memory.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_DMA "stm32f4xx-dma"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxDmaState, STM32F4XX_DMA)

#define STM32F4XX_DMA_MMIO_SIZE 0x400
#define STM32F4XX_DMA_NUM_STREAMS 8
#define STM32F4XX_DMA_NUM_CHANNELS 8

typedef struct Stm32f4xxDmaStream {
    /* Guest-visible registers */
    uint32_t cr;
    uint32_t ndtr;
    uint32_t par;
    uint32_t m0ar;
    uint32_t m1ar;
    uint32_t fcr;
    /* Interrupt flags, in the LISR bit layout of stream 0 (FEIF..TCIF) */
    uint32_t flags;

    /* NDTR as programmed: the reload value of circular/double-buffer modes */
    uint32_t ndtr_reload;
    /* Request lines of the 8 channels, bit n = channel n (wire state) */
    uint8_t request;
    /* Memory-to-memory or a long burst goes on from this timer */
    QEMUTimer *timer;

    /* Not migrated */
    struct Stm32f4xxDmaState *dma;
    int index;
    bool running;           /* inside the transfer loop (re-entrancy guard) */
    qemu_irq irq;
} Stm32f4xxDmaStream;

struct Stm32f4xxDmaState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    Stm32f4xxDmaStream stream[STM32F4XX_DMA_NUM_STREAMS];

    /* Properties */
    bool mem_to_mem;
    MemoryRegion *memory;

    AddressSpace as;
    Clock *clk;
    char *id;
};

#endif /* HW_DMA_STM32F4XX_DMA_H */
