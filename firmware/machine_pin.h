// machine.Pin for the STM32F407: pin objects (generated from the board's
// pins.csv by make_pins.py) and register-level GPIO configuration.
#ifndef MICROPY_INCLUDED_MACHINE_PIN_H
#define MICROPY_INCLUDED_MACHINE_PIN_H

#include <stdint.h>
#include "py/obj.h"
#include "stm32f407.h"

typedef struct _machine_pin_obj_t {
    mp_obj_base_t base;
    qstr name;      // cpu name: "A0".."E15"
    uint8_t port;   // 0 = GPIOA .. 8 = GPIOI
    uint8_t pin;    // 0..15
} machine_pin_obj_t;

#define MACHINE_PIN_GPIO(p) ((GPIO_TypeDef *)(GPIOA_BASE + (p)->port * 0x400UL))

// Pin modes, same values as the stm32 port (HAL GPIO_MODE_*).
#define PIN_MODE_IN             (0x00)
#define PIN_MODE_OUT            (0x01)
#define PIN_MODE_ALT            (0x02)
#define PIN_MODE_ANALOG         (0x03)
#define PIN_MODE_OPEN_DRAIN     (0x11)
#define PIN_MODE_ALT_OPEN_DRAIN (0x12)
// Pulls: the PUPDR encoding.
#define PIN_PULL_NONE           (0)
#define PIN_PULL_UP             (1)
#define PIN_PULL_DOWN           (2)
// IRQ/ExtInt triggers, same values as the stm32 port (HAL GPIO_MODE_IT/EVT_*).
#define PIN_IRQ_RISING          (0x10110000)
#define PIN_IRQ_FALLING         (0x10210000)
#define PIN_IRQ_RISING_FALLING  (0x10310000)
#define PIN_EVT_RISING          (0x10120000)
#define PIN_EVT_FALLING         (0x10220000)
#define PIN_EVT_RISING_FALLING  (0x10320000)

extern const mp_obj_type_t machine_pin_type;
extern const mp_obj_dict_t machine_pin_cpu_pins_locals_dict;
extern const mp_obj_dict_t machine_pin_board_pins_locals_dict;

#include "pins_gen.h"

// Configure mode (PIN_MODE_*), pull (PIN_PULL_*) and alternate function (0..15);
// enables the port clock.
void machine_pin_config(const machine_pin_obj_t *pin, uint32_t mode, uint32_t pull, uint32_t af);
uint32_t machine_pin_get_mode(const machine_pin_obj_t *pin);
uint32_t machine_pin_get_pull(const machine_pin_obj_t *pin);
uint32_t machine_pin_get_af(const machine_pin_obj_t *pin);
// A Pin object, or a name in Pin.board / Pin.cpu; raises ValueError otherwise.
const machine_pin_obj_t *machine_pin_find(mp_obj_t obj);
mp_obj_t mp_pin_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args);

#endif // MICROPY_INCLUDED_MACHINE_PIN_H
