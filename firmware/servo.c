// pyb.Servo(1..4): standard hobby servos (3 wires: ground, power, signal) driven by
// TIM5 CH1-CH4 in PWM mode on PA0-PA3 (AF2), as on the stm32 port's STM32F4DISC.
// TIM5 counts at 100 kHz (10 us per count) with a 20 ms period; a pulse of 1.5 ms
// is the centre. Moves over a time (angle(a, t), speed(s, t)) step the pulse once
// per period from the TIM5 update interrupt.
//
// PA0 is also the board's user button B1: Servo(1) makes it a timer output, so
// pyb.Switch() no longer reads the button. PA2/PA3 carry the REPL (USART2): Servo(3)
// and Servo(4) take them over. No pin is touched before its Servo is created.
#include "py/mphal.h"
#include "py/runtime.h"
#include "servo.h"
#include "timer.h"

#if MICROPY_HW_ENABLE_SERVO

#define PYB_SERVO_NUM       (4)
#define SERVO_TIM_ID        (5)
#define SERVO_TICK_HZ       (100000) // 10 us per count
#define SERVO_PERIOD        (2000)   // 20 ms, 50 Hz
#define SERVO_AF_TIM5       (2)

typedef struct _pyb_servo_obj_t {
    mp_obj_base_t base;
    const machine_pin_obj_t *pin;
    uint8_t pulse_min;          // units of 10us
    uint8_t pulse_max;          // units of 10us
    uint8_t pulse_centre;       // units of 10us
    uint8_t pulse_angle_90;     // units of 10us; pulse at 90 degrees, minus pulse_centre
    uint8_t pulse_speed_100;    // units of 10us; pulse at 100% forward speed, minus pulse_centre
    uint16_t pulse_cur;         // units of 10us
    uint16_t pulse_dest;        // units of 10us
    int16_t pulse_accum;
    uint16_t time_left;         // periods of 20 ms
} pyb_servo_obj_t;

static pyb_servo_obj_t pyb_servo_obj[PYB_SERVO_NUM];

// TIM5 runs at the servo rate (set when the first Servo is created).
static bool servo_tim_active;

void servo_init(void) {
    static const machine_pin_obj_t *const pins[PYB_SERVO_NUM] = {
        &pin_A0_obj, &pin_A1_obj, &pin_A2_obj, &pin_A3_obj,
    };
    for (int i = 0; i < PYB_SERVO_NUM; i++) {
        pyb_servo_obj_t *s = &pyb_servo_obj[i];
        s->base.type = &pyb_servo_type;
        s->pin = pins[i];
        s->pulse_min = 64;
        s->pulse_max = 242;
        s->pulse_centre = 150;
        s->pulse_angle_90 = 97;
        s->pulse_speed_100 = 70;
        s->pulse_cur = 150;
        s->pulse_dest = 0;
        s->pulse_accum = 0;
        s->time_left = 0;
    }
}

void servo_release_timer(void) {
    if (servo_tim_active) {
        TIM5->DIER &= ~TIM_DIER_UIE; // a move in progress would fire for nobody
        servo_tim_active = false;
    }
}

// Move each servo one step towards its destination; keep the update interrupt
// on only while a move is in progress.
static void servo_step(void) {
    bool need_it = false;
    for (int i = 0; i < PYB_SERVO_NUM; i++) {
        pyb_servo_obj_t *s = &pyb_servo_obj[i];
        if (s->pulse_cur == s->pulse_dest) {
            continue;
        }
        if (s->pulse_dest < s->pulse_min) {
            s->pulse_dest = s->pulse_min;
        } else if (s->pulse_dest > s->pulse_max) {
            s->pulse_dest = s->pulse_max;
        }
        if (s->time_left <= 1) {
            s->pulse_cur = s->pulse_dest;
            s->time_left = 0;
        } else {
            s->pulse_accum += s->pulse_dest - s->pulse_cur;
            s->pulse_cur += s->pulse_accum / s->time_left;
            s->pulse_accum %= s->time_left;
            s->time_left--;
            need_it = true;
        }
        if (servo_tim_active) {
            *timer_ccr(TIM5, s->pin->pin + 1) = s->pulse_cur; // PAn is CHn+1
        }
    }
    if (servo_tim_active) {
        if (need_it) {
            TIM5->DIER |= TIM_DIER_UIE;
        } else {
            TIM5->DIER &= ~TIM_DIER_UIE;
        }
    }
}

bool servo_timer_irq_callback(void) {
    if (!servo_tim_active) {
        return false;
    }
    servo_step();
    return true;
}

static void servo_init_channel(pyb_servo_obj_t *s) {
    mp_hal_pin_config(s->pin, MP_HAL_PIN_MODE_ALT, MP_HAL_PIN_PULL_NONE, SERVO_AF_TIM5);
    if (!servo_tim_active) {
        pyb_timer_release(SERVO_TIM_ID);
        machine_timer_hw_release(SERVO_TIM_ID);
        uint32_t prescaler = timer_get_source_freq(SERVO_TIM_ID) / SERVO_TICK_HZ - 1;
        timer_base_init(SERVO_TIM_ID, prescaler, SERVO_PERIOD - 1, 0, false);
        TIM5->DIER &= ~TIM_DIER_UIE;
        timer_nvic_enable(SERVO_TIM_ID);
        TIM5->CR1 |= TIM_CR1_CEN;
        servo_tim_active = true;
    }
    timer_oc_config(SERVO_TIM_ID, s->pin->pin + 1, TIM_OCM_PWM1, s->pulse_cur, false, true);
}

/******************************************************************************/
// MicroPython bindings

// pyb.servo(n, value): CCRn of TIM5 directly, clamped to 50..250 (0.5-2.5 ms).
static mp_obj_t pyb_servo_set(mp_obj_t port, mp_obj_t value) {
    mp_int_t p = mp_obj_get_int(port);
    mp_int_t v = mp_obj_get_int(value);
    if (v < 50) {
        v = 50;
    } else if (v > 250) {
        v = 250;
    }
    if (p >= 1 && p <= 4 && servo_tim_active) {
        *timer_ccr(TIM5, p) = v;
    }
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_2(pyb_servo_set_obj, pyb_servo_set);

// pyb.pwm(period, pulse): TIM5 ARR and CCR3 directly.
static mp_obj_t pyb_pwm_set(mp_obj_t period, mp_obj_t pulse) {
    if (servo_tim_active) {
        TIM5->ARR = mp_obj_get_int(period);
        TIM5->CCR3 = mp_obj_get_int(pulse);
    }
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_2(pyb_pwm_set_obj, pyb_pwm_set);

static void pyb_servo_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_servo_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<Servo %u at %uus>", (unsigned int)(self - &pyb_servo_obj[0] + 1), 10 * self->pulse_cur);
}

static mp_obj_t pyb_servo_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    mp_int_t servo_id = mp_obj_get_int(args[0]) - 1;
    if (!(0 <= servo_id && servo_id < PYB_SERVO_NUM)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Servo(%d) doesn't exist"), (int)servo_id + 1);
    }
    pyb_servo_obj_t *s = &pyb_servo_obj[servo_id];
    s->pulse_dest = s->pulse_cur;
    s->time_left = 0;
    servo_init_channel(s);
    return MP_OBJ_FROM_PTR(s);
}

// pulse_width([us])
static mp_obj_t pyb_servo_pulse_width(size_t n_args, const mp_obj_t *args) {
    pyb_servo_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return mp_obj_new_int(10 * self->pulse_cur);
    }
    self->pulse_dest = mp_obj_get_int(args[1]) / 10;
    self->time_left = 0;
    servo_step();
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_servo_pulse_width_obj, 1, 2, pyb_servo_pulse_width);

// calibration([min, max, centre[, angle_90, speed_100]]), all in us.
static mp_obj_t pyb_servo_calibration(size_t n_args, const mp_obj_t *args) {
    pyb_servo_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        mp_obj_t tuple[5] = {
            mp_obj_new_int(10 * self->pulse_min),
            mp_obj_new_int(10 * self->pulse_max),
            mp_obj_new_int(10 * self->pulse_centre),
            mp_obj_new_int(10 * (self->pulse_angle_90 + self->pulse_centre)),
            mp_obj_new_int(10 * (self->pulse_speed_100 + self->pulse_centre)),
        };
        return mp_obj_new_tuple(5, tuple);
    } else if (n_args == 4 || n_args == 6) {
        self->pulse_min = mp_obj_get_int(args[1]) / 10;
        self->pulse_max = mp_obj_get_int(args[2]) / 10;
        self->pulse_centre = mp_obj_get_int(args[3]) / 10;
        if (n_args == 6) {
            self->pulse_angle_90 = mp_obj_get_int(args[4]) / 10 - self->pulse_centre;
            self->pulse_speed_100 = mp_obj_get_int(args[5]) / 10 - self->pulse_centre;
        }
        return mp_const_none;
    }
    mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("calibration expecting 1, 4 or 6 arguments, got %d"), (int)n_args);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_servo_calibration_obj, 1, 6, pyb_servo_calibration);

// Set the destination pulse from value scaled by full (90 degrees or 100%),
// now or over time_ms.
static void servo_move(pyb_servo_obj_t *self, uint8_t full, size_t n_args, const mp_obj_t *args, mp_float_t scale) {
    self->pulse_dest = self->pulse_centre + (int16_t)((mp_float_t)full * mp_obj_get_float(args[1]) / scale);
    if (n_args == 2) {
        self->time_left = 0;
    } else {
        self->time_left = mp_obj_get_int(args[2]) / 20; // in 20 ms periods
        self->pulse_accum = 0;
    }
    servo_step();
}

// angle([degrees[, time_ms]])
static mp_obj_t pyb_servo_angle(size_t n_args, const mp_obj_t *args) {
    pyb_servo_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return mp_obj_new_int((self->pulse_cur - self->pulse_centre) * 90 / self->pulse_angle_90);
    }
    servo_move(self, self->pulse_angle_90, n_args, args, MICROPY_FLOAT_CONST(90.0));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_servo_angle_obj, 1, 3, pyb_servo_angle);

// speed([percent[, time_ms]]), for continuous-rotation servos.
static mp_obj_t pyb_servo_speed(size_t n_args, const mp_obj_t *args) {
    pyb_servo_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return mp_obj_new_int((self->pulse_cur - self->pulse_centre) * 100 / self->pulse_speed_100);
    }
    servo_move(self, self->pulse_speed_100, n_args, args, MICROPY_FLOAT_CONST(100.0));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_servo_speed_obj, 1, 3, pyb_servo_speed);

static const mp_rom_map_elem_t pyb_servo_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_pulse_width), MP_ROM_PTR(&pyb_servo_pulse_width_obj) },
    { MP_ROM_QSTR(MP_QSTR_calibration), MP_ROM_PTR(&pyb_servo_calibration_obj) },
    { MP_ROM_QSTR(MP_QSTR_angle), MP_ROM_PTR(&pyb_servo_angle_obj) },
    { MP_ROM_QSTR(MP_QSTR_speed), MP_ROM_PTR(&pyb_servo_speed_obj) },
};
static MP_DEFINE_CONST_DICT(pyb_servo_locals_dict, pyb_servo_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_servo_type,
    MP_QSTR_Servo,
    MP_TYPE_FLAG_NONE,
    make_new, pyb_servo_make_new,
    print, pyb_servo_print,
    locals_dict, &pyb_servo_locals_dict
    );

#endif // MICROPY_HW_ENABLE_SERVO
