// PendSV dispatch: handlers of higher priority (SysTick) hand work to the lowest
// priority level, where it may run for longer without delaying other interrupts.
// The soft timers' heap is protected by raising BASEPRI to this level
// (MICROPY_PY_PENDSV_ENTER), so their handler must run here.
#include "py/mphal.h"
#include "irq.h"
#include "pendsv.h"

static volatile pendsv_dispatch_t pendsv_dispatch_table[PENDSV_DISPATCH_NUM_SLOTS];

void pendsv_init(void) {
    for (size_t i = 0; i < PENDSV_DISPATCH_NUM_SLOTS; i++) {
        pendsv_dispatch_table[i] = NULL;
    }
    NVIC_SetPriority(PendSV_IRQn, IRQ_PRI_PENDSV);
}

void pendsv_schedule_dispatch(size_t slot, pendsv_dispatch_t f) {
    pendsv_dispatch_table[slot] = f;
    SCB->ICSR = SCB_ICSR_PENDSVSET_Msk;
}

void PendSV_Handler(void) {
    for (size_t i = 0; i < PENDSV_DISPATCH_NUM_SLOTS; i++) {
        pendsv_dispatch_t f = pendsv_dispatch_table[i];
        if (f != NULL) {
            pendsv_dispatch_table[i] = NULL;
            f();
        }
    }
}
