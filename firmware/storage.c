// pyb.Flash: the internal flash storage as a block device object, with the same
// behaviour as ports/stm32/storage.c:
// - pyb.Flash() is a singleton covering the whole storage behind a fake MBR
//   (partition 1 at block 0x100), the layout the stm32 port's FAT filesystem uses;
// - pyb.Flash(start=, len=) is a plain byte range of the storage (multiples of
//   512), with the extended block protocol for littlefs:
//   vfs.VfsLfs2.mkfs(pyb.Flash(start=0)). /flash is mounted from pyb.Flash(start=0).
#include <string.h>

#include "py/mperrno.h"
#include "py/runtime.h"
#include "extmod/vfs.h"
#include "irq.h"
#include "storage.h"

typedef struct _pyb_flash_obj_t {
    mp_obj_base_t base;
    uint32_t start; // in bytes of the storage
    uint32_t len;   // in bytes
} pyb_flash_obj_t;

// The singleton: the whole storage with the fake partition table.
const pyb_flash_obj_t pyb_flash_obj = {
    { &pyb_flash_type },
    0,
    0, // size given by the BLOCK_COUNT ioctl
};

static bool storage_is_initialised;

void storage_init(void) {
    if (!storage_is_initialised) {
        storage_is_initialised = true;
        flash_bdev_init();
        // The delayed write-back runs in the FLASH IRQ, below the UART and SysTick.
        NVIC_SetPriority(FLASH_IRQn, IRQ_PRI_FLASH);
        NVIC_EnableIRQ(FLASH_IRQn);
    }
}

void storage_flush(void) {
    flash_bdev_sync();
}

uint32_t storage_get_block_size(void) {
    return FLASH_BLOCK_SIZE;
}

uint32_t storage_get_block_count(void) {
    return FLASH_PART1_START_BLOCK + flash_bdev_num_blocks();
}

// Called every millisecond from SysTick: every 128 ms, if something waits in the
// sector cache, let the FLASH IRQ decide whether it has been idle long enough.
void storage_systick(uint32_t ticks_ms) {
    if ((ticks_ms & 0x7f) == 0 && storage_is_initialised && flash_bdev_dirty()) {
        NVIC_SetPendingIRQ(FLASH_IRQn);
    }
}

void FLASH_IRQHandler(void) {
    flash_bdev_irq_handler();
}

static void build_partition(uint8_t *buf, uint8_t type, uint32_t start_block, uint32_t num_blocks) {
    memset(buf, 0, 16);
    if (num_blocks != 0) {
        buf[1] = buf[2] = buf[3] = 0xff; // CHS not used: LBA only
        buf[4] = type;
        buf[5] = buf[6] = buf[7] = 0xff;
    }
    for (int i = 0; i < 4; i++) {
        buf[8 + i] = start_block >> (8 * i);
        buf[12 + i] = num_blocks >> (8 * i);
    }
}

// 512-byte blocks of the singleton's view: MBR, a gap, then the storage.
static int storage_read_blocks(uint8_t *dest, uint32_t block, uint32_t num_blocks) {
    for (; num_blocks; num_blocks--, block++, dest += FLASH_BLOCK_SIZE) {
        if (block == 0) {
            memset(dest, 0, 446);
            build_partition(dest + 446, 0x01 /* FAT12 */, FLASH_PART1_START_BLOCK, flash_bdev_num_blocks());
            build_partition(dest + 462, 0, 0, 0);
            build_partition(dest + 478, 0, 0, 0);
            build_partition(dest + 494, 0, 0, 0);
            dest[510] = 0x55;
            dest[511] = 0xaa;
        } else if (block >= FLASH_PART1_START_BLOCK && block < storage_get_block_count()) {
            int ret = flash_bdev_readblocks_ext(dest, block - FLASH_PART1_START_BLOCK, 0, FLASH_BLOCK_SIZE);
            if (ret != 0) {
                return ret;
            }
        } else {
            return -MP_EIO;
        }
    }
    return 0;
}

static int storage_write_blocks(const uint8_t *src, uint32_t block, uint32_t num_blocks) {
    for (; num_blocks; num_blocks--, block++, src += FLASH_BLOCK_SIZE) {
        if (block == 0) {
            // The MBR is fixed: pretend it was written.
        } else if (block >= FLASH_PART1_START_BLOCK && block < storage_get_block_count()) {
            int ret = flash_bdev_writeblocks_ext(src, block - FLASH_PART1_START_BLOCK, 0, FLASH_BLOCK_SIZE);
            if (ret != 0) {
                return ret;
            }
        } else {
            return -MP_EIO;
        }
    }
    return 0;
}

mp_obj_t pyb_flash_new_obj(mp_int_t start, mp_int_t len) {
    mp_int_t total = flash_bdev_num_blocks() * FLASH_BLOCK_SIZE;
    if (start == -1) {
        start = 0;
    } else if (!(0 <= start && start < total && start % FLASH_BLOCK_SIZE == 0)) {
        return mp_const_none;
    }
    if (len == -1) {
        len = total - start;
    } else if (!(0 < len && start + len <= total && len % FLASH_BLOCK_SIZE == 0)) {
        return mp_const_none;
    }
    pyb_flash_obj_t *self = mp_obj_malloc(pyb_flash_obj_t, &pyb_flash_type);
    self->start = start;
    self->len = len;
    return MP_OBJ_FROM_PTR(self);
}

static void pyb_flash_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_flash_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self == &pyb_flash_obj) {
        mp_printf(print, "Flash()");
    } else {
        mp_printf(print, "Flash(start=%u, len=%u)", (unsigned int)self->start, (unsigned int)self->len);
    }
}

static mp_obj_t pyb_flash_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_start, ARG_len };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_start, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_len,   MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    storage_init();
    if (args[ARG_start].u_int == -1 && args[ARG_len].u_int == -1) {
        return MP_OBJ_FROM_PTR(&pyb_flash_obj);
    }
    mp_obj_t self = pyb_flash_new_obj(args[ARG_start].u_int, args[ARG_len].u_int);
    if (self == mp_const_none) {
        mp_raise_ValueError(NULL);
    }
    return self;
}

// readblocks/writeblocks(block_num, buf[, offset]): 0 or a negative errno.
static mp_obj_t pyb_flash_rw_blocks(size_t n_args, const mp_obj_t *args, bool write) {
    pyb_flash_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    uint32_t block_num = mp_obj_get_int(args[1]);
    mp_buffer_info_t bufinfo;
    mp_get_buffer_raise(args[2], &bufinfo, write ? MP_BUFFER_READ : MP_BUFFER_WRITE);
    int ret = -MP_EIO;
    if (self == &pyb_flash_obj) {
        if (n_args == 3) {
            uint32_t num = bufinfo.len / FLASH_BLOCK_SIZE;
            ret = write ? storage_write_blocks(bufinfo.buf, block_num, num)
                        : storage_read_blocks(bufinfo.buf, block_num, num);
        }
    } else {
        uint32_t offset = n_args == 4 ? mp_obj_get_int(args[3]) : 0;
        uint64_t end = (uint64_t)block_num * FLASH_BLOCK_SIZE + offset + bufinfo.len;
        uint32_t block = self->start / FLASH_BLOCK_SIZE + block_num;
        if (end > self->len) {
            ret = -MP_EFAULT;
        } else if (write) {
            ret = flash_bdev_writeblocks_ext(bufinfo.buf, block, offset, bufinfo.len);
        } else {
            ret = flash_bdev_readblocks_ext(bufinfo.buf, block, offset, bufinfo.len);
        }
    }
    return MP_OBJ_NEW_SMALL_INT(ret);
}

static mp_obj_t pyb_flash_readblocks(size_t n_args, const mp_obj_t *args) {
    return pyb_flash_rw_blocks(n_args, args, false);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_flash_readblocks_obj, 3, 4, pyb_flash_readblocks);

static mp_obj_t pyb_flash_writeblocks(size_t n_args, const mp_obj_t *args) {
    return pyb_flash_rw_blocks(n_args, args, true);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_flash_writeblocks_obj, 3, 4, pyb_flash_writeblocks);

static mp_obj_t pyb_flash_ioctl(mp_obj_t self_in, mp_obj_t cmd_in, mp_obj_t arg_in) {
    pyb_flash_obj_t *self = MP_OBJ_TO_PTR(self_in);
    bool singleton = self == &pyb_flash_obj;
    mp_int_t ret;
    switch (mp_obj_get_int(cmd_in)) {
        case MP_BLOCKDEV_IOCTL_INIT:
            storage_init();
            // The extended protocol (arg 1, littlefs) needs a plain range.
            ret = singleton && mp_obj_get_int(arg_in) == 1 ? -1 : 0;
            break;
        case MP_BLOCKDEV_IOCTL_DEINIT:
        case MP_BLOCKDEV_IOCTL_SYNC:
            ret = flash_bdev_sync();
            break;
        case MP_BLOCKDEV_IOCTL_BLOCK_COUNT:
            ret = singleton ? storage_get_block_count() : self->len / FLASH_BLOCK_SIZE;
            break;
        case MP_BLOCKDEV_IOCTL_BLOCK_SIZE:
            ret = FLASH_BLOCK_SIZE;
            break;
        case MP_BLOCKDEV_IOCTL_BLOCK_ERASE: {
            // The block reads back as 0xFF afterwards; flash is only erased a sector
            // at a time, so the sector is rewritten (through the journal) later.
            ret = 0;
            if (!singleton) {
                mp_int_t block = mp_obj_get_int(arg_in);
                if (block < 0 || (uint32_t)block >= self->len / FLASH_BLOCK_SIZE) {
                    ret = -MP_EFAULT;
                } else {
                    ret = flash_bdev_eraseblock(self->start / FLASH_BLOCK_SIZE + block);
                }
            }
            break;
        }
        default:
            return mp_const_none;
    }
    return MP_OBJ_NEW_SMALL_INT(ret);
}
static MP_DEFINE_CONST_FUN_OBJ_3(pyb_flash_ioctl_obj, pyb_flash_ioctl);

static const mp_rom_map_elem_t pyb_flash_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_readblocks), MP_ROM_PTR(&pyb_flash_readblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_writeblocks), MP_ROM_PTR(&pyb_flash_writeblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_ioctl), MP_ROM_PTR(&pyb_flash_ioctl_obj) },
};
static MP_DEFINE_CONST_DICT(pyb_flash_locals_dict, pyb_flash_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_flash_type,
    MP_QSTR_Flash,
    MP_TYPE_FLAG_NONE,
    make_new, pyb_flash_make_new,
    print, pyb_flash_print,
    locals_dict, &pyb_flash_locals_dict
    );
