// pyb.LED and pyb.Switch (stm32 port API) for the STM32F4DISC.
#ifndef MICROPY_INCLUDED_PYB_LED_H
#define MICROPY_INCLUDED_PYB_LED_H

#include "py/obj.h"

extern const mp_obj_type_t pyb_led_type;
extern const mp_obj_type_t pyb_switch_type;

void pyb_led_init(void);
void pyb_led_state(mp_uint_t led, bool on);
void pyb_switch_init0(void);

#endif // MICROPY_INCLUDED_PYB_LED_H
