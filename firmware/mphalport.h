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

// Pins for extmod (machine.Signal, SoftI2C, SoftSPI, time_pulse_us).
#include "machine_pin.h"

#define MP_HAL_PIN_FMT                  "%q"
#define MP_HAL_PIN_MODE_INPUT           (PIN_MODE_IN)
#define MP_HAL_PIN_MODE_OUTPUT          (PIN_MODE_OUT)
#define MP_HAL_PIN_MODE_ALT             (PIN_MODE_ALT)
#define MP_HAL_PIN_MODE_ANALOG          (PIN_MODE_ANALOG)
#define MP_HAL_PIN_MODE_OPEN_DRAIN      (PIN_MODE_OPEN_DRAIN)
#define MP_HAL_PIN_MODE_ALT_OPEN_DRAIN  (PIN_MODE_ALT_OPEN_DRAIN)
#define MP_HAL_PIN_PULL_NONE            (PIN_PULL_NONE)
#define MP_HAL_PIN_PULL_UP              (PIN_PULL_UP)
#define MP_HAL_PIN_PULL_DOWN            (PIN_PULL_DOWN)

#define mp_hal_pin_obj_t const machine_pin_obj_t *
mp_hal_pin_obj_t mp_hal_get_pin_obj(mp_obj_t o);
#define mp_hal_pin_name(p)      ((p)->name)
#define mp_hal_pin_config(p, mode, pull, alt) machine_pin_config((p), (mode), (pull), (alt))
#define mp_hal_pin_input(p)     machine_pin_config((p), PIN_MODE_IN, PIN_PULL_NONE, 0)
#define mp_hal_pin_output(p)    machine_pin_config((p), PIN_MODE_OUT, PIN_PULL_NONE, 0)
#define mp_hal_pin_open_drain(p) machine_pin_config((p), PIN_MODE_OPEN_DRAIN, PIN_PULL_NONE, 0)
#define mp_hal_pin_high(p)      (MACHINE_PIN_GPIO(p)->BSRR = 1UL << (p)->pin)
#define mp_hal_pin_low(p)       (MACHINE_PIN_GPIO(p)->BSRR = 1UL << ((p)->pin + 16))
#define mp_hal_pin_od_low(p)    mp_hal_pin_low(p)
#define mp_hal_pin_od_high(p)   mp_hal_pin_high(p)
#define mp_hal_pin_read(p)      ((MACHINE_PIN_GPIO(p)->IDR >> (p)->pin) & 1)
#define mp_hal_pin_write(p, v)  ((v) ? mp_hal_pin_high(p) : mp_hal_pin_low(p))

#endif // MICROPY_INCLUDED_MPHALPORT_H
