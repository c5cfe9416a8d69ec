// MicroPython HAL: stdio on the REPL UART, time base from SysTick.
#include "py/mphal.h"
#include "rng.h"
#include "rtc.h"
#include "py/runtime.h"
#include "py/stream.h"
#include "systick.h"
#include "uart.h"

// stdio is the REPL UART's object (UART(2) in Python): its RX ring, filled by the RX
// interrupt, and its TX ring, emptied by the TXE interrupt.
uintptr_t mp_hal_stdio_poll(uintptr_t poll_flags) {
    machine_uart_obj_t *repl = uart_repl_obj();
    uintptr_t ret = 0;
    if ((poll_flags & MP_STREAM_POLL_RD) && uart_rx_any(repl)) {
        ret |= MP_STREAM_POLL_RD;
    }
    if ((poll_flags & MP_STREAM_POLL_WR) && uart_tx_avail(repl)) {
        ret |= MP_STREAM_POLL_WR;
    }
    return ret;
}

int mp_hal_stdin_rx_chr(void) {
    machine_uart_obj_t *repl = uart_repl_obj();
    for (;;) {
        if (uart_rx_any(repl)) {
            return uart_rx_char(repl);
        }
        // Runs pending callbacks/exceptions, then WFI until the next IRQ (RX or SysTick).
        MICROPY_EVENT_POLL_HOOK
    }
}

mp_uint_t mp_hal_stdout_tx_strn(const char *str, size_t len) {
    uart_tx_strn(uart_repl_obj(), str, len);
    return len;
}

mp_uint_t mp_hal_ticks_ms(void) {
    return systick_ms();
}

mp_uint_t mp_hal_ticks_us(void) {
    return (mp_uint_t)systick_us64();
}

void mp_hal_ticks_cpu_enable(void) {
    CoreDebug->DEMCR |= CoreDebug_DEMCR_TRCENA_Msk;
    DWT->CYCCNT = 0;
    DWT->CTRL |= DWT_CTRL_CYCCNTENA_Msk;
}

// Busy-wait on SysTick->VAL, which keeps counting with IRQs masked. Timed by the
// counter rather than by instruction count, so it is also right under QEMU.
static void delay_systick_counts(uint64_t counts) {
    uint32_t reload = SysTick->LOAD + 1;
    uint32_t prev = SysTick->VAL;
    uint64_t elapsed = 0;
    while (elapsed < counts) {
        uint32_t now = SysTick->VAL;
        elapsed += prev >= now ? prev - now : prev + reload - now; // down-counter
        prev = now;
    }
}

void mp_hal_delay_ms(mp_uint_t ms) {
    if (query_irq() == IRQ_STATE_ENABLED) {
        uint32_t start = systick_ms();
        // Sleep in WFI between SysTicks; also services Ctrl-C and scheduled callbacks.
        do {
            MICROPY_EVENT_POLL_HOOK
        } while (systick_ms() - start < ms);
    } else {
        delay_systick_counts((uint64_t)ms * (SysTick->LOAD + 1));
    }
}

void mp_hal_delay_us(mp_uint_t us) {
    if (query_irq() == IRQ_STATE_ENABLED) {
        uint32_t start = mp_hal_ticks_us();
        while (mp_hal_ticks_us() - start < us) {
        }
    } else {
        delay_systick_counts((uint64_t)us * (SysTick->LOAD + 1) / 1000);
    }
}

// Wall-clock time from the RTC calendar (rtc.c): ns since 2000-01-01 00:00:00.
uint64_t mp_hal_time_ns(void) {
    return rtc_get_time_ns();
}

// Seed for random.seed() and the first import of random: the hardware RNG.
uint32_t mp_hal_random_seed(void) {
    return rng_get();
}
