// MicroPython HAL for the STM32F407 port.
#ifndef MICROPY_INCLUDED_MPHALPORT_H
#define MICROPY_INCLUDED_MPHALPORT_H

#include "py/ringbuf.h"
#include "shared/runtime/interrupt_char.h"
#include "stm32f407.h"
#include "irq.h"

#define MP_HAL_UNIQUE_ID_ADDRESS (UID_BASE)

// Print msg on the REPL UART and halt (main.c).
NORETURN void __fatal_error(const char *msg);

// Characters received on the REPL UART, filled by its RX interrupt.
extern ringbuf_t stdin_ringbuf;

#define MICROPY_BEGIN_ATOMIC_SECTION()     disable_irq()
#define MICROPY_END_ATOMIC_SECTION(state)  enable_irq(state)

// Timing-critical bit-banging: keep SysTick (priority 0) but hold off everything else.
static inline uint32_t mp_hal_quiet_timing_enter(void) {
    uint32_t basepri = __get_BASEPRI();
    __set_BASEPRI(1 << (8 - __NVIC_PRIO_BITS));
    return basepri;
}

static inline void mp_hal_quiet_timing_exit(uint32_t basepri) {
    __set_BASEPRI(basepri);
}

#define mp_hal_delay_us_fast(us) mp_hal_delay_us(us)

// time.ticks_cpu(): the DWT cycle counter, started on first use.
void mp_hal_ticks_cpu_enable(void);
static inline mp_uint_t mp_hal_ticks_cpu(void) {
    if (!(DWT->CTRL & DWT_CTRL_CYCCNTENA_Msk)) {
        mp_hal_ticks_cpu_enable();
    }
    return DWT->CYCCNT;
}

#endif // MICROPY_INCLUDED_MPHALPORT_H
