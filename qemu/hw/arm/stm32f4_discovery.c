/*
 * STM32F4-Discovery board (STM32F407VG, 8 MHz HSE crystal).
 *
 * Firmware comes from -kernel FILE.elf and/or from a raw 1 MB flash image given as
 * -drive if=pflash,format=raw,file=IMAGE, which keeps what the firmware programs into
 * its flash between runs.
 *
 * Board devices, for the host (QMP/HMP qom-get and qom-set, at run time):
 *  - user LEDs, active high: /machine/led-green (LD4, PD12), /machine/led-orange
 *    (LD3, PD13), /machine/led-red (LD5, PD14), /machine/led-blue (LD6, PD15);
 *    read-only bool property "state" (true = lit); changes are traced by the
 *    led_set_intensity/led_change_intensity trace events.
 *  - user button B1 on PA0 (pressed = high, released = low through the board's
 *    pull-down): machine bool property "button" (qom-set /machine button true;
 *    also -M stm32f4-discovery,button=on to start with it held down).
 *  - accelerometer: /machine/accel, an ST LIS3DSH (MB997C) on SPI1 with chip
 *    select on PE3; int properties "x", "y", "z" (milli-g, default 0, 0, +1000)
 *    and "temperature" (C), e.g. qom-set /machine/accel x -500.
 *    -M stm32f4-discovery,accelerometer=lis302dl gives the MB997B's LIS302DL
 *    instead (same path and x/y/z properties, no temperature).
 *  - any other pin: see the "pinN" properties of /machine/soc/gpioa..gpioi
 *    (stm32f4xx_gpio.h).
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "hw/boards.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/arm/boot.h"
#include "hw/arm/stm32f407_soc.h"
#include "hw/irq.h"
#include "hw/misc/led.h"
#include "hw/sensor/lis3dsh.h"
#include "hw/sensor/lis302dl.h"
#include "hw/ssi/ssi.h"
#include "qapi/visitor.h"
#include "system/blockdev.h"
#include "system/block-backend.h"
#include "system/qtest.h"

#define TYPE_STM32F4_DISCOVERY_MACHINE MACHINE_TYPE_NAME("stm32f4-discovery")
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4DiscoveryState, STM32F4_DISCOVERY_MACHINE)

#define DEFAULT_UID "3a0021000d51343236383838"

struct Stm32f4DiscoveryState {
    MachineState parent_obj;

    Stm32f407SocState soc;
    char *uid;
    /* B1 held down; applied to PA0 once the SoC exists. */
    bool button;
    bool soc_ready;
    /* Accelerometer model: "lis3dsh" (MB997C, default) or "lis302dl" (MB997B) */
    char *accelerometer;
};

/* The four user LEDs: all on port D, lit when the pin is high. */
static const struct {
    const char *name;
    const char *desc;
    LEDColor color;
    int pin;
} discovery_leds[] = {
    { "led-green", "LD4", LED_COLOR_GREEN, 12 },
    { "led-orange", "LD3", LED_COLOR_ORANGE, 13 },
    { "led-red", "LD5", LED_COLOR_RED, 14 },
    { "led-blue", "LD6", LED_COLOR_BLUE, 15 },
};
static const char * const led_color_names[] = {
    [LED_COLOR_GREEN] = "green", [LED_COLOR_ORANGE] = "orange",
    [LED_COLOR_RED] = "red", [LED_COLOR_BLUE] = "blue",
};

#define BUTTON_PORT "gpioa-in"
#define BUTTON_PIN 0

static bool discovery_led_get_state(Object *obj, Error **errp)
{
    return led_get_intensity(LED(obj)) > 0;
}

static void discovery_create_leds(Stm32f4DiscoveryState *m)
{
    for (int i = 0; i < ARRAY_SIZE(discovery_leds); i++) {
        DeviceState *dev = qdev_new(TYPE_LED);

        qdev_prop_set_string(dev, "color", led_color_names[discovery_leds[i].color]);
        qdev_prop_set_string(dev, "description", discovery_leds[i].desc);
        qdev_prop_set_bit(dev, "gpio-active-high", true);
        object_property_add_child(OBJECT(m), discovery_leds[i].name, OBJECT(dev));
        qdev_realize_and_unref(dev, NULL, &error_fatal);
        object_property_add_bool(OBJECT(dev), "state", discovery_led_get_state, NULL);
        object_property_set_description(OBJECT(dev), "state", "LED lit");
        qdev_connect_gpio_out_named(DEVICE(&m->soc), "gpiod-out", discovery_leds[i].pin,
                                    qdev_get_gpio_in(dev, 0));
    }
}

/* Accelerometer: LIS3DSH or LIS302DL on SPI1 (PA5-7), chip select PE3 (active low). */
#define ACCEL_CS_PORT "gpioe-out"
#define ACCEL_CS_PIN 3

static void discovery_create_accel(Stm32f4DiscoveryState *m)
{
    SSIBus *bus = (SSIBus *)qdev_get_child_bus(DEVICE(&m->soc.spi[0]), "spi1");
    DeviceState *dev;

    if (m->accelerometer && !strcmp(m->accelerometer, "lis302dl")) {
        dev = qdev_new(TYPE_LIS302DL);
    } else {
        dev = qdev_new(TYPE_LIS3DSH);
    }

    object_property_add_child(OBJECT(m), "accel", OBJECT(dev));
    ssi_realize_and_unref(dev, bus, &error_fatal);
    qdev_connect_gpio_out_named(DEVICE(&m->soc), ACCEL_CS_PORT, ACCEL_CS_PIN,
                                qdev_get_gpio_in_named(dev, SSI_GPIO_CS, 0));
    /* SDO is high-impedance outside read data: MISO then reads as the pin's pull */
    qdev_connect_gpio_out_named(dev, "sdo-hiz", 0,
                                qdev_get_gpio_in_named(DEVICE(&m->soc.spi[0]), "miso-hiz", 0));
}

static void stm32f4_discovery_init(MachineState *machine)
{
    Stm32f4DiscoveryState *m = STM32F4_DISCOVERY_MACHINE(machine);
    DriveInfo *dinfo = drive_get(IF_PFLASH, 0, 0);

    if (!machine->kernel_filename && !dinfo && !qtest_enabled()) {
        error_report("no firmware: give -kernel FILE.elf and/or "
                     "-drive if=pflash,format=raw,file=FLASH.img");
        exit(1);
    }

    object_initialize_child(OBJECT(machine), "soc", &m->soc, TYPE_STM32F407_SOC);
    qdev_prop_set_string(DEVICE(&m->soc), "uid", m->uid ? m->uid : DEFAULT_UID);
    if (dinfo) {
        qdev_prop_set_drive_err(DEVICE(&m->soc.flash), "drive",
                                blk_by_legacy_dinfo(dinfo), &error_fatal);
    }
    sysbus_realize(SYS_BUS_DEVICE(&m->soc), &error_fatal);

    discovery_create_leds(m);
    discovery_create_accel(m);
    m->soc_ready = true;
    qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&m->soc), BUTTON_PORT, BUTTON_PIN), m->button);

    armv7m_load_kernel(m->soc.armv7m.cpu, machine->kernel_filename, 0,
                       STM32F4XX_FLASH_SIZE);
}

static char *stm32f4_discovery_get_uid(Object *obj, Error **errp)
{
    Stm32f4DiscoveryState *m = STM32F4_DISCOVERY_MACHINE(obj);
    return g_strdup(m->uid ? m->uid : DEFAULT_UID);
}

/* Checked when the SoC is realized. */
static void stm32f4_discovery_set_uid(Object *obj, const char *value, Error **errp)
{
    Stm32f4DiscoveryState *m = STM32F4_DISCOVERY_MACHINE(obj);

    g_free(m->uid);
    m->uid = g_strdup(value);
}

/* Reads the pin drive, which migrates with the GPIO port. */
static bool stm32f4_discovery_get_button(Object *obj, Error **errp)
{
    Stm32f4DiscoveryState *m = STM32F4_DISCOVERY_MACHINE(obj);

    if (!m->soc_ready) {
        return m->button;
    }
    return m->soc.gpio[0].ext_driven & m->soc.gpio[0].ext_level & BIT(BUTTON_PIN);
}

static void stm32f4_discovery_set_button(Object *obj, bool value, Error **errp)
{
    Stm32f4DiscoveryState *m = STM32F4_DISCOVERY_MACHINE(obj);

    m->button = value;
    if (m->soc_ready) {
        qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&m->soc), BUTTON_PORT, BUTTON_PIN),
                     value);
    }
}

static char *stm32f4_discovery_get_accelerometer(Object *obj, Error **errp)
{
    Stm32f4DiscoveryState *m = STM32F4_DISCOVERY_MACHINE(obj);

    return g_strdup(m->accelerometer ? m->accelerometer : "lis3dsh");
}

static void stm32f4_discovery_set_accelerometer(Object *obj, const char *value, Error **errp)
{
    Stm32f4DiscoveryState *m = STM32F4_DISCOVERY_MACHINE(obj);

    if (strcmp(value, "lis3dsh") && strcmp(value, "lis302dl")) {
        error_setg(errp, "accelerometer must be lis3dsh or lis302dl, not '%s'", value);
        return;
    }
    g_free(m->accelerometer);
    m->accelerometer = g_strdup(value);
}

static void stm32f4_discovery_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    static const char * const valid_cpu_types[] = {
        ARM_CPU_TYPE_NAME("cortex-m4"),
        NULL
    };

    mc->desc = "STM32F4-Discovery (STM32F407VG, Cortex-M4F)";
    mc->init = stm32f4_discovery_init;
    mc->valid_cpu_types = valid_cpu_types;
    mc->default_cpu_type = ARM_CPU_TYPE_NAME("cortex-m4");
    mc->block_default_type = IF_PFLASH;
    mc->no_parallel = 1;
    mc->no_floppy = 1;
    mc->no_cdrom = 1;

    object_class_property_add_str(oc, "uid", stm32f4_discovery_get_uid,
                                  stm32f4_discovery_set_uid);
    object_class_property_set_description(oc, "uid",
        "96-bit unique device ID at 0x1FFF7A10, as 24 hex digits");
    object_class_property_add_bool(oc, "button", stm32f4_discovery_get_button,
                                   stm32f4_discovery_set_button);
    object_class_property_set_description(oc, "button",
        "User button B1 (PA0) held down");
    object_class_property_add_str(oc, "accelerometer", stm32f4_discovery_get_accelerometer,
                                  stm32f4_discovery_set_accelerometer);
    object_class_property_set_description(oc, "accelerometer",
        "Accelerometer on SPI1: lis3dsh (MB997C, default) or lis302dl (MB997B)");
}

static const TypeInfo stm32f4_discovery_info = {
    .name = TYPE_STM32F4_DISCOVERY_MACHINE,
    .parent = TYPE_MACHINE,
    .instance_size = sizeof(Stm32f4DiscoveryState),
    .class_init = stm32f4_discovery_class_init,
};

static void stm32f4_discovery_register(void)
{
    type_register_static(&stm32f4_discovery_info);
}

type_init(stm32f4_discovery_register)
