// Internal flash erase/program for the STM32F407 (RM0090 section 3.6):
// unlock with the KEYR sequence, sector erase with SER/SNB/STRT, word program
// with PG and PSIZE x32, wait for BSY to clear, check and clear the error flags,
// lock again. Callers serialise access (the flash block device masks the flash
// IRQ around its operations).
#include "py/mperrno.h"
#include "stm32f407.h"
#include "flash.h"

#define FLASH_ARRAY_SIZE    (1024 * 1024)
#define FLASH_SR_ERRORS     (FLASH_SR_OPERR | FLASH_SR_WRPERR | FLASH_SR_PGAERR | FLASH_SR_PGPERR | FLASH_SR_PGSERR)

// Bounded wait for BSY. A sector erase takes up to 2 s on silicon (128K at x32);
// this many reads of SR is well beyond that at 168 MHz. QEMU never shows BSY set.
#define FLASH_BSY_SPINS     (100000000)

// Start of every sector, plus the end of flash.
static const uint32_t sector_start[] = {
    0x08000000, 0x08004000, 0x08008000, 0x0800C000, // 0-3: 16K
    0x08010000,                                     // 4: 64K
    0x08020000, 0x08040000, 0x08060000, 0x08080000, // 5-11: 128K
    0x080A0000, 0x080C0000, 0x080E0000,
    0x08100000,
};
#define NUM_SECTORS ((int)(sizeof(sector_start) / sizeof(sector_start[0])) - 1)

bool flash_is_valid_addr(uint32_t addr) {
    return addr >= FLASH_BASE && addr - FLASH_BASE < FLASH_ARRAY_SIZE;
}

int32_t flash_get_sector_info(uint32_t addr, uint32_t *start_addr, uint32_t *size) {
    if (!flash_is_valid_addr(addr)) {
        return -1;
    }
    for (int i = 0; i < NUM_SECTORS; i++) {
        if (addr < sector_start[i + 1]) {
            if (start_addr != NULL) {
                *start_addr = sector_start[i];
            }
            if (size != NULL) {
                *size = sector_start[i + 1] - sector_start[i];
            }
            return i;
        }
    }
    return -1;
}

static void flash_unlock(void) {
    // Writing KEYR while unlocked (or a wrong key) locks the interface until the
    // next reset, so only run the sequence when LOCK is set.
    if (FLASH->CR & FLASH_CR_LOCK) {
        FLASH->KEYR = FLASH_KEY1;
        FLASH->KEYR = FLASH_KEY2;
    }
}

static void flash_lock(void) {
    FLASH->CR |= FLASH_CR_LOCK;
}

// Wait for the current operation, then return its error flags (cleared).
static uint32_t flash_wait_done(void) {
    for (uint32_t n = FLASH_BSY_SPINS; (FLASH->SR & FLASH_SR_BSY) && n; --n) {
    }
    uint32_t sr = FLASH->SR;
    if (sr & FLASH_SR_BSY) {
        return FLASH_SR_BSY; // stuck: report it as an error
    }
    FLASH->SR = sr & (FLASH_SR_ERRORS | FLASH_SR_EOP); // write 1 to clear
    return sr & FLASH_SR_ERRORS;
}

// After an erase the data cache may hold the old contents: reset it (RM0090
// 3.5.2: the caches can only be reset while disabled).
static void flash_flush_caches(void) {
    uint32_t acr = FLASH->ACR;
    if (acr & FLASH_ACR_DCEN) {
        FLASH->ACR = acr & ~FLASH_ACR_DCEN;
        FLASH->ACR = (acr & ~FLASH_ACR_DCEN) | FLASH_ACR_DCRST;
        FLASH->ACR = acr & ~FLASH_ACR_DCEN;
        FLASH->ACR = acr;
    }
}

int flash_erase(uint32_t flash_dest) {
    int32_t sector = flash_get_sector_info(flash_dest, NULL, NULL);
    if (sector < 0) {
        return -MP_EINVAL;
    }
    flash_unlock();
    flash_wait_done(); // nothing may be in progress; drop stale flags
    uint32_t cr = FLASH->CR & ~(FLASH_CR_PG | FLASH_CR_SER | FLASH_CR_MER | FLASH_CR_SNB_Msk | FLASH_CR_PSIZE_Msk);
    cr |= FLASH_CR_PSIZE_X32 | FLASH_CR_SER | ((uint32_t)sector << FLASH_CR_SNB_Pos);
    FLASH->CR = cr;
    FLASH->CR = cr | FLASH_CR_STRT;
    uint32_t err = flash_wait_done();
    FLASH->CR &= ~(FLASH_CR_SER | FLASH_CR_SNB_Msk);
    flash_lock();
    flash_flush_caches();
    return err ? -MP_EIO : 0;
}

int flash_write(uint32_t flash_dest, const uint32_t *src, uint32_t num_word32) {
    if ((flash_dest & 3) || !flash_is_valid_addr(flash_dest)
        || num_word32 > (FLASH_BASE + FLASH_ARRAY_SIZE - flash_dest) / 4) {
        return -MP_EINVAL;
    }
    volatile uint32_t *dest = (volatile uint32_t *)flash_dest;
    int ret = 0;
    flash_unlock();
    flash_wait_done();
    FLASH->CR = (FLASH->CR & ~(FLASH_CR_SER | FLASH_CR_MER | FLASH_CR_SNB_Msk | FLASH_CR_PSIZE_Msk))
        | FLASH_CR_PSIZE_X32 | FLASH_CR_PG;
    for (uint32_t i = 0; i < num_word32; i++) {
        uint32_t old = dest[i];
        uint32_t val = src[i];
        if ((old & val) == old) {
            continue; // programming would not change any bit (e.g. val is 0xFFFFFFFF)
        }
        dest[i] = val; // one 32-bit store: PSIZE x32 requires the access size to match
        if (flash_wait_done() || dest[i] != val) {
            ret = -MP_EIO;
            break;
        }
    }
    FLASH->CR &= ~FLASH_CR_PG;
    flash_lock();
    return ret;
}
