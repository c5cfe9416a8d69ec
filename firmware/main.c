// Entry point of the STM32F4DISC firmware: hardware bring-up, then the
// MicroPython soft-reset loop (boot.py, main.py, REPL).
#include <string.h>

#include "py/builtin.h"
#include "py/compile.h"
#include "py/frozenmod.h"
#include "py/gc.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stackctrl.h"
#include "py/stream.h"
#include "extmod/vfs.h"
#include "extmod/vfs_lfs.h"
#include "shared/readline/readline.h"
#include "shared/runtime/pyexec.h"
#include "gccollect.h"
#include "extint.h"
#include "machine_port.h"
#include "pyb_led.h"
#include "rtc.h"
#include "pendsv.h"
#include "servo.h"
#include "timer.h"
#include "shared/runtime/softtimer.h"
#include "storage.h"
#include "system_stm32.h"
#include "systick.h"
#include "uart.h"
#include "spi.h"
#include "i2c.h"
#include "dac.h"

// Runs a script from the filesystem if present, else the frozen module of the
// same name (if any). With nothing mounted yet only frozen code runs; once the
// flash filesystem is mounted (and is the cwd) its files take precedence.
static int run_script(const char *name) {
    if (mp_import_stat(name) == MP_IMPORT_STAT_FILE) {
        return pyexec_file(name);
    }
    #if MICROPY_MODULE_FROZEN
    if (mp_find_frozen_module(name, NULL, NULL) == MP_IMPORT_STAT_FILE) {
        return pyexec_frozen_module(name, true);
    }
    #endif
    return 1; // nothing to run counts as success
}

// Written to a freshly created /flash. main.py is not created: without one on the
// filesystem the frozen src/main.py (the demo) runs.
static const char fresh_boot_py[] =
    "# boot.py -- run on boot-up, before main.py\r\n"
    "# A main.py in /flash replaces the built-in (frozen) one.\r\n"
    "# Modules and packages can go in /flash/lib.\r\n"
;

// A new, empty littlefs v2 filesystem on bdev.
static int factory_reset_create_filesystem(mp_obj_t bdev) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t mkfs = mp_load_attr(MP_OBJ_FROM_PTR(&mp_type_vfs_lfs2), MP_QSTR_mkfs);
        mp_call_function_1(mkfs, bdev);
        nlr_pop();
        return 0;
    } else {
        mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
        mp_printf(&mp_plat_print, "MPY: can't create flash filesystem\n");
        return -MP_EIO;
    }
}

// Populate a fresh filesystem (mounted, current directory).
static void factory_reset_make_files(void) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t args[2] = { mp_obj_new_str("boot.py", 7), MP_OBJ_NEW_QSTR(MP_QSTR_w) };
        mp_obj_t f = mp_vfs_open(MP_ARRAY_SIZE(args), args, (mp_map_t *)&mp_const_empty_map);
        mp_stream_write(f, fresh_boot_py, sizeof(fresh_boot_py) - 1, MP_STREAM_RW_WRITE);
        mp_stream_close(f);
        nlr_pop();
    } else {
        mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
    }
}

// Mount the internal flash at /flash and make it the current directory, as the
// stm32 port's init_flash_fs() does: a littlefs superblock in storage block 0 or 1
// selects pyb.Flash(start=0, len=<from the superblock>); otherwise the default
// pyb.Flash() (FAT behind the fake MBR) is tried, and if the storage holds no
// filesystem at all a fresh littlefs v2 one is made (never over a damaged littlefs).
MP_NOINLINE static bool init_flash_fs(void) {
    mp_obj_t bdev = MP_OBJ_FROM_PTR(&pyb_flash_obj);
    for (uint32_t block = 0; block <= 1; block++) {
        uint8_t buf[32];
        if (flash_bdev_readblocks_ext(buf, block, 0, sizeof(buf)) == 0
            && memcmp(&buf[8], "littlefs", 8) == 0) {
            uint32_t block_size = buf[24] | buf[25] << 8 | buf[26] << 16 | (uint32_t)buf[27] << 24;
            uint32_t block_count = buf[28] | buf[29] << 8 | buf[30] << 16 | (uint32_t)buf[31] << 24;
            uint64_t len = (uint64_t)block_size * block_count;
            bdev = pyb_flash_new_obj(0, len > 0x7fffffff ? 0 : (mp_int_t)len); // 0: invalid
            if (bdev == mp_const_none) {
                // Superblock damaged: offer the whole storage, for recovery by the user.
                bdev = pyb_flash_new_obj(0, -1);
            }
            break;
        }
    }

    mp_obj_t mount_point = MP_OBJ_NEW_QSTR(MP_QSTR__slash_flash);
    int ret = mp_vfs_mount_and_chdir_protected(bdev, mount_point);
    if (ret == -MP_ENODEV && bdev == MP_OBJ_FROM_PTR(&pyb_flash_obj)) {
        bdev = pyb_flash_new_obj(0, -1);
        ret = factory_reset_create_filesystem(bdev);
        if (ret == 0) {
            ret = mp_vfs_mount_and_chdir_protected(bdev, mount_point);
            if (ret == 0) {
                factory_reset_make_files();
            }
        }
    }
    if (ret != 0) {
        mp_printf(&mp_plat_print, "MPY: can't mount flash\n");
        return false;
    }
    return true;
}

int main(void) {
    NVIC_SetPriorityGrouping(IRQ_PRIGROUP);

    // SysTick first (on the 16 MHz HSI): the clock setup times out on it.
    systick_init();
    bool clock_ok = SystemClock_Config();
    systick_init(); // again, for the new HCLK

    // RTC before machine_init(), which clears the reset flags rtc.info() reports.
    rtc_init_start(false);
    machine_init();
    pyb_led_init();
    pendsv_init(); // soft timers (machine.Timer(-1)) dispatch through PendSV

    // REPL UART as early as possible: input that arrives before it is lost.
    uart_repl_init();

    if (!clock_ok) {
        mp_hal_stdout_tx_str("WARNING: HSE/PLL did not start, running from the 16 MHz HSI\r\n");
    }

    // Flash storage: finish a sector rewrite that a power loss interrupted.
    storage_init();

soft_reset:
    // Stack limit below the real size, so a deep recursion raises RuntimeError
    // while there is still room to handle it.
    mp_stack_set_top(&_estack);
    mp_stack_set_limit((char *)&_estack - (char *)&_sstack - 1024);

    gc_init(&_heap_start, &_heap_end);
    mp_init();
    readline_init0();
    extint_init0();
    pyb_switch_init0();
    uart_init0(); // UART objects: only the REPL's, as at boot
    rtc_init0();
    timer_init0();
    servo_init();

    // /flash: mounted, the current directory, and on sys.path after '' and '.frozen'.
    if (init_flash_fs()) {
        mp_obj_list_append(mp_sys_path, MP_OBJ_NEW_QSTR(MP_QSTR__slash_flash));
        mp_obj_list_append(mp_sys_path, MP_OBJ_NEW_QSTR(MP_QSTR__slash_flash_slash_lib));
    }

    // boot.py: an error in it skips main.py, as on the stm32 port.
    bool run_main = true;
    {
        int ret = run_script("boot.py");
        if (ret & PYEXEC_FORCED_EXIT) {
            goto soft_reset_exit;
        }
        if (!ret) {
            run_main = false;
        }
    }

    // main.py: the filesystem's copy if there is one, else the frozen src/main.py.
    // Not in raw REPL mode, so tools that soft-reset from there get a quiet board.
    if (run_main && pyexec_mode_kind == PYEXEC_MODE_FRIENDLY_REPL) {
        int ret = run_script("main.py");
        if (ret & PYEXEC_FORCED_EXIT) {
            goto soft_reset_exit;
        }
    }

    // REPL until Ctrl-D (or machine.soft_reset()) asks for a soft reset.
    for (;;) {
        if (pyexec_mode_kind == PYEXEC_MODE_RAW_REPL) {
            if (pyexec_raw_repl() != 0) {
                break;
            }
        } else {
            if (pyexec_friendly_repl() != 0) {
                break;
            }
        }
    }

soft_reset_exit:
    mp_printf(&mp_plat_print, "MPY: sync filesystems\n");
    storage_flush();
    mp_printf(&mp_plat_print, "MPY: soft reboot\n");
    machine_deinit();
    uart_deinit_all(); // UARTs other than the REPL's: their buffers are in the heap
    extint_init0(); // no callback may run into the heap being reset
    rtc_init0(); // the same for the RTC wakeup callback
    soft_timer_deinit(); // and for timer callbacks: soft timers, TIMx interrupts, PWM outputs
    timer_deinit();
    dac_deinit_all(); // DAC.write_timed's DMA reads a buffer in the heap
    spi_deinit_all(); // SPI and I2C buses back to reset, as after power-on
    i2c_deinit_all();
    gc_sweep_all();
    storage_flush(); // what finalisers of files left open wrote
    mp_deinit();
    goto soft_reset;
}

// Unrecoverable error: report it on the REPL UART and stop, as a real board would.
NORETURN void __fatal_error(const char *msg) {
    mp_hal_stdout_tx_str("\r\nFATAL ERROR:\r\n");
    mp_hal_stdout_tx_str(msg);
    mp_hal_stdout_tx_str("\r\n");
    uart_tx_flush(MICROPY_HW_UART_REPL);
    __disable_irq();
    for (;;) {
        __WFI();
    }
}

void nlr_jump_fail(void *val) {
    mp_printf(&mp_plat_print, "FATAL: uncaught exception %p\n", val);
    mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(val));
    __fatal_error("");
}

#ifndef NDEBUG
// assert() from newlib's assert.h ends up here (DEBUG=1 builds).
void MP_WEAK __assert_func(const char *file, int line, const char *func, const char *expr) {
    mp_printf(&mp_plat_print, "Assertion '%s' failed, at file %s:%d\n", expr, file, line);
    __fatal_error("Assertion failed");
}
#endif
