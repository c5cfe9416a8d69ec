// SysTick at 1 kHz: millisecond counter plus sub-millisecond interpolation.
#include "stm32f407.h"
#include "irq.h"
#include "system_stm32.h"
#include "systick.h"
#include "storage.h"
#include "pendsv.h"
#include "shared/runtime/softtimer.h"

volatile uint32_t uwTick;
static volatile uint32_t uwTick_hi; // upper 32 bits of the millisecond count

void systick_init(void) {
    SysTick->CTRL = 0;
    SysTick->LOAD = stm32_get_hclk_freq() / 1000 - 1;
    SysTick->VAL = 0;
    NVIC_SetPriority(SysTick_IRQn, IRQ_PRI_SYSTICK);
    SysTick->CTRL = SysTick_CTRL_CLKSOURCE_Msk | SysTick_CTRL_TICKINT_Msk | SysTick_CTRL_ENABLE_Msk;
}

void SysTick_Handler(void) {
    uint32_t t = uwTick + 1;
    uwTick = t;
    if (t == 0) {
        uwTick_hi = uwTick_hi + 1;
    }
    storage_systick(t);
    // machine.Timer(-1): the soft timers' handler runs at PendSV priority.
    if (soft_timer_next == t) {
        pendsv_schedule_dispatch(PENDSV_DISPATCH_SOFT_TIMER, soft_timer_handler);
    }
}

uint64_t systick_us64(void) {
    uint32_t irq_state = disable_irq();
    uint64_t ms = ((uint64_t)uwTick_hi << 32) | uwTick;
    uint32_t val = SysTick->VAL;
    // A pending SysTick means VAL wrapped and uwTick lags by one: count it and
    // re-read VAL so both values are after the wrap. This holds however long the
    // reads take (under QEMU that is host time, not instruction time).
    if (SCB->ICSR & SCB_ICSR_PENDSTSET_Msk) {
        ms += 1;
        val = SysTick->VAL;
    }
    enable_irq(irq_state);
    uint32_t load = SysTick->LOAD;
    return ms * 1000 + (load - val) * 1000 / (load + 1);
}
