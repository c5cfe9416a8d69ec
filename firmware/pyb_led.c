// pyb.LED(1..4): the Discovery's user LEDs, active high on GPIOD, numbered as
// the stm32 port's STM32F4DISC board: 1 red PD14, 2 green PD12, 3 orange PD13,
// 4 blue PD15. intensity() dims them with PWM from TIM4 CH1-CH4, which the F407
// has on PD12-PD15 (AF2). The stm32 port's STM32F4DISC build has no LED PWM (its
// intensity() is on/off); the wiring is the same on the real board, so this works
// there too.
#include "py/mphal.h"
#include "py/runtime.h"
#include "pyb_led.h"
#include "timer.h"

#define LED_PWM_TIM_ID      (4)
#define LED_PWM_AF          (2)
#define LED_PWM_TICK_HZ     (1000000) // 1 us per count
#define LED_PWM_PERIOD      (10000)   // 10 ms: 100 Hz, above visible flicker

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

// PDn is TIM4 CH(n - 11).
static uint32_t led_pwm_channel(const pyb_led_obj_t *self) {
    return self->pin->pin - 11;
}

// The LED's pin is the timer's output (intensity between 0 and 255 was set).
static bool led_pwm_is_enabled(const pyb_led_obj_t *self) {
    return machine_pin_get_mode(self->pin) == PIN_MODE_ALT;
}

// ... and that output runs: TIM4 counting, the channel enabled. A pyb.Timer(4)
// deinit() or a soft reset may have stopped them under the LED.
static bool led_pwm_is_running(const pyb_led_obj_t *self) {
    return led_pwm_is_enabled(self) && timer_is_running(LED_PWM_TIM_ID)
           && (TIM4->CCER & (TIM_CCER_CC1E << (4 * (led_pwm_channel(self) - 1))));
}

// Make the pin a TIM4 output. TIM4 keeps its frequency if it already runs (a
// pyb.Timer(4) or machine.PWM of the user): its channels share it.
static void led_pwm_init(const pyb_led_obj_t *self) {
    if (!timer_is_running(LED_PWM_TIM_ID)) {
        uint32_t prescaler = timer_get_source_freq(LED_PWM_TIM_ID) / LED_PWM_TICK_HZ - 1;
        timer_base_init(LED_PWM_TIM_ID, prescaler, LED_PWM_PERIOD - 1, 0, false);
        TIM4->CR1 |= TIM_CR1_CEN;
    }
    timer_oc_config(LED_PWM_TIM_ID, led_pwm_channel(self), TIM_OCM_PWM1, 0, false, true);
    mp_hal_pin_config(self->pin, MP_HAL_PIN_MODE_ALT, MP_HAL_PIN_PULL_NONE, LED_PWM_AF);
}

// Back to a plain output at level on; the timer channel is left as it is.
static void led_set(const pyb_led_obj_t *self, bool on) {
    mp_hal_pin_write(self->pin, on);
    if (led_pwm_is_enabled(self)) {
        mp_hal_pin_output(self->pin);
    }
}

void pyb_led_state(mp_uint_t led, bool on) {
    if (led >= 1 && led <= NUM_LEDS) {
        led_set(&pyb_led_obj[led - 1], on);
    }
}

static bool led_is_on(const pyb_led_obj_t *self) {
    return (MACHINE_PIN_GPIO(self->pin)->ODR >> self->pin->pin) & 1;
}

static mp_int_t led_get_intensity(const pyb_led_obj_t *self) {
    if (led_pwm_is_enabled(self)) {
        if (!led_pwm_is_running(self)) {
            return 0; // the timer output is inactive: the LED is dark
        }
        // Rounded up, so that intensity(v) reads back v.
        uint64_t period = (uint64_t)(TIM4->ARR & 0xffff) + 1;
        uint64_t ccr = *timer_ccr(TIM4, led_pwm_channel(self)) & 0xffff;
        uint64_t i = (ccr * 255 + period - 1) / period;
        return i > 255 ? 255 : (mp_int_t)i;
    }
    return led_is_on(self) ? 255 : 0;
}

// 0 is off and 255 fully on, as plain outputs; values in between use PWM.
static void led_set_intensity(const pyb_led_obj_t *self, mp_int_t intensity) {
    if (intensity > 0 && intensity < 255) {
        if (!led_pwm_is_running(self)) {
            led_pwm_init(self);
        }
        uint64_t period = (uint64_t)(TIM4->ARR & 0xffff) + 1;
        *timer_ccr(TIM4, led_pwm_channel(self)) = (uint32_t)(intensity * period / 255);
        return;
    }
    led_set(self, intensity > 0);
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
    led_set(self, true);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(led_obj_on_obj, led_obj_on);

static mp_obj_t led_obj_off(mp_obj_t self_in) {
    pyb_led_obj_t *self = MP_OBJ_TO_PTR(self_in);
    led_set(self, false);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(led_obj_off_obj, led_obj_off);

// A dimmed LED (PWM) counts as on: toggle() turns it off, as on the stm32 port.
static mp_obj_t led_obj_toggle(mp_obj_t self_in) {
    pyb_led_obj_t *self = MP_OBJ_TO_PTR(self_in);
    bool lit = led_pwm_is_enabled(self) ? led_pwm_is_running(self) : led_is_on(self);
    led_set(self, !lit);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(led_obj_toggle_obj, led_obj_toggle);

// intensity([value]): 0 (off) .. 255 (full on); values outside are clamped.
static mp_obj_t led_obj_intensity(size_t n_args, const mp_obj_t *args) {
    pyb_led_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return MP_OBJ_NEW_SMALL_INT(led_get_intensity(self));
    }
    mp_int_t intensity = mp_obj_get_int(args[1]);
    led_set_intensity(self, intensity < 0 ? 0 : intensity > 255 ? 255 : intensity);
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
