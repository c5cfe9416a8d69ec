// Fault handling shared with the pyb module.
#ifndef MICROPY_INCLUDED_STM32_IT_H
#define MICROPY_INCLUDED_STM32_IT_H

// pyb.fault_debug(): 0 resets the board after a hard fault, 1 halts it.
extern int pyb_hard_fault_debug;

#endif
