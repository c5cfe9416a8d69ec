// machine.Timer: Timer(-1) (the default) is a soft timer, MicroPython's
// shared/runtime/softtimer.c driven by SysTick as on the stm32 port (1 ms
// resolution, callbacks scheduled). Timer(1..14) is the hardware timer TIMn, the
// same numbering as pyb.Timer: the update event ends each period, ONE_SHOT uses the
// one-pulse mode (CR1.OPM stops the counter at the update). Their callbacks are
// scheduled too unless hard=True, which runs them in the interrupt.
#include "py/gc.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "extmod/modmachine.h"
#include "shared/runtime/softtimer.h"
#include "timer.h"
#if MICROPY_HW_ENABLE_SERVO
#include "servo.h"
#include "stm32_it.h"
#endif

#define MACHINE_TIMER_ID_SOFT   (-1)

typedef struct _machine_timer_obj_t {
    // First, so that the soft timer entry (whose pairheap starts with the object
    // base) is the object: softtimer.c passes the entry to the callback.
    soft_timer_entry_t entry;
    int8_t id;              // -1 soft, 1..14 TIMn
    bool hard;              // hardware timers: call in the interrupt
    bool active;            // hardware timers: started by init()
} machine_timer_obj_t;

MP_REGISTER_ROOT_POINTER(struct _machine_timer_obj_t *machine_timer_hw_obj[TIMER_NUM]);

const mp_obj_type_t machine_timer_type;

static void machine_timer_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_timer_obj_t *self = MP_OBJ_TO_PTR(self_in);
    qstr mode = self->entry.mode == SOFT_TIMER_MODE_ONE_SHOT ? MP_QSTR_ONE_SHOT : MP_QSTR_PERIODIC;
    if (self->id == MACHINE_TIMER_ID_SOFT) {
        mp_printf(print, "Timer(mode=%q, period=%u)", mode, (unsigned int)self->entry.delta_ms);
    } else {
        TIM_TypeDef *tim = timer_get_instance(self->id);
        uint32_t psc = tim->PSC & 0xffff;
        uint32_t arr = tim->ARR & timer_cnt_mask(self->id);
        uint64_t ticks = (uint64_t)(psc + 1) * ((uint64_t)arr + 1);
        uint32_t period_us = ticks * 1000000 / timer_get_source_freq(self->id);
        mp_printf(print, "Timer(%d, mode=%q, period_us=%u, hard=%s)",
            self->id, mode, (unsigned int)period_us, self->hard ? "True" : "False");
    }
}

// Stop a hardware timer started by machine.Timer (the callback stays set).
static void machine_timer_hw_stop(machine_timer_obj_t *self) {
    if (self->active) {
        TIM_TypeDef *tim = timer_get_instance(self->id);
        tim->DIER &= ~TIM_DIER_UIE;
        tim->CR1 = 0;
        self->active = false;
    }
}

void machine_timer_hw_release(uint32_t tim_id) {
    machine_timer_obj_t *self = MP_STATE_PORT(machine_timer_hw_obj)[tim_id - 1];
    if (self != NULL) {
        machine_timer_hw_stop(self);
        MP_STATE_PORT(machine_timer_hw_obj)[tim_id - 1] = NULL;
    }
}

bool machine_timer_hw_irq(uint32_t tim_id) {
    machine_timer_obj_t *self = MP_STATE_PORT(machine_timer_hw_obj)[tim_id - 1];
    if (self == NULL || !self->active) {
        return false;
    }
    if (self->entry.mode == SOFT_TIMER_MODE_ONE_SHOT) {
        // The counter has stopped itself (OPM); no more interrupts.
        timer_get_instance(tim_id)->DIER &= ~TIM_DIER_UIE;
        self->active = false;
    }
    mp_obj_t callback = self->entry.py_callback;
    if (callback == mp_const_none) {
        return true;
    }
    if (!self->hard) {
        mp_sched_schedule(callback, MP_OBJ_FROM_PTR(self));
        return true;
    }
    mp_obj_t exc = irq_call_hard_callback(callback, MP_OBJ_FROM_PTR(self));
    if (exc != MP_OBJ_NULL) {
        machine_timer_hw_stop(self);
        mp_printf(MICROPY_ERROR_PRINTER, "uncaught exception in Timer(%d) interrupt handler\n", self->id);
        mp_obj_print_exception(&mp_plat_print, exc);
    }
    return true;
}

// init(*, mode=PERIODIC, callback=None, period=-1, tick_hz=1000, freq=None, hard=False)
static mp_obj_t machine_timer_init_helper(machine_timer_obj_t *self, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_mode, ARG_callback, ARG_period, ARG_tick_hz, ARG_freq, ARG_hard };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_mode,         MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = SOFT_TIMER_MODE_PERIODIC} },
        { MP_QSTR_callback,     MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_period,       MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0xffffffff} },
        { MP_QSTR_tick_hz,      MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 1000} },
        { MP_QSTR_freq,         MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_hard,         MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    mp_int_t mode = args[ARG_mode].u_int;
    if (mode != SOFT_TIMER_MODE_ONE_SHOT && mode != SOFT_TIMER_MODE_PERIODIC) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid mode"));
    }
    if (args[ARG_callback].u_obj != MP_OBJ_NULL) {
        mp_obj_t callback = args[ARG_callback].u_obj;
        if (callback != mp_const_none && !mp_obj_is_callable(callback)) {
            mp_raise_ValueError(MP_ERROR_TEXT("callback must be None or a callable object"));
        }
        self->entry.py_callback = callback;
    }

    if (self->id == MACHINE_TIMER_ID_SOFT) {
        // As extmod/machine_timer.c: milliseconds, at least 1.
        uint64_t delta_ms = self->entry.delta_ms;
        if (args[ARG_freq].u_obj != mp_const_none) {
            mp_float_t freq = mp_obj_get_float(args[ARG_freq].u_obj);
            if (!(freq > 0)) {
                mp_raise_ValueError(MP_ERROR_TEXT("must have positive freq"));
            }
            delta_ms = (uint32_t)(MICROPY_FLOAT_CONST(1000.0) / freq);
        } else if (args[ARG_period].u_int != 0xffffffff) {
            if (args[ARG_tick_hz].u_int <= 0) {
                mp_raise_ValueError(MP_ERROR_TEXT("must have positive freq"));
            }
            delta_ms = (uint64_t)args[ARG_period].u_int * 1000 / args[ARG_tick_hz].u_int;
        }
        if (delta_ms < 1) {
            delta_ms = 1;
        } else if (delta_ms >= 0x40000000) {
            mp_raise_ValueError(MP_ERROR_TEXT("period too large"));
        }
        self->entry.mode = mode;
        self->entry.delta_ms = (uint32_t)delta_ms;
        if (self->entry.py_callback != mp_const_none) {
            soft_timer_insert(&self->entry, self->entry.delta_ms);
        }
        return mp_const_none;
    }

    // A hardware timer: freq, or period in 1/tick_hz s (ms by default), else 1 s
    // as a soft timer.
    uint32_t prescaler, period;
    if (args[ARG_freq].u_obj != mp_const_none) {
        prescaler = timer_compute_prescaler_period_from_freq(self->id, args[ARG_freq].u_obj, &period);
    } else if (args[ARG_period].u_int != 0xffffffff) {
        prescaler = timer_compute_prescaler_period_from_t(self->id, args[ARG_period].u_int, args[ARG_tick_hz].u_int, &period);
    } else {
        prescaler = timer_compute_prescaler_period_from_t(self->id, self->entry.delta_ms, 1000, &period);
    }
    pyb_timer_release(self->id);
    machine_timer_hw_release(self->id);
    #if MICROPY_HW_ENABLE_SERVO
    if (self->id == 5) {
        servo_release_timer();
    }
    #endif
    self->entry.mode = mode;
    self->hard = args[ARG_hard].u_bool;
    MP_STATE_PORT(machine_timer_hw_obj)[self->id - 1] = self;
    timer_base_init(self->id, prescaler, period, 0, mode == SOFT_TIMER_MODE_ONE_SHOT);
    TIM_TypeDef *tim = timer_get_instance(self->id);
    self->active = true;
    tim->DIER |= TIM_DIER_UIE;
    timer_nvic_enable(self->id);
    tim->CR1 |= TIM_CR1_CEN;
    return mp_const_none;
}

// Timer(id=-1, /, ...)
static mp_obj_t machine_timer_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_int_t id = MACHINE_TIMER_ID_SOFT;
    if (n_args > 0) {
        id = mp_obj_get_int(args[0]);
        --n_args;
        ++args;
    }
    if (id != MACHINE_TIMER_ID_SOFT && (timer_get_instance(id) == NULL || MICROPY_HW_TIM_IS_RESERVED(id))) {
        mp_raise_ValueError(MP_ERROR_TEXT("Timer doesn't exist"));
    }

    machine_timer_obj_t *self = m_new_obj(machine_timer_obj_t);
    self->entry.pairheap.base.type = &machine_timer_type;
    self->entry.pairheap.child = NULL; // not in the soft timer heap
    self->entry.pairheap.next = NULL;
    self->entry.flags = SOFT_TIMER_FLAG_PY_CALLBACK | SOFT_TIMER_FLAG_GC_ALLOCATED;
    self->entry.mode = SOFT_TIMER_MODE_PERIODIC;
    self->entry.delta_ms = 1000;
    self->entry.py_callback = mp_const_none;
    self->id = id;
    self->hard = false;
    self->active = false;

    if (n_args > 0 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        machine_timer_init_helper(self, n_args, args, &kw_args);
    }
    return MP_OBJ_FROM_PTR(self);
}

static void machine_timer_stop(machine_timer_obj_t *self) {
    if (self->id == MACHINE_TIMER_ID_SOFT) {
        soft_timer_remove(&self->entry);
    } else if (MP_STATE_PORT(machine_timer_hw_obj)[self->id - 1] == self) {
        machine_timer_hw_release(self->id);
    }
}

static mp_obj_t machine_timer_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    machine_timer_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    machine_timer_stop(self);
    return machine_timer_init_helper(self, n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(machine_timer_init_obj, 1, machine_timer_init);

static mp_obj_t machine_timer_deinit(mp_obj_t self_in) {
    machine_timer_stop(MP_OBJ_TO_PTR(self_in));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_timer_deinit_obj, machine_timer_deinit);

static const mp_rom_map_elem_t machine_timer_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&machine_timer_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&machine_timer_deinit_obj) },
    { MP_ROM_QSTR(MP_QSTR_ONE_SHOT), MP_ROM_INT(SOFT_TIMER_MODE_ONE_SHOT) },
    { MP_ROM_QSTR(MP_QSTR_PERIODIC), MP_ROM_INT(SOFT_TIMER_MODE_PERIODIC) },
};
static MP_DEFINE_CONST_DICT(machine_timer_locals_dict, machine_timer_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    machine_timer_type,
    MP_QSTR_Timer,
    MP_TYPE_FLAG_NONE,
    make_new, machine_timer_make_new,
    print, machine_timer_print,
    locals_dict, &machine_timer_locals_dict
    );
