/*
 * STM32F4-Discovery board (STM32F407VG, 8 MHz HSE crystal).
 *
 * Firmware comes from -kernel FILE.elf and/or from a raw 1 MB flash image given as
 * -drive if=pflash,format=raw,file=IMAGE, which keeps what the firmware programs into
 * its flash between runs.
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
};

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
