// Port part of machine.PWM. Never compiled standalone: extmod/machine_pwm.c
// includes it via MICROPY_PY_MACHINE_PWM_INCLUDEFILE (named *_port.c so that it
// is not taken for extmod's own machine_pwm.c).
//
// PWM(pin) drives the pin from a timer channel in PWM mode 1, through the pin's
// alternate function (timer.c has the F407's table). The timer is picked from the
// pin: one already running this pin's PWM, else an idle timer, else the first one
// the pin has. Channels of one timer share its frequency: setting freq() changes
// it for all of them, and their duty cycles (as last set, in u16 or ns) are
// applied again at the new frequency.
#include "py/mphal.h"
#include "py/runtime.h"
#include "timer.h"

#define PWM_DEFAULT_FREQ    (1000) // Hz, for a timer that is not running yet

enum {
    DUTY_NOT_SET = 0, // this channel is not a machine.PWM output
    DUTY_U16,
    DUTY_NS,
};

typedef struct _machine_pwm_obj_t {
    mp_obj_base_t base;
    const machine_pin_obj_t *pin;
    uint8_t tim_id;
    uint8_t channel;
    bool invert;
    uint8_t duty_type;
    uint32_t duty; // u16 or ns
} machine_pwm_obj_t;

// One object per timer channel: PWM(pin) twice gives the same object.
static machine_pwm_obj_t machine_pwm_obj[TIMER_NUM][4];

// Counts per period: ARR + 1.
static uint64_t pwm_ticks_per_period(machine_pwm_obj_t *self) {
    return (uint64_t)(timer_get_instance(self->tim_id)->ARR & timer_cnt_mask(self->tim_id)) + 1;
}

// Compare value for the stored duty at the timer's current frequency.
static uint32_t pwm_compare_value(machine_pwm_obj_t *self) {
    TIM_TypeDef *tim = timer_get_instance(self->tim_id);
    uint64_t period = pwm_ticks_per_period(self);
    if (self->duty_type == DUTY_U16) {
        // 65535 gives period, which is above ARR: always active (RM0090 PWM mode 1).
        return (uint32_t)(self->duty * period / 65535);
    }
    uint64_t tick_hz = timer_get_source_freq(self->tim_id) / ((tim->PSC & 0xffff) + 1);
    uint64_t ticks = (uint64_t)self->duty * tick_hz / 1000000000;
    return ticks > period ? (uint32_t)period : (uint32_t)ticks;
}

static void pwm_apply_duty(machine_pwm_obj_t *self) {
    *timer_ccr(timer_get_instance(self->tim_id), self->channel) = pwm_compare_value(self);
}

// Prescaler and period for freq with the finest duty resolution.
static void pwm_set_freq(uint32_t tim_id, mp_int_t freq) {
    uint32_t source_freq = timer_get_source_freq(tim_id);
    if (freq <= 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq must be positive"));
    }
    if ((uint32_t)freq > source_freq) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq too large"));
    }
    uint64_t cycles = ((uint64_t)source_freq + freq / 2) / freq;
    uint64_t prescaler = (cycles - 1) / ((uint64_t)timer_cnt_mask(tim_id) + 1);
    if (prescaler > 0xffff) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq too small"));
    }
    uint32_t period = (uint32_t)(cycles / (prescaler + 1)) - 1;
    if (timer_is_running(tim_id)) {
        // Both are preloaded: the new frequency starts with the next period.
        TIM_TypeDef *tim = timer_get_instance(tim_id);
        tim->PSC = prescaler;
        tim->ARR = period;
    } else {
        timer_base_init(tim_id, prescaler, period, 0, false);
    }
    for (int ch = 0; ch < 4; ch++) {
        machine_pwm_obj_t *pwm = &machine_pwm_obj[tim_id - 1][ch];
        if (pwm->duty_type != DUTY_NOT_SET) {
            pwm_apply_duty(pwm);
        }
    }
}

static void mp_machine_pwm_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_pwm_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "PWM(Pin(%q), timer=%u, channel=%u", self->pin->name, self->tim_id, self->channel);
    if (self->duty_type != DUTY_NOT_SET) {
        TIM_TypeDef *tim = timer_get_instance(self->tim_id);
        uint64_t div = (uint64_t)((tim->PSC & 0xffff) + 1) * pwm_ticks_per_period(self);
        mp_printf(print, ", freq=%u, %s=%u", (unsigned int)(timer_get_source_freq(self->tim_id) / div),
            self->duty_type == DUTY_U16 ? "duty_u16" : "duty_ns", (unsigned int)self->duty);
        if (self->invert) {
            mp_print_str(print, ", invert=True");
        }
    }
    mp_print_str(print, ")");
}

// init(*, freq, duty_u16, duty_ns, invert)
static void mp_machine_pwm_init_helper(machine_pwm_obj_t *self, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_freq, ARG_duty_u16, ARG_duty_ns, ARG_invert };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_freq, MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_duty_u16, MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_duty_ns, MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_invert, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    if (args[ARG_duty_u16].u_int >= 0) {
        self->duty_type = DUTY_U16;
        self->duty = MIN(args[ARG_duty_u16].u_int, 65535);
    } else if (args[ARG_duty_ns].u_int >= 0) {
        self->duty_type = DUTY_NS;
        self->duty = args[ARG_duty_ns].u_int;
    } else if (self->duty_type == DUTY_NOT_SET) {
        self->duty_type = DUTY_U16; // a new output starts inactive
        self->duty = 0;
    }
    if (args[ARG_invert].u_int >= 0) {
        self->invert = args[ARG_invert].u_int != 0;
    }

    if (args[ARG_freq].u_int >= 0) {
        pwm_set_freq(self->tim_id, args[ARG_freq].u_int);
    } else if (!timer_is_running(self->tim_id)) {
        pwm_set_freq(self->tim_id, PWM_DEFAULT_FREQ);
    }
    timer_oc_config(self->tim_id, self->channel, TIM_OCM_PWM1, pwm_compare_value(self), self->invert, true);
    const timer_pin_af_t *af = timer_find_pin_af(self->pin, self->tim_id, self->channel);
    machine_pin_config(self->pin, PIN_MODE_ALT, PIN_PULL_NONE, af->af);
    timer_get_instance(self->tim_id)->CR1 |= TIM_CR1_CEN;
}

// PWM(pin, freq, duty_u16, duty_ns, *, invert): pin a Pin or a pin name.
static mp_obj_t mp_machine_pwm_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    const machine_pin_obj_t *pin = machine_pin_find(args[0]);

    // Candidates: the channel outputs (not CHxN) this pin has.
    const timer_pin_af_t *pick = NULL;
    for (size_t i = 0; i < timer_pin_af_table_len; i++) {
        const timer_pin_af_t *af = &timer_pin_af_table[i];
        if (af->port != pin->port || af->pin != pin->pin || (af->channel & TIMER_PIN_AF_N)) {
            continue;
        }
        machine_pwm_obj_t *pwm = &machine_pwm_obj[af->tim_id - 1][af->channel - 1];
        if (pwm->duty_type != DUTY_NOT_SET && pwm->pin == pin) {
            pick = af; // this pin's PWM already
            break;
        }
        if (pick == NULL || (timer_is_running(pick->tim_id) && !timer_is_running(af->tim_id))) {
            pick = af;
        }
    }
    if (pick == NULL) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Pin(%q) has no timer output"), pin->name);
    }

    machine_pwm_obj_t *self = &machine_pwm_obj[pick->tim_id - 1][pick->channel - 1];
    if (self->pin != pin) {
        // This channel was another pin's output (or never used).
        self->duty_type = DUTY_NOT_SET;
        self->invert = false;
    }
    self->base.type = &machine_pwm_type;
    self->pin = pin;
    self->tim_id = pick->tim_id;
    self->channel = pick->channel;

    mp_map_t kw_args;
    mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
    mp_machine_pwm_init_helper(self, n_args - 1, args + 1, &kw_args);
    return MP_OBJ_FROM_PTR(self);
}

// Channel output off; the timer stops when nothing else uses it (no other
// channel output, no interrupt, no pyb.Timer counting on it).
static void mp_machine_pwm_deinit(machine_pwm_obj_t *self) {
    if (self->duty_type == DUTY_NOT_SET) {
        return;
    }
    self->duty_type = DUTY_NOT_SET;
    TIM_TypeDef *tim = timer_get_instance(self->tim_id);
    tim->CCER &= ~(0xfUL << (4 * (self->channel - 1)));
    if ((tim->CCER & 0x1111) == 0 && tim->DIER == 0 && !pyb_timer_is_initialised(self->tim_id)) {
        tim->CR1 &= ~TIM_CR1_CEN;
    }
}

void machine_pwm_deinit_all(void) {
    for (int t = 0; t < TIMER_NUM; t++) {
        for (int ch = 0; ch < 4; ch++) {
            mp_machine_pwm_deinit(&machine_pwm_obj[t][ch]);
        }
    }
}

static mp_obj_t mp_machine_pwm_freq_get(machine_pwm_obj_t *self) {
    TIM_TypeDef *tim = timer_get_instance(self->tim_id);
    uint64_t div = (uint64_t)((tim->PSC & 0xffff) + 1) * pwm_ticks_per_period(self);
    return mp_obj_new_int_from_uint((uint32_t)(timer_get_source_freq(self->tim_id) / div));
}

static void mp_machine_pwm_freq_set(machine_pwm_obj_t *self, mp_int_t freq) {
    pwm_set_freq(self->tim_id, freq);
}

static mp_obj_t mp_machine_pwm_duty_get_u16(machine_pwm_obj_t *self) {
    if (self->duty_type == DUTY_U16) {
        return MP_OBJ_NEW_SMALL_INT(self->duty);
    }
    uint64_t ccr = *timer_ccr(timer_get_instance(self->tim_id), self->channel) & timer_cnt_mask(self->tim_id);
    uint64_t duty = ccr * 65535 / pwm_ticks_per_period(self);
    return MP_OBJ_NEW_SMALL_INT(duty > 65535 ? 65535 : duty);
}

static void mp_machine_pwm_duty_set_u16(machine_pwm_obj_t *self, mp_int_t duty_u16) {
    self->duty_type = DUTY_U16;
    self->duty = duty_u16 < 0 ? 0 : MIN(duty_u16, 65535);
    pwm_apply_duty(self);
}

static mp_obj_t mp_machine_pwm_duty_get_ns(machine_pwm_obj_t *self) {
    if (self->duty_type == DUTY_NS) {
        return mp_obj_new_int_from_uint(self->duty);
    }
    TIM_TypeDef *tim = timer_get_instance(self->tim_id);
    uint64_t ccr = *timer_ccr(tim, self->channel) & timer_cnt_mask(self->tim_id);
    uint64_t tick_hz = timer_get_source_freq(self->tim_id) / ((tim->PSC & 0xffff) + 1);
    return mp_obj_new_int_from_uint((uint32_t)(ccr * 1000000000 / tick_hz));
}

static void mp_machine_pwm_duty_set_ns(machine_pwm_obj_t *self, mp_int_t duty_ns) {
    self->duty_type = DUTY_NS;
    self->duty = duty_ns < 0 ? 0 : duty_ns;
    pwm_apply_duty(self);
}
