// External interrupts on GPIO pins (EXTI lines 0..15), as the stm32 port's
// extint.c: SYSCFG EXTICRx selects the port of each line, EXTI RTSR/FTSR the
// edges, IMR/EMR unmask the interrupt/event, PR (write 1 to clear) latches.
// Soft handlers are scheduled (mp_sched_schedule); hard ones run in the IRQ
// with the GC locked. pyb.ExtInt callbacks are hard, Pin.irq ones as asked.
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "extint.h"
#include "stm32_it.h"

// Below the UART (Ctrl-C) and SysTick, above the flash write-back and PendSV.
#define IRQ_PRI_EXTINT (13)

typedef struct {
    mp_obj_base_t base;
    mp_int_t line;
} extint_obj_t;

MP_REGISTER_ROOT_POINTER(mp_obj_t pyb_extint_callback[16]);
MP_REGISTER_ROOT_POINTER(mp_obj_t pyb_extint_callback_arg[16]);
static bool extint_hard_irq[EXTI_NUM_GPIO_LINES];

static const uint8_t extint_irqn[EXTI_NUM_GPIO_LINES] = {
    EXTI0_IRQn, EXTI1_IRQn, EXTI2_IRQn, EXTI3_IRQn, EXTI4_IRQn,
    EXTI9_5_IRQn, EXTI9_5_IRQn, EXTI9_5_IRQn, EXTI9_5_IRQn, EXTI9_5_IRQn,
    EXTI15_10_IRQn, EXTI15_10_IRQn, EXTI15_10_IRQn, EXTI15_10_IRQn, EXTI15_10_IRQn, EXTI15_10_IRQn,
};

void extint_init0(void) {
    EXTI->IMR &= ~0xffffUL;
    EXTI->EMR &= ~0xffffUL;
    EXTI->PR = 0xffff;
    for (int i = 0; i < EXTI_NUM_GPIO_LINES; i++) {
        MP_STATE_PORT(pyb_extint_callback)[i] = mp_const_none;
        MP_STATE_PORT(pyb_extint_callback_arg)[i] = mp_const_none;
        extint_hard_irq[i] = false;
    }
}

// The port currently routed to a line.
static uint32_t extint_get_port(uint32_t line) {
    return (SYSCFG->EXTICR[line >> 2] >> ((line & 3) * 4)) & 0xf;
}

void extint_register(const machine_pin_obj_t *pin, uint32_t mode, mp_obj_t callback,
    mp_obj_t callback_arg, bool hard, bool override) {
    uint32_t line = pin->pin;
    if (!(mode == PIN_IRQ_RISING || mode == PIN_IRQ_FALLING || mode == PIN_IRQ_RISING_FALLING
          || mode == PIN_EVT_RISING || mode == PIN_EVT_FALLING || mode == PIN_EVT_RISING_FALLING)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid ExtInt Mode: %d"), (int)mode);
    }
    RCC->APB2ENR |= RCC_APB2ENR_SYSCFGEN;
    (void)RCC->APB2ENR;
    mp_obj_t *cb = &MP_STATE_PORT(pyb_extint_callback)[line];
    if (!override && *cb != mp_const_none && extint_get_port(line) != pin->port) {
        mp_raise_msg_varg(&mp_type_OSError, MP_ERROR_TEXT("ExtInt vector %d is already in use"), (int)line);
    }

    extint_disable(line);
    *cb = callback;
    if (callback == mp_const_none) {
        return;
    }
    MP_STATE_PORT(pyb_extint_callback_arg)[line] = callback_arg;
    extint_hard_irq[line] = hard;

    uint32_t atomic = disable_irq();
    SYSCFG->EXTICR[line >> 2] = (SYSCFG->EXTICR[line >> 2] & ~(0xfUL << ((line & 3) * 4)))
        | ((uint32_t)pin->port << ((line & 3) * 4));
    uint32_t bit = 1UL << line;
    if (mode & 0x00100000) {
        EXTI->RTSR |= bit;
    } else {
        EXTI->RTSR &= ~bit;
    }
    if (mode & 0x00200000) {
        EXTI->FTSR |= bit;
    } else {
        EXTI->FTSR &= ~bit;
    }
    // The EXTICR change may itself have latched an edge: start clean.
    EXTI->PR = bit;
    if (mode & 0x00010000) {
        EXTI->EMR &= ~bit;
    } else {
        EXTI->IMR &= ~bit;
    }
    enable_irq(atomic);

    NVIC_SetPriority(extint_irqn[line], IRQ_PRI_EXTINT);
    NVIC_ClearPendingIRQ(extint_irqn[line]);
    NVIC_EnableIRQ(extint_irqn[line]);
    // Interrupt (IMR) or event (EMR) mode.
    atomic = disable_irq();
    if (mode & 0x00010000) {
        EXTI->IMR |= bit;
    } else {
        EXTI->EMR |= bit;
    }
    enable_irq(atomic);
}

void extint_enable(uint32_t line) {
    uint32_t atomic = disable_irq();
    EXTI->IMR |= 1UL << line;
    enable_irq(atomic);
}

void extint_disable(uint32_t line) {
    uint32_t atomic = disable_irq();
    EXTI->IMR &= ~(1UL << line);
    EXTI->EMR &= ~(1UL << line);
    enable_irq(atomic);
}

void extint_swint(uint32_t line) {
    EXTI->SWIER = 1UL << line;
}

static void extint_handle(uint32_t line) {
    uint32_t bit = 1UL << line;
    if (!(EXTI->PR & bit)) {
        return;
    }
    EXTI->PR = bit;
    mp_obj_t *cb = &MP_STATE_PORT(pyb_extint_callback)[line];
    if (*cb == mp_const_none) {
        return;
    }
    mp_obj_t arg = MP_STATE_PORT(pyb_extint_callback_arg)[line];
    if (!extint_hard_irq[line]) {
        mp_sched_schedule(*cb, arg);
        return;
    }
    mp_obj_t exc = irq_call_hard_callback(*cb, arg);
    if (exc != MP_OBJ_NULL) {
        // Uncaught exception: disable the callback so it doesn't run again.
        *cb = mp_const_none;
        extint_disable(line);
        mp_printf(&mp_plat_print, "uncaught exception in ExtInt interrupt handler line %u\n", (unsigned int)line);
        mp_obj_print_exception(&mp_plat_print, exc);
    }
}

void EXTI0_IRQHandler(void);
void EXTI1_IRQHandler(void);
void EXTI2_IRQHandler(void);
void EXTI3_IRQHandler(void);
void EXTI4_IRQHandler(void);
void EXTI9_5_IRQHandler(void);
void EXTI15_10_IRQHandler(void);

void EXTI0_IRQHandler(void) {
    extint_handle(0);
}
void EXTI1_IRQHandler(void) {
    extint_handle(1);
}
void EXTI2_IRQHandler(void) {
    extint_handle(2);
}
void EXTI3_IRQHandler(void) {
    extint_handle(3);
}
void EXTI4_IRQHandler(void) {
    extint_handle(4);
}
void EXTI9_5_IRQHandler(void) {
    for (uint32_t line = 5; line <= 9; line++) {
        extint_handle(line);
    }
}
void EXTI15_10_IRQHandler(void) {
    for (uint32_t line = 10; line <= 15; line++) {
        extint_handle(line);
    }
}

/******************************************************************************/
// pyb.ExtInt

// ExtInt(pin, mode, pull, callback): configures pin as an input with pull and
// calls callback(line) from the interrupt (hard IRQ) on the selected edges.
static mp_obj_t extint_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_pin, ARG_mode, ARG_pull, ARG_callback };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_pin, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_mode, MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_pull, MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_callback, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    const machine_pin_obj_t *pin = machine_pin_find(args[ARG_pin].u_obj);
    mp_int_t pull = args[ARG_pull].u_int;
    if (pull < PIN_PULL_NONE || pull > PIN_PULL_DOWN) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid ExtInt Pull: %d"), (int)pull);
    }
    mp_obj_t callback = args[ARG_callback].u_obj;
    if (callback != mp_const_none && !mp_obj_is_callable(callback)) {
        mp_raise_ValueError(MP_ERROR_TEXT("callback must be None or a callable object"));
    }
    machine_pin_config(pin, PIN_MODE_IN, pull, 0);
    extint_obj_t *self = mp_obj_malloc(extint_obj_t, type);
    self->line = pin->pin;
    extint_register(pin, args[ARG_mode].u_int, callback, MP_OBJ_NEW_SMALL_INT(self->line), true, false);
    return MP_OBJ_FROM_PTR(self);
}

static void extint_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    extint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<ExtInt line=%u>", (unsigned int)self->line);
}

static mp_obj_t extint_obj_line(mp_obj_t self_in) {
    extint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    return MP_OBJ_NEW_SMALL_INT(self->line);
}
static MP_DEFINE_CONST_FUN_OBJ_1(extint_obj_line_obj, extint_obj_line);

static mp_obj_t extint_obj_enable(mp_obj_t self_in) {
    extint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    extint_enable(self->line);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(extint_obj_enable_obj, extint_obj_enable);

static mp_obj_t extint_obj_disable(mp_obj_t self_in) {
    extint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    extint_disable(self->line);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(extint_obj_disable_obj, extint_obj_disable);

static mp_obj_t extint_obj_swint(mp_obj_t self_in) {
    extint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    extint_swint(self->line);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(extint_obj_swint_obj, extint_obj_swint);

static mp_obj_t extint_regs(void) {
    mp_printf(&mp_plat_print, "EXTI_IMR   %08x\n", (unsigned int)EXTI->IMR);
    mp_printf(&mp_plat_print, "EXTI_EMR   %08x\n", (unsigned int)EXTI->EMR);
    mp_printf(&mp_plat_print, "EXTI_RTSR  %08x\n", (unsigned int)EXTI->RTSR);
    mp_printf(&mp_plat_print, "EXTI_FTSR  %08x\n", (unsigned int)EXTI->FTSR);
    mp_printf(&mp_plat_print, "EXTI_SWIER %08x\n", (unsigned int)EXTI->SWIER);
    mp_printf(&mp_plat_print, "EXTI_PR    %08x\n", (unsigned int)EXTI->PR);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(extint_regs_fun_obj, extint_regs);
static MP_DEFINE_CONST_STATICMETHOD_OBJ(extint_regs_obj, MP_ROM_PTR(&extint_regs_fun_obj));

static const mp_rom_map_elem_t extint_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_line),    MP_ROM_PTR(&extint_obj_line_obj) },
    { MP_ROM_QSTR(MP_QSTR_enable),  MP_ROM_PTR(&extint_obj_enable_obj) },
    { MP_ROM_QSTR(MP_QSTR_disable), MP_ROM_PTR(&extint_obj_disable_obj) },
    { MP_ROM_QSTR(MP_QSTR_swint),   MP_ROM_PTR(&extint_obj_swint_obj) },
    { MP_ROM_QSTR(MP_QSTR_regs),    MP_ROM_PTR(&extint_regs_obj) },
    { MP_ROM_QSTR(MP_QSTR_IRQ_RISING),         MP_ROM_INT(PIN_IRQ_RISING) },
    { MP_ROM_QSTR(MP_QSTR_IRQ_FALLING),        MP_ROM_INT(PIN_IRQ_FALLING) },
    { MP_ROM_QSTR(MP_QSTR_IRQ_RISING_FALLING), MP_ROM_INT(PIN_IRQ_RISING_FALLING) },
    { MP_ROM_QSTR(MP_QSTR_EVT_RISING),         MP_ROM_INT(PIN_EVT_RISING) },
    { MP_ROM_QSTR(MP_QSTR_EVT_FALLING),        MP_ROM_INT(PIN_EVT_FALLING) },
    { MP_ROM_QSTR(MP_QSTR_EVT_RISING_FALLING), MP_ROM_INT(PIN_EVT_RISING_FALLING) },
};
static MP_DEFINE_CONST_DICT(extint_locals_dict, extint_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_extint_type,
    MP_QSTR_ExtInt,
    MP_TYPE_FLAG_NONE,
    make_new, extint_make_new,
    print, extint_print,
    locals_dict, &extint_locals_dict
    );
