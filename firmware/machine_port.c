// Port part of the machine module. Never compiled standalone: extmod/modmachine.c
// includes it via MICROPY_PY_MACHINE_INCLUDEFILE.

#include "py/gc.h"
#include "py/mphal.h"
#include "py/qstr.h"
#include "gccollect.h"
#include "machine_port.h"
#include "machine_pin.h"
#include "rtc.h"
#include "systick.h"
#include "pendsv.h"
#include "shared/runtime/softtimer.h"
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
    { MP_ROM_QSTR(MP_QSTR_RTC),                 MP_ROM_PTR(&pyb_rtc_type) }, \
    { MP_ROM_QSTR(MP_QSTR_Timer),               MP_ROM_PTR(&machine_timer_type) }, \
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

/******************************************************************************/
// Low-power modes (RM0090 5.3): lightsleep is Stop mode, deepsleep is Standby, both
// timed by the RTC wakeup timer (rtc.c) as on the stm32 port.

// Stop mode ends with the HSI as SYSCLK and the HSE and PLL off: bring them back.
// (Polled without timeouts, as SysTick is not running yet; they were running before.)
static void stop_mode_restore_clocks(void) {
    RCC->CR |= RCC_CR_HSEON;
    while (!(RCC->CR & RCC_CR_HSERDY)) {
    }
    RCC->CR |= RCC_CR_PLLON;
    while (!(RCC->CR & RCC_CR_PLLRDY)) {
    }
    RCC->CFGR = (RCC->CFGR & ~RCC_CFGR_SW_Msk) | RCC_CFGR_SW_PLL;
    while ((RCC->CFGR & RCC_CFGR_SWS_Msk) != (RCC_CFGR_SW_PLL << RCC_CFGR_SWS_Pos)) {
    }
}

// Sleep in Stop mode until an EXTI line (a pin's irq, the RTC wakeup timer or alarm)
// fires, or for ms milliseconds if ms > 0. Only those wake the chip from Stop mode: other
// interrupts (a UART receiving) are served and the sleep goes on. SysTick stops with
// HCLK in Stop mode; the ticks are then moved on by the time the RTC saw pass.
static void stop_mode_sleep(mp_int_t ms) {
    if (ms > 0) {
        rtc_wakeup_set_ms(ms, RTC_LSI_HZ);
    }
    // The USARTs stop with their clock: let the REPL output go out first.
    uart_tx_flush(MICROPY_HW_UART_REPL);
    uint64_t rtc_before = rtc_get_time_ns();
    uint32_t irq_state = disable_irq();
    uint32_t ticks_before = systick_ms();
    bool on_pll = (RCC->CFGR & RCC_CFGR_SWS_Msk) == (RCC_CFGR_SW_PLL << RCC_CFGR_SWS_Pos);

    // TICKINT off also keeps the SysTick from ending the WFI (the core clock keeps
    // running under QEMU, which does not model Stop mode; QEMU idles in the WFI).
    SysTick->CTRL &= ~SysTick_CTRL_TICKINT_Msk;
    // Stop, not Standby; the main regulator stays on (faster wakeup than LPDS).
    PWR->CR &= ~(PWR_CR_PDDS | PWR_CR_LPDS);
    SCB->SCR |= SCB_SCR_SLEEPDEEP_Msk;
    for (;;) {
        __DSB();
        __WFI();
        if ((EXTI->PR & EXTI->IMR) || irq_state != IRQ_STATE_ENABLED) {
            break;
        }
        // Let the pending handler run, then sleep again.
        enable_irq(IRQ_STATE_ENABLED);
        disable_irq();
    }
    SCB->SCR &= ~SCB_SCR_SLEEPDEEP_Msk;
    if (on_pll && (RCC->CFGR & RCC_CFGR_SWS_Msk) != (RCC_CFGR_SW_PLL << RCC_CFGR_SWS_Pos)) {
        stop_mode_restore_clocks();
    }
    SysTick->CTRL |= SysTick_CTRL_TICKINT_Msk;
    enable_irq(irq_state);

    // The RTC's shadow registers missed the sleep: resync before reading the time.
    rtc_resync();
    if (ms > 0) {
        rtc_wakeup_set_ms(0, 0);
    }
    uint64_t slept_ms = (rtc_get_time_ns() - rtc_before) / 1000000;
    irq_state = disable_irq();
    uint32_t ticked = systick_ms() - ticks_before;
    if (slept_ms > ticked) {
        // uwTick is the HAL-style global behind systick_ms() (systick.h).
        uwTick += (uint32_t)(slept_ms - ticked);
        // SysTick starts the soft timers (machine.Timer(-1)) when it reaches exactly
        // soft_timer_next: if the jump went past it, start them here.
        if ((int32_t)(soft_timer_next - uwTick) <= 0) {
            pendsv_schedule_dispatch(PENDSV_DISPATCH_SOFT_TIMER, soft_timer_handler);
        }
    }
    enable_irq(irq_state);
}

// lightsleep([ms]) (also machine.sleep and pyb.stop): Stop mode.
static void mp_machine_lightsleep(size_t n_args, const mp_obj_t *args) {
    mp_int_t ms = 0;
    if (n_args != 0) {
        ms = mp_obj_get_int(args[0]);
        if (ms <= 0) {
            return;
        }
    }
    stop_mode_sleep(ms);
}

// deepsleep([ms]) (also pyb.standby): Standby mode, woken by the RTC wakeup timer after ms
// (or never without ms). Waking from Standby is a reset; reset_cause() then reports
// DEEPSLEEP_RESET (PWR_CSR.SBF).
NORETURN static void mp_machine_deepsleep(size_t n_args, const mp_obj_t *args) {
    mp_int_t ms = n_args != 0 ? mp_obj_get_int(args[0]) : 0;
    if (ms > 0) {
        rtc_wakeup_set_ms(ms, RTC_LSI_HZ);
    }
    storage_flush();
    uart_tx_flush(MICROPY_HW_UART_REPL);
    disable_irq();
    // Nothing but the RTC wakeup may end it.
    for (size_t i = 0; i < MP_ARRAY_SIZE(NVIC->ICER); i++) {
        NVIC->ICER[i] = 0xffffffff;
        NVIC->ICPR[i] = 0xffffffff;
    }
    SysTick->CTRL &= ~SysTick_CTRL_TICKINT_Msk;
    // A SysTick or PendSV already pending would end every WFI at once.
    SCB->ICSR = SCB_ICSR_PENDSTCLR_Msk | SCB_ICSR_PENDSVCLR_Msk;
    if (ms > 0) {
        NVIC_EnableIRQ(RTC_WKUP_IRQn);
    }
    PWR->CR |= PWR_CR_CWUF; // a set WUF would end Standby at once
    PWR->CR |= PWR_CR_PDDS;
    SCB->SCR |= SCB_SCR_SLEEPDEEP_Msk;
    do {
        __DSB();
        __WFI();
    } while (!(EXTI->PR & (1UL << EXTI_LINE_RTC_WAKEUP)));
    // Only reached where Standby is not entered: QEMU does not model it (the WFI ends
    // at the wakeup interrupt instead). Reset, as the chip would have.
    NVIC_SystemReset();
}
