// Interrupt masking helpers and NVIC priorities.
#ifndef MICROPY_INCLUDED_IRQ_H
#define MICROPY_INCLUDED_IRQ_H

#include <stdint.h>
#include "stm32f407.h"

// PRIMASK values as returned by query_irq()/disable_irq().
#define IRQ_STATE_DISABLED (0x00000001)
#define IRQ_STATE_ENABLED  (0x00000000)

static inline uint32_t query_irq(void) {
    return __get_PRIMASK();
}

static inline void enable_irq(uint32_t state) {
    __set_PRIMASK(state);
}

static inline uint32_t disable_irq(void) {
    uint32_t state = __get_PRIMASK();
    __disable_irq();
    return state;
}

// NVIC priority grouping: all 4 priority bits are preemption priority (0 = highest).
#define IRQ_PRIGROUP            (3)

// SysTick highest so timekeeping runs inside other handlers; the UART next so
// input (and Ctrl-C) is never lost; flash write-back and PendSV lowest, for
// deferred work.
#define IRQ_PRI_SYSTICK         (0)
#define IRQ_PRI_UART            (1)
// Delayed write-back of the flash filesystem's sector cache (storage.c).
#define IRQ_PRI_FLASH           (14)
#define IRQ_PRI_PENDSV          (15)

// Mask interrupts of priority pri and lower (numerically >=) through BASEPRI;
// never lowers an already higher mask. Returns the previous BASEPRI.
static inline uint32_t raise_irq_pri(uint32_t pri) {
    uint32_t basepri = __get_BASEPRI();
    __set_BASEPRI_MAX(pri << (8 - __NVIC_PRIO_BITS));
    return basepri;
}

static inline void restore_irq_pri(uint32_t basepri) {
    __set_BASEPRI(basepri);
}

#endif // MICROPY_INCLUDED_IRQ_H
