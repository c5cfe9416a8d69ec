// Internal flash of the STM32F407: sector map, erase and program through the
// FLASH interface registers (RM0090 section 3). Same API as ports/stm32/flash.h.
#ifndef MICROPY_INCLUDED_FLASH_H
#define MICROPY_INCLUDED_FLASH_H

#include <stdbool.h>
#include <stdint.h>

// True if addr is inside the 1 MB main flash array (0x08000000..0x080FFFFF).
bool flash_is_valid_addr(uint32_t addr);

// Sector holding addr: returns its number (0..11) and fills in its start address
// and size (16K, 64K or 128K); -1 if addr is not in flash.
int32_t flash_get_sector_info(uint32_t addr, uint32_t *start_addr, uint32_t *size);

// Erase the whole sector that holds flash_dest (it reads as 0xFF afterwards).
// Returns 0, or a negative errno (-MP_EINVAL: not flash, -MP_EIO: the interface
// reported an error).
int flash_erase(uint32_t flash_dest);

// Program num_word32 words from src at flash_dest (4-byte aligned) with PSIZE x32.
// NOR semantics: bits can only go from 1 to 0, so a word can be programmed over
// old contents only if (old & new) == new; words that would not change are
// skipped. Every word is read back: returns 0, or a negative errno (-MP_EIO when
// the interface flagged an error or a word did not take the new value).
int flash_write(uint32_t flash_dest, const uint32_t *src, uint32_t num_word32);

#endif // MICROPY_INCLUDED_FLASH_H
