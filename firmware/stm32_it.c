// Fault handlers: dump the faulting context on the REPL UART, then reset the board, or
// halt it for a debugger after pyb.fault_debug(True) (the stm32 port's behaviour).
#include "py/mphal.h"
#include "py/gc.h"
#include "py/mpprint.h"
#include "py/runtime.h"
#include "stm32_it.h"
#include "uart.h"

int pyb_hard_fault_debug = 0;

// Stacked by the core on exception entry.
typedef struct {
    uint32_t r0, r1, r2, r3, r12, lr, pc, xpsr;
} exception_frame_t;

void hard_fault_report(exception_frame_t *frame, uint32_t exc_return);
void hard_fault_report(exception_frame_t *frame, uint32_t exc_return) {
    mp_printf(&mp_plat_print, "\nFATAL: fault (IPSR %u)\n", (unsigned int)(__get_IPSR() & 0x1ff));
    mp_printf(&mp_plat_print, "  r0  %08x  r1  %08x  r2  %08x  r3  %08x\n",
        (unsigned int)frame->r0, (unsigned int)frame->r1, (unsigned int)frame->r2, (unsigned int)frame->r3);
    mp_printf(&mp_plat_print, "  r12 %08x  lr  %08x  pc  %08x  psr %08x\n",
        (unsigned int)frame->r12, (unsigned int)frame->lr, (unsigned int)frame->pc, (unsigned int)frame->xpsr);
    mp_printf(&mp_plat_print, "  HFSR %08x  CFSR %08x  MMFAR %08x  BFAR %08x  EXC_RETURN %08x\n",
        (unsigned int)SCB->HFSR, (unsigned int)SCB->CFSR, (unsigned int)SCB->MMFAR, (unsigned int)SCB->BFAR,
        (unsigned int)exc_return);
    if (!pyb_hard_fault_debug) {
        mp_printf(&mp_plat_print, "resetting (pyb.fault_debug(True) halts instead)\n");
        uart_tx_flush(MICROPY_HW_UART_REPL);
        NVIC_SystemReset();
    }
    __fatal_error("fault");
}

// Pass the stack frame (MSP or PSP, per EXC_RETURN bit 2) to the C reporter.
#define FAULT_HANDLER(name) \
    __attribute__((naked)) void name(void) { \
        __asm volatile ( \
            "tst lr, #4\n" \
            "ite eq\n" \
            "mrseq r0, msp\n" \
            "mrsne r0, psp\n" \
            "mov r1, lr\n" \
            "b hard_fault_report\n" \
            ); \
    }

FAULT_HANDLER(HardFault_Handler)
FAULT_HANDLER(MemManage_Handler)
FAULT_HANDLER(BusFault_Handler)
FAULT_HANDLER(UsageFault_Handler)

// Run a Python callback in interrupt context: no heap, no scheduler, exceptions
// caught. Returns the exception, or MP_OBJ_NULL.
mp_obj_t irq_call_hard_callback(mp_obj_t callback, mp_obj_t arg) {
    mp_obj_t exc = MP_OBJ_NULL;
    mp_sched_lock();
    gc_lock();
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_call_function_1(callback, arg);
        nlr_pop();
    } else {
        exc = MP_OBJ_FROM_PTR(nlr.ret_val);
    }
    gc_unlock();
    mp_sched_unlock();
    return exc;
}
