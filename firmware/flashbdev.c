// Block device on the internal flash (sectors 1-4, 112 KB): 512-byte blocks over
// 16K/64K erase sectors, as on ports/stm32 (flashbdev.c), but written for power-fail
// safety rather than for the fewest erases.
//
// Writes are classified against what is in flash:
// - If every new bit is reachable by programming alone (1 -> 0, e.g. littlefs
//   appending a commit to an erased part of a block), the data is programmed
//   straight into flash and is persistent when the call returns. No cache, no erase.
// - Otherwise the sector has to be erased: it is read into the RAM cache (CCM, 64K),
//   modified there, and written back ("flushed") when the block device is synced
//   (littlefs syncs at the end of every commit, FatFs on close/sync), when another
//   sector is touched, after FLASH_FS_FLUSH_DELAY_MS without writes (from the FLASH
//   IRQ, pended by SysTick), and at soft reset.
// - A flush that needs an erase goes through a redo journal in sector 11 first:
//   the new sector image is copied to the journal and committed, then the sector
//   is erased and programmed, then the journal entry is marked done. After a power
//   loss, flash_bdev_init() finds a committed entry that is not done and programs
//   it again. Erasing a sector therefore never loses the other blocks in it.
// littlefs erases a block before reusing it: that lands in the cache as 0xFF and is
// written back with the data littlefs then programs into the block.
#include <string.h>

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "irq.h"
#include "flash.h"
#include "systick.h"
#include "storage.h"

// Linker script symbols (stm32f407.ld).
extern uint8_t _micropy_hw_internal_flash_storage_start[];
extern uint8_t _micropy_hw_internal_flash_storage_end[];
extern uint8_t _micropy_hw_internal_flash_storage_ram_cache_start[];
extern uint8_t _micropy_hw_internal_flash_storage_ram_cache_end[];
extern uint8_t _micropy_hw_internal_flash_storage_journal_start[];
extern uint8_t _micropy_hw_internal_flash_storage_journal_end[];

#define FS_START        ((uint32_t)_micropy_hw_internal_flash_storage_start)
#define FS_END          ((uint32_t)_micropy_hw_internal_flash_storage_end)
#define CACHE           ((uint8_t *)_micropy_hw_internal_flash_storage_ram_cache_start)
#define CACHE_SIZE      ((uint32_t)(_micropy_hw_internal_flash_storage_ram_cache_end - _micropy_hw_internal_flash_storage_ram_cache_start))
#define JOURNAL_START   ((uint32_t)_micropy_hw_internal_flash_storage_journal_start)
#define JOURNAL_END     ((uint32_t)_micropy_hw_internal_flash_storage_journal_end)

#ifndef FLASH_FS_FLUSH_DELAY_MS
#define FLASH_FS_FLUSH_DELAY_MS (1000)
#endif

// Sector image being modified in CCM; 0 when the cache is empty. The cache only
// ever holds a dirty sector: it is dropped once written back.
static uint32_t cache_sector;
static uint32_t cache_size;
static uint32_t last_write_ms;

/******************************************************************************/
// Redo journal (sector 11).
//
// Entries are appended one after the other from the start of the sector; each is
// a 32-byte header and a full sector image. Programming order: header words
// magic..crc, the data, then `commit`; after the target sector was rewritten,
// `done`. The journal sector is erased when the next entry does not fit (all
// entries are done by then: pending ones are replayed first).

#define JOURNAL_MAGIC (0x314a5346) // "FSJ1"

typedef struct _journal_entry_t {
    uint32_t magic;
    uint32_t sector;    // start address of the target sector
    uint32_t size;      // bytes of data after the header: the target's sector size
    uint32_t crc;       // CRC-32 of the data
    uint32_t commit;    // 0 once header and data are programmed
    uint32_t done;      // 0 once the target sector holds the data
    uint32_t reserved[2];
} journal_entry_t;

// CRC-32 (IEEE 802.3, reflected, as zlib), a nibble at a time.
static uint32_t crc32_update(uint32_t crc, const uint8_t *buf, size_t len) {
    static const uint32_t table[16] = {
        0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
        0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
    };
    crc = ~crc;
    while (len--) {
        crc ^= *buf++;
        crc = (crc >> 4) ^ table[crc & 15];
        crc = (crc >> 4) ^ table[crc & 15];
    }
    return ~crc;
}

static bool is_erased(uint32_t addr, uint32_t len) {
    const uint32_t *p = (const uint32_t *)addr;
    for (uint32_t i = 0; i < len / 4; i++) {
        if (p[i] != 0xffffffff) {
            return false;
        }
    }
    return true;
}

// A header that can describe an entry: a whole filesystem sector.
static bool journal_entry_valid(const journal_entry_t *e) {
    uint32_t start, size;
    if ((uint32_t)e + sizeof(*e) > JOURNAL_END || e->magic != JOURNAL_MAGIC
        || e->sector < FS_START || e->sector >= FS_END
        || flash_get_sector_info(e->sector, &start, &size) < 0
        || start != e->sector || size != e->size || size > CACHE_SIZE
        || (uint32_t)e + sizeof(*e) + size > JOURNAL_END) {
        return false;
    }
    return true;
}

static int journal_program_word(const volatile uint32_t *addr, uint32_t value) {
    return flash_write((uint32_t)addr, &value, 1);
}

// Program a committed entry's data into its target sector and mark it done.
static int journal_replay(const journal_entry_t *e) {
    const uint8_t *data = (const uint8_t *)(e + 1);
    int ret = 0;
    if (crc32_update(0, data, e->size) == e->crc) {
        ret = flash_erase(e->sector);
        if (ret == 0) {
            ret = flash_write(e->sector, (const uint32_t *)data, e->size / 4);
        }
    }
    // A CRC mismatch means the journal itself is damaged: drop the entry.
    if (ret == 0) {
        ret = journal_program_word(&e->done, 0);
    }
    return ret;
}

// Walk the journal: replay entries that are committed but not done, and return
// the address after the last entry (where the next one may go).
static int journal_scan(uint32_t *end) {
    uint32_t addr = JOURNAL_START;
    while (journal_entry_valid((const journal_entry_t *)addr)) {
        const journal_entry_t *e = (const journal_entry_t *)addr;
        if (e->commit == 0 && e->done != 0) {
            int ret = journal_replay(e);
            if (ret != 0) {
                return ret;
            }
        }
        addr += sizeof(*e) + e->size;
    }
    *end = addr;
    return 0;
}

// Append a committed entry holding the new image of `sector`.
static int journal_append(uint32_t sector, const uint8_t *data, uint32_t size, const journal_entry_t **entry_out) {
    uint32_t addr;
    int ret = journal_scan(&addr);
    if (ret != 0) {
        return ret;
    }
    uint32_t need = sizeof(journal_entry_t) + size;
    if (addr + need > JOURNAL_END || !is_erased(addr, need)) {
        // Full, or a torn entry at the end: start again (nothing is pending now).
        ret = flash_erase(JOURNAL_START);
        if (ret != 0) {
            return ret;
        }
        addr = JOURNAL_START;
    }
    const journal_entry_t *e = (const journal_entry_t *)addr;
    uint32_t hdr[4] = { JOURNAL_MAGIC, sector, size, crc32_update(0, data, size) };
    ret = flash_write(addr, hdr, 4);
    if (ret == 0) {
        ret = flash_write(addr + sizeof(journal_entry_t), (const uint32_t *)data, size / 4);
    }
    if (ret == 0) {
        ret = journal_program_word(&e->commit, 0);
    }
    *entry_out = e;
    return ret;
}

/******************************************************************************/
// Sector cache.

// Write the cached sector back to flash and empty the cache.
static int cache_flush(void) {
    if (cache_sector == 0) {
        return 0;
    }
    const uint32_t *new = (const uint32_t *)CACHE;
    const uint32_t *old = (const uint32_t *)cache_sector;
    uint32_t nwords = cache_size / 4;
    bool need_erase = false;
    for (uint32_t i = 0; i < nwords; i++) {
        if ((old[i] & new[i]) != new[i]) {
            need_erase = true;
            break;
        }
    }
    int ret;
    if (!need_erase) {
        // Only 1 -> 0 changes: program the words that differ, nothing to lose.
        ret = flash_write(cache_sector, new, nwords);
    } else {
        const journal_entry_t *e;
        ret = journal_append(cache_sector, CACHE, cache_size, &e);
        if (ret == 0) {
            ret = flash_erase(cache_sector);
        }
        if (ret == 0) {
            ret = flash_write(cache_sector, new, nwords);
        }
        if (ret == 0) {
            ret = journal_program_word(&e->done, 0);
        }
    }
    if (ret == 0) {
        cache_sector = 0;
    }
    return ret;
}

// Make the cache hold sector [start, start + size), flushing another one first.
static int cache_load(uint32_t start, uint32_t size) {
    if (cache_sector == start) {
        return 0;
    }
    int ret = cache_flush();
    if (ret != 0) {
        return ret;
    }
    if (size > CACHE_SIZE) {
        return -MP_EINVAL;
    }
    memcpy(CACHE, (const void *)start, size);
    cache_sector = start;
    cache_size = size;
    return 0;
}

static void cache_touched(void) {
    last_write_ms = systick_ms();
}

// Could [addr, addr + len) take src by programming alone?
static bool programmable(uint32_t addr, const uint8_t *src, uint32_t len) {
    const uint8_t *old = (const uint8_t *)addr;
    for (uint32_t i = 0; i < len; i++) {
        if ((old[i] & src[i]) != src[i]) {
            return false;
        }
    }
    return true;
}

// Program len bytes at any alignment: whole words, bytes outside the range keep
// their old value (programming a value over itself changes nothing).
static int program_bytes(uint32_t addr, const uint8_t *src, uint32_t len) {
    uint32_t buf[32];
    uint32_t waddr = addr & ~3u;
    uint32_t wend = (addr + len + 3) & ~3u;
    while (waddr < wend) {
        uint32_t n = MIN((wend - waddr) / 4, MP_ARRAY_SIZE(buf));
        memcpy(buf, (const void *)waddr, n * 4);
        uint32_t lo = MAX(addr, waddr), hi = MIN(addr + len, waddr + n * 4);
        memcpy((uint8_t *)buf + (lo - waddr), src + (lo - addr), hi - lo);
        int ret = flash_write(waddr, buf, n);
        if (ret != 0) {
            return ret;
        }
        waddr += n * 4;
    }
    return 0;
}

/******************************************************************************/
// Block device interface (storage.h). Every entry point masks the FLASH IRQ, which
// runs the delayed flush, so the two never interleave.

void flash_bdev_init(void) {
    uint32_t basepri = raise_irq_pri(IRQ_PRI_FLASH);
    cache_sector = 0;
    uint32_t end;
    if (journal_scan(&end) != 0) {
        mp_hal_stdout_tx_str("MPY: flash journal replay failed\r\n");
    }
    restore_irq_pri(basepri);
}

uint32_t flash_bdev_num_blocks(void) {
    return (FS_END - FS_START) / FLASH_BLOCK_SIZE;
}

int flash_bdev_sync(void) {
    uint32_t basepri = raise_irq_pri(IRQ_PRI_FLASH);
    int ret = cache_flush();
    restore_irq_pri(basepri);
    return ret;
}

bool flash_bdev_dirty(void) {
    return cache_sector != 0;
}

// FLASH IRQ (pended from SysTick while the cache is dirty): flush once idle.
void flash_bdev_irq_handler(void) {
    if (cache_sector != 0 && systick_ms() - last_write_ms >= FLASH_FS_FLUSH_DELAY_MS) {
        cache_flush();
    }
}

// Byte range [block * 512 + offset, + len) of the storage, split per sector.
typedef int (*chunk_fn_t)(uint32_t addr, uint8_t *buf, uint32_t len, uint32_t sec_start, uint32_t sec_size);

static int for_each_chunk(uint32_t block, uint32_t offset, uint8_t *buf, uint32_t len, chunk_fn_t fn) {
    uint32_t addr = FS_START + block * FLASH_BLOCK_SIZE + offset;
    if (block >= flash_bdev_num_blocks() || addr + len > FS_END || addr + len < addr) {
        return -MP_EIO;
    }
    uint32_t basepri = raise_irq_pri(IRQ_PRI_FLASH);
    int ret = 0;
    while (len && ret == 0) {
        uint32_t sec_start, sec_size;
        flash_get_sector_info(addr, &sec_start, &sec_size);
        uint32_t n = MIN(len, sec_start + sec_size - addr);
        ret = fn(addr, buf, n, sec_start, sec_size);
        addr += n;
        buf += n;
        len -= n;
    }
    restore_irq_pri(basepri);
    return ret;
}

static int read_chunk(uint32_t addr, uint8_t *dest, uint32_t len, uint32_t sec_start, uint32_t sec_size) {
    const uint8_t *src = (const uint8_t *)addr;
    if (cache_sector == sec_start) {
        src = CACHE + (addr - sec_start);
    }
    memcpy(dest, src, len);
    return 0;
}

static int write_chunk(uint32_t addr, uint8_t *src, uint32_t len, uint32_t sec_start, uint32_t sec_size) {
    if (cache_sector != sec_start && programmable(addr, src, len)) {
        // Keep the order of writes: what is cached for another sector goes first.
        int ret = cache_flush();
        return ret ? ret : program_bytes(addr, src, len);
    }
    int ret = cache_load(sec_start, sec_size);
    if (ret == 0) {
        memcpy(CACHE + (addr - sec_start), src, len);
        cache_touched();
    }
    return ret;
}

static int erase_chunk(uint32_t addr, uint8_t *unused, uint32_t len, uint32_t sec_start, uint32_t sec_size) {
    if (cache_sector != sec_start && is_erased(addr, len)) {
        return 0;
    }
    int ret = cache_load(sec_start, sec_size);
    if (ret == 0) {
        memset(CACHE + (addr - sec_start), 0xff, len);
        cache_touched();
    }
    return ret;
}

int flash_bdev_readblocks_ext(uint8_t *dest, uint32_t block, uint32_t offset, uint32_t len) {
    return for_each_chunk(block, offset, dest, len, read_chunk);
}

int flash_bdev_writeblocks_ext(const uint8_t *src, uint32_t block, uint32_t offset, uint32_t len) {
    return for_each_chunk(block, offset, (uint8_t *)src, len, write_chunk);
}

int flash_bdev_eraseblock(uint32_t block) {
    return for_each_chunk(block, 0, NULL, FLASH_BLOCK_SIZE, erase_chunk);
}
