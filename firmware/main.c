// Entry point of the STM32F4DISC firmware: hardware bring-up, then the
// MicroPython soft-reset loop (boot.py, main.py, REPL).
#include "py/builtin.h"
#include "py/compile.h"
#include "py/frozenmod.h"
#include "py/gc.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stackctrl.h"
#include "shared/readline/readline.h"
#include "shared/runtime/pyexec.h"
#include "gccollect.h"
#include "machine_port.h"
#include "system_stm32.h"
#include "systick.h"
#include "uart.h"

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

int main(void) {
    NVIC_SetPriorityGrouping(IRQ_PRIGROUP);

    // SysTick first (on the 16 MHz HSI): the clock setup times out on it.
    systick_init();
    bool clock_ok = SystemClock_Config();
    systick_init(); // again, for the new HCLK

    machine_init();

    // REPL UART as early as possible: input that arrives before it is lost.
    uart_init(MICROPY_HW_UART_REPL, MICROPY_HW_UART_REPL_BAUD, &stdin_ringbuf);
    uart_attach_to_repl(MICROPY_HW_UART_REPL, true);

    if (!clock_ok) {
        mp_hal_stdout_tx_str("WARNING: HSE/PLL did not start, running from the 16 MHz HSI\r\n");
    }

soft_reset:
    // Stack limit below the real size, so a deep recursion raises RuntimeError
    // while there is still room to handle it.
    mp_stack_set_top(&_estack);
    mp_stack_set_limit((char *)&_estack - (char *)&_sstack - 1024);

    gc_init(&_heap_start, &_heap_end);
    mp_init();
    readline_init0();

    // TODO(flash filesystem): mount /flash here, chdir to it, and append
    // '/flash' and '/flash/lib' to sys.path, before boot.py runs.

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
    mp_printf(&mp_plat_print, "MPY: soft reboot\n");
    machine_deinit();
    gc_sweep_all();
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
