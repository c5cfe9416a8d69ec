// I2C controllers I2C1/I2C2 (register level): master driver, pyb.I2C and machine.I2C.
#ifndef MICROPY_INCLUDED_STM32F407_I2C_H
#define MICROPY_INCLUDED_STM32F407_I2C_H

#include "py/obj.h"

extern const mp_obj_type_t pyb_i2c_type;
extern const mp_obj_type_t machine_i2c_type;

void i2c_deinit_all(void);

#endif // MICROPY_INCLUDED_STM32F407_I2C_H
