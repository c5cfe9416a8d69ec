// Register-level U(S)ART driver for the STM32F407 (RM0090 chapter 30), after the
// stm32 port's uart.c: the objects behind machine.UART/pyb.UART and the REPL.
//
// Interrupts: RXNE moves received characters into the RX ring (ORE is tied to
// RXNE and cleared by the same SR-then-DR read); TXE moves characters from the TX
// ring to DR and is disabled when the ring is empty; TCIE is only armed while a
// thread sleeps waiting for the end of a transmission; IDLE serves UART.irq().
//
// Waiting: a thread that waits for TX space or completion arms the interrupt that
// ends the wait and sleeps in WFI (checked and armed with PRIMASK set, so the
// wake-up cannot be missed; SysTick wakes us every ms anyway). Where the UART
// interrupt cannot run (PRIMASK set, in a handler, BASEPRI masking it) the waiter
// feeds DR from the ring itself by polling TXE.
#include <string.h>

#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "shared/runtime/interrupt_char.h"
#include "shared/runtime/mpirq.h"
#include "irq.h"
#include "machine_pin.h"
#include "system_stm32.h"
#include "uart.h"

// Pins: the upstream STM32F4DISC board file where it has them; the board may
// override any of them. docs/api.md has the table and the conflicts with the
// Discovery's own wiring.
#ifndef MICROPY_HW_UART1_TX
// PA9/PA10 are USB VBUS/ID on the Discovery; PB6 is also the audio codec's SCL.
#define MICROPY_HW_UART1_TX     (&pin_B6_obj)
#define MICROPY_HW_UART1_RX     (&pin_B7_obj)
#endif
#ifndef MICROPY_HW_UART2_TX
#define MICROPY_HW_UART2_TX     (&pin_A2_obj)
#define MICROPY_HW_UART2_RX     (&pin_A3_obj)
#define MICROPY_HW_UART2_RTS    (&pin_A1_obj)
#define MICROPY_HW_UART2_CTS    (&pin_A0_obj) // also the USER button
#endif
#ifndef MICROPY_HW_UART3_TX
#define MICROPY_HW_UART3_TX     (&pin_D8_obj)
#define MICROPY_HW_UART3_RX     (&pin_D9_obj)
#define MICROPY_HW_UART3_RTS    (&pin_D12_obj) // also the green LED
#define MICROPY_HW_UART3_CTS    (&pin_D11_obj)
#endif
#ifndef MICROPY_HW_UART4_TX
#define MICROPY_HW_UART4_TX     (&pin_A0_obj) // also the USER button
#define MICROPY_HW_UART4_RX     (&pin_A1_obj)
#endif
#ifndef MICROPY_HW_UART5_TX
#define MICROPY_HW_UART5_TX     (&pin_C12_obj) // also the audio codec's I2S SDIN
#define MICROPY_HW_UART5_RX     (&pin_D2_obj)
#endif
#ifndef MICROPY_HW_UART6_TX
#define MICROPY_HW_UART6_TX     (&pin_C6_obj)
#define MICROPY_HW_UART6_RX     (&pin_C7_obj) // also the audio codec's MCLK input
#endif
#ifndef MICROPY_HW_UART1_RTS
#define MICROPY_HW_UART1_RTS    (NULL)
#define MICROPY_HW_UART1_CTS    (NULL)
#endif
#ifndef MICROPY_HW_UART2_RTS
#define MICROPY_HW_UART2_RTS    (NULL)
#define MICROPY_HW_UART2_CTS    (NULL)
#endif
#ifndef MICROPY_HW_UART3_RTS
#define MICROPY_HW_UART3_RTS    (NULL)
#define MICROPY_HW_UART3_CTS    (NULL)
#endif
#ifndef MICROPY_HW_UART6_RTS
#define MICROPY_HW_UART6_RTS    (NULL)
#define MICROPY_HW_UART6_CTS    (NULL)
#endif

// REPL buffers: RX as big as the old stdin buffer, TX enough for a prompt line.
#ifndef MICROPY_HW_UART_REPL_TXBUF
#define MICROPY_HW_UART_REPL_TXBUF (256)
#endif

typedef struct {
    USART_TypeDef *regs;
    IRQn_Type irqn;
    volatile uint32_t *rcc_enr; // RCC->APB1ENR or RCC->APB2ENR
    uint32_t rcc_en_bit;
    uint8_t af;                 // alternate function of the pins (RM0090 / datasheet table 9)
    const machine_pin_obj_t *pins[4]; // TX, RX, RTS, CTS (UART4/5 have no RTS/CTS)
} uart_hw_t;

static const uart_hw_t uart_hw[MICROPY_HW_MAX_UART] = {
    { USART1, USART1_IRQn, &RCC->APB2ENR, RCC_APB2ENR_USART1EN, 7,
      { MICROPY_HW_UART1_TX, MICROPY_HW_UART1_RX, MICROPY_HW_UART1_RTS, MICROPY_HW_UART1_CTS } },
    { USART2, USART2_IRQn, &RCC->APB1ENR, RCC_APB1ENR_USART2EN, 7,
      { MICROPY_HW_UART2_TX, MICROPY_HW_UART2_RX, MICROPY_HW_UART2_RTS, MICROPY_HW_UART2_CTS } },
    { USART3, USART3_IRQn, &RCC->APB1ENR, RCC_APB1ENR_USART3EN, 7,
      { MICROPY_HW_UART3_TX, MICROPY_HW_UART3_RX, MICROPY_HW_UART3_RTS, MICROPY_HW_UART3_CTS } },
    { UART4, UART4_IRQn, &RCC->APB1ENR, RCC_APB1ENR_UART4EN, 8,
      { MICROPY_HW_UART4_TX, MICROPY_HW_UART4_RX, NULL, NULL } },
    { UART5, UART5_IRQn, &RCC->APB1ENR, RCC_APB1ENR_UART5EN, 8,
      { MICROPY_HW_UART5_TX, MICROPY_HW_UART5_RX, NULL, NULL } },
    { USART6, USART6_IRQn, &RCC->APB2ENR, RCC_APB2ENR_USART6EN, 8,
      { MICROPY_HW_UART6_TX, MICROPY_HW_UART6_RX, MICROPY_HW_UART6_RTS, MICROPY_HW_UART6_CTS } },
};

// Every UART object in use, for the interrupt handlers and the GC.
MP_REGISTER_ROOT_POINTER(struct _machine_uart_obj_t *machine_uart_obj_all[MICROPY_HW_MAX_UART]);
// The REPL object is static (not traced by the GC): its UART.irq() object lives here.
MP_REGISTER_ROOT_POINTER(void *machine_uart_repl_irq_obj);

static machine_uart_obj_t uart_repl;
static uint8_t uart_repl_rxbuf[MICROPY_HW_STDIN_BUFFER_LEN];
static uint8_t uart_repl_txbuf[MICROPY_HW_UART_REPL_TXBUF];
// Register values of the REPL's boot configuration, to notice a reconfiguration.
static uint32_t uart_repl_boot_regs[4];

static const uart_hw_t *uart_get_hw(int uart_id) {
    if (uart_id < 1 || uart_id > MICROPY_HW_MAX_UART) {
        return NULL;
    }
    return &uart_hw[uart_id - 1];
}

bool uart_exists(int uart_id) {
    const uart_hw_t *hw = uart_get_hw(uart_id);
    return hw != NULL && hw->pins[0] != NULL && hw->pins[1] != NULL;
}

static inline uint16_t ring_next(uint16_t i, uint16_t len) {
    return i + 1 == len ? 0 : i + 1;
}

// Whether the UART interrupt can preempt the caller, i.e. whether sleeping until it
// has done its work is possible.
static bool uart_irq_can_run(void) {
    if ((__get_PRIMASK() & 1) || __get_IPSR() != 0) {
        return false;
    }
    uint32_t basepri = __get_BASEPRI();
    return basepri == 0 || basepri > (IRQ_PRI_UART << (8 - __NVIC_PRIO_BITS));
}

/******************************************************************************/
// Configuration

uint32_t uart_get_source_freq(machine_uart_obj_t *self) {
    return (self->uart_id == 1 || self->uart_id == 6) ? stm32_get_pclk2_freq() : stm32_get_pclk1_freq();
}

// With 16x oversampling (OVER8=0) baud = fCK / BRR, BRR holding USARTDIV in 12.4
// fixed point (RM0090 30.3.4). Truncated, as the stm32 port reports it.
uint32_t uart_get_baudrate(machine_uart_obj_t *self) {
    uint32_t brr = self->uartx->BRR & 0xffff;
    return brr == 0 ? 0 : uart_get_source_freq(self) / brr;
}

bool uart_init(machine_uart_obj_t *self, uint32_t baudrate, uint32_t bits, uint32_t parity,
    uint32_t stop, uint32_t flow) {
    const uart_hw_t *hw = uart_get_hw(self->uart_id);
    if (!uart_exists(self->uart_id)) {
        return false;
    }
    USART_TypeDef *u = hw->regs;

    // Quiet while reconfiguring: the buffers may be replaced next.
    NVIC_DisableIRQ(hw->irqn);
    self->is_enabled = false;

    *hw->rcc_enr |= hw->rcc_en_bit;
    (void)*hw->rcc_enr; // let the clock enable take effect

    // Pull-ups on the inputs (RX, CTS) so an unconnected line idles high instead of
    // reading as a break, as on the stm32 port.
    static const uint8_t pulls[4] = { PIN_PULL_NONE, PIN_PULL_UP, PIN_PULL_NONE, PIN_PULL_UP };
    for (int i = 0; i < 4; i++) {
        bool used = i < 2 || (i == 2 && (flow & UART_HWCONTROL_RTS)) || (i == 3 && (flow & UART_HWCONTROL_CTS));
        if (used && hw->pins[i] != NULL) {
            machine_pin_config(hw->pins[i], PIN_MODE_ALT, pulls[i], hw->af);
        }
    }

    uint32_t brr = baudrate == 0 ? 0xffff : (uart_get_source_freq(self) + baudrate / 2) / baudrate;
    brr = MAX(16, MIN(brr, 0xffff)); // USARTDIV in [1, 4095.94]

    // M, PCE, PS and STOP may only change while UE=0.
    u->CR1 = 0;
    u->CR2 = stop;
    u->CR3 = flow;
    u->BRR = brr;
    u->CR1 = USART_CR1_UE | USART_CR1_TE | USART_CR1_RE | bits | parity;

    self->uartx = u;
    self->attached_to_repl = false;
    if (bits == UART_WORDLENGTH_9B && parity == UART_PARITY_NONE) {
        self->char_mask = 0x1ff;
        self->char_width = CHAR_WIDTH_9BIT;
    } else {
        self->char_mask = (bits == UART_WORDLENGTH_9B || parity == UART_PARITY_NONE) ? 0xff : 0x7f;
        self->char_width = CHAR_WIDTH_8BIT;
    }
    // The buffers stay as they are (RXNEIE and TXEIE are off): uart_set_rxbuf and
    // uart_set_txbuf follow.
    self->mp_irq_trigger = 0;
    self->mp_irq_flags = 0;
    self->mp_irq_obj = NULL;
    if (self->is_static) {
        MP_STATE_PORT(machine_uart_repl_irq_obj) = NULL;
    }
    self->is_enabled = true;

    NVIC_SetPriority(hw->irqn, IRQ_PRI_UART);
    NVIC_ClearPendingIRQ(hw->irqn);
    NVIC_EnableIRQ(hw->irqn);
    return true;
}

void uart_deinit(machine_uart_obj_t *self) {
    const uart_hw_t *hw = uart_get_hw(self->uart_id);
    self->is_enabled = false;
    if (hw == NULL || self->uartx == NULL) {
        return;
    }
    NVIC_DisableIRQ(hw->irqn);
    // UE off first: with its clock stopped the peripheral ignores writes.
    if (*hw->rcc_enr & hw->rcc_en_bit) {
        self->uartx->CR1 = 0;
    }
    *hw->rcc_enr &= ~hw->rcc_en_bit;
    NVIC_ClearPendingIRQ(hw->irqn);
}

// CR1 is shared with the interrupt handler: read-modify-write it atomically.
static void uart_cr1_modify(machine_uart_obj_t *self, uint32_t clear, uint32_t set) {
    uint32_t state = disable_irq();
    // SBK reads as 1 until the break is out: writing it back would send another.
    self->uartx->CR1 = (self->uartx->CR1 & ~(clear | USART_CR1_SBK)) | set;
    enable_irq(state);
}

// len slots, len - 1 usable; len 0: no buffer, RXNE is polled.
void uart_set_rxbuf(machine_uart_obj_t *self, size_t len, void *buf) {
    uart_cr1_modify(self, USART_CR1_RXNEIE, 0);
    self->read_buf_head = 0;
    self->read_buf_tail = 0;
    self->read_buf_len = len;
    self->read_buf = buf;
    if (len != 0) {
        uart_cr1_modify(self, 0, USART_CR1_RXNEIE);
    }
}

// The ring must be empty (see uart_tx_wait_done) before it is replaced.
void uart_set_txbuf(machine_uart_obj_t *self, size_t len, void *buf) {
    uart_cr1_modify(self, USART_CR1_TXEIE, 0);
    self->write_buf_head = 0;
    self->write_buf_tail = 0;
    self->write_buf_len = len;
    self->write_buf = buf;
}

// IRQ_RXIDLE is the only user trigger with its own enable bit; IRQ_RX rides on the
// RXNE interrupt that fills the RX ring.
void uart_irq_config(machine_uart_obj_t *self, bool enable) {
    if (self->mp_irq_trigger & UART_FLAG_IDLE) {
        uart_cr1_modify(self, enable ? 0 : USART_CR1_IDLEIE, enable ? USART_CR1_IDLEIE : 0);
    }
}

/******************************************************************************/
// Reception

mp_uint_t uart_rx_any(machine_uart_obj_t *self) {
    if (!self->is_enabled) {
        return 0;
    }
    int n = self->read_buf_head - self->read_buf_tail;
    if (n < 0) {
        return n + self->read_buf_len;
    } else if (n > 0) {
        return n;
    }
    return (self->uartx->SR & USART_SR_RXNE) != 0;
}

bool uart_rx_wait(machine_uart_obj_t *self, uint32_t timeout) {
    uint32_t start = mp_hal_ticks_ms();
    for (;;) {
        if (uart_rx_any(self)) {
            return true;
        }
        if (mp_hal_ticks_ms() - start >= timeout) {
            return false;
        }
        // Runs pending callbacks, then WFI until the next interrupt (RX or SysTick).
        MICROPY_EVENT_POLL_HOOK
    }
}

int uart_rx_char(machine_uart_obj_t *self) {
    if (self->read_buf_tail != self->read_buf_head) {
        int data;
        uint16_t tail = self->read_buf_tail;
        if (self->char_width == CHAR_WIDTH_9BIT) {
            data = ((uint16_t *)self->read_buf)[tail];
        } else {
            data = self->read_buf[tail];
        }
        self->read_buf_tail = ring_next(tail, self->read_buf_len);
        if (!(self->uartx->CR1 & USART_CR1_RXNEIE)) {
            // The handler stopped at a full ring, leaving the character in DR (and
            // the sender waiting, in QEMU): there is room again.
            uart_cr1_modify(self, 0, USART_CR1_RXNEIE);
        }
        return data;
    }
    // Unbuffered: straight from DR. This SR (read by uart_rx_any) then DR read also
    // clears IDLE, so the idle interrupt can be armed again.
    int data = self->uartx->DR & self->char_mask;
    if (self->mp_irq_trigger & UART_FLAG_IDLE) {
        uart_cr1_modify(self, 0, USART_CR1_IDLEIE);
    }
    return data;
}

/******************************************************************************/
// Transmission

// Move one character from the TX ring to DR if DR is free; for callers that the
// UART interrupt cannot preempt. Masked, so it cannot interleave with the handler.
static void uart_tx_pump(machine_uart_obj_t *self) {
    uint32_t state = disable_irq();
    uint16_t tail = self->write_buf_tail;
    if (tail != self->write_buf_head && (self->uartx->SR & USART_SR_TXE)) {
        if (self->char_width == CHAR_WIDTH_9BIT) {
            self->uartx->DR = ((uint16_t *)self->write_buf)[tail];
        } else {
            self->uartx->DR = self->write_buf[tail];
        }
        self->write_buf_tail = ring_next(tail, self->write_buf_len);
    }
    enable_irq(state);
}

static bool uart_tx_ring_full(machine_uart_obj_t *self) {
    return ring_next(self->write_buf_head, self->write_buf_len) == self->write_buf_tail;
}

bool uart_tx_avail(machine_uart_obj_t *self) {
    if (!self->is_enabled) {
        return false;
    }
    if (self->write_buf_len != 0) {
        return !uart_tx_ring_full(self);
    }
    return self->uartx->SR & USART_SR_TXE;
}

bool uart_tx_done(machine_uart_obj_t *self) {
    return !self->is_enabled
           || (self->write_buf_tail == self->write_buf_head && (self->uartx->SR & USART_SR_TC));
}

// Move characters from the TX ring into DR while DR is free (QEMU and silicon both free
// it at once when the shift register is idle). Called with interrupts masked or from the
// handler. Returns true when the ring is empty.
static bool uart_tx_feed(machine_uart_obj_t *self) {
    USART_TypeDef *u = self->uartx;
    while (self->write_buf_tail != self->write_buf_head && (u->SR & USART_SR_TXE)) {
        uint16_t tail = self->write_buf_tail;
        if (self->char_width == CHAR_WIDTH_9BIT) {
            u->DR = ((uint16_t *)self->write_buf)[tail];
        } else {
            u->DR = self->write_buf[tail];
        }
        self->write_buf_tail = ring_next(tail, self->write_buf_len);
    }
    return self->write_buf_tail == self->write_buf_head;
}

enum { UART_WAIT_TX_SPACE, UART_WAIT_TX_DONE };
#define UART_WAIT_FOREVER (UINT32_MAX)

// Called with interrupts masked: true if the condition holds, else arm the
// interrupt that will change it (the handler disarms it).
static bool uart_tx_check(machine_uart_obj_t *self, int what) {
    if (!self->is_enabled) {
        return true; // nothing will ever change: let the caller go
    }
    if (what == UART_WAIT_TX_SPACE) {
        if (uart_tx_avail(self)) {
            return true;
        }
        self->uartx->CR1 = (self->uartx->CR1 & ~USART_CR1_SBK) | USART_CR1_TXEIE;
    } else {
        if (uart_tx_done(self)) {
            return true;
        }
        uint32_t ie = self->write_buf_tail != self->write_buf_head ? USART_CR1_TXEIE : USART_CR1_TCIE;
        self->uartx->CR1 = (self->uartx->CR1 & ~USART_CR1_SBK) | ie;
    }
    return false;
}

static bool uart_tx_wait_for(machine_uart_obj_t *self, int what, uint32_t timeout, bool handle_pending) {
    bool can_sleep = uart_irq_can_run();
    uint32_t start = mp_hal_ticks_ms();
    for (;;) {
        if (can_sleep && handle_pending) {
            mp_handle_pending(true); // scheduled callbacks and Ctrl-C while we wait
        }
        uint32_t state = disable_irq();
        if (!can_sleep && self->is_enabled) {
            uart_tx_feed(self); // the handler cannot run: drive the transmitter by polling
        }
        bool ok = uart_tx_check(self, what);
        if (!ok && can_sleep) {
            __WFI(); // a pending interrupt ends it even with PRIMASK set
        }
        enable_irq(state);
        if (ok) {
            return true;
        }
        if (timeout != UART_WAIT_FOREVER && mp_hal_ticks_ms() - start >= timeout) {
            return false;
        }
        if (!can_sleep) {
            uart_tx_pump(self);
        }
    }
}

bool uart_tx_wait(machine_uart_obj_t *self, uint32_t timeout) {
    return uart_tx_wait_for(self, UART_WAIT_TX_SPACE, timeout, true) && self->is_enabled;
}

// Done, or failed if no character left within 2 * timeout_char.
bool uart_tx_wait_done(machine_uart_obj_t *self, uint32_t timeout_char) {
    uint16_t tail = self->write_buf_tail;
    while (!uart_tx_wait_for(self, UART_WAIT_TX_DONE, timeout_char, true)) {
        if (self->write_buf_tail == tail) {
            return false;
        }
        tail = self->write_buf_tail;
    }
    return true;
}

// One character into the ring, or into DR if there is no ring. Room is checked.
static void uart_tx_put(machine_uart_obj_t *self, uint32_t data) {
    if (self->write_buf_len == 0) {
        self->uartx->DR = data;
        return;
    }
    uint16_t head = self->write_buf_head;
    if (self->char_width == CHAR_WIDTH_9BIT) {
        ((uint16_t *)self->write_buf)[head] = data;
    } else {
        self->write_buf[head] = data;
    }
    self->write_buf_head = ring_next(head, self->write_buf_len);
    uart_cr1_modify(self, 0, USART_CR1_TXEIE);
}

size_t uart_tx_data(machine_uart_obj_t *self, const void *src_in, size_t num_chars, int *errcode) {
    // Per character: a character time to get into DR plus one for the previous
    // character to leave, as on the stm32 port.
    uint32_t timeout = 2 * self->timeout_char;
    const uint8_t *src = src_in;
    size_t num_tx = 0;
    *errcode = 0;
    while (num_tx < num_chars) {
        if (!uart_tx_wait_for(self, UART_WAIT_TX_SPACE, timeout, true) || !self->is_enabled) {
            *errcode = MP_ETIMEDOUT;
            return num_tx;
        }
        uint32_t data;
        if (self->char_width == CHAR_WIDTH_9BIT) {
            data = (src[0] | src[1] << 8) & 0x1ff;
            src += 2;
        } else {
            data = *src++;
        }
        uart_tx_put(self, data);
        ++num_tx;
    }
    // Unbuffered, write() returns when the frame is on the line (stm32 behaviour).
    if (self->write_buf_len == 0 && !uart_tx_wait_for(self, UART_WAIT_TX_DONE, timeout, true)) {
        *errcode = MP_ETIMEDOUT;
    }
    return num_tx;
}

void uart_tx_strn(machine_uart_obj_t *self, const char *str, size_t len) {
    if (!self->is_enabled) {
        return;
    }
    while (len) {
        uart_tx_wait_for(self, UART_WAIT_TX_SPACE, UART_WAIT_FOREVER, false);
        if (!self->is_enabled) {
            return;
        }
        if (self->write_buf_len == 0) {
            uart_tx_put(self, (uint8_t)*str++);
            len--;
            continue;
        }
        // Queue what fits, then start the interrupt once: a register access is a
        // trip out of the translated code in QEMU.
        uint16_t head = self->write_buf_head;
        uint16_t next;
        while (len && (next = ring_next(head, self->write_buf_len)) != self->write_buf_tail) {
            self->write_buf[head] = *str++;
            head = next;
            len--;
        }
        self->write_buf_head = head;
        uart_cr1_modify(self, 0, USART_CR1_TXEIE);
    }
    if (!uart_irq_can_run()) {
        // Nobody would send the rest until the caller unmasks interrupts (maybe
        // never: fatal error, fault handler).
        uart_tx_wait_for(self, UART_WAIT_TX_DONE, UART_WAIT_FOREVER, false);
    }
}

void uart_tx_flush(unsigned int uart_id) {
    if (uart_id < 1 || uart_id > MICROPY_HW_MAX_UART) {
        return;
    }
    machine_uart_obj_t *self = MP_STATE_PORT(machine_uart_obj_all)[uart_id - 1];
    if (self != NULL && self->is_enabled) {
        uart_tx_wait_for(self, UART_WAIT_TX_DONE, UART_WAIT_FOREVER, false);
    }
}

/******************************************************************************/
// REPL UART and soft reset

machine_uart_obj_t *uart_repl_obj(void) {
    return &uart_repl;
}

static void uart_repl_save_regs(void) {
    USART_TypeDef *u = uart_repl.uartx;
    uart_repl_boot_regs[0] = u->BRR;
    uart_repl_boot_regs[1] = u->CR1 & ~(USART_CR1_RXNEIE | USART_CR1_TXEIE | USART_CR1_TCIE | USART_CR1_IDLEIE);
    uart_repl_boot_regs[2] = u->CR2;
    uart_repl_boot_regs[3] = u->CR3;
}

void uart_repl_init(void) {
    machine_uart_obj_t *self = &uart_repl;
    if (self->is_enabled) {
        // Let what the REPL printed leave before the line changes.
        uart_tx_wait_for(self, UART_WAIT_TX_DONE, UART_WAIT_FOREVER, false);
    }
    self->base.type = &machine_uart_type;
    self->uart_id = MICROPY_HW_UART_REPL;
    self->is_static = true;
    self->timeout = 0;
    self->timeout_char = 2;
    uart_init(self, MICROPY_HW_UART_REPL_BAUD, UART_WORDLENGTH_8B, UART_PARITY_NONE, UART_STOPBITS_1, UART_HWCONTROL_NONE);
    uart_set_rxbuf(self, sizeof(uart_repl_rxbuf), uart_repl_rxbuf);
    uart_set_txbuf(self, sizeof(uart_repl_txbuf), uart_repl_txbuf);
    self->attached_to_repl = true;
    uart_repl_save_regs();
    MP_STATE_PORT(machine_uart_obj_all)[MICROPY_HW_UART_REPL - 1] = self;
}

void uart_init0(void) {
    // Not the REPL's slot: its interrupt may still be sending what the soft reset printed,
    // and would find no owner (and disable itself).
    for (int i = 0; i < MICROPY_HW_MAX_UART; i++) {
        if (i != MICROPY_HW_UART_REPL - 1) {
            MP_STATE_PORT(machine_uart_obj_all)[i] = NULL;
        }
    }
    MP_STATE_PORT(machine_uart_repl_irq_obj) = NULL;
    machine_uart_obj_t *self = &uart_repl;
    USART_TypeDef *u = self->uartx;
    bool changed = !self->is_enabled || u->BRR != uart_repl_boot_regs[0]
        || (u->CR1 & ~(USART_CR1_RXNEIE | USART_CR1_TXEIE | USART_CR1_TCIE | USART_CR1_IDLEIE)) != uart_repl_boot_regs[1]
        || u->CR2 != uart_repl_boot_regs[2] || u->CR3 != uart_repl_boot_regs[3]
        || self->read_buf != uart_repl_rxbuf || !self->attached_to_repl;
    if (changed) {
        uart_repl_init();
    } else {
        // Same line settings: keep the buffers (and any input already typed).
        self->timeout = 0;
        self->timeout_char = 2;
        MP_STATE_PORT(machine_uart_obj_all)[MICROPY_HW_UART_REPL - 1] = self;
    }
}

void uart_deinit_all(void) {
    for (int i = 0; i < MICROPY_HW_MAX_UART; i++) {
        machine_uart_obj_t *self = MP_STATE_PORT(machine_uart_obj_all)[i];
        if (self == NULL) {
            continue;
        }
        if (self->is_static) {
            // The REPL keeps running; its UART.irq() handler goes with the heap.
            uart_irq_config(self, false);
            self->mp_irq_trigger = 0;
            self->mp_irq_obj = NULL;
        } else {
            uart_deinit(self);
            MP_STATE_PORT(machine_uart_obj_all)[i] = NULL;
        }
    }
    MP_STATE_PORT(machine_uart_repl_irq_obj) = NULL;
}

/******************************************************************************/
// Interrupts

static mp_uint_t uart_irq_trigger(mp_obj_t self_in, mp_uint_t new_trigger) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uart_irq_config(self, false);
    self->mp_irq_trigger = new_trigger;
    uart_irq_config(self, true);
    return 0;
}

static mp_uint_t uart_irq_info(mp_obj_t self_in, mp_uint_t info_type) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (info_type == MP_IRQ_INFO_FLAGS) {
        return self->mp_irq_flags;
    } else if (info_type == MP_IRQ_INFO_TRIGGERS) {
        return self->mp_irq_trigger;
    }
    return 0;
}

const mp_irq_methods_t uart_irq_methods = {
    .trigger = uart_irq_trigger,
    .info = uart_irq_info,
};

static void uart_irq_handler(unsigned int uart_id) {
    machine_uart_obj_t *self = MP_STATE_PORT(machine_uart_obj_all)[uart_id - 1];
    if (self == NULL || !self->is_enabled) {
        // Nobody owns it (cannot normally happen): silence it rather than loop.
        NVIC_DisableIRQ(uart_hw[uart_id - 1].irqn);
        return;
    }
    USART_TypeDef *u = self->uartx;
    uint32_t cr1 = u->CR1 & ~USART_CR1_SBK; // never written back as 1: see uart_cr1_modify
    uint32_t sr = u->SR; // step 1 of the ORE/IDLE clearing sequence
    uint32_t flags = 0;
    bool dr_read = false;

    if (cr1 & USART_CR1_RXNEIE) {
        if (sr & USART_SR_RXNE) {
            uint16_t head = self->read_buf_head;
            uint16_t next = ring_next(head, self->read_buf_len);
            if (next != self->read_buf_tail) {
                int data = u->DR & self->char_mask; // clears RXNE, and ORE/IDLE seen in sr
                dr_read = true;
                flags |= UART_FLAG_RXNE;
                if (self->attached_to_repl && data == mp_interrupt_char) {
                    mp_sched_keyboard_interrupt();
                } else {
                    if (self->char_width == CHAR_WIDTH_9BIT) {
                        ((uint16_t *)self->read_buf)[head] = data;
                    } else {
                        self->read_buf[head] = data;
                    }
                    self->read_buf_head = next;
                }
            } else {
                // Ring full: leave the character in DR and stop until a read makes
                // room (uart_rx_char); on silicon the next one overruns.
                cr1 &= ~USART_CR1_RXNEIE;
                u->CR1 = cr1;
            }
        } else if (sr & USART_SR_ORE) {
            // ORE without RXNE: DR was read without the SR read first. Finish the
            // clearing sequence, or ORE would keep the interrupt asserted.
            (void)u->DR;
            dr_read = true;
        }
    }

    if ((sr & USART_SR_IDLE) && (cr1 & USART_CR1_IDLEIE)) {
        flags |= UART_FLAG_IDLE;
    }
    if (dr_read) {
        // The SR-then-DR read cleared IDLE if it was set: arm the idle interrupt for
        // the end of this burst.
        if ((self->mp_irq_trigger & UART_FLAG_IDLE) && !(cr1 & USART_CR1_IDLEIE)) {
            cr1 |= USART_CR1_IDLEIE;
            u->CR1 = cr1;
        }
    } else if (sr & USART_SR_IDLE) {
        // IDLE is only cleared by reading DR, which could take a character arriving
        // meanwhile: mask it until the next received character clears it.
        cr1 &= ~USART_CR1_IDLEIE;
        u->CR1 = cr1;
    }

    // Transmit: fill DR from the ring, stop when it is empty.
    if (cr1 & USART_CR1_TXEIE) {
        if (uart_tx_feed(self)) {
            cr1 &= ~USART_CR1_TXEIE; // also ends an unbuffered writer's wait for TXE
            u->CR1 = cr1;
        }
    }
    if ((cr1 & USART_CR1_TCIE) && (u->SR & USART_SR_TC)) {
        cr1 &= ~USART_CR1_TCIE; // a thread waiting for the end of transmission wakes up
        u->CR1 = cr1;
    }

    if (flags) {
        self->mp_irq_flags = flags;
        if (self->mp_irq_trigger & flags) {
            mp_irq_handler(self->mp_irq_obj);
        }
    }
}

void USART1_IRQHandler(void) {
    uart_irq_handler(1);
}

void USART2_IRQHandler(void) {
    uart_irq_handler(2);
}

void USART3_IRQHandler(void) {
    uart_irq_handler(3);
}

void UART4_IRQHandler(void) {
    uart_irq_handler(4);
}

void UART5_IRQHandler(void) {
    uart_irq_handler(5);
}

void USART6_IRQHandler(void) {
    uart_irq_handler(6);
}
