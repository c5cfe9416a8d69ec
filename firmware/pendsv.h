// PendSV: deferred work at the lowest interrupt priority, as on the stm32 port.
#ifndef MICROPY_INCLUDED_PENDSV_H
#define MICROPY_INCLUDED_PENDSV_H

#include <stddef.h>

enum {
    PENDSV_DISPATCH_SOFT_TIMER, // shared/runtime/softtimer.c (machine.Timer(-1))
    PENDSV_DISPATCH_NUM_SLOTS,
};

typedef void (*pendsv_dispatch_t)(void);

// Set the PendSV priority (IRQ_PRI_PENDSV) and forget pending calls.
void pendsv_init(void);

// Call f from the PendSV handler, once, as soon as no other handler is active.
void pendsv_schedule_dispatch(size_t slot, pendsv_dispatch_t f);

#endif // MICROPY_INCLUDED_PENDSV_H
