// Timers TIM1-TIM14: the register-level driver shared by pyb.Timer, machine.Timer,
// machine.PWM, pyb.Servo and pyb.LED.intensity, and the pyb.Timer/TimerChannel classes.
#ifndef MICROPY_INCLUDED_TIMER_H
#define MICROPY_INCLUDED_TIMER_H

#include <stdbool.h>
#include <stdint.h>
#include "py/obj.h"
#include "stm32f407.h"
#include "machine_pin.h"

#define TIMER_NUM           (14) // TIM1..TIM14

// NVIC priority of the timer interrupts: below SysTick and the REPL UART (so that
// Ctrl-C gets through a busy callback), level with EXTI, above flash write-back.
#define IRQ_PRI_TIMX        (13)

// No timer is reserved on this board: the port's own time base is SysTick. TIM4
// drives the LEDs when LED.intensity() is used and TIM5 the servos once a Servo
// is created; they stay available to user code, as on the stm32 port.
#ifndef MICROPY_HW_TIM_IS_RESERVED
#define MICROPY_HW_TIM_IS_RESERVED(tim_id) (false)
#endif

// A pin's alternate function as a timer channel output (datasheet DS8626 table 9).
typedef struct {
    uint8_t port;      // 0 = GPIOA
    uint8_t pin;       // 0..15
    uint8_t tim_id;    // 1..14
    uint8_t channel;   // 1..4, | TIMER_PIN_AF_N for the complementary output CHxN
    uint8_t af;        // AFRL/AFRH value
} timer_pin_af_t;

#define TIMER_PIN_AF_N      (0x80)

extern const timer_pin_af_t timer_pin_af_table[];
extern const size_t timer_pin_af_table_len;

extern const mp_obj_type_t pyb_timer_type;

// Power-on and soft reset: forget all timer objects.
void timer_init0(void);
// Soft reset: stop every timer a pyb.Timer or machine.Timer object started.
void timer_deinit(void);

// Register block, or NULL if there is no TIMn.
TIM_TypeDef *timer_get_instance(uint32_t tim_id);
// Kernel clock of TIMn: PCLKx, doubled when the APBx prescaler is not 1 (RM0090 6.2).
uint32_t timer_get_source_freq(uint32_t tim_id);
// TIM2 and TIM5 have 32-bit counters, the others 16-bit.
static inline uint32_t timer_cnt_mask(uint32_t tim_id) {
    return (tim_id == 2 || tim_id == 5) ? 0xffffffff : 0xffff;
}
// Number of capture/compare channels (0 for the basic TIM6/7).
uint32_t timer_num_channels(uint32_t tim_id);
// Set the RCC enable bit of TIMn (and wait for it to take effect).
void timer_clock_enable(uint32_t tim_id);
bool timer_clock_is_enabled(uint32_t tim_id);
// The counter of TIMn runs (clock on and CR1.CEN set).
static inline bool timer_is_running(uint32_t tim_id) {
    return timer_clock_is_enabled(tim_id) && (timer_get_instance(tim_id)->CR1 & TIM_CR1_CEN);
}
// Update-event IRQ of TIMn, and the one of its capture/compare events.
IRQn_Type timer_get_irqn(uint32_t tim_id);
IRQn_Type timer_get_cc_irqn(uint32_t tim_id);
// Enable the timer's IRQ lines in the NVIC at IRQ_PRI_TIMX.
void timer_nvic_enable(uint32_t tim_id);

// The timer-channel AF of pin for TIMtim_id (any timer if tim_id is 0), or NULL.
// With channel 0 any channel of that timer matches.
const timer_pin_af_t *timer_find_pin_af(const machine_pin_obj_t *pin, uint32_t tim_id, uint32_t channel);

// Stop and reset the time base and set it up: prescaler, auto-reload (preloaded,
// ARPE), counter mode bits of CR1 (DIR/CMS), clock division, one-pulse mode.
// Loads PSC/ARR with an update event and clears the update flag; does not start it.
void timer_base_init(uint32_t tim_id, uint32_t prescaler, uint32_t period, uint32_t cr1_mode, bool one_pulse);

// Prescaler and period (ARR) for a rate of freq Hz (freq_in an int or float), or
// for a period of t_num/t_den s. Raise ValueError when out of range.
uint32_t timer_compute_prescaler_period_from_freq(uint32_t tim_id, mp_obj_t freq_in, uint32_t *period_out);
uint32_t timer_compute_prescaler_period_from_t(uint32_t tim_id, int32_t t_num, int32_t t_den, uint32_t *period_out);

// Configure channel 1..4 as output compare with OCxM = ocm (TIM_OCM_*), compare
// value ccr, active low if invert, output enabled (and CHxN on TIM1/8, MOE set).
void timer_oc_config(uint32_t tim_id, uint32_t channel, uint32_t ocm, uint32_t ccr, bool invert, bool preload);
// Compare register of a channel.
static inline volatile uint32_t *timer_ccr(TIM_TypeDef *tim, uint32_t channel) {
    return &tim->CCR1 + (channel - 1);
}

// Run a Python callback in interrupt context (heap locked, exceptions caught).
// Returns the exception it raised, or MP_OBJ_NULL.

// Called by the TIMx interrupt handlers.
void timer_irq_handler(uint32_t tim_id);

// A pyb.Timer(n) object was init()ed (and not deinit()ed).
bool pyb_timer_is_initialised(uint32_t tim_id);
// A pyb.Timer or machine.Timer takes over TIMn: the other one lets go of it.
void pyb_timer_release(uint32_t tim_id);
void machine_timer_hw_release(uint32_t tim_id);
// The update interrupt of a machine.Timer on TIMn (machine_timer_port.c).
bool machine_timer_hw_irq(uint32_t tim_id);
// Soft reset: stop the channels machine.PWM started (machine_pwm_port.c).
void machine_pwm_deinit_all(void);

#endif // MICROPY_INCLUDED_TIMER_H
