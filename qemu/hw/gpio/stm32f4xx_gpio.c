/*
 * STM32F4xx GPIO port (general-purpose I/Os)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * section 8 "General-purpose I/Os (GPIO)". Ports A to I of the STM32F405,
 * F407, F415 and F417 share this register interface (no BRR, no ASCR).
 *
 * Modelling choices:
 *
 * - A pin has one logic level, shown in IDR and sent on output N:
 *   push-pull output: ODR; open-drain output with ODR=0: low; alternate
 *   function: the peripheral's output (see below); input, undriven
 *   alternate function and open-drain output with ODR=1: the external
 *   driver if any, else the pull-up/pull-down, else the pin floats and
 *   reads 0 (on this board a floating pin only feeds an LED, off);
 *   analog: 0 (the Schmitt trigger is off, RM0090 8.3.12).
 * - Alternate function outputs reach the pins through the "af-in"
 *   inputs: a pin in alternate function mode takes the level of the
 *   selected AF (AFRL/AFRH) if a peripheral drives it (push-pull, or open
 *   drain when OTYPER is set), and wins over an external driver. Otherwise
 *   (AF not wired, or the peripheral releases it) it reads like an input.
 *   Peripherals wired to their devices directly (USART to the chardev)
 *   do not use this path. In the other direction, "af-out" gives the
 *   level of each pin to the input of its selected alternate function.
 *   Before an IDR read with such pins, "read-sync" is pulsed so that the
 *   peripherals (timers computing their outputs from virtual time) can
 *   bring their outputs up to date: IDR then shows the exact level.
 * - A push-pull output wins over an external driver; the first contention
 *   is logged (LOG_GUEST_ERROR).
 * - The LCKR key sequence (write LCKK=1, LCKK=0, LCKK=1 with the same
 *   LCK[15:0]) locks at the third write; the reads that follow in RM0090
 *   are not required. A lock holds until the port is reset.
 * - With the port clock off (input clock "clk" at 0 Hz) register writes
 *   are ignored (LOG_GUEST_ERROR) and reads return 0; pins keep working.
 * - Byte, halfword and word accesses are supported (RM0090 8.4): a narrow
 *   write to BSRR only touches the bits it covers (BSRRL/BSRRH halves).
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "migration/vmstate.h"
#include "hw/gpio/stm32f4xx_gpio.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(MODER, 0x00)
REG32(OTYPER, 0x04)
REG32(OSPEEDR, 0x08)
REG32(PUPDR, 0x0C)
REG32(IDR, 0x10)
REG32(ODR, 0x14)
REG32(BSRR, 0x18)
    FIELD(BSRR, BS, 0, 16)
    FIELD(BSRR, BR, 16, 16)
REG32(LCKR, 0x1C)
    FIELD(LCKR, LCK, 0, 16)
    FIELD(LCKR, LCKK, 16, 1)
REG32(AFRL, 0x20)
REG32(AFRH, 0x24)

#define NUM_PINS STM32F4XX_GPIO_NUM_PINS
#define PINS_MASK 0xFFFF

/* MODER values */
enum { MODE_INPUT, MODE_OUTPUT, MODE_AF, MODE_ANALOG };
/* PUPDR values (3 is reserved: no pull) */
enum { PULL_NONE, PULL_UP, PULL_DOWN };

static bool gpio_clock_enabled(Stm32f4xxGpioState *s)
{
    return !clock_has_source(s->clk) || clock_is_enabled(s->clk);
}

static unsigned gpio_mode(Stm32f4xxGpioState *s, unsigned pin)
{
    return extract32(s->moder, 2 * pin, 2);
}

/* Field mask of the pins in @pins for registers with @width bits per pin */
static uint32_t gpio_pin_field_mask(uint16_t pins, unsigned first_pin,
                                    unsigned width)
{
    uint32_t mask = 0;

    for (unsigned i = 0; i < 32 / width; i++) {
        if (pins & BIT(first_pin + i)) {
            mask |= MAKE_64BIT_MASK(i * width, width);
        }
    }
    return mask;
}

static uint16_t gpio_locked_pins(Stm32f4xxGpioState *s)
{
    return FIELD_EX32(s->lckr, LCKR, LCKK) ? FIELD_EX32(s->lckr, LCKR, LCK) : 0;
}

/* Level of a pin that no output of the port drives */
static bool gpio_undriven_level(Stm32f4xxGpioState *s, unsigned pin)
{
    if (s->ext_driven & BIT(pin)) {
        return s->ext_level & BIT(pin);
    }
    switch (extract32(s->pupdr, 2 * pin, 2)) {
    case PULL_UP:
        return true;
    case PULL_DOWN:
        return false;
    default:
        return false;               /* floating */
    }
}

static uint16_t gpio_compute_levels(Stm32f4xxGpioState *s)
{
    uint16_t levels = 0;

    for (unsigned i = 0; i < NUM_PINS; i++) {
        bool level;

        switch (gpio_mode(s, i)) {
        case MODE_ANALOG:
            level = false;
            break;
        case MODE_OUTPUT:
            if (!(s->otyper & BIT(i)) || !(s->odr & BIT(i))) {
                level = s->odr & BIT(i);
                break;
            }
            /* Open drain, ODR=1: the output is released */
            level = gpio_undriven_level(s, i);
            break;
        case MODE_AF: {
            unsigned af = extract32(s->afr[i / 8], 4 * (i % 8), 4);

            if ((s->af_driven[i] & BIT(af)) &&
                (!(s->otyper & BIT(i)) || !(s->af_level[i] & BIT(af)))) {
                level = s->af_level[i] & BIT(af);
            } else {
                level = gpio_undriven_level(s, i);
            }
            break;
        }
        default:
            level = gpio_undriven_level(s, i);
            break;
        }
        levels |= level << i;
    }
    return levels;
}

static uint16_t gpio_push_pull_outputs(Stm32f4xxGpioState *s)
{
    uint16_t pins = 0;

    for (unsigned i = 0; i < NUM_PINS; i++) {
        if (gpio_mode(s, i) == MODE_OUTPUT && !(s->otyper & BIT(i))) {
            pins |= BIT(i);
        }
    }
    return pins;
}

static void gpio_check_contention(Stm32f4xxGpioState *s)
{
    uint16_t fight = gpio_push_pull_outputs(s) & s->ext_driven &
                     (s->ext_level ^ s->odr);
    uint16_t new = fight & ~s->contention;

    if (new) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: push-pull outputs 0x%04x "
                      "drive against an external driver (pins 0x%04x): "
                      "the outputs win\n", __func__, s->id, new,
                      s->ext_driven);
    }
    s->contention = fight;
}

/* AF selected on @pin (alternate function mode), else -1 */
static int gpio_af_selected(Stm32f4xxGpioState *s, unsigned pin)
{
    if (gpio_mode(s, pin) != MODE_AF) {
        return -1;
    }
    return extract32(s->afr[pin / 8], 4 * (pin % 8), 4);
}

/* Pins whose level comes from an alternate function output */
static uint16_t gpio_af_driven_pins(Stm32f4xxGpioState *s)
{
    uint16_t pins = 0;

    for (unsigned i = 0; i < NUM_PINS; i++) {
        if (s->af_sel[i] >= 0 && (s->af_driven[i] & BIT(s->af_sel[i]))) {
            pins |= BIT(i);
        }
    }
    return pins;
}

/* Pin levels to the inputs of the selected alternate functions */
static void gpio_update_af_inputs(Stm32f4xxGpioState *s, uint16_t old,
                                  bool all)
{
    for (unsigned i = 0; i < NUM_PINS; i++) {
        int sel = gpio_af_selected(s, i), prev = s->af_sel[i];
        bool level = extract32(s->idr, i, 1);

        /* Updated first: receivers may look at it */
        s->af_sel[i] = sel;
        if (all) {
            for (int af = 0; af < STM32F4XX_GPIO_NUM_AF; af++) {
                qemu_set_irq(s->af_out[i * STM32F4XX_GPIO_NUM_AF + af],
                             af == sel && level);
            }
        } else if (sel != prev) {
            if (prev >= 0) {
                qemu_set_irq(s->af_out[i * STM32F4XX_GPIO_NUM_AF + prev], 0);
            }
            if (sel >= 0) {
                qemu_set_irq(s->af_out[i * STM32F4XX_GPIO_NUM_AF + sel], level);
            }
        } else if (sel >= 0 && level != extract32(old, i, 1)) {
            qemu_set_irq(s->af_out[i * STM32F4XX_GPIO_NUM_AF + sel], level);
        }
    }
}

/* Recompute the pin levels and send the changes (all levels if @all) */
static void gpio_update_pins(Stm32f4xxGpioState *s, bool all)
{
    uint16_t old = s->idr;
    uint16_t new = gpio_compute_levels(s);
    uint16_t send = all ? PINS_MASK : old ^ new;

    gpio_check_contention(s);
    s->idr = new;
    if (old != new) {
        trace_stm32f4xx_gpio_pins(s->id, old, new);
    }
    for (unsigned i = 0; i < NUM_PINS; i++) {
        if (send & BIT(i)) {
            qemu_set_irq(s->pin[i], extract32(new, i, 1));
            qemu_set_irq(s->exti[i], extract32(new, i, 1));
        }
    }
    gpio_update_af_inputs(s, old, all);
}

/* Pin driven from outside: GPIO input @pin */
static void gpio_set_input(void *opaque, int pin, int level)
{
    Stm32f4xxGpioState *s = opaque;

    if (pin < 0 || pin >= NUM_PINS) {
        return;
    }
    trace_stm32f4xx_gpio_drive(s->id, pin, !!level);
    s->ext_driven |= BIT(pin);
    s->ext_level = deposit32(s->ext_level, pin, 1, !!level);
    gpio_update_pins(s, false);
}

/* Alternate function output: input "af-in" 16 * pin + AF */
static void gpio_set_af(void *opaque, int n, int level)
{
    Stm32f4xxGpioState *s = opaque;
    unsigned pin = n / STM32F4XX_GPIO_NUM_AF, af = n % STM32F4XX_GPIO_NUM_AF;

    if (pin >= NUM_PINS) {
        return;
    }
    if (level < 0) {
        s->af_driven[pin] &= ~BIT(af);
    } else {
        s->af_driven[pin] |= BIT(af);
        s->af_level[pin] = deposit32(s->af_level[pin], af, 1, !!level);
    }
    gpio_update_pins(s, false);
}

/*
 * LCKR: LCK[15:0] are writable while the port is not locked; LCKK only
 * changes through the key sequence, in which LCK[15:0] must not change.
 */
static void gpio_write_lckr(Stm32f4xxGpioState *s, uint32_t value)
{
    uint32_t lck = FIELD_EX32(value, LCKR, LCK);
    bool key = FIELD_EX32(value, LCKR, LCKK);
    bool same = lck == FIELD_EX32(s->lckr, LCKR, LCK);

    if (FIELD_EX32(s->lckr, LCKR, LCKK)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: LCKR is locked until reset\n",
                      __func__, s->id);
        return;
    }
    if (s->lock_step == 1 && !key && same) {
        s->lock_step = 2;
    } else if (s->lock_step == 2 && key && same) {
        s->lock_step = 0;
        s->lckr = FIELD_DP32(s->lckr, LCKR, LCKK, 1);
        trace_stm32f4xx_gpio_lock(s->id, lck);
        return;
    } else {
        if (s->lock_step != 0) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: LCKR key sequence "
                          "aborted by 0x%08x\n", __func__, s->id, value);
        }
        /* A write with LCKK=1 may start a new sequence */
        s->lock_step = key ? 1 : 0;
    }
    s->lckr = FIELD_DP32(s->lckr, LCKR, LCK, lck);
}

/* Store @value in a configuration register, keeping the bits of locked pins */
static void gpio_write_config(Stm32f4xxGpioState *s, uint32_t *reg,
                              uint32_t value, unsigned first_pin,
                              unsigned width, const char *name)
{
    uint32_t locked = gpio_pin_field_mask(gpio_locked_pins(s), first_pin,
                                          width);

    if ((*reg ^ value) & locked) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: %s bits 0x%08x of locked "
                      "pins not changed\n", __func__, s->id, name,
                      (*reg ^ value) & locked);
    }
    *reg = (*reg & locked) | (value & ~locked);
}

/* Register contents, without side effects */
static uint32_t gpio_peek(Stm32f4xxGpioState *s, hwaddr reg)
{
    switch (reg) {
    case A_MODER:
        return s->moder;
    case A_OTYPER:
        return s->otyper;
    case A_OSPEEDR:
        return s->ospeedr;
    case A_PUPDR:
        return s->pupdr;
    case A_IDR:
        return s->idr;
    case A_ODR:
        return s->odr;
    case A_LCKR:
        return s->lckr;
    case A_AFRL:
        return s->afr[0];
    case A_AFRH:
        return s->afr[1];
    default:
        return 0;   /* BSRR is write-only */
    }
}

static void gpio_write_reg(Stm32f4xxGpioState *s, hwaddr reg, uint32_t value)
{
    switch (reg) {
    case A_MODER:
        gpio_write_config(s, &s->moder, value, 0, 2, "MODER");
        break;
    case A_OTYPER:
        gpio_write_config(s, &s->otyper, value & PINS_MASK, 0, 1, "OTYPER");
        break;
    case A_OSPEEDR:
        /* Output speed has no effect here */
        gpio_write_config(s, &s->ospeedr, value, 0, 2, "OSPEEDR");
        return;
    case A_PUPDR:
        gpio_write_config(s, &s->pupdr, value, 0, 2, "PUPDR");
        break;
    case A_IDR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: IDR is read-only\n",
                      __func__, s->id);
        return;
    case A_ODR:
        s->odr = value & PINS_MASK;
        break;
    case A_BSRR:
        /* If both BSx and BRx are set, BSx has priority */
        s->odr &= ~FIELD_EX32(value, BSRR, BR);
        s->odr |= FIELD_EX32(value, BSRR, BS);
        break;
    case A_LCKR:
        gpio_write_lckr(s, value);
        return;
    case A_AFRL:
        gpio_write_config(s, &s->afr[0], value, 0, 4, "AFRL");
        break;
    case A_AFRH:
        gpio_write_config(s, &s->afr[1], value, 8, 4, "AFRH");
        break;
    default:
        return;
    }
    gpio_update_pins(s, false);
}

static uint64_t stm32f4xx_gpio_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxGpioState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value = 0;

    if (reg > A_AFRH) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx
                      "\n", __func__, s->id, addr);
    } else if (gpio_clock_enabled(s)) {
        if (reg == A_IDR && gpio_af_driven_pins(s)) {
            /* Peripherals bring their outputs up to date first */
            qemu_irq_raise(s->read_sync);
            qemu_irq_lower(s->read_sync);
        }
        value = extract32(gpio_peek(s, reg), (addr & 3) * 8, size * 8);
    }
    trace_stm32f4xx_gpio_read(s->id, addr, size, value);
    return value;
}

static void stm32f4xx_gpio_write(void *opaque, hwaddr addr, uint64_t val64,
                                 unsigned size)
{
    Stm32f4xxGpioState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    unsigned shift = (addr & 3) * 8;
    uint32_t mask = MAKE_64BIT_MASK(shift, size * 8);
    uint32_t value = (uint32_t)val64 << shift;

    trace_stm32f4xx_gpio_write(s->id, addr, size, val64);
    if (reg > A_AFRH) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx
                      "\n", __func__, s->id, addr);
        return;
    }
    if (!gpio_clock_enabled(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: write to offset 0x%"
                      HWADDR_PRIx " ignored: port clock disabled in the RCC\n",
                      __func__, s->id, addr);
        return;
    }
    if (reg != A_BSRR) {
        /* A narrow write leaves the other bits of the register as they are */
        value = (gpio_peek(s, reg) & ~mask) | (value & mask);
    }
    gpio_write_reg(s, reg, value);
}

static const MemoryRegionOps stm32f4xx_gpio_ops = {
    .read = stm32f4xx_gpio_read,
    .write = stm32f4xx_gpio_write,
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

/*
 * Host interface
 */

static void gpio_pin_get(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    Stm32f4xxGpioState *s = STM32F4XX_GPIO(obj);
    bool level = s->idr & BIT((uintptr_t)opaque);

    visit_type_bool(v, name, &level, errp);
}

static void gpio_pin_set(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    Stm32f4xxGpioState *s = STM32F4XX_GPIO(obj);
    bool level;

    if (visit_type_bool(v, name, &level, errp)) {
        gpio_set_input(s, (uintptr_t)opaque, level);
    }
}

static void gpio_driven_get(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    Stm32f4xxGpioState *s = STM32F4XX_GPIO(obj);
    uint16_t driven = s->ext_driven;

    visit_type_uint16(v, name, &driven, errp);
}

static void gpio_driven_set(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    Stm32f4xxGpioState *s = STM32F4XX_GPIO(obj);
    uint16_t driven;

    if (!visit_type_uint16(v, name, &driven, errp)) {
        return;
    }
    if (driven & ~s->ext_driven) {
        error_setg(errp, "pins 0x%04x are not driven: set pinN to drive a pin",
                   driven & ~s->ext_driven);
        return;
    }
    for (unsigned i = 0; i < NUM_PINS; i++) {
        if ((s->ext_driven & ~driven) & BIT(i)) {
            trace_stm32f4xx_gpio_drive(s->id, i, -1);
        }
    }
    s->ext_driven = driven;
    gpio_update_pins(s, false);
}

/*
 * Device
 */

static void gpio_clk_update(void *opaque, ClockEvent event)
{
    Stm32f4xxGpioState *s = opaque;

    trace_stm32f4xx_gpio_clock(s->id, clock_get_hz(s->clk));
}

static void stm32f4xx_gpio_reset_enter(Object *obj, ResetType type)
{
    Stm32f4xxGpioState *s = STM32F4XX_GPIO(obj);

    s->moder = s->moder_reset;
    s->otyper = 0;
    s->ospeedr = s->ospeedr_reset;
    s->pupdr = s->pupdr_reset;
    s->odr = 0;
    s->lckr = 0;
    s->afr[0] = 0;
    s->afr[1] = 0;
    s->lock_step = 0;
    s->contention = 0;
}

static void stm32f4xx_gpio_reset_exit(Object *obj, ResetType type)
{
    /* Receivers may have reset their copy of the levels: send them all */
    gpio_update_pins(STM32F4XX_GPIO(obj), true);
}

static int stm32f4xx_gpio_post_load(void *opaque, int version_id)
{
    Stm32f4xxGpioState *s = opaque;

    s->contention = gpio_push_pull_outputs(s) & s->ext_driven &
                    (s->ext_level ^ s->odr);
    for (unsigned i = 0; i < NUM_PINS; i++) {
        s->af_sel[i] = gpio_af_selected(s, i);
    }
    return 0;
}

static const VMStateDescription vmstate_stm32f4xx_gpio = {
    .name = TYPE_STM32F4XX_GPIO,
    .version_id = 2,
    .minimum_version_id = 2,
    .post_load = stm32f4xx_gpio_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(moder, Stm32f4xxGpioState),
        VMSTATE_UINT32(otyper, Stm32f4xxGpioState),
        VMSTATE_UINT32(ospeedr, Stm32f4xxGpioState),
        VMSTATE_UINT32(pupdr, Stm32f4xxGpioState),
        VMSTATE_UINT32(idr, Stm32f4xxGpioState),
        VMSTATE_UINT32(odr, Stm32f4xxGpioState),
        VMSTATE_UINT32(lckr, Stm32f4xxGpioState),
        VMSTATE_UINT32_ARRAY(afr, Stm32f4xxGpioState, 2),
        VMSTATE_UINT8(lock_step, Stm32f4xxGpioState),
        VMSTATE_UINT16(ext_driven, Stm32f4xxGpioState),
        VMSTATE_UINT16(ext_level, Stm32f4xxGpioState),
        VMSTATE_UINT16_ARRAY(af_driven, Stm32f4xxGpioState, NUM_PINS),
        VMSTATE_UINT16_ARRAY(af_level, Stm32f4xxGpioState, NUM_PINS),
        VMSTATE_CLOCK(clk, Stm32f4xxGpioState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property stm32f4xx_gpio_properties[] = {
    DEFINE_PROP_UINT32("moder-reset", Stm32f4xxGpioState, moder_reset, 0),
    DEFINE_PROP_UINT32("ospeedr-reset", Stm32f4xxGpioState, ospeedr_reset, 0),
    DEFINE_PROP_UINT32("pupdr-reset", Stm32f4xxGpioState, pupdr_reset, 0),
};

static void stm32f4xx_gpio_init(Object *obj)
{
    Stm32f4xxGpioState *s = STM32F4XX_GPIO(obj);
    DeviceState *dev = DEVICE(obj);

    /* Replaced by the QOM name at realize; the host may drive pins before */
    s->id = g_strdup(TYPE_STM32F4XX_GPIO);
    memory_region_init_io(&s->mmio, obj, &stm32f4xx_gpio_ops, s,
                          TYPE_STM32F4XX_GPIO, STM32F4XX_GPIO_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in(dev, gpio_set_input, NUM_PINS);
    qdev_init_gpio_out(dev, s->pin, NUM_PINS);
    qdev_init_gpio_out_named(dev, s->exti, "exti", NUM_PINS);
    qdev_init_gpio_in_named(dev, gpio_set_af, "af-in",
                            NUM_PINS * STM32F4XX_GPIO_NUM_AF);
    qdev_init_gpio_out_named(dev, s->af_out, "af-out",
                             NUM_PINS * STM32F4XX_GPIO_NUM_AF);
    qdev_init_gpio_out_named(dev, &s->read_sync, "read-sync", 1);
    for (unsigned i = 0; i < NUM_PINS; i++) {
        s->af_sel[i] = -1;
    }
    s->clk = qdev_init_clock_in(dev, "clk", gpio_clk_update, s, ClockUpdate);

    for (uintptr_t i = 0; i < NUM_PINS; i++) {
        g_autofree char *name = g_strdup_printf("pin%u", (unsigned)i);

        object_property_add(obj, name, "bool", gpio_pin_get, gpio_pin_set,
                            NULL, (void *)i);
        object_property_set_description(obj, name,
            "Logic level of the pin; setting it drives the pin from outside");
    }
    object_property_add(obj, "driven-pins", "uint16", gpio_driven_get,
                        gpio_driven_set, NULL, NULL);
    object_property_set_description(obj, "driven-pins",
        "Pins driven from outside; writing releases the pins whose bit is 0");
}

static void stm32f4xx_gpio_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxGpioState *s = STM32F4XX_GPIO(dev);
    const char *name = object_get_canonical_path_component(OBJECT(dev));

    if (name) {
        g_free(s->id);
        s->id = g_strdup(name);
    }
}

static void stm32f4xx_gpio_finalize(Object *obj)
{
    g_free(STM32F4XX_GPIO(obj)->id);
}

static void stm32f4xx_gpio_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F4xx GPIO port";
    dc->realize = stm32f4xx_gpio_realize;
    dc->vmsd = &vmstate_stm32f4xx_gpio;
    device_class_set_props(dc, stm32f4xx_gpio_properties);
    rc->phases.enter = stm32f4xx_gpio_reset_enter;
    rc->phases.exit = stm32f4xx_gpio_reset_exit;
}

static const TypeInfo stm32f4xx_gpio_types[] = {
    {
        .name          = TYPE_STM32F4XX_GPIO,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f4xxGpioState),
        .instance_init = stm32f4xx_gpio_init,
        .instance_finalize = stm32f4xx_gpio_finalize,
        .class_init    = stm32f4xx_gpio_class_init,
    },
};

DEFINE_TYPES(stm32f4xx_gpio_types)
