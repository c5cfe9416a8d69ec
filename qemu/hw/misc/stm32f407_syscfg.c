/*
 * STM32F405/407 SYSCFG (system configuration controller)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * section 9 "System configuration controller (SYSCFG)", for the STM32F405,
 * F407, F415 and F417.
 *
 * Modelling choices:
 *
 * - EXTICR1-4 select, for each EXTI line 0..15, the pin of the same number
 *   on port A (0) .. I (8). Values 9-15 are reserved: the line then sees 0
 *   (LOG_GUEST_ERROR). Changing the selection sends the level of the newly
 *   selected pin to the EXTI at once, which can make an edge there, as the
 *   multiplexer would.
 * - MEMRMP.MEM_MODE is sent to the SoC on "mem-mode", which maps main
 *   flash, system memory or SRAM1 at address 0. The SoC has nothing to
 *   map for FSMC bank 1 (LOG_UNIMP). Reset value 0: BOOT0 is tied low.
 * - PMC (MII_RMII_SEL, ADCxDC2) is stored without effect.
 * - CMPCR: the compensation cell is ready as soon as it is powered
 *   (READY = CMP_PD).
 * - With the SYSCFG clock off (input clock "clk" at 0 Hz) register writes
 *   are ignored (LOG_GUEST_ERROR) and reads return 0; the EXTI multiplexer
 *   keeps working.
 * - The registers are word registers (RM0090 9.2): narrow accesses are
 *   logged; narrow reads return the bits they cover, narrow writes are
 *   ignored.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "migration/vmstate.h"
#include "hw/misc/stm32f407_syscfg.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(MEMRMP, 0x00)
    FIELD(MEMRMP, MEM_MODE, 0, 2)
REG32(PMC, 0x04)
    FIELD(PMC, ADCXDC2, 16, 3)
    FIELD(PMC, MII_RMII_SEL, 23, 1)
REG32(EXTICR1, 0x08)
REG32(EXTICR2, 0x0C)
REG32(EXTICR3, 0x10)
REG32(EXTICR4, 0x14)
REG32(CMPCR, 0x20)
    FIELD(CMPCR, CMP_PD, 0, 1)
    FIELD(CMPCR, READY, 8, 1)

#define NUM_PORTS STM32F407_SYSCFG_NUM_PORTS
#define NUM_LINES STM32F407_SYSCFG_NUM_EXTI
#define EXTICR_MASK 0xFFFF
#define PMC_MASK (R_PMC_ADCXDC2_MASK | R_PMC_MII_RMII_SEL_MASK)

static bool syscfg_clock_enabled(Stm32f407SyscfgState *s)
{
    return !clock_has_source(s->clk) || clock_is_enabled(s->clk);
}

/* Port (0 = A) selected for EXTI @line; reserved values are returned as is */
static unsigned syscfg_line_port(Stm32f407SyscfgState *s, unsigned line)
{
    return extract32(s->exticr[line / 4], (line % 4) * 4, 4);
}

static bool syscfg_line_level(Stm32f407SyscfgState *s, unsigned line)
{
    unsigned port = syscfg_line_port(s, line);

    return port < NUM_PORTS && (s->pin_levels[port] & BIT(line));
}

static void syscfg_send_line(Stm32f407SyscfgState *s, unsigned line)
{
    bool level = syscfg_line_level(s, line);

    trace_stm32f407_syscfg_exti(line, syscfg_line_port(s, line), level);
    qemu_set_irq(s->exti[line], level);
}

/* GPIO input: port * 16 + pin */
static void syscfg_set_pin(void *opaque, int n, int level)
{
    Stm32f407SyscfgState *s = opaque;
    unsigned port, pin;

    if (n < 0 || n >= NUM_PORTS * NUM_LINES) {
        return;
    }
    port = n / NUM_LINES;
    pin = n % NUM_LINES;
    s->pin_levels[port] = deposit32(s->pin_levels[port], pin, 1, !!level);
    if (syscfg_line_port(s, pin) == port) {
        syscfg_send_line(s, pin);
    }
}

static void syscfg_write_exticr(Stm32f407SyscfgState *s, unsigned idx,
                                uint32_t value)
{
    uint32_t old = s->exticr[idx];

    s->exticr[idx] = value & EXTICR_MASK;
    for (unsigned i = 0; i < 4; i++) {
        unsigned line = idx * 4 + i;
        unsigned port = syscfg_line_port(s, line);

        if (extract32(old ^ s->exticr[idx], i * 4, 4) == 0) {
            continue;
        }
        if (port >= NUM_PORTS) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: EXTI%u: reserved port "
                          "selection %u\n", __func__, line, port);
        }
        syscfg_send_line(s, line);
    }
}

static void syscfg_write_memrmp(Stm32f407SyscfgState *s, uint32_t value)
{
    unsigned mode = FIELD_EX32(value, MEMRMP, MEM_MODE);

    if (value & ~R_MEMRMP_MEM_MODE_MASK) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: reserved MEMRMP bits 0x%08x\n",
                      __func__, value & ~R_MEMRMP_MEM_MODE_MASK);
    }
    if (mode == STM32F407_MEM_MODE_FSMC) {
        qemu_log_mask(LOG_UNIMP, "%s: FSMC bank 1 at address 0: not "
                      "modelled, nothing is mapped there\n", __func__);
    }
    s->memrmp = mode;
    trace_stm32f407_syscfg_mem_mode(mode);
    qemu_set_irq(s->mem_mode, mode);
}

static uint32_t syscfg_peek(Stm32f407SyscfgState *s, hwaddr reg)
{
    switch (reg) {
    case A_MEMRMP:
        return s->memrmp;
    case A_PMC:
        return s->pmc;
    case A_EXTICR1 ... A_EXTICR4:
        return s->exticr[(reg - A_EXTICR1) / 4];
    case A_CMPCR:
        return s->cmpcr;
    default:
        return 0;
    }
}

static bool syscfg_is_register(hwaddr reg)
{
    return reg <= A_EXTICR4 || reg == A_CMPCR;
}

static uint64_t stm32f407_syscfg_read(void *opaque, hwaddr addr,
                                      unsigned size)
{
    Stm32f407SyscfgState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value = 0;

    if (!syscfg_is_register(reg)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, addr);
    } else if (syscfg_clock_enabled(s)) {
        if (size != 4) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %u-byte read at offset 0x%"
                          HWADDR_PRIx ": registers are word access\n",
                          __func__, size, addr);
        }
        value = extract32(syscfg_peek(s, reg), (addr & 3) * 8, size * 8);
    }
    trace_stm32f407_syscfg_read(addr, size, value);
    return value;
}

static void stm32f407_syscfg_write(void *opaque, hwaddr addr, uint64_t val64,
                                   unsigned size)
{
    Stm32f407SyscfgState *s = opaque;
    uint32_t value = val64;

    trace_stm32f407_syscfg_write(addr, size, value);
    if (!syscfg_is_register(addr & ~3ULL)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, addr);
        return;
    }
    if (size != 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %u-byte write at offset 0x%"
                      HWADDR_PRIx " ignored: registers are word access\n",
                      __func__, size, addr);
        return;
    }
    if (!syscfg_clock_enabled(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write to offset 0x%" HWADDR_PRIx
                      " ignored: SYSCFG clock disabled in the RCC\n",
                      __func__, addr);
        return;
    }

    switch (addr) {
    case A_MEMRMP:
        syscfg_write_memrmp(s, value);
        break;
    case A_PMC:
        s->pmc = value & PMC_MASK;
        break;
    case A_EXTICR1 ... A_EXTICR4:
        syscfg_write_exticr(s, (addr - A_EXTICR1) / 4, value);
        break;
    case A_CMPCR:
        /* READY is read-only and follows CMP_PD */
        s->cmpcr = (value & R_CMPCR_CMP_PD_MASK) ?
                   R_CMPCR_CMP_PD_MASK | R_CMPCR_READY_MASK : 0;
        break;
    }
}

static const MemoryRegionOps stm32f407_syscfg_ops = {
    .read = stm32f407_syscfg_read,
    .write = stm32f407_syscfg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
        .unaligned = false,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 4,
        .unaligned = false,
    },
};

static void stm32f407_syscfg_reset_enter(Object *obj, ResetType type)
{
    Stm32f407SyscfgState *s = STM32F407_SYSCFG(obj);

    s->memrmp = STM32F407_MEM_MODE_FLASH;
    s->pmc = 0;
    memset(s->exticr, 0, sizeof(s->exticr));
    s->cmpcr = 0;
}

static void stm32f407_syscfg_reset_exit(Object *obj, ResetType type)
{
    Stm32f407SyscfgState *s = STM32F407_SYSCFG(obj);

    qemu_set_irq(s->mem_mode, s->memrmp);
    for (unsigned i = 0; i < NUM_LINES; i++) {
        syscfg_send_line(s, i);
    }
}

static const VMStateDescription vmstate_stm32f407_syscfg = {
    .name = TYPE_STM32F407_SYSCFG,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(memrmp, Stm32f407SyscfgState),
        VMSTATE_UINT32(pmc, Stm32f407SyscfgState),
        VMSTATE_UINT32_ARRAY(exticr, Stm32f407SyscfgState, 4),
        VMSTATE_UINT32(cmpcr, Stm32f407SyscfgState),
        VMSTATE_UINT16_ARRAY(pin_levels, Stm32f407SyscfgState, NUM_PORTS),
        VMSTATE_CLOCK(clk, Stm32f407SyscfgState),
        VMSTATE_END_OF_LIST()
    }
};

static void stm32f407_syscfg_init(Object *obj)
{
    Stm32f407SyscfgState *s = STM32F407_SYSCFG(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &stm32f407_syscfg_ops, s,
                          TYPE_STM32F407_SYSCFG, STM32F407_SYSCFG_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in(dev, syscfg_set_pin, NUM_PORTS * NUM_LINES);
    qdev_init_gpio_out(dev, s->exti, NUM_LINES);
    qdev_init_gpio_out_named(dev, &s->mem_mode, "mem-mode", 1);
    s->clk = qdev_init_clock_in(dev, "clk", NULL, NULL, 0);
}

static void stm32f407_syscfg_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F407 system configuration controller";
    dc->vmsd = &vmstate_stm32f407_syscfg;
    rc->phases.enter = stm32f407_syscfg_reset_enter;
    rc->phases.exit = stm32f407_syscfg_reset_exit;
}

static const TypeInfo stm32f407_syscfg_types[] = {
    {
        .name          = TYPE_STM32F407_SYSCFG,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f407SyscfgState),
        .instance_init = stm32f407_syscfg_init,
        .class_init    = stm32f407_syscfg_class_init,
    },
};

DEFINE_TYPES(stm32f407_syscfg_types)
