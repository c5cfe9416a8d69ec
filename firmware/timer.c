// Timers TIM1-TIM14 at register level (RM0090 ch. 17-20), and pyb.Timer /
// pyb.TimerChannel with the API and printed forms of the stm32 port.
//
// The timers are shared by several drivers (pyb.Timer, machine.Timer, machine.PWM,
// pyb.Servo on TIM5, pyb.LED.intensity on TIM4), so their interrupts are all
// dispatched from here. Timer callbacks of pyb.Timer run in the interrupt (hard),
// with the heap locked, as on the stm32 port.
#include <string.h>

#include "py/mphal.h"
#include "py/runtime.h"
#include "irq.h"
#include "system_stm32.h"
#include "timer.h"
#if MICROPY_HW_ENABLE_SERVO
#include "servo.h"
#include "stm32_it.h"
#endif

/******************************************************************************/
// The driver.

static const uint32_t timer_base[TIMER_NUM] = {
    TIM1_BASE, TIM2_BASE, TIM3_BASE, TIM4_BASE, TIM5_BASE, TIM6_BASE, TIM7_BASE,
    TIM8_BASE, TIM9_BASE, TIM10_BASE, TIM11_BASE, TIM12_BASE, TIM13_BASE, TIM14_BASE,
};

// Update-event interrupt of each timer (TIM1/8 have separate CC lines; the
// others share one line for all their events, some with another timer).
static const uint8_t timer_irqn[TIMER_NUM] = {
    TIM1_UP_TIM10_IRQn, TIM2_IRQn, TIM3_IRQn, TIM4_IRQn, TIM5_IRQn, TIM6_DAC_IRQn, TIM7_IRQn,
    TIM8_UP_TIM13_IRQn, TIM1_BRK_TIM9_IRQn, TIM1_UP_TIM10_IRQn, TIM1_TRG_COM_TIM11_IRQn,
    TIM8_BRK_TIM12_IRQn, TIM8_UP_TIM13_IRQn, TIM8_TRG_COM_TIM14_IRQn,
};

// Timer channel outputs on the pins of the STM32F407VG (LQFP100: ports A-E),
// from the alternate function table of its datasheet (DS8626 table 9).
#define PA (0)
#define PB (1)
#define PC (2)
#define PD (3)
#define PE (4)
#define N TIMER_PIN_AF_N
const timer_pin_af_t timer_pin_af_table[] = {
    { PA, 0, 2, 1, 1 }, { PA, 0, 5, 1, 2 },
    { PA, 1, 2, 2, 1 }, { PA, 1, 5, 2, 2 },
    { PA, 2, 2, 3, 1 }, { PA, 2, 5, 3, 2 }, { PA, 2, 9, 1, 3 },
    { PA, 3, 2, 4, 1 }, { PA, 3, 5, 4, 2 }, { PA, 3, 9, 2, 3 },
    { PA, 5, 2, 1, 1 }, { PA, 5, 8, 1 | N, 3 },
    { PA, 6, 3, 1, 2 }, { PA, 6, 13, 1, 9 },
    { PA, 7, 1, 1 | N, 1 }, { PA, 7, 3, 2, 2 }, { PA, 7, 8, 1 | N, 3 }, { PA, 7, 14, 1, 9 },
    { PA, 8, 1, 1, 1 }, { PA, 9, 1, 2, 1 }, { PA, 10, 1, 3, 1 }, { PA, 11, 1, 4, 1 },
    { PA, 15, 2, 1, 1 },
    { PB, 0, 1, 2 | N, 1 }, { PB, 0, 3, 3, 2 }, { PB, 0, 8, 2 | N, 3 },
    { PB, 1, 1, 3 | N, 1 }, { PB, 1, 3, 4, 2 }, { PB, 1, 8, 3 | N, 3 },
    { PB, 3, 2, 2, 1 }, { PB, 4, 3, 1, 2 }, { PB, 5, 3, 2, 2 },
    { PB, 6, 4, 1, 2 }, { PB, 7, 4, 2, 2 },
    { PB, 8, 4, 3, 2 }, { PB, 8, 10, 1, 3 },
    { PB, 9, 4, 4, 2 }, { PB, 9, 11, 1, 3 },
    { PB, 10, 2, 3, 1 }, { PB, 11, 2, 4, 1 },
    { PB, 13, 1, 1 | N, 1 },
    { PB, 14, 1, 2 | N, 1 }, { PB, 14, 8, 2 | N, 3 }, { PB, 14, 12, 1, 9 },
    { PB, 15, 1, 3 | N, 1 }, { PB, 15, 8, 3 | N, 3 }, { PB, 15, 12, 2, 9 },
    { PC, 6, 3, 1, 2 }, { PC, 6, 8, 1, 3 },
    { PC, 7, 3, 2, 2 }, { PC, 7, 8, 2, 3 },
    { PC, 8, 3, 3, 2 }, { PC, 8, 8, 3, 3 },
    { PC, 9, 3, 4, 2 }, { PC, 9, 8, 4, 3 },
    { PD, 12, 4, 1, 2 }, { PD, 13, 4, 2, 2 }, { PD, 14, 4, 3, 2 }, { PD, 15, 4, 4, 2 },
    { PE, 5, 9, 1, 3 }, { PE, 6, 9, 2, 3 },
    { PE, 8, 1, 1 | N, 1 }, { PE, 9, 1, 1, 1 }, { PE, 10, 1, 2 | N, 1 }, { PE, 11, 1, 2, 1 },
    { PE, 12, 1, 3 | N, 1 }, { PE, 13, 1, 3, 1 }, { PE, 14, 1, 4, 1 },
};
#undef N
const size_t timer_pin_af_table_len = MP_ARRAY_SIZE(timer_pin_af_table);

TIM_TypeDef *timer_get_instance(uint32_t tim_id) {
    if (tim_id < 1 || tim_id > TIMER_NUM) {
        return NULL;
    }
    return (TIM_TypeDef *)timer_base[tim_id - 1];
}

static bool timer_is_apb2(uint32_t tim_id) {
    return tim_id == 1 || (8 <= tim_id && tim_id <= 11);
}

static bool timer_is_advanced(uint32_t tim_id) {
    return tim_id == 1 || tim_id == 8;
}

uint32_t timer_get_source_freq(uint32_t tim_id) {
    uint32_t ppre;
    uint32_t pclk;
    if (timer_is_apb2(tim_id)) {
        ppre = (RCC->CFGR & RCC_CFGR_PPRE2_Msk) >> RCC_CFGR_PPRE2_Pos;
        pclk = stm32_get_pclk2_freq();
    } else {
        ppre = (RCC->CFGR & RCC_CFGR_PPRE1_Msk) >> RCC_CFGR_PPRE1_Pos;
        pclk = stm32_get_pclk1_freq();
    }
    // PPREx 0xx is /1; with any other APB prescaler the timers run at twice PCLKx.
    return ppre < 4 ? pclk : pclk * 2;
}

uint32_t timer_num_channels(uint32_t tim_id) {
    switch (tim_id) {
        case 6:
        case 7:
            return 0;
        case 9:
        case 12:
            return 2;
        case 10:
        case 11:
        case 13:
        case 14:
            return 1;
        default:
            return 4;
    }
}

void timer_clock_enable(uint32_t tim_id) {
    static const uint8_t apb2_bit[TIMER_NUM] = { [0] = 0, [7] = 1, [8] = 16, [9] = 17, [10] = 18 };
    if (timer_is_apb2(tim_id)) {
        RCC->APB2ENR |= 1UL << apb2_bit[tim_id - 1];
        (void)RCC->APB2ENR; // the clock is on after this read (RM0090 6.3.13 note)
    } else {
        // TIM2..7 are APB1ENR bits 0..5, TIM12..14 bits 6..8.
        RCC->APB1ENR |= 1UL << (tim_id <= 7 ? tim_id - 2 : tim_id - 6);
        (void)RCC->APB1ENR;
    }
}

bool timer_clock_is_enabled(uint32_t tim_id) {
    if (timer_is_apb2(tim_id)) {
        static const uint8_t apb2_bit[TIMER_NUM] = { [0] = 0, [7] = 1, [8] = 16, [9] = 17, [10] = 18 };
        return RCC->APB2ENR & (1UL << apb2_bit[tim_id - 1]);
    }
    return RCC->APB1ENR & (1UL << (tim_id <= 7 ? tim_id - 2 : tim_id - 6));
}

IRQn_Type timer_get_irqn(uint32_t tim_id) {
    return timer_irqn[tim_id - 1];
}

IRQn_Type timer_get_cc_irqn(uint32_t tim_id) {
    return tim_id == 1 ? TIM1_CC_IRQn : tim_id == 8 ? TIM8_CC_IRQn : timer_irqn[tim_id - 1];
}

void timer_nvic_enable(uint32_t tim_id) {
    IRQn_Type irqn = timer_get_irqn(tim_id);
    IRQn_Type cc_irqn = timer_get_cc_irqn(tim_id);
    NVIC_SetPriority(irqn, IRQ_PRI_TIMX);
    NVIC_EnableIRQ(irqn);
    NVIC_SetPriority(cc_irqn, IRQ_PRI_TIMX);
    NVIC_EnableIRQ(cc_irqn);
}

const timer_pin_af_t *timer_find_pin_af(const machine_pin_obj_t *pin, uint32_t tim_id, uint32_t channel) {
    for (size_t i = 0; i < timer_pin_af_table_len; i++) {
        const timer_pin_af_t *af = &timer_pin_af_table[i];
        if (af->port == pin->port && af->pin == pin->pin
            && (tim_id == 0 || af->tim_id == tim_id)
            && (channel == 0 || (af->channel & ~TIMER_PIN_AF_N) == channel)) {
            return af;
        }
    }
    return NULL;
}

void timer_base_init(uint32_t tim_id, uint32_t prescaler, uint32_t period, uint32_t cr1_mode, bool one_pulse) {
    TIM_TypeDef *tim = timer_get_instance(tim_id);
    timer_clock_enable(tim_id);
    tim->CR1 = 0;
    tim->PSC = prescaler & 0xffff;
    tim->ARR = period & timer_cnt_mask(tim_id);
    if (timer_is_advanced(tim_id)) {
        tim->RCR = 0;
    }
    // ARPE: a new period takes effect at the next update, so changing the
    // frequency of a running timer gives no glitch.
    tim->CR1 = (cr1_mode & (TIM_CR1_DIR | TIM_CR1_CMS_Msk | TIM_CR1_CKD_Msk)) | TIM_CR1_ARPE
        | (one_pulse ? TIM_CR1_OPM : 0);
    // An update event loads PSC and ARR from their preload registers and resets
    // the counter. It also sets UIF, which must not reach an enabled callback.
    uint32_t dier = tim->DIER;
    tim->DIER = dier & ~TIM_DIER_UIE;
    tim->EGR = TIM_EGR_UG;
    tim->SR = ~TIM_SR_UIF; // rc_w0
    tim->DIER = dier;
}

void timer_oc_config(uint32_t tim_id, uint32_t channel, uint32_t ocm, uint32_t ccr, bool invert, bool preload) {
    TIM_TypeDef *tim = timer_get_instance(tim_id);
    uint32_t shift_ccer = 4 * (channel - 1);
    uint32_t shift_ccmr = 8 * ((channel - 1) & 1);
    volatile uint32_t *ccmr = channel <= 2 ? &tim->CCMR1 : &tim->CCMR2;

    // Channel off while it is reconfigured.
    tim->CCER &= ~(0xfUL << shift_ccer);
    *ccmr = (*ccmr & ~(0xffUL << shift_ccmr))
        | (((ocm << TIM_CCMR_OCM_Pos) | (preload ? TIM_CCMR_OCPE : 0)) << shift_ccmr);
    *timer_ccr(tim, channel) = ccr & timer_cnt_mask(tim_id);
    uint32_t ccer = TIM_CCER_CC1E | (invert ? TIM_CCER_CC1P : 0);
    if (timer_is_advanced(tim_id) && channel <= 3) {
        // The complementary output too, with the same polarity, as the stm32 port.
        ccer |= TIM_CCER_CC1NE | (invert ? TIM_CCER_CC1NP : 0);
    }
    tim->CCER |= ccer << shift_ccer;
    if (timer_is_advanced(tim_id)) {
        tim->BDTR |= TIM_BDTR_MOE; // outputs of TIM1/8 are off until MOE is set
    }
}

// Prescaler and period for freq Hz. Same arithmetic as the stm32 port, so the
// same freq gives the same registers (and freq() reads back the same value).
uint32_t timer_compute_prescaler_period_from_freq(uint32_t tim_id, mp_obj_t freq_in, uint32_t *period_out) {
    uint32_t source_freq = timer_get_source_freq(tim_id);
    uint32_t cnt_mask = timer_cnt_mask(tim_id);
    uint32_t prescaler = 1;
    uint32_t period;
    if (mp_obj_is_float(freq_in)) {
        float freq = mp_obj_get_float_to_f(freq_in);
        if (!(freq > 0)) {
            mp_raise_ValueError(MP_ERROR_TEXT("must have positive freq"));
        }
        // Below 1 Hz, move decades into the prescaler to keep precision.
        while (freq < 1 && prescaler < 6553) {
            prescaler *= 10;
            freq *= 10.0f;
        }
        float p = (float)source_freq / freq;
        if (p >= 4294967296.0f) {
            mp_raise_ValueError(MP_ERROR_TEXT("period too large"));
        }
        period = (uint32_t)p;
    } else {
        mp_int_t freq = mp_obj_get_int(freq_in);
        if (freq <= 0) {
            mp_raise_ValueError(MP_ERROR_TEXT("must have positive freq"));
        }
        period = source_freq / freq;
    }
    if (period < 1) {
        period = 1;
    }
    while (period > cnt_mask) {
        // Exact factors first, then halving (loses the least precision).
        if (period % 5 == 0) {
            prescaler *= 5;
            period /= 5;
        } else if (period % 3 == 0) {
            prescaler *= 3;
            period /= 3;
        } else {
            prescaler <<= 1;
            period >>= 1;
        }
    }
    if (prescaler > 0x10000) {
        // The stm32 port would silently truncate the prescaler here.
        mp_raise_ValueError(MP_ERROR_TEXT("period too large"));
    }
    *period_out = (period - 1) & cnt_mask;
    return (prescaler - 1) & 0xffff;
}

// Prescaler and period for a period of t_num/t_den seconds.
uint32_t timer_compute_prescaler_period_from_t(uint32_t tim_id, int32_t t_num, int32_t t_den, uint32_t *period_out) {
    uint32_t source_freq = timer_get_source_freq(tim_id);
    uint32_t cnt_mask = timer_cnt_mask(tim_id);
    if (t_num <= 0 || t_den <= 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("must have positive freq"));
    }
    uint64_t period = (uint64_t)source_freq * (uint64_t)t_num / (uint64_t)t_den;
    uint32_t prescaler = 1;
    if (period < 1) {
        period = 1;
    }
    while (period > cnt_mask) {
        if (prescaler <= 13107 && period % 5 == 0) {
            prescaler *= 5;
            period /= 5;
        } else if (prescaler <= 21845 && period % 3 == 0) {
            prescaler *= 3;
            period /= 3;
        } else {
            uint32_t period_lsb = period & 1;
            prescaler <<= 1;
            period >>= 1;
            if (period < prescaler) {
                prescaler |= period_lsb; // round the division up
            }
            if (prescaler > 0x10000) {
                mp_raise_ValueError(MP_ERROR_TEXT("period too large"));
            }
        }
    }
    *period_out = (uint32_t)(period - 1) & cnt_mask;
    return (prescaler - 1) & 0xffff;
}

/******************************************************************************/
// pyb.Timer and pyb.TimerChannel

typedef enum {
    CHANNEL_MODE_PWM_NORMAL,
    CHANNEL_MODE_PWM_INVERTED,
    CHANNEL_MODE_OC_TIMING,
    CHANNEL_MODE_OC_ACTIVE,
    CHANNEL_MODE_OC_INACTIVE,
    CHANNEL_MODE_OC_TOGGLE,
    CHANNEL_MODE_OC_FORCED_ACTIVE,
    CHANNEL_MODE_OC_FORCED_INACTIVE,
    CHANNEL_MODE_IC,
    CHANNEL_MODE_ENC_A,
    CHANNEL_MODE_ENC_B,
    CHANNEL_MODE_ENC_AB,
    CHANNEL_MODE_NUM,
} pyb_channel_mode;

// Name, and OCxM (output modes) or SMCR.SMS (encoder modes).
static const struct {
    qstr name;
    uint8_t mode;
} channel_mode_info[CHANNEL_MODE_NUM] = {
    { MP_QSTR_PWM,                TIM_OCM_PWM1 },
    { MP_QSTR_PWM_INVERTED,       TIM_OCM_PWM2 },
    { MP_QSTR_OC_TIMING,          TIM_OCM_FROZEN },
    { MP_QSTR_OC_ACTIVE,          TIM_OCM_ACTIVE },
    { MP_QSTR_OC_INACTIVE,        TIM_OCM_INACTIVE },
    { MP_QSTR_OC_TOGGLE,          TIM_OCM_TOGGLE },
    { MP_QSTR_OC_FORCED_ACTIVE,   TIM_OCM_FORCED_ACTIVE },
    { MP_QSTR_OC_FORCED_INACTIVE, TIM_OCM_FORCED_INACTIVE },
    { MP_QSTR_IC,                 0 },
    { MP_QSTR_ENC_A,              1 }, // encoder mode 1: counts on TI2 edges
    { MP_QSTR_ENC_B,              2 }, // encoder mode 2: counts on TI1 edges
    { MP_QSTR_ENC_AB,             3 }, // encoder mode 3: both
};

// Counter modes: the CR1 DIR/CMS bits, same values as the stm32 port's constants.
#define TIMER_MODE_UP           (0)
#define TIMER_MODE_DOWN         (TIM_CR1_DIR)
#define TIMER_MODE_CENTER       (1UL << TIM_CR1_CMS_Pos)
// Polarities: CCER bits of channel 1, same values as the stm32 port's constants.
#define TIMER_POLARITY_HIGH     (0)
#define TIMER_POLARITY_LOW      (TIM_CCER_CC1P)
#define TIMER_POLARITY_RISING   (0)
#define TIMER_POLARITY_FALLING  (TIM_CCER_CC1P)
#define TIMER_POLARITY_BOTH     (TIM_CCER_CC1P | TIM_CCER_CC1NP)

enum {
    BRK_OFF,
    BRK_LOW,
    BRK_HIGH,
};

typedef struct _pyb_timer_channel_obj_t {
    mp_obj_base_t base;
    struct _pyb_timer_obj_t *timer;
    uint8_t channel;
    uint8_t mode;
    mp_obj_t callback;
    struct _pyb_timer_channel_obj_t *next;
} pyb_timer_channel_obj_t;

typedef struct _pyb_timer_obj_t {
    mp_obj_base_t base;
    uint8_t tim_id;
    bool initialised; // by init(); deinit() clears it
    mp_obj_t callback;
    TIM_TypeDef *tim;
    pyb_timer_channel_obj_t *channel;
} pyb_timer_obj_t;

MP_REGISTER_ROOT_POINTER(struct _pyb_timer_obj_t *pyb_timer_obj_all[TIMER_NUM]);

#define TIMER_IRQ_MASK(channel) (1UL << (channel)) // UIF for 0, CCnIF for n

static const mp_obj_type_t pyb_timer_channel_type;
static mp_obj_t pyb_timer_deinit(mp_obj_t self_in);
static mp_obj_t pyb_timer_callback(mp_obj_t self_in, mp_obj_t callback);
static mp_obj_t pyb_timer_channel_callback(mp_obj_t self_in, mp_obj_t callback);

void timer_init0(void) {
    for (size_t i = 0; i < TIMER_NUM; i++) {
        MP_STATE_PORT(pyb_timer_obj_all)[i] = NULL;
        MP_STATE_PORT(machine_timer_hw_obj)[i] = NULL;
    }
}

void timer_deinit(void) {
    #if MICROPY_PY_MACHINE_PWM
    machine_pwm_deinit_all();
    #endif
    for (uint32_t id = 1; id <= TIMER_NUM; id++) {
        pyb_timer_release(id);
        machine_timer_hw_release(id);
        // The objects are about to be swept with the heap.
        MP_STATE_PORT(pyb_timer_obj_all)[id - 1] = NULL;
    }
}

bool pyb_timer_is_initialised(uint32_t tim_id) {
    pyb_timer_obj_t *tim = MP_STATE_PORT(pyb_timer_obj_all)[tim_id - 1];
    return tim != NULL && tim->initialised;
}

// Also for a Timer never init()ed: its callback() alone enables an interrupt.
void pyb_timer_release(uint32_t tim_id) {
    pyb_timer_obj_t *tim = MP_STATE_PORT(pyb_timer_obj_all)[tim_id - 1];
    if (tim != NULL) {
        pyb_timer_deinit(MP_OBJ_FROM_PTR(tim));
    }
}

// Period in counts for pulse_width_percent: in edge-aligned modes a compare value
// of ARR + 1 is 100%, in center-aligned modes ARR is.
static uint32_t compute_period(pyb_timer_obj_t *self) {
    uint32_t period = self->tim->ARR & timer_cnt_mask(self->tim_id);
    if (period != 0xffffffff && !(self->tim->CR1 & TIM_CR1_CMS_Msk)) {
        period++;
    }
    return period;
}

// Largest value that can be multiplied by 100 in a uint32_t.
#define MAX_PERIOD_DIV_100  (42949672)

static uint32_t compute_pwm_value_from_percent(uint32_t period, mp_obj_t percent_in) {
    if (mp_obj_is_float(percent_in)) {
        mp_float_t percent = mp_obj_get_float(percent_in);
        if (percent <= 0) {
            return 0;
        } else if (percent >= 100) {
            return period;
        }
        return (uint32_t)(percent / MICROPY_FLOAT_CONST(100.0) * (mp_float_t)period);
    }
    mp_int_t percent = mp_obj_get_int(percent_in);
    if (percent <= 0) {
        return 0;
    } else if (percent >= 100) {
        return period;
    } else if (period > MAX_PERIOD_DIV_100) {
        return (uint32_t)percent * (period / 100);
    }
    return (uint32_t)percent * period / 100;
}

static mp_obj_t compute_percent_from_pwm_value(uint32_t period, uint32_t cmp) {
    if (cmp >= period) {
        return mp_obj_new_float(MICROPY_FLOAT_CONST(100.0));
    }
    return mp_obj_new_float((mp_float_t)cmp * MICROPY_FLOAT_CONST(100.0) / (mp_float_t)period);
}

// Dead time in timer clock ticks <-> BDTR.DTG (RM0090 17.4.18): 0-127 in steps of 1,
// 128-254 in steps of 2, 256-504 in steps of 8, 512-1008 in steps of 16.
static uint32_t compute_dtg_from_ticks(mp_int_t ticks) {
    if (ticks <= 0) {
        return 0;
    } else if (ticks < 128) {
        return ticks;
    } else if (ticks < 256) {
        return 0x80 | ((ticks - 128) / 2);
    } else if (ticks < 512) {
        return 0xC0 | ((ticks - 256) / 8);
    } else if (ticks < 1008) {
        return 0xE0 | ((ticks - 512) / 16);
    }
    return 0xFF;
}

static mp_int_t compute_ticks_from_dtg(uint32_t dtg) {
    if ((dtg & 0x80) == 0) {
        return dtg & 0x7F;
    } else if ((dtg & 0xC0) == 0x80) {
        return 128 + (dtg & 0x3F) * 2;
    } else if ((dtg & 0xE0) == 0xC0) {
        return 256 + (dtg & 0x1F) * 8;
    }
    return 512 + (dtg & 0x1F) * 16;
}

static void pyb_timer_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->initialised) {
        mp_printf(print, "Timer(%u)", self->tim_id);
        return;
    }
    TIM_TypeDef *tim = self->tim;
    uint32_t prescaler = tim->PSC & 0xffff;
    uint32_t period = tim->ARR & timer_cnt_mask(self->tim_id);
    uint32_t cr1 = tim->CR1;
    uint32_t ckd = (cr1 & TIM_CR1_CKD_Msk) >> TIM_CR1_CKD_Pos;
    // As on the stm32 port, freq is printed as an integer.
    uint32_t freq = timer_get_source_freq(self->tim_id) / ((uint64_t)(prescaler + 1) * ((uint64_t)period + 1));
    mp_printf(print, "Timer(%u, freq=%u, prescaler=%u, period=%u, mode=%s, div=%u",
        self->tim_id, (unsigned int)freq, (unsigned int)prescaler, (unsigned int)period,
        (cr1 & TIM_CR1_CMS_Msk) ? "CENTER" : (cr1 & TIM_CR1_DIR) ? "DOWN" : "UP",
        ckd == 2 ? 4 : ckd == 1 ? 2 : 1);
    if (timer_is_advanced(self->tim_id)) {
        uint32_t bdtr = tim->BDTR;
        mp_printf(print, ", deadtime=%u", (unsigned int)compute_ticks_from_dtg(bdtr & TIM_BDTR_DTG_Msk));
        if (bdtr & TIM_BDTR_BKE) {
            mp_printf(print, ", brk=%s", (bdtr & TIM_BDTR_BKP) ? "BRK_HIGH" : "BRK_LOW");
        } else {
            mp_printf(print, ", brk=BRK_OFF");
        }
    }
    mp_print_str(print, ")");
}

// init(*, freq, prescaler, period, tick_hz=1000, mode=UP, div=1, callback=None,
// deadtime=0, brk=BRK_OFF)
static mp_obj_t pyb_timer_init_helper(pyb_timer_obj_t *self, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_freq, ARG_prescaler, ARG_period, ARG_tick_hz, ARG_mode, ARG_div, ARG_callback, ARG_deadtime, ARG_brk };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_freq,         MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_prescaler,    MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0xffffffff} },
        { MP_QSTR_period,       MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0xffffffff} },
        { MP_QSTR_tick_hz,      MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 1000} },
        { MP_QSTR_mode,         MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = TIMER_MODE_UP} },
        { MP_QSTR_div,          MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 1} },
        { MP_QSTR_callback,     MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_deadtime,     MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_brk,          MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = BRK_OFF} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    uint32_t prescaler, period;
    if (args[ARG_freq].u_obj != mp_const_none) {
        prescaler = timer_compute_prescaler_period_from_freq(self->tim_id, args[ARG_freq].u_obj, &period);
    } else if (args[ARG_prescaler].u_int != 0xffffffff && args[ARG_period].u_int != 0xffffffff) {
        prescaler = args[ARG_prescaler].u_int;
        period = args[ARG_period].u_int;
    } else if (args[ARG_period].u_int != 0xffffffff) {
        prescaler = timer_compute_prescaler_period_from_t(self->tim_id, args[ARG_period].u_int, args[ARG_tick_hz].u_int, &period);
    } else {
        mp_raise_TypeError(MP_ERROR_TEXT("must specify either freq, period, or prescaler and period"));
    }

    mp_int_t mode = args[ARG_mode].u_int;
    if (!(mode == TIMER_MODE_UP || mode == TIMER_MODE_DOWN || mode == TIMER_MODE_CENTER
          || mode == (2 << TIM_CR1_CMS_Pos) || mode == (3 << TIM_CR1_CMS_Pos))) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid mode (%d)"), (int)mode);
    }
    mp_int_t div = args[ARG_div].u_int;
    uint32_t ckd = div == 2 ? 1 : div == 4 ? 2 : 0;

    // This timer is ours now, not a machine.Timer's.
    machine_timer_hw_release(self->tim_id);
    #if MICROPY_HW_ENABLE_SERVO
    if (self->tim_id == 5) {
        servo_release_timer();
    }
    #endif

    timer_base_init(self->tim_id, prescaler, period, mode | (ckd << TIM_CR1_CKD_Pos), false);
    if (timer_is_advanced(self->tim_id)) {
        // Dead time and break input; AOE off, MOE is set when a channel starts.
        mp_int_t brk = args[ARG_brk].u_int;
        self->tim->BDTR = compute_dtg_from_ticks(args[ARG_deadtime].u_int)
            | (brk != BRK_OFF ? TIM_BDTR_BKE : 0) | (brk == BRK_HIGH ? TIM_BDTR_BKP : 0);
    }
    self->initialised = true;

    if (args[ARG_callback].u_obj == mp_const_none) {
        self->tim->CR1 |= TIM_CR1_CEN;
    } else {
        pyb_timer_callback(MP_OBJ_FROM_PTR(self), args[ARG_callback].u_obj);
    }
    return mp_const_none;
}

// Timer(id, ...): id 1..14; with more arguments, init(...) them.
static mp_obj_t pyb_timer_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    mp_int_t tim_id = mp_obj_get_int(args[0]);
    if (timer_get_instance(tim_id) == NULL) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Timer(%d) doesn't exist"), (int)tim_id);
    }
    if (MICROPY_HW_TIM_IS_RESERVED(tim_id)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Timer(%d) is reserved"), (int)tim_id);
    }

    // One object per timer, as on the stm32 port.
    pyb_timer_obj_t *tim = MP_STATE_PORT(pyb_timer_obj_all)[tim_id - 1];
    if (tim == NULL) {
        tim = m_new_obj(pyb_timer_obj_t);
        memset(tim, 0, sizeof(*tim));
        tim->base.type = &pyb_timer_type;
        tim->tim_id = tim_id;
        tim->callback = mp_const_none;
        tim->tim = timer_get_instance(tim_id);
        MP_STATE_PORT(pyb_timer_obj_all)[tim_id - 1] = tim;
    }

    if (n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        pyb_timer_init_helper(tim, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(tim);
}

static mp_obj_t pyb_timer_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return pyb_timer_init_helper(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_timer_init_obj, 1, pyb_timer_init);

// deinit(): callbacks off, channels off, counter stopped. The clock stays on.
static mp_obj_t pyb_timer_deinit(mp_obj_t self_in) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(self_in);
    pyb_timer_callback(self_in, mp_const_none);
    pyb_timer_channel_obj_t *chan = self->channel;
    self->channel = NULL;
    while (chan != NULL) {
        pyb_timer_channel_callback(MP_OBJ_FROM_PTR(chan), mp_const_none);
        pyb_timer_channel_obj_t *next = chan->next;
        chan->next = NULL;
        chan = next;
    }
    self->initialised = false;
    if (timer_clock_is_enabled(self->tim_id)) {
        self->tim->CCER = 0;
        self->tim->CR1 = 0;
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_timer_deinit_obj, pyb_timer_deinit);

// channel(n[, mode, *, callback, pin, pulse_width, pulse_width_percent, compare, polarity])
static mp_obj_t pyb_timer_channel(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_mode, ARG_callback, ARG_pin, ARG_pulse_width, ARG_pulse_width_percent, ARG_compare, ARG_polarity };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_mode,                MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_callback,            MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_pin,                 MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_pulse_width,         MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_pulse_width_percent, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_compare,             MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_polarity,            MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0xffffffff} },
    };

    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_int_t channel = mp_obj_get_int(pos_args[1]);
    if (channel < 1 || channel > (mp_int_t)timer_num_channels(self->tim_id)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid channel (%d)"), (int)channel);
    }

    pyb_timer_channel_obj_t *chan = self->channel;
    pyb_timer_channel_obj_t *prev_chan = NULL;
    while (chan != NULL && chan->channel != channel) {
        prev_chan = chan;
        chan = chan->next;
    }

    // channel(n) alone: the channel set up before, or None.
    if (n_args == 2 && kw_args->used == 0) {
        return chan != NULL ? MP_OBJ_FROM_PTR(chan) : mp_const_none;
    }

    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 2, pos_args + 2, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    mp_int_t mode = args[ARG_mode].u_int;
    if (mode < 0 || mode >= CHANNEL_MODE_NUM) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid mode (%d)"), (int)mode);
    }
    if (mode >= CHANNEL_MODE_ENC_A && !(self->tim_id <= 5 || self->tim_id == 8)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("encoder not supported on timer %d"), self->tim_id);
    }
    mp_int_t polarity = args[ARG_polarity].u_int;
    if (mode >= CHANNEL_MODE_OC_TIMING && mode <= CHANNEL_MODE_OC_FORCED_INACTIVE) {
        if (polarity == 0xffffffff) {
            polarity = TIMER_POLARITY_HIGH;
        } else if (polarity != TIMER_POLARITY_HIGH && polarity != TIMER_POLARITY_LOW) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid polarity (%d)"), (int)polarity);
        }
    } else if (mode >= CHANNEL_MODE_IC) {
        if (polarity == 0xffffffff) {
            polarity = TIMER_POLARITY_RISING;
        } else if (polarity != TIMER_POLARITY_RISING && polarity != TIMER_POLARITY_FALLING
                   && polarity != TIMER_POLARITY_BOTH) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid polarity (%d)"), (int)polarity);
        }
    }
    mp_obj_t callback = args[ARG_callback].u_obj;
    if (callback != mp_const_none && !mp_obj_is_callable(callback)) {
        mp_raise_ValueError(MP_ERROR_TEXT("callback must be None or a callable object"));
    }

    mp_obj_t pin_obj = args[ARG_pin].u_obj;
    const timer_pin_af_t *af = NULL;
    if (pin_obj != mp_const_none) {
        if (!mp_obj_is_type(pin_obj, &machine_pin_type)) {
            mp_raise_ValueError(MP_ERROR_TEXT("pin argument needs to be a Pin type"));
        }
        const machine_pin_obj_t *pin = MP_OBJ_TO_PTR(pin_obj);
        // Any channel of this timer, like the stm32 port (which only checks the timer).
        af = timer_find_pin_af(pin, self->tim_id, 0);
        if (af == NULL) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Pin(%q) doesn't have an alt for Timer(%d)"), pin->name, self->tim_id);
        }
    }

    // An existing channel object is replaced: unlink it first, its IRQ off.
    if (chan != NULL) {
        pyb_timer_channel_callback(MP_OBJ_FROM_PTR(chan), mp_const_none);
        if (prev_chan != NULL) {
            prev_chan->next = chan->next;
        } else {
            self->channel = chan->next;
        }
        chan->next = NULL;
    }

    chan = m_new_obj(pyb_timer_channel_obj_t);
    memset(chan, 0, sizeof(*chan));
    chan->base.type = &pyb_timer_channel_type;
    chan->timer = self;
    chan->channel = channel;
    chan->mode = mode;
    chan->callback = mp_const_none;

    if (af != NULL) {
        machine_pin_config(MP_OBJ_TO_PTR(pin_obj), PIN_MODE_ALT, PIN_PULL_NONE, af->af);
    }

    // Linked before it is enabled, so the IRQ handler sees it.
    chan->next = self->channel;
    self->channel = chan;

    TIM_TypeDef *tim = self->tim;
    timer_clock_enable(self->tim_id);
    switch (mode) {
        case CHANNEL_MODE_PWM_NORMAL:
        case CHANNEL_MODE_PWM_INVERTED: {
            uint32_t pulse;
            if (args[ARG_pulse_width_percent].u_obj != mp_const_none) {
                pulse = compute_pwm_value_from_percent(compute_period(self), args[ARG_pulse_width_percent].u_obj);
            } else {
                pulse = args[ARG_pulse_width].u_int;
            }
            timer_oc_config(self->tim_id, channel, channel_mode_info[mode].mode, pulse, false, true);
            break;
        }
        case CHANNEL_MODE_OC_TIMING:
        case CHANNEL_MODE_OC_ACTIVE:
        case CHANNEL_MODE_OC_INACTIVE:
        case CHANNEL_MODE_OC_TOGGLE:
        case CHANNEL_MODE_OC_FORCED_ACTIVE:
        case CHANNEL_MODE_OC_FORCED_INACTIVE:
            timer_oc_config(self->tim_id, channel, channel_mode_info[mode].mode, args[ARG_compare].u_int,
                polarity == TIMER_POLARITY_LOW, false);
            break;
        case CHANNEL_MODE_IC: {
            uint32_t shift_ccer = 4 * (channel - 1);
            uint32_t shift_ccmr = 8 * ((channel - 1) & 1);
            volatile uint32_t *ccmr = channel <= 2 ? &tim->CCMR1 : &tim->CCMR2;
            tim->CCER &= ~(0xfUL << shift_ccer);
            // CCxS = 01: capture TIx directly; no prescaler, no filter.
            *ccmr = (*ccmr & ~(0xffUL << shift_ccmr)) | (1UL << shift_ccmr);
            tim->CCER |= (TIM_CCER_CC1E | polarity) << shift_ccer;
            break;
        }
        default: { // encoder modes: both TI1 and TI2, the channel number does not matter
            tim->DIER &= ~TIM_DIER_UIE;
            tim->CR1 &= ~TIM_CR1_CEN;
            tim->SMCR = (tim->SMCR & ~TIM_SMCR_SMS_Msk) | channel_mode_info[mode].mode;
            tim->CCER &= ~0xffUL;
            tim->CCMR1 = (1UL << 0) | (1UL << 8); // CC1S = 01 (TI1), CC2S = 01 (TI2)
            tim->CCER |= (TIM_CCER_CC1E | polarity) | ((TIM_CCER_CC1E | polarity) << 4);
            tim->CNT = 0;
            if (self->callback != mp_const_none) {
                tim->SR = ~TIM_SR_UIF;
                tim->DIER |= TIM_DIER_UIE;
            }
            break;
        }
    }
    if (callback != mp_const_none && mode < CHANNEL_MODE_ENC_A) {
        pyb_timer_channel_callback(MP_OBJ_FROM_PTR(chan), callback);
    }
    tim->CR1 |= TIM_CR1_CEN;
    return MP_OBJ_FROM_PTR(chan);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_timer_channel_obj, 2, pyb_timer_channel);

static mp_obj_t pyb_timer_counter(size_t n_args, const mp_obj_t *args) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return mp_obj_new_int_from_uint(self->tim->CNT & timer_cnt_mask(self->tim_id));
    }
    self->tim->CNT = mp_obj_get_int_truncated(args[1]) & timer_cnt_mask(self->tim_id);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_timer_counter_obj, 1, 2, pyb_timer_counter);

static mp_obj_t pyb_timer_source_freq(mp_obj_t self_in) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(self_in);
    return mp_obj_new_int_from_uint(timer_get_source_freq(self->tim_id));
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_timer_source_freq_obj, pyb_timer_source_freq);

// freq([value]): an int when the division is exact, else a float.
static mp_obj_t pyb_timer_freq(size_t n_args, const mp_obj_t *args) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        uint32_t divide_a = (self->tim->PSC & 0xffff) + 1;
        uint64_t divide_b = (uint64_t)(self->tim->ARR & timer_cnt_mask(self->tim_id)) + 1;
        uint32_t source_freq = timer_get_source_freq(self->tim_id);
        if (source_freq % divide_a != 0) {
            return mp_obj_new_float((mp_float_t)source_freq / (mp_float_t)divide_a / (mp_float_t)divide_b);
        }
        source_freq /= divide_a;
        if (source_freq % divide_b != 0) {
            return mp_obj_new_float((mp_float_t)source_freq / (mp_float_t)divide_b);
        }
        return mp_obj_new_int_from_uint((uint32_t)(source_freq / divide_b));
    }
    uint32_t period;
    uint32_t prescaler = timer_compute_prescaler_period_from_freq(self->tim_id, args[1], &period);
    self->tim->PSC = prescaler;
    self->tim->ARR = period;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_timer_freq_obj, 1, 2, pyb_timer_freq);

static mp_obj_t pyb_timer_prescaler(size_t n_args, const mp_obj_t *args) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return mp_obj_new_int(self->tim->PSC & 0xffff);
    }
    self->tim->PSC = mp_obj_get_int(args[1]) & 0xffff;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_timer_prescaler_obj, 1, 2, pyb_timer_prescaler);

static mp_obj_t pyb_timer_period(size_t n_args, const mp_obj_t *args) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return mp_obj_new_int_from_uint(self->tim->ARR & timer_cnt_mask(self->tim_id));
    }
    self->tim->ARR = mp_obj_get_int_truncated(args[1]) & timer_cnt_mask(self->tim_id);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_timer_period_obj, 1, 2, pyb_timer_period);

// callback(fun): fun(timer) on each update event, in the interrupt; None disables.
static mp_obj_t pyb_timer_callback(mp_obj_t self_in, mp_obj_t callback) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (callback == mp_const_none) {
        if (timer_clock_is_enabled(self->tim_id)) {
            self->tim->DIER &= ~TIM_DIER_UIE; // the timer keeps running
        }
        self->callback = mp_const_none;
    } else if (mp_obj_is_callable(callback)) {
        TIM_TypeDef *tim = self->tim;
        timer_clock_enable(self->tim_id);
        tim->DIER &= ~TIM_DIER_UIE;
        self->callback = callback;
        // A flag left from before (or from init's update event) must not fire now.
        tim->SR = ~TIM_SR_UIF;
        tim->DIER |= TIM_DIER_UIE;
        tim->CR1 |= TIM_CR1_CEN;
        timer_nvic_enable(self->tim_id);
    } else {
        mp_raise_ValueError(MP_ERROR_TEXT("callback must be None or a callable object"));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_timer_callback_obj, pyb_timer_callback);

static const mp_rom_map_elem_t pyb_timer_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&pyb_timer_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&pyb_timer_deinit_obj) },
    { MP_ROM_QSTR(MP_QSTR_channel), MP_ROM_PTR(&pyb_timer_channel_obj) },
    { MP_ROM_QSTR(MP_QSTR_counter), MP_ROM_PTR(&pyb_timer_counter_obj) },
    { MP_ROM_QSTR(MP_QSTR_source_freq), MP_ROM_PTR(&pyb_timer_source_freq_obj) },
    { MP_ROM_QSTR(MP_QSTR_freq), MP_ROM_PTR(&pyb_timer_freq_obj) },
    { MP_ROM_QSTR(MP_QSTR_prescaler), MP_ROM_PTR(&pyb_timer_prescaler_obj) },
    { MP_ROM_QSTR(MP_QSTR_period), MP_ROM_PTR(&pyb_timer_period_obj) },
    { MP_ROM_QSTR(MP_QSTR_callback), MP_ROM_PTR(&pyb_timer_callback_obj) },
    { MP_ROM_QSTR(MP_QSTR_UP), MP_ROM_INT(TIMER_MODE_UP) },
    { MP_ROM_QSTR(MP_QSTR_DOWN), MP_ROM_INT(TIMER_MODE_DOWN) },
    { MP_ROM_QSTR(MP_QSTR_CENTER), MP_ROM_INT(TIMER_MODE_CENTER) },
    { MP_ROM_QSTR(MP_QSTR_PWM), MP_ROM_INT(CHANNEL_MODE_PWM_NORMAL) },
    { MP_ROM_QSTR(MP_QSTR_PWM_INVERTED), MP_ROM_INT(CHANNEL_MODE_PWM_INVERTED) },
    { MP_ROM_QSTR(MP_QSTR_OC_TIMING), MP_ROM_INT(CHANNEL_MODE_OC_TIMING) },
    { MP_ROM_QSTR(MP_QSTR_OC_ACTIVE), MP_ROM_INT(CHANNEL_MODE_OC_ACTIVE) },
    { MP_ROM_QSTR(MP_QSTR_OC_INACTIVE), MP_ROM_INT(CHANNEL_MODE_OC_INACTIVE) },
    { MP_ROM_QSTR(MP_QSTR_OC_TOGGLE), MP_ROM_INT(CHANNEL_MODE_OC_TOGGLE) },
    { MP_ROM_QSTR(MP_QSTR_OC_FORCED_ACTIVE), MP_ROM_INT(CHANNEL_MODE_OC_FORCED_ACTIVE) },
    { MP_ROM_QSTR(MP_QSTR_OC_FORCED_INACTIVE), MP_ROM_INT(CHANNEL_MODE_OC_FORCED_INACTIVE) },
    { MP_ROM_QSTR(MP_QSTR_IC), MP_ROM_INT(CHANNEL_MODE_IC) },
    { MP_ROM_QSTR(MP_QSTR_ENC_A), MP_ROM_INT(CHANNEL_MODE_ENC_A) },
    { MP_ROM_QSTR(MP_QSTR_ENC_B), MP_ROM_INT(CHANNEL_MODE_ENC_B) },
    { MP_ROM_QSTR(MP_QSTR_ENC_AB), MP_ROM_INT(CHANNEL_MODE_ENC_AB) },
    { MP_ROM_QSTR(MP_QSTR_HIGH), MP_ROM_INT(TIMER_POLARITY_HIGH) },
    { MP_ROM_QSTR(MP_QSTR_LOW), MP_ROM_INT(TIMER_POLARITY_LOW) },
    { MP_ROM_QSTR(MP_QSTR_RISING), MP_ROM_INT(TIMER_POLARITY_RISING) },
    { MP_ROM_QSTR(MP_QSTR_FALLING), MP_ROM_INT(TIMER_POLARITY_FALLING) },
    { MP_ROM_QSTR(MP_QSTR_BOTH), MP_ROM_INT(TIMER_POLARITY_BOTH) },
    { MP_ROM_QSTR(MP_QSTR_BRK_OFF), MP_ROM_INT(BRK_OFF) },
    { MP_ROM_QSTR(MP_QSTR_BRK_LOW), MP_ROM_INT(BRK_LOW) },
    { MP_ROM_QSTR(MP_QSTR_BRK_HIGH), MP_ROM_INT(BRK_HIGH) },
};
static MP_DEFINE_CONST_DICT(pyb_timer_locals_dict, pyb_timer_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_timer_type,
    MP_QSTR_Timer,
    MP_TYPE_FLAG_NONE,
    make_new, pyb_timer_make_new,
    print, pyb_timer_print,
    locals_dict, &pyb_timer_locals_dict
    );

static void pyb_timer_channel_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_timer_channel_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "TimerChannel(timer=%u, channel=%u, mode=%q)",
        self->timer->tim_id, self->channel, channel_mode_info[self->mode].name);
}

// capture([value]), compare([value]), pulse_width([value]): one CCRx, three names.
static mp_obj_t pyb_timer_channel_capture_compare(size_t n_args, const mp_obj_t *args) {
    pyb_timer_channel_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    volatile uint32_t *ccr = timer_ccr(self->timer->tim, self->channel);
    uint32_t mask = timer_cnt_mask(self->timer->tim_id);
    if (n_args == 1) {
        return mp_obj_new_int_from_uint(*ccr & mask);
    }
    *ccr = mp_obj_get_int_truncated(args[1]) & mask;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_timer_channel_capture_compare_obj, 1, 2, pyb_timer_channel_capture_compare);

static mp_obj_t pyb_timer_channel_pulse_width_percent(size_t n_args, const mp_obj_t *args) {
    pyb_timer_channel_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    volatile uint32_t *ccr = timer_ccr(self->timer->tim, self->channel);
    uint32_t mask = timer_cnt_mask(self->timer->tim_id);
    uint32_t period = compute_period(self->timer);
    if (n_args == 1) {
        return compute_percent_from_pwm_value(period, *ccr & mask);
    }
    *ccr = compute_pwm_value_from_percent(period, args[1]) & mask;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_timer_channel_pulse_width_percent_obj, 1, 2, pyb_timer_channel_pulse_width_percent);

// callback(fun): fun(timer) on each compare match/capture, in the interrupt.
static mp_obj_t pyb_timer_channel_callback(mp_obj_t self_in, mp_obj_t callback) {
    pyb_timer_channel_obj_t *self = MP_OBJ_TO_PTR(self_in);
    TIM_TypeDef *tim = self->timer->tim;
    uint32_t mask = TIMER_IRQ_MASK(self->channel);
    if (callback == mp_const_none) {
        if (timer_clock_is_enabled(self->timer->tim_id)) {
            tim->DIER &= ~mask;
        }
        self->callback = mp_const_none;
    } else if (mp_obj_is_callable(callback)) {
        tim->DIER &= ~mask;
        self->callback = callback;
        tim->SR = ~mask;
        tim->DIER |= mask;
        timer_nvic_enable(self->timer->tim_id);
        tim->CR1 |= TIM_CR1_CEN;
    } else {
        mp_raise_ValueError(MP_ERROR_TEXT("callback must be None or a callable object"));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_timer_channel_callback_obj, pyb_timer_channel_callback);

static const mp_rom_map_elem_t pyb_timer_channel_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_callback), MP_ROM_PTR(&pyb_timer_channel_callback_obj) },
    { MP_ROM_QSTR(MP_QSTR_pulse_width), MP_ROM_PTR(&pyb_timer_channel_capture_compare_obj) },
    { MP_ROM_QSTR(MP_QSTR_pulse_width_percent), MP_ROM_PTR(&pyb_timer_channel_pulse_width_percent_obj) },
    { MP_ROM_QSTR(MP_QSTR_capture), MP_ROM_PTR(&pyb_timer_channel_capture_compare_obj) },
    { MP_ROM_QSTR(MP_QSTR_compare), MP_ROM_PTR(&pyb_timer_channel_capture_compare_obj) },
};
static MP_DEFINE_CONST_DICT(pyb_timer_channel_locals_dict, pyb_timer_channel_locals_dict_table);

static MP_DEFINE_CONST_OBJ_TYPE(
    pyb_timer_channel_type,
    MP_QSTR_TimerChannel,
    MP_TYPE_FLAG_NONE,
    print, pyb_timer_channel_print,
    locals_dict, &pyb_timer_channel_locals_dict
    );

/******************************************************************************/
// Interrupts

static void pyb_timer_handle_irq(pyb_timer_obj_t *tim, uint8_t channel, mp_obj_t *callback) {
    if (*callback == mp_const_none) {
        return;
    }
    mp_obj_t exc = irq_call_hard_callback(*callback, MP_OBJ_FROM_PTR(tim));
    if (exc != MP_OBJ_NULL) {
        // Disable it, so that it does not fail again and again.
        *callback = mp_const_none;
        tim->tim->DIER &= ~TIMER_IRQ_MASK(channel);
        if (channel == 0) {
            mp_printf(MICROPY_ERROR_PRINTER, "uncaught exception in Timer(%u) interrupt handler\n", tim->tim_id);
        } else {
            mp_printf(MICROPY_ERROR_PRINTER, "uncaught exception in Timer(%u) channel %u interrupt handler\n", tim->tim_id, channel);
        }
        mp_obj_print_exception(&mp_plat_print, exc);
    }
}

void timer_irq_handler(uint32_t tim_id) {
    if (!timer_clock_is_enabled(tim_id)) {
        return; // the other timer of a shared line
    }
    TIM_TypeDef *tim = timer_get_instance(tim_id);
    uint32_t pending = tim->SR & tim->DIER & 0x1f; // UIF, CC1IF..CC4IF
    if (pending == 0) {
        return;
    }
    // Cleared before the callbacks run: an event during a callback is not lost.
    tim->SR = ~pending;
    uint32_t handled = 0;

    if (pending & TIM_SR_UIF) {
        #if MICROPY_HW_ENABLE_SERVO
        if (tim_id == 5 && servo_timer_irq_callback()) {
            handled |= TIM_SR_UIF;
        }
        #endif
        if (machine_timer_hw_irq(tim_id)) {
            handled |= TIM_SR_UIF;
        }
    }

    pyb_timer_obj_t *self = MP_STATE_PORT(pyb_timer_obj_all)[tim_id - 1];
    if (self != NULL) {
        if ((pending & TIM_SR_UIF) && self->callback != mp_const_none) {
            pyb_timer_handle_irq(self, 0, &self->callback);
            handled |= TIM_SR_UIF;
        }
        for (pyb_timer_channel_obj_t *chan = self->channel; chan != NULL; chan = chan->next) {
            if ((pending & TIMER_IRQ_MASK(chan->channel)) && chan->callback != mp_const_none) {
                pyb_timer_handle_irq(self, chan->channel, &chan->callback);
                handled |= TIMER_IRQ_MASK(chan->channel);
            }
        }
    }

    // Nobody wants these: disable them, or they would fire forever.
    uint32_t unhandled = pending & ~handled;
    if (unhandled != 0) {
        tim->DIER &= ~unhandled;
        mp_printf(MICROPY_ERROR_PRINTER, "unhandled interrupt SR=0x%02x (now disabled)\n", (unsigned int)unhandled);
    }
}

// The vectors (names from startup_stm32f407.c). Lines shared by two timers
// serve both.
void TIM1_BRK_TIM9_IRQHandler(void) {
    timer_irq_handler(9);
}

void TIM1_UP_TIM10_IRQHandler(void) {
    timer_irq_handler(1);
    timer_irq_handler(10);
}

void TIM1_TRG_COM_TIM11_IRQHandler(void) {
    timer_irq_handler(11);
}

void TIM1_CC_IRQHandler(void) {
    timer_irq_handler(1);
}

void TIM2_IRQHandler(void) {
    timer_irq_handler(2);
}

void TIM3_IRQHandler(void) {
    timer_irq_handler(3);
}

void TIM4_IRQHandler(void) {
    timer_irq_handler(4);
}

void TIM5_IRQHandler(void) {
    timer_irq_handler(5);
}

void TIM6_DAC_IRQHandler(void) {
    timer_irq_handler(6);
}

void TIM7_IRQHandler(void) {
    timer_irq_handler(7);
}

void TIM8_BRK_TIM12_IRQHandler(void) {
    timer_irq_handler(12);
}

void TIM8_UP_TIM13_IRQHandler(void) {
    timer_irq_handler(8);
    timer_irq_handler(13);
}

void TIM8_TRG_COM_TIM14_IRQHandler(void) {
    timer_irq_handler(14);
}

void TIM8_CC_IRQHandler(void) {
    timer_irq_handler(8);
}
