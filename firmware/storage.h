// Internal flash storage: the block device (flashbdev.c) and its Python face,
// pyb.Flash (storage.c). Names follow ports/stm32/storage.h.
#ifndef MICROPY_INCLUDED_STORAGE_H
#define MICROPY_INCLUDED_STORAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "py/obj.h"

// 512-byte blocks; the default pyb.Flash() object puts a fake MBR in block 0 and
// the storage at block FLASH_PART1_START_BLOCK, as the stm32 port does for FAT.
#define FLASH_BLOCK_SIZE (512)
#define FLASH_PART1_START_BLOCK (0x100)

// flashbdev.c: block numbers count 512-byte blocks from the start of the storage.
void flash_bdev_init(void);
uint32_t flash_bdev_num_blocks(void);
int flash_bdev_sync(void);
bool flash_bdev_dirty(void);
void flash_bdev_irq_handler(void);
int flash_bdev_readblocks_ext(uint8_t *dest, uint32_t block, uint32_t offset, uint32_t len);
int flash_bdev_writeblocks_ext(const uint8_t *src, uint32_t block, uint32_t offset, uint32_t len);
int flash_bdev_eraseblock(uint32_t block);

// storage.c
void storage_init(void);            // once per power-on: journal recovery, flush IRQ
void storage_flush(void);           // write back anything cached (soft reset, sync)
uint32_t storage_get_block_size(void);
uint32_t storage_get_block_count(void);  // including the fake MBR area
void storage_systick(uint32_t ticks_ms); // from SysTick: pends the delayed flush

extern const mp_obj_type_t pyb_flash_type;
extern const struct _pyb_flash_obj_t pyb_flash_obj;

// Flash(start=, len=) in bytes of the storage; mp_const_none if out of range.
mp_obj_t pyb_flash_new_obj(mp_int_t start, mp_int_t len);

#endif // MICROPY_INCLUDED_STORAGE_H
