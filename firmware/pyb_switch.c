// pyb.Switch(): the Discovery's user button B1 on PA0, active high (external
// pull-down on the board), as the stm32 port's usrsw.c. callback(fn) calls fn()
// from the EXTI line 0 interrupt (hard IRQ) on the press (rising edge).
#include "py/mphal.h"
#include "py/runtime.h"
#include "extint.h"
#include "pyb_led.h"

#define SWITCH_PIN (&pin_A0_obj)

typedef struct {
    mp_obj_base_t base;
} pyb_switch_obj_t;

static const pyb_switch_obj_t pyb_switch_obj = {{&pyb_switch_type}};

MP_REGISTER_ROOT_POINTER(mp_obj_t pyb_switch_callback);

void pyb_switch_init0(void) {
    MP_STATE_PORT(pyb_switch_callback) = mp_const_none;
    machine_pin_config(SWITCH_PIN, PIN_MODE_IN, PIN_PULL_NONE, 0);
}

static void pyb_switch_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_print_str(print, "Switch()");
}

static mp_obj_t pyb_switch_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 0, false);
    return MP_OBJ_FROM_PTR(&pyb_switch_obj);
}

static mp_obj_t pyb_switch_value(mp_obj_t self_in) {
    (void)self_in;
    return mp_obj_new_bool(mp_hal_pin_read(SWITCH_PIN));
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_switch_value_obj, pyb_switch_value);

static mp_obj_t pyb_switch_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 0, false);
    return pyb_switch_value(self_in);
}

static mp_obj_t switch_callback(mp_obj_t line) {
    if (MP_STATE_PORT(pyb_switch_callback) != mp_const_none) {
        mp_call_function_0(MP_STATE_PORT(pyb_switch_callback));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(switch_callback_obj, switch_callback);

static mp_obj_t pyb_switch_callback(mp_obj_t self_in, mp_obj_t callback) {
    MP_STATE_PORT(pyb_switch_callback) = callback;
    // Takes the line over from whatever used it (override), as on the stm32 port.
    extint_register(SWITCH_PIN, PIN_IRQ_RISING,
        callback == mp_const_none ? mp_const_none : MP_OBJ_FROM_PTR(&switch_callback_obj),
        MP_OBJ_NEW_SMALL_INT(0), true, true);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_switch_callback_obj, pyb_switch_callback);

static const mp_rom_map_elem_t pyb_switch_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_value), MP_ROM_PTR(&pyb_switch_value_obj) },
    { MP_ROM_QSTR(MP_QSTR_callback), MP_ROM_PTR(&pyb_switch_callback_obj) },
};
static MP_DEFINE_CONST_DICT(pyb_switch_locals_dict, pyb_switch_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_switch_type,
    MP_QSTR_Switch,
    MP_TYPE_FLAG_NONE,
    make_new, pyb_switch_make_new,
    print, pyb_switch_print,
    call, pyb_switch_call,
    locals_dict, &pyb_switch_locals_dict
    );
