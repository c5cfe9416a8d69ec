// pyb.LED(1..4): the Discovery's user LEDs, active high on GPIOD, numbered as
// the stm32 port's STM32F4DISC board: 1 red PD14, 2 green PD12, 3 orange PD13,
// 4 blue PD15. No timer PWM: intensity(0) is off, any other value on.
#include "py/mphal.h"
#include "py/runtime.h"
#include "pyb_led.h"

typedef struct {
    mp_obj_base_t base;
    mp_uint_t led_id;
    const machine_pin_obj_t *pin;
} pyb_led_obj_t;

static const pyb_led_obj_t pyb_led_obj[] = {
    { { &pyb_led_type }, 1, &pin_D14_obj },
    { { &pyb_led_type }, 2, &pin_D12_obj },
    { { &pyb_led_type }, 3, &pin_D13_obj },
    { { &pyb_led_type }, 4, &pin_D15_obj },
};
#define NUM_LEDS MP_ARRAY_SIZE(pyb_led_obj)

// All LEDs off, as outputs (at boot and soft reset).
void pyb_led_init(void) {
    for (size_t i = 0; i < NUM_LEDS; i++) {
        mp_hal_pin_low(pyb_led_obj[i].pin);
        mp_hal_pin_output(pyb_led_obj[i].pin);
    }
}

void pyb_led_state(mp_uint_t led, bool on) {
    if (led >= 1 && led <= NUM_LEDS) {
        mp_hal_pin_write(pyb_led_obj[led - 1].pin, on);
    }
}

static bool led_is_on(const pyb_led_obj_t *self) {
    return (MACHINE_PIN_GPIO(self->pin)->ODR >> self->pin->pin) & 1;
}

static void led_obj_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_led_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "LED(%u)", (unsigned int)self->led_id);
}

static mp_obj_t led_obj_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    mp_int_t led_id = mp_obj_get_int(args[0]);
    if (!(1 <= led_id && led_id <= (mp_int_t)NUM_LEDS)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("LED(%d) doesn't exist"), (int)led_id);
    }
    return MP_OBJ_FROM_PTR(&pyb_led_obj[led_id - 1]);
}

static mp_obj_t led_obj_on(mp_obj_t self_in) {
    pyb_led_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_hal_pin_high(self->pin);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(led_obj_on_obj, led_obj_on);

static mp_obj_t led_obj_off(mp_obj_t self_in) {
    pyb_led_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_hal_pin_low(self->pin);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(led_obj_off_obj, led_obj_off);

static mp_obj_t led_obj_toggle(mp_obj_t self_in) {
    pyb_led_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_hal_pin_write(self->pin, !led_is_on(self));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(led_obj_toggle_obj, led_obj_toggle);

// intensity([value]): 0..255; without PWM, 0 is off and anything else on.
static mp_obj_t led_obj_intensity(size_t n_args, const mp_obj_t *args) {
    pyb_led_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return MP_OBJ_NEW_SMALL_INT(led_is_on(self) ? 255 : 0);
    }
    mp_hal_pin_write(self->pin, mp_obj_get_int(args[1]) > 0);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(led_obj_intensity_obj, 1, 2, led_obj_intensity);

static const mp_rom_map_elem_t led_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_on), MP_ROM_PTR(&led_obj_on_obj) },
    { MP_ROM_QSTR(MP_QSTR_off), MP_ROM_PTR(&led_obj_off_obj) },
    { MP_ROM_QSTR(MP_QSTR_toggle), MP_ROM_PTR(&led_obj_toggle_obj) },
    { MP_ROM_QSTR(MP_QSTR_intensity), MP_ROM_PTR(&led_obj_intensity_obj) },
};
static MP_DEFINE_CONST_DICT(led_locals_dict, led_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_led_type,
    MP_QSTR_LED,
    MP_TYPE_FLAG_NONE,
    make_new, led_obj_make_new,
    print, led_obj_print,
    locals_dict, &led_locals_dict
    );
