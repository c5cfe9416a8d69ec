// Fault handling shared with the pyb module, and running Python callbacks from IRQs.
#ifndef MICROPY_INCLUDED_STM32_IT_H
#define MICROPY_INCLUDED_STM32_IT_H

// pyb.fault_debug(): 0 resets the board after a hard fault, 1 halts it.
extern int pyb_hard_fault_debug;

#include "py/obj.h"

// Run a Python callback in a hard interrupt: scheduler and heap locked, exceptions
// caught. Returns the exception, or MP_OBJ_NULL.
mp_obj_t irq_call_hard_callback(mp_obj_t callback, mp_obj_t arg);

#endif
