// 1 kHz SysTick from the core clock: the millisecond/microsecond time base.
#ifndef MICROPY_INCLUDED_SYSTICK_H
#define MICROPY_INCLUDED_SYSTICK_H

#include <stdint.h>

// Milliseconds since boot; the name matches ST's HAL so ported stm32 code works.
extern volatile uint32_t uwTick;

// (Re)start SysTick at 1 kHz from the current HCLK; call again after a clock change.
void systick_init(void);

static inline uint32_t systick_ms(void) {
    return uwTick;
}

// Microseconds since boot, 64 bits (does not wrap in practice).
uint64_t systick_us64(void);

#endif // MICROPY_INCLUDED_SYSTICK_H
