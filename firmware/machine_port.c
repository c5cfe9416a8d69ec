// Port part of the machine module. Never compiled standalone: extmod/modmachine.c
// includes it via MICROPY_PY_MACHINE_INCLUDEFILE.

#include "py/gc.h"
#include "py/mphal.h"
#include "py/qstr.h"
#include "gccollect.h"
#include "machine_port.h"
#include "machine_pin.h"
#include "storage.h"
#include "system_stm32.h"
#include "uart.h"

// reset_cause() values, same numbers as the stm32 port.
#define PYB_RESET_SOFT      (0)
#define PYB_RESET_POWER_ON  (1)
#define PYB_RESET_HARD      (2)
#define PYB_RESET_WDT       (3)
#define PYB_RESET_DEEPSLEEP (4)

#define MICROPY_PY_MACHINE_EXTRA_GLOBALS \
    { MP_ROM_QSTR(MP_QSTR_info),                MP_ROM_PTR(&machine_info_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_sleep),               MP_ROM_PTR(&machine_lightsleep_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_Pin),                 MP_ROM_PTR(&machine_pin_type) }, \
    \
    { MP_ROM_QSTR(MP_QSTR_PWRON_RESET),         MP_ROM_INT(PYB_RESET_POWER_ON) }, \
    { MP_ROM_QSTR(MP_QSTR_HARD_RESET),          MP_ROM_INT(PYB_RESET_HARD) }, \
    { MP_ROM_QSTR(MP_QSTR_WDT_RESET),           MP_ROM_INT(PYB_RESET_WDT) }, \
    { MP_ROM_QSTR(MP_QSTR_DEEPSLEEP_RESET),     MP_ROM_INT(PYB_RESET_DEEPSLEEP) }, \
    { MP_ROM_QSTR(MP_QSTR_SOFT_RESET),          MP_ROM_INT(PYB_RESET_SOFT) }, \

static uint32_t reset_cause;

void machine_init(void) {
    RCC->APB1ENR |= RCC_APB1ENR_PWREN; // PWR reads as 0 without its clock
    (void)RCC->APB1ENR;
    if (PWR->CSR & PWR_CSR_SBF) {
        // Woke from standby.
        reset_cause = PYB_RESET_DEEPSLEEP;
        PWR->CR |= PWR_CR_CSBF;
    } else {
        uint32_t csr = RCC->CSR;
        if (csr & (RCC_CSR_IWDGRSTF | RCC_CSR_WWDGRSTF)) {
            reset_cause = PYB_RESET_WDT;
        } else if (csr & (RCC_CSR_PORRSTF | RCC_CSR_BORRSTF)) {
            reset_cause = PYB_RESET_POWER_ON;
        } else if (csr & RCC_CSR_PINRSTF) {
            // A software reset (SYSRESETREQ) also drives NRST, so it lands here too.
            reset_cause = PYB_RESET_HARD;
        } else {
            reset_cause = PYB_RESET_SOFT;
        }
    }
    // Clear the flags so the next reset reports only its own cause.
    RCC->CSR |= RCC_CSR_RMVF;
}

void machine_deinit(void) {
    // A soft reset follows.
    reset_cause = PYB_RESET_SOFT;
}

// machine.info([dump_alloc_table]): board, clock and memory overview.
static mp_obj_t machine_info(size_t n_args, const mp_obj_t *args) {
    const mp_print_t *print = &mp_plat_print;

    const uint8_t *id = (const uint8_t *)MP_HAL_UNIQUE_ID_ADDRESS;
    mp_printf(print, "ID=%02x%02x%02x%02x:%02x%02x%02x%02x:%02x%02x%02x%02x\n",
        id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11]);
    mp_printf(print, "DEVID=0x%04x\nREVID=0x%04x\n",
        (unsigned int)(DBGMCU->IDCODE & 0xfff), (unsigned int)(DBGMCU->IDCODE >> 16));
    mp_printf(print, "FLASH=%uK\n", (unsigned int)*(const uint16_t *)FLASHSIZE_BASE);

    mp_printf(print, "S=%u\nH=%u\nP1=%u\nP2=%u\n",
        (unsigned int)stm32_get_sysclk_freq(),
        (unsigned int)stm32_get_hclk_freq(),
        (unsigned int)stm32_get_pclk1_freq(),
        (unsigned int)stm32_get_pclk2_freq());

    mp_printf(print, "_etext=%p\n", &_etext);
    mp_printf(print, "_sidata=%p\n", &_sidata);
    mp_printf(print, "_sdata=%p\n", &_sdata);
    mp_printf(print, "_edata=%p\n", &_edata);
    mp_printf(print, "_sbss=%p\n", &_sbss);
    mp_printf(print, "_ebss=%p\n", &_ebss);
    mp_printf(print, "_sstack=%p\n", &_sstack);
    mp_printf(print, "_estack=%p\n", &_estack);
    mp_printf(print, "_ram_start=%p\n", &_ram_start);
    mp_printf(print, "_heap_start=%p\n", &_heap_start);
    mp_printf(print, "_heap_end=%p\n", &_heap_end);
    mp_printf(print, "_ram_end=%p\n", &_ram_end);

    {
        size_t n_pool, n_qstr, n_str_data_bytes, n_total_bytes;
        qstr_pool_info(&n_pool, &n_qstr, &n_str_data_bytes, &n_total_bytes);
        mp_printf(print, "qstr:\n  n_pool=%u\n  n_qstr=%u\n  n_str_data_bytes=%u\n  n_total_bytes=%u\n",
            (unsigned int)n_pool, (unsigned int)n_qstr, (unsigned int)n_str_data_bytes, (unsigned int)n_total_bytes);
    }

    {
        gc_info_t info;
        gc_info(&info);
        mp_printf(print, "GC:\n");
        mp_printf(print, "  %u total\n", (unsigned int)info.total);
        mp_printf(print, "  %u : %u\n", (unsigned int)info.used, (unsigned int)info.free);
        mp_printf(print, "  1=%u 2=%u m=%u\n", (unsigned int)info.num_1block, (unsigned int)info.num_2block, (unsigned int)info.max_block);
    }

    if (n_args == 1) {
        gc_dump_alloc_table(print);
    }

    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(machine_info_obj, 0, 1, machine_info);

// The 96-bit unique device ID as 12 bytes.
static mp_obj_t mp_machine_unique_id(void) {
    return mp_obj_new_bytes((const uint8_t *)MP_HAL_UNIQUE_ID_ADDRESS, 12);
}

// Like pressing RESET: AIRCR.SYSRESETREQ, after the REPL output has drained and
// the flash filesystem's sector cache is written back.
NORETURN static void mp_machine_reset(void) {
    storage_flush();
    uart_tx_flush(MICROPY_HW_UART_REPL);
    NVIC_SystemReset();
}

static mp_int_t mp_machine_reset_cause(void) {
    return reset_cause;
}

// (sysclk, hclk, pclk1, pclk2) in Hz, read back from RCC.
static mp_obj_t mp_machine_get_freq(void) {
    mp_obj_t tuple[] = {
        mp_obj_new_int_from_uint(stm32_get_sysclk_freq()),
        mp_obj_new_int_from_uint(stm32_get_hclk_freq()),
        mp_obj_new_int_from_uint(stm32_get_pclk1_freq()),
        mp_obj_new_int_from_uint(stm32_get_pclk2_freq()),
    };
    return mp_obj_new_tuple(MP_ARRAY_SIZE(tuple), tuple);
}

static void mp_machine_set_freq(size_t n_args, const mp_obj_t *args) {
    mp_raise_NotImplementedError(MP_ERROR_TEXT("machine.freq set not supported yet"));
}

// WFI until the next interrupt; SysTick guarantees one within 1 ms.
static void mp_machine_idle(void) {
    __WFI();
}

// Stop mode and RTC wakeup are not implemented yet: sleep with WFI instead.
static void mp_machine_lightsleep(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        __WFI();
    } else {
        mp_hal_delay_ms(mp_obj_get_int(args[0]));
    }
}

// Standby ends in a reset on silicon; without an RTC wakeup source the timed
// variant sleeps and then resets, the untimed one waits for a reset.
NORETURN static void mp_machine_deepsleep(size_t n_args, const mp_obj_t *args) {
    if (n_args != 0) {
        mp_hal_delay_ms(mp_obj_get_int(args[0]));
        mp_machine_reset();
    }
    storage_flush();
    uart_tx_flush(MICROPY_HW_UART_REPL);
    __disable_irq();
    for (;;) {
        __WFI();
    }
}
