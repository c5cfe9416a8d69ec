// pyb.Servo: hobby servos on TIM5 CH1-CH4 (PA0-PA3), as on the stm32 port.
#ifndef MICROPY_INCLUDED_SERVO_H
#define MICROPY_INCLUDED_SERVO_H

#include <stdbool.h>
#include "py/obj.h"

extern const mp_obj_type_t pyb_servo_type;
MP_DECLARE_CONST_FUN_OBJ_2(pyb_servo_set_obj);
MP_DECLARE_CONST_FUN_OBJ_2(pyb_pwm_set_obj);

// Power-on and soft reset: servo objects back to their defaults (the pins and
// TIM5 are left as they are, as on the stm32 port).
void servo_init(void);
// TIM5 update interrupt: move the servos one step. False if no Servo owns TIM5.
bool servo_timer_irq_callback(void);
// A pyb.Timer(5) was initialised: TIM5 no longer runs at the servo rate.
void servo_release_timer(void);

#endif // MICROPY_INCLUDED_SERVO_H
