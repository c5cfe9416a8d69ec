// machine.Pin (also pyb.Pin): register-level GPIO for the STM32F407, with the
// stm32 port's API (Pin.board/Pin.cpu names, modes, pulls, af, irq).
#include <string.h>

#include "py/mphal.h"
#include "py/runtime.h"
#include "extmod/modmachine.h"
#include "extmod/virtpin.h"
#include "machine_pin.h"
#include "extint.h"

// Pin.board and Pin.cpu: namespaces holding the pin objects.
MP_DEFINE_CONST_OBJ_TYPE(
    machine_pin_board_pins_obj_type,
    MP_QSTR_board,
    MP_TYPE_FLAG_NONE,
    locals_dict, &machine_pin_board_pins_locals_dict
    );

MP_DEFINE_CONST_OBJ_TYPE(
    machine_pin_cpu_pins_obj_type,
    MP_QSTR_cpu,
    MP_TYPE_FLAG_NONE,
    locals_dict, &machine_pin_cpu_pins_locals_dict
    );

void machine_pin_config(const machine_pin_obj_t *pin, uint32_t mode, uint32_t pull, uint32_t af) {
    GPIO_TypeDef *gpio = MACHINE_PIN_GPIO(pin);
    uint32_t n = pin->pin;
    RCC->AHB1ENR |= 1UL << pin->port;
    (void)RCC->AHB1ENR;
    uint32_t moder = mode & 3;
    uint32_t atomic = disable_irq();
    if (moder == PIN_MODE_ALT) {
        gpio->AFR[n >> 3] = (gpio->AFR[n >> 3] & ~(0xFUL << ((n & 7) * 4))) | ((af & 0xF) << ((n & 7) * 4));
    }
    if (mode & 0x10) {
        gpio->OTYPER |= 1UL << n;
    } else {
        gpio->OTYPER &= ~(1UL << n);
    }
    gpio->OSPEEDR = (gpio->OSPEEDR & ~(3UL << (n * 2))) | (2UL << (n * 2)); // high speed
    gpio->PUPDR = (gpio->PUPDR & ~(3UL << (n * 2))) | ((pull & 3) << (n * 2));
    gpio->MODER = (gpio->MODER & ~(3UL << (n * 2))) | (moder << (n * 2));
    enable_irq(atomic);
}

uint32_t machine_pin_get_mode(const machine_pin_obj_t *pin) {
    GPIO_TypeDef *gpio = MACHINE_PIN_GPIO(pin);
    uint32_t mode = (gpio->MODER >> (pin->pin * 2)) & 3;
    if ((mode == PIN_MODE_OUT || mode == PIN_MODE_ALT) && (gpio->OTYPER & (1UL << pin->pin))) {
        mode |= 0x10;
    }
    return mode;
}

uint32_t machine_pin_get_pull(const machine_pin_obj_t *pin) {
    return (MACHINE_PIN_GPIO(pin)->PUPDR >> (pin->pin * 2)) & 3;
}

uint32_t machine_pin_get_af(const machine_pin_obj_t *pin) {
    return (MACHINE_PIN_GPIO(pin)->AFR[pin->pin >> 3] >> ((pin->pin & 7) * 4)) & 0xF;
}

const machine_pin_obj_t *machine_pin_find(mp_obj_t obj) {
    if (mp_obj_is_type(obj, &machine_pin_type)) {
        return MP_OBJ_TO_PTR(obj);
    }
    if (mp_obj_is_str(obj)) {
        mp_map_elem_t *e = mp_map_lookup((mp_map_t *)&machine_pin_board_pins_locals_dict.map, obj, MP_MAP_LOOKUP);
        if (e == NULL) {
            e = mp_map_lookup((mp_map_t *)&machine_pin_cpu_pins_locals_dict.map, obj, MP_MAP_LOOKUP);
        }
        if (e != NULL) {
            return MP_OBJ_TO_PTR(e->value);
        }
    }
    if (mp_obj_is_str(obj)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Pin(%s) doesn't exist"), mp_obj_str_get_str(obj));
    }
    mp_raise_TypeError(MP_ERROR_TEXT("expecting a Pin or a pin name"));
}

static void machine_pin_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint32_t mode = machine_pin_get_mode(self);
    qstr mode_qst;
    switch (mode) {
        case PIN_MODE_IN: mode_qst = MP_QSTR_IN; break;
        case PIN_MODE_OUT: mode_qst = MP_QSTR_OUT; break;
        case PIN_MODE_OPEN_DRAIN: mode_qst = MP_QSTR_OPEN_DRAIN; break;
        case PIN_MODE_ALT: mode_qst = MP_QSTR_ALT; break;
        case PIN_MODE_ALT_OPEN_DRAIN: mode_qst = MP_QSTR_ALT_OPEN_DRAIN; break;
        default: mode_qst = MP_QSTR_ANALOG; break;
    }
    mp_printf(print, "Pin(Pin.cpu.%q, mode=Pin.%q", self->name, mode_qst);
    if (mode != PIN_MODE_ANALOG) {
        uint32_t pull = machine_pin_get_pull(self);
        if (pull == PIN_PULL_UP) {
            mp_print_str(print, ", pull=Pin.PULL_UP");
        } else if (pull == PIN_PULL_DOWN) {
            mp_print_str(print, ", pull=Pin.PULL_DOWN");
        }
    }
    if ((mode & 3) == PIN_MODE_ALT) {
        mp_printf(print, ", af=%u", (unsigned int)machine_pin_get_af(self));
    }
    mp_print_str(print, ")");
}

// init(mode=-1, pull=-1, *, value=None, alt=-1): unspecified mode/pull keep the
// current setting, as on the stm32 port with machine.Pin semantics.
static mp_obj_t machine_pin_obj_init_helper(const machine_pin_obj_t *self, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_mode, ARG_pull, ARG_af, ARG_value, ARG_alt };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_mode, MP_ARG_INT, {.u_int = -1}},
        { MP_QSTR_pull, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_INT(-1)}},
        { MP_QSTR_af, MP_ARG_INT, {.u_int = -1}}, // legacy pyb.Pin positional
        { MP_QSTR_value, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
        { MP_QSTR_alt, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1}},
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    mp_int_t mode = args[ARG_mode].u_int;
    if (mode == -1) {
        mode = machine_pin_get_mode(self);
    } else if (!(mode == PIN_MODE_IN || mode == PIN_MODE_OUT || mode == PIN_MODE_OPEN_DRAIN
                 || mode == PIN_MODE_ALT || mode == PIN_MODE_ALT_OPEN_DRAIN || mode == PIN_MODE_ANALOG)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid pin mode: %d"), (int)mode);
    }

    mp_int_t pull;
    if (args[ARG_pull].u_obj == mp_const_none) {
        pull = PIN_PULL_NONE;
    } else {
        pull = mp_obj_get_int(args[ARG_pull].u_obj);
        if (pull == -1) {
            pull = machine_pin_get_pull(self);
        } else if (pull < PIN_PULL_NONE || pull > PIN_PULL_DOWN) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid pin pull: %d"), (int)pull);
        }
    }

    mp_int_t af = args[ARG_alt].u_int != -1 ? args[ARG_alt].u_int : args[ARG_af].u_int;
    if ((mode & 3) == PIN_MODE_ALT) {
        if (af == -1) {
            af = machine_pin_get_af(self);
        } else if (af < 0 || af > 15) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid pin af: %d"), (int)af);
        }
    } else {
        af = 0;
    }

    // Output level first, so the pin never glitches to the old ODR value; the port's
    // clock must be on for the write to land.
    if (args[ARG_value].u_obj != mp_const_none) {
        RCC->AHB1ENR |= 1UL << self->port;
        (void)RCC->AHB1ENR;
        mp_hal_pin_write(self, mp_obj_is_true(args[ARG_value].u_obj));
    }

    machine_pin_config(self, mode, pull, af);
    return mp_const_none;
}

mp_obj_t mp_pin_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    const machine_pin_obj_t *pin = machine_pin_find(args[0]);
    if (n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        machine_pin_obj_init_helper(pin, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(pin);
}

// pin() reads, pin(v) writes.
static mp_obj_t machine_pin_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (n_args == 0) {
        return MP_OBJ_NEW_SMALL_INT(mp_hal_pin_read(self));
    }
    mp_hal_pin_write(self, mp_obj_is_true(args[0]));
    return mp_const_none;
}

static mp_obj_t machine_pin_obj_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return machine_pin_obj_init_helper(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(machine_pin_init_obj, 1, machine_pin_obj_init);

static mp_obj_t machine_pin_value(size_t n_args, const mp_obj_t *args) {
    return machine_pin_call(args[0], n_args - 1, 0, args + 1);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(machine_pin_value_obj, 1, 2, machine_pin_value);

static mp_obj_t machine_pin_off(mp_obj_t self_in) {
    mp_hal_pin_low((machine_pin_obj_t *)MP_OBJ_TO_PTR(self_in));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_off_obj, machine_pin_off);

static mp_obj_t machine_pin_on(mp_obj_t self_in) {
    mp_hal_pin_high((machine_pin_obj_t *)MP_OBJ_TO_PTR(self_in));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_on_obj, machine_pin_on);

// Toggles the output latch (ODR) through BSRR, so it is atomic.
static mp_obj_t machine_pin_toggle(mp_obj_t self_in) {
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    GPIO_TypeDef *gpio = MACHINE_PIN_GPIO(self);
    uint32_t mask = 1UL << self->pin;
    gpio->BSRR = (gpio->ODR & mask) ? mask << 16 : mask;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_toggle_obj, machine_pin_toggle);

// irq(handler=None, trigger=IRQ_FALLING|IRQ_RISING, hard=False): the handler is
// called with the pin. Returns None, as on the stm32 port.
static mp_obj_t machine_pin_irq(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_handler, ARG_trigger, ARG_hard };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_handler, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_trigger, MP_ARG_INT, {.u_int = PIN_IRQ_RISING_FALLING} },
        { MP_QSTR_hard, MP_ARG_BOOL, {.u_bool = false} },
    };
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    if (n_args > 1 || kw_args->used != 0) {
        extint_register(self, args[ARG_trigger].u_int, args[ARG_handler].u_obj,
            MP_OBJ_FROM_PTR(self), args[ARG_hard].u_bool, true);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(machine_pin_irq_obj, 1, machine_pin_irq);

static mp_obj_t machine_pin_name(mp_obj_t self_in) {
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    return MP_OBJ_NEW_QSTR(self->name);
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_name_obj, machine_pin_name);

// All names of the pin: cpu name first, then the board names.
static mp_obj_t machine_pin_names(mp_obj_t self_in) {
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_obj_t result = mp_obj_new_list(0, NULL);
    mp_obj_list_append(result, MP_OBJ_NEW_QSTR(self->name));
    const mp_map_t *map = &machine_pin_board_pins_locals_dict.map;
    for (size_t i = 0; i < map->used; i++) {
        if (map->table[i].value == self_in) {
            mp_obj_list_append(result, map->table[i].key);
        }
    }
    return result;
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_names_obj, machine_pin_names);

static mp_obj_t machine_pin_port(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(((machine_pin_obj_t *)MP_OBJ_TO_PTR(self_in))->port);
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_port_obj, machine_pin_port);

static mp_obj_t machine_pin_pin(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(((machine_pin_obj_t *)MP_OBJ_TO_PTR(self_in))->pin);
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_pin_obj, machine_pin_pin);

static mp_obj_t machine_pin_gpio(mp_obj_t self_in) {
    return mp_obj_new_int_from_uint((uintptr_t)MACHINE_PIN_GPIO((machine_pin_obj_t *)MP_OBJ_TO_PTR(self_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_gpio_obj, machine_pin_gpio);

static mp_obj_t machine_pin_mode(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(machine_pin_get_mode(MP_OBJ_TO_PTR(self_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_mode_obj, machine_pin_mode);

static mp_obj_t machine_pin_pull(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(machine_pin_get_pull(MP_OBJ_TO_PTR(self_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_pull_obj, machine_pin_pull);

static mp_obj_t machine_pin_af(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(machine_pin_get_af(MP_OBJ_TO_PTR(self_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_pin_af_obj, machine_pin_af);

static const mp_rom_map_elem_t machine_pin_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init),    MP_ROM_PTR(&machine_pin_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_value),   MP_ROM_PTR(&machine_pin_value_obj) },
    { MP_ROM_QSTR(MP_QSTR_off),     MP_ROM_PTR(&machine_pin_off_obj) },
    { MP_ROM_QSTR(MP_QSTR_on),      MP_ROM_PTR(&machine_pin_on_obj) },
    { MP_ROM_QSTR(MP_QSTR_toggle),  MP_ROM_PTR(&machine_pin_toggle_obj) },
    { MP_ROM_QSTR(MP_QSTR_irq),     MP_ROM_PTR(&machine_pin_irq_obj) },
    // Legacy pyb.Pin API.
    { MP_ROM_QSTR(MP_QSTR_low),     MP_ROM_PTR(&machine_pin_off_obj) },
    { MP_ROM_QSTR(MP_QSTR_high),    MP_ROM_PTR(&machine_pin_on_obj) },
    { MP_ROM_QSTR(MP_QSTR_name),    MP_ROM_PTR(&machine_pin_name_obj) },
    { MP_ROM_QSTR(MP_QSTR_names),   MP_ROM_PTR(&machine_pin_names_obj) },
    { MP_ROM_QSTR(MP_QSTR_port),    MP_ROM_PTR(&machine_pin_port_obj) },
    { MP_ROM_QSTR(MP_QSTR_pin),     MP_ROM_PTR(&machine_pin_pin_obj) },
    { MP_ROM_QSTR(MP_QSTR_gpio),    MP_ROM_PTR(&machine_pin_gpio_obj) },
    { MP_ROM_QSTR(MP_QSTR_mode),    MP_ROM_PTR(&machine_pin_mode_obj) },
    { MP_ROM_QSTR(MP_QSTR_pull),    MP_ROM_PTR(&machine_pin_pull_obj) },
    { MP_ROM_QSTR(MP_QSTR_af),      MP_ROM_PTR(&machine_pin_af_obj) },

    { MP_ROM_QSTR(MP_QSTR_board),   MP_ROM_PTR(&machine_pin_board_pins_obj_type) },
    { MP_ROM_QSTR(MP_QSTR_cpu),     MP_ROM_PTR(&machine_pin_cpu_pins_obj_type) },

    { MP_ROM_QSTR(MP_QSTR_IN),        MP_ROM_INT(PIN_MODE_IN) },
    { MP_ROM_QSTR(MP_QSTR_OUT),       MP_ROM_INT(PIN_MODE_OUT) },
    { MP_ROM_QSTR(MP_QSTR_OPEN_DRAIN), MP_ROM_INT(PIN_MODE_OPEN_DRAIN) },
    { MP_ROM_QSTR(MP_QSTR_ALT),       MP_ROM_INT(PIN_MODE_ALT) },
    { MP_ROM_QSTR(MP_QSTR_ALT_OPEN_DRAIN), MP_ROM_INT(PIN_MODE_ALT_OPEN_DRAIN) },
    { MP_ROM_QSTR(MP_QSTR_ANALOG),    MP_ROM_INT(PIN_MODE_ANALOG) },
    { MP_ROM_QSTR(MP_QSTR_PULL_NONE), MP_ROM_INT(PIN_PULL_NONE) },
    { MP_ROM_QSTR(MP_QSTR_PULL_UP),   MP_ROM_INT(PIN_PULL_UP) },
    { MP_ROM_QSTR(MP_QSTR_PULL_DOWN), MP_ROM_INT(PIN_PULL_DOWN) },
    { MP_ROM_QSTR(MP_QSTR_IRQ_RISING), MP_ROM_INT(PIN_IRQ_RISING) },
    { MP_ROM_QSTR(MP_QSTR_IRQ_FALLING), MP_ROM_INT(PIN_IRQ_FALLING) },
    // Legacy pyb.Pin names.
    { MP_ROM_QSTR(MP_QSTR_AF_PP),     MP_ROM_INT(PIN_MODE_ALT) },
    { MP_ROM_QSTR(MP_QSTR_AF_OD),     MP_ROM_INT(PIN_MODE_ALT_OPEN_DRAIN) },
    { MP_ROM_QSTR(MP_QSTR_OUT_PP),    MP_ROM_INT(PIN_MODE_OUT) },
    { MP_ROM_QSTR(MP_QSTR_OUT_OD),    MP_ROM_INT(PIN_MODE_OPEN_DRAIN) },
};
static MP_DEFINE_CONST_DICT(machine_pin_locals_dict, machine_pin_locals_dict_table);

// Pin protocol, for machine.Signal.
static mp_uint_t machine_pin_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    switch (request) {
        case MP_PIN_READ:
            return mp_hal_pin_read(self);
        case MP_PIN_WRITE:
            mp_hal_pin_write(self, arg);
            return 0;
    }
    return -1;
}

static const mp_pin_p_t machine_pin_pin_p = {
    .ioctl = machine_pin_ioctl,
};

MP_DEFINE_CONST_OBJ_TYPE(
    machine_pin_type,
    MP_QSTR_Pin,
    MP_TYPE_FLAG_NONE,
    make_new, mp_pin_make_new,
    print, machine_pin_print,
    call, machine_pin_call,
    protocol, &machine_pin_pin_p,
    locals_dict, &machine_pin_locals_dict
    );

// For extmod (SoftI2C, SoftSPI, time_pulse_us): a Pin or a pin name.
mp_hal_pin_obj_t mp_hal_get_pin_obj(mp_obj_t o) {
    return machine_pin_find(o);
}
