/*
 * STM32F4xx embedded flash memory and its interface, after RM0090 section 3.
 *
 * The 1 MB array is a ROM device: reads are plain memory, writes reach this model,
 * which programs them as NOR flash (bits can only go from 1 to 0) when CR.PG is
 * set and the interface is unlocked. Sector and mass erase fill with 0xFF. Every
 * change is written through to the block backend (-drive if=pflash), so a flash
 * image keeps the firmware's data between runs exactly as a real chip would.
 * Operations complete instantly: BSY is never seen set.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "migration/vmstate.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/registerfields.h"
#include "hw/block/block.h"
#include "system/block-backend.h"
#include "hw/misc/stm32f4xx_flash.h"
#include "trace.h"

REG32(ACR, 0x00)
    FIELD(ACR, LATENCY, 0, 3)
    FIELD(ACR, PRFTEN, 8, 1)
    FIELD(ACR, ICEN, 9, 1)
    FIELD(ACR, DCEN, 10, 1)
    FIELD(ACR, ICRST, 11, 1)
    FIELD(ACR, DCRST, 12, 1)
REG32(KEYR, 0x04)
REG32(OPTKEYR, 0x08)
REG32(SR, 0x0C)
    FIELD(SR, EOP, 0, 1)
    FIELD(SR, OPERR, 1, 1)
    FIELD(SR, WRPERR, 4, 1)
    FIELD(SR, PGAERR, 5, 1)
    FIELD(SR, PGPERR, 6, 1)
    FIELD(SR, PGSERR, 7, 1)
    FIELD(SR, BSY, 16, 1)
REG32(CR, 0x10)
    FIELD(CR, PG, 0, 1)
    FIELD(CR, SER, 1, 1)
    FIELD(CR, MER, 2, 1)
    FIELD(CR, SNB, 3, 4)
    FIELD(CR, PSIZE, 8, 2)
    FIELD(CR, STRT, 16, 1)
    FIELD(CR, EOPIE, 24, 1)
    FIELD(CR, ERRIE, 25, 1)
    FIELD(CR, LOCK, 31, 1)
REG32(OPTCR, 0x14)
    FIELD(OPTCR, OPTLOCK, 0, 1)
    FIELD(OPTCR, OPTSTRT, 1, 1)
    FIELD(OPTCR, NWRP, 16, 12)

#define FLASH_KEY1 0x45670123u
#define FLASH_KEY2 0xCDEF89ABu
#define FLASH_OPTKEY1 0x08192A3Bu
#define FLASH_OPTKEY2 0x4C5D6E7Fu

#define SR_ERRORS (R_SR_OPERR_MASK | R_SR_WRPERR_MASK | R_SR_PGAERR_MASK | \
                   R_SR_PGPERR_MASK | R_SR_PGSERR_MASK)
#define CR_WRITABLE 0x0301037Fu
#define OPTCR_WRITABLE 0x0FFFFFEEu    /* BOR_LEV, USER, RDP, nWRP; not the lock bit */
#define OPTCR_RESET 0x0FFFAAEDu
#define ACR_WRITABLE 0x00001F07u

/* F407 sector map: 4 x 16 KB, 1 x 64 KB, 7 x 128 KB. */
static const uint32_t sector_start[] = {
    0x00000, 0x04000, 0x08000, 0x0C000, 0x10000, 0x20000,
    0x40000, 0x60000, 0x80000, 0xA0000, 0xC0000, 0xE0000, 0x100000,
};
#define NUM_SECTORS (ARRAY_SIZE(sector_start) - 1)

static int flash_sector_of(hwaddr offset)
{
    for (unsigned i = 0; i < NUM_SECTORS; i++) {
        if (offset < sector_start[i + 1]) {
            return i;
        }
    }
    return -1;
}

static void flash_update_irq(Stm32f4xxFlashState *s)
{
    uint32_t sr = s->regs[R_SR], cr = s->regs[R_CR];
    bool level = ((cr & R_CR_EOPIE_MASK) && (sr & R_SR_EOP_MASK)) ||
                 ((cr & R_CR_ERRIE_MASK) && (sr & R_SR_OPERR_MASK));

    qemu_set_irq(s->irq, level);
}

static void flash_persist(Stm32f4xxFlashState *s, hwaddr offset, hwaddr len)
{
    if (!s->blk || s->blk_ro) {
        return;
    }
    if (blk_pwrite(s->blk, offset, len, s->storage + offset, 0) < 0) {
        error_report("stm32f4xx-flash: cannot write the flash image at 0x%" HWADDR_PRIx,
                     offset);
    }
}

static void flash_error(Stm32f4xxFlashState *s, uint32_t flag, const char *why)
{
    qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-flash: %s\n", why);
    s->regs[R_SR] |= flag;
    if (s->regs[R_CR] & R_CR_ERRIE_MASK) {
        s->regs[R_SR] |= R_SR_OPERR_MASK;
    }
}

static void flash_done(Stm32f4xxFlashState *s)
{
    /* RM0090: EOP is set only when EOPIE is set. */
    if (s->regs[R_CR] & R_CR_EOPIE_MASK) {
        s->regs[R_SR] |= R_SR_EOP_MASK;
    }
}

static bool flash_sector_protected(Stm32f4xxFlashState *s, int sector)
{
    return !(FIELD_EX32(s->regs[R_OPTCR], OPTCR, NWRP) & BIT(sector));
}

static void flash_erase(Stm32f4xxFlashState *s)
{
    uint32_t cr = s->regs[R_CR];
    int first, last;

    if (cr & R_CR_MER_MASK) {
        first = 0;
        last = NUM_SECTORS - 1;
    } else {
        first = last = FIELD_EX32(cr, CR, SNB);
        if (first >= NUM_SECTORS) {
            flash_error(s, R_SR_PGSERR_MASK, "sector number out of range for an F407");
            return;
        }
    }
    for (int i = first; i <= last; i++) {
        if (flash_sector_protected(s, i)) {
            flash_error(s, R_SR_WRPERR_MASK, "erase of a write-protected sector");
            return;
        }
    }
    trace_stm32f4xx_flash_erase(sector_start[first], sector_start[last + 1]);
    memset(s->storage + sector_start[first], 0xFF, sector_start[last + 1] - sector_start[first]);
    memory_region_flush_rom_device(&s->array, sector_start[first],
                                   sector_start[last + 1] - sector_start[first]);
    flash_persist(s, sector_start[first], sector_start[last + 1] - sector_start[first]);
    flash_done(s);
}

/* A guest store into the flash array. */
static void flash_array_write(void *opaque, hwaddr offset, uint64_t value, unsigned size)
{
    Stm32f4xxFlashState *s = opaque;
    uint32_t cr = s->regs[R_CR];
    unsigned psize_bytes = 1u << FIELD_EX32(cr, CR, PSIZE);

    if ((cr & R_CR_LOCK_MASK) || !(cr & R_CR_PG_MASK)) {
        flash_error(s, R_SR_PGSERR_MASK, "flash write without CR.PG set and unlocked");
    } else if (s->regs[R_SR] & (R_SR_PGSERR_MASK | R_SR_PGPERR_MASK | R_SR_PGAERR_MASK)) {
        /* RM0090: programming is refused until the error flags are cleared. */
        flash_error(s, R_SR_PGSERR_MASK, "flash write with a programming error pending");
    } else if (psize_bytes == 8 || size != psize_bytes) {
        flash_error(s, R_SR_PGPERR_MASK, "access size does not match CR.PSIZE");
    } else if (offset & (size - 1)) {
        flash_error(s, R_SR_PGAERR_MASK, "unaligned flash write");
    } else if (flash_sector_protected(s, flash_sector_of(offset))) {
        flash_error(s, R_SR_WRPERR_MASK, "write to a write-protected sector");
    } else {
        trace_stm32f4xx_flash_program(offset, value, size);
        for (unsigned i = 0; i < size; i++) {
            s->storage[offset + i] &= value >> (8 * i);
        }
        memory_region_flush_rom_device(&s->array, offset, size);
        flash_persist(s, offset, size);
        flash_done(s);
    }
    flash_update_irq(s);
}

static uint64_t flash_array_read(void *opaque, hwaddr offset, unsigned size)
{
    /* Only reached when the region is not in ROMD mode; it always is. */
    Stm32f4xxFlashState *s = opaque;
    return ldn_le_p(s->storage + offset, size);
}

static const MemoryRegionOps flash_array_ops = {
    .read = flash_array_read,
    .write = flash_array_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* Unaligned stores must reach us: they set PGAERR. */
    .valid = { .min_access_size = 1, .max_access_size = 4, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 4, .unaligned = true },
};

static uint64_t flash_opt_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxFlashState *s = opaque;
    /* RM0090 table 9: USER+RDP at 0x1FFFC000, nWRP at 0x1FFFC008; pairs of 16 bits. */
    uint32_t words[4] = {
        (s->opt & 0xFFEC) | 0xFFFF0000u, 0xFFFFFFFFu,
        (s->opt >> 16) | 0xF000u | 0xFFFF0000u, 0xFFFFFFFFu,
    };

    return extract32(words[(addr >> 2) & 3], (addr & 3) * 8, size * 8);
}

static void flash_opt_write(void *opaque, hwaddr addr, uint64_t value, unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "stm32f4xx-flash: option bytes are written through FLASH_OPTCR\n");
}

static const MemoryRegionOps flash_opt_ops = {
    .read = flash_opt_read,
    .write = flash_opt_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static uint64_t flash_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxFlashState *s = opaque;
    unsigned idx = addr / 4;
    uint32_t value = 0;

    switch (idx) {
    case R_ACR: case R_SR: case R_CR: case R_OPTCR:
        value = s->regs[idx];
        break;
    case R_KEYR: case R_OPTKEYR:
        break;  /* write-only */
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
    trace_stm32f4xx_flash_read(addr, value);
    return value;
}

static void flash_key(Stm32f4xxFlashState *s, uint32_t value, uint8_t *step,
                      uint32_t key1, uint32_t key2, uint32_t *reg, uint32_t lock_mask)
{
    if (s->key_locked_out || !(*reg & lock_mask)) {
        /* RM0090: a wrong sequence, or a write while unlocked, locks until reset. */
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-flash: key written out of sequence\n");
        s->key_locked_out = true;
        *reg |= lock_mask;
        return;
    }
    if (*step == 0 && value == key1) {
        *step = 1;
    } else if (*step == 1 && value == key2) {
        *step = 0;
        *reg &= ~lock_mask;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-flash: wrong unlock key 0x%08x\n", value);
        s->key_locked_out = true;
        *step = 0;
    }
}

static void flash_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32f4xxFlashState *s = opaque;
    uint32_t value = val64;

    trace_stm32f4xx_flash_write(addr, value);
    switch (addr / 4) {
    case R_ACR:
        s->regs[R_ACR] = value & (ACR_WRITABLE & ~(R_ACR_ICRST_MASK | R_ACR_DCRST_MASK));
        break;
    case R_KEYR:
        flash_key(s, value, &s->key_step, FLASH_KEY1, FLASH_KEY2, &s->regs[R_CR],
                  R_CR_LOCK_MASK);
        break;
    case R_OPTKEYR:
        flash_key(s, value, &s->optkey_step, FLASH_OPTKEY1, FLASH_OPTKEY2,
                  &s->regs[R_OPTCR], R_OPTCR_OPTLOCK_MASK);
        break;
    case R_SR:
        s->regs[R_SR] &= ~(value & (R_SR_EOP_MASK | SR_ERRORS));
        break;
    case R_CR:
        if (s->regs[R_CR] & R_CR_LOCK_MASK) {
            if (value & R_CR_LOCK_MASK) {
                break;
            }
            qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-flash: FLASH_CR write while locked\n");
            break;
        }
        s->regs[R_CR] = (value & CR_WRITABLE) | (value & R_CR_LOCK_MASK);
        if ((value & R_CR_STRT_MASK) && !(value & R_CR_LOCK_MASK)) {
            if (value & (R_CR_SER_MASK | R_CR_MER_MASK)) {
                flash_erase(s);
            } else {
                flash_error(s, R_SR_PGSERR_MASK, "STRT without SER or MER");
            }
            s->regs[R_CR] &= ~R_CR_STRT_MASK;
        }
        break;
    case R_OPTCR:
        if (s->regs[R_OPTCR] & R_OPTCR_OPTLOCK_MASK) {
            if (!(value & R_OPTCR_OPTLOCK_MASK)) {
                qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-flash: OPTCR write while locked\n");
            }
            break;
        }
        s->regs[R_OPTCR] = (value & (OPTCR_WRITABLE | R_OPTCR_OPTLOCK_MASK));
        if (value & R_OPTCR_OPTSTRT_MASK) {
            /* Program the option bytes; they take effect now (no reload needed here). */
            s->opt = s->regs[R_OPTCR] & OPTCR_WRITABLE;
            flash_done(s);
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
    flash_update_irq(s);
}

static const MemoryRegionOps flash_ops = {
    .read = flash_read,
    .write = flash_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void flash_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxFlashState *s = STM32F4XX_FLASH(obj);

    memset(s->regs, 0, sizeof(s->regs));
    s->regs[R_CR] = R_CR_LOCK_MASK;
    s->regs[R_OPTCR] = s->opt | R_OPTCR_OPTLOCK_MASK;
    s->key_step = s->optkey_step = 0;
    s->key_locked_out = false;
}

static void flash_reset_exit(Object *obj, ResetType type)
{
    flash_update_irq(STM32F4XX_FLASH(obj));
}

static void flash_init(Object *obj)
{
    Stm32f4xxFlashState *s = STM32F4XX_FLASH(obj);

    memory_region_init_io(&s->iomem, obj, &flash_ops, s, "stm32f4xx-flash-if", 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->opt = OPTCR_RESET & OPTCR_WRITABLE;
}

static void flash_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxFlashState *s = STM32F4XX_FLASH(dev);

    if (!memory_region_init_rom_device(&s->array, OBJECT(dev), &flash_array_ops, s,
                                       "stm32f4xx.flash", STM32F4XX_FLASH_SIZE, errp)) {
        return;
    }
    s->storage = memory_region_get_ram_ptr(&s->array);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->array);
    memory_region_init_io(&s->optbytes, OBJECT(dev), &flash_opt_ops, s,
                          "stm32f4xx.option-bytes", 16);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->optbytes);

    if (s->blk) {
        s->blk_ro = !blk_supports_write_perm(s->blk);
        if (blk_set_perm(s->blk, BLK_PERM_CONSISTENT_READ | (s->blk_ro ? 0 : BLK_PERM_WRITE),
                         BLK_PERM_ALL, errp) < 0) {
            return;
        }
        if (!blk_check_size_and_read_all(s->blk, dev, s->storage, STM32F4XX_FLASH_SIZE, errp)) {
            return;
        }
    } else {
        /* A blank chip is erased. */
        memset(s->storage, 0xFF, STM32F4XX_FLASH_SIZE);
    }
}

static const VMStateDescription vmstate_stm32f4xx_flash = {
    .name = TYPE_STM32F4XX_FLASH,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, Stm32f4xxFlashState, STM32F4XX_FLASH_NUM_REGS),
        VMSTATE_UINT32(opt, Stm32f4xxFlashState),
        VMSTATE_UINT8(key_step, Stm32f4xxFlashState),
        VMSTATE_UINT8(optkey_step, Stm32f4xxFlashState),
        VMSTATE_BOOL(key_locked_out, Stm32f4xxFlashState),
        VMSTATE_END_OF_LIST()
    },
};

static const Property flash_properties[] = {
    DEFINE_PROP_DRIVE("drive", Stm32f4xxFlashState, blk),
};

static void flash_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = flash_realize;
    dc->vmsd = &vmstate_stm32f4xx_flash;
    device_class_set_props(dc, flash_properties);
    rc->phases.hold = flash_reset_hold;
    rc->phases.exit = flash_reset_exit;
}

static const TypeInfo flash_info = {
    .name = TYPE_STM32F4XX_FLASH,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f4xxFlashState),
    .instance_init = flash_init,
    .class_init = flash_class_init,
};

static void flash_register_types(void)
{
    type_register_static(&flash_info);
}

type_init(flash_register_types)
