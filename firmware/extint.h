// EXTI lines 0..15 through SYSCFG EXTICR: Pin.irq, pyb.ExtInt, pyb.Switch.
#ifndef MICROPY_INCLUDED_EXTINT_H
#define MICROPY_INCLUDED_EXTINT_H

#include "py/obj.h"
#include "machine_pin.h"

#define EXTI_NUM_GPIO_LINES (16)

extern const mp_obj_type_t pyb_extint_type;

// Route pin to its EXTI line with the given trigger (PIN_IRQ_* / PIN_EVT_*);
// callback (None disables) is called with callback_arg, in IRQ context if hard,
// else scheduled. Raises OSError(EBUSY) if the line serves another pin and
// !override.
void extint_register(const machine_pin_obj_t *pin, uint32_t mode, mp_obj_t callback,
    mp_obj_t callback_arg, bool hard, bool override);
void extint_enable(uint32_t line);
void extint_disable(uint32_t line);
void extint_swint(uint32_t line);
// Soft reset: all GPIO lines masked, callbacks dropped.
void extint_init0(void);

#endif // MICROPY_INCLUDED_EXTINT_H
