// Register-level U(S)ART driver for the STM32F407 (RM0090 chapter 30): the objects
// behind machine.UART/pyb.UART and the REPL. RX fills a ring buffer from the RXNE
// interrupt; TX drains a ring buffer from the TXE interrupt (the REPL always has
// one, machine.UART with txbuf=N), or waits per character like the stm32 port.
#ifndef MICROPY_INCLUDED_UART_H
#define MICROPY_INCLUDED_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "py/obj.h"
#include "shared/runtime/mpirq.h"
#include "stm32f407.h"

// UART ids follow the peripheral numbers: 1 = USART1 ... 6 = USART6.
#define MICROPY_HW_MAX_UART (6)

#define CHAR_WIDTH_8BIT (0)
#define CHAR_WIDTH_9BIT (1) // two bytes per character in buffers and read()/write()

// Frame format: CR1 word length and parity bits, CR2 stop bits. As on the stm32
// port, the word length includes the parity bit.
#define UART_WORDLENGTH_8B  (0)
#define UART_WORDLENGTH_9B  (USART_CR1_M)
#define UART_PARITY_NONE    (0)
#define UART_PARITY_EVEN    (USART_CR1_PCE)
#define UART_PARITY_ODD     (USART_CR1_PCE | USART_CR1_PS)
#define UART_STOPBITS_1     (0)
#define UART_STOPBITS_2     (2UL << USART_CR2_STOP_Pos)

// UART.init(flow=...) bits: the CR3 bits, same values as the stm32 port.
#define UART_HWCONTROL_NONE (0)
#define UART_HWCONTROL_RTS  (USART_CR3_RTSE)
#define UART_HWCONTROL_CTS  (USART_CR3_CTSE)

// UART.irq() triggers: the SR flags, same values as the stm32 port.
#define UART_FLAG_IDLE      (USART_SR_IDLE)
#define UART_FLAG_RXNE      (USART_SR_RXNE)
#define MP_UART_ALLOWED_FLAGS (UART_FLAG_IDLE | UART_FLAG_RXNE)

typedef struct _machine_uart_obj_t {
    mp_obj_base_t base;
    USART_TypeDef *uartx;
    uint8_t uart_id;
    bool is_static : 1;                 // the REPL UART: fixed buffers, never freed
    bool is_enabled : 1;
    bool attached_to_repl : 1;          // Ctrl-C raises KeyboardInterrupt
    uint8_t char_width;                 // CHAR_WIDTH_8BIT or CHAR_WIDTH_9BIT
    uint16_t char_mask;                 // 0x7f, 0xff or 0x1ff: data bits without parity
    uint32_t timeout;                   // ms to wait for the first character
    uint32_t timeout_char;              // ms to wait between characters
    // RX ring: read_buf_len slots, one kept free; the IRQ moves head, readers tail.
    uint16_t read_buf_len;
    volatile uint16_t read_buf_head;
    volatile uint16_t read_buf_tail;
    uint8_t *read_buf;                  // bytes, or uint16_t for 9-bit characters
    // TX ring, same layout: writers move head, the TXE IRQ moves tail. Length 0:
    // no ring, write() hands each character to DR itself.
    uint16_t write_buf_len;
    volatile uint16_t write_buf_head;
    volatile uint16_t write_buf_tail;
    uint8_t *write_buf;
    uint16_t mp_irq_trigger;            // UART.irq() trigger mask
    volatile uint16_t mp_irq_flags;     // flags of the last interrupt, for irq.flags()
    mp_irq_obj_t *mp_irq_obj;
} machine_uart_obj_t;

extern const mp_irq_methods_t uart_irq_methods;
extern const mp_obj_type_t machine_uart_type;

// Boot: bring up the REPL UART (MICROPY_HW_UART_REPL) on its static object.
void uart_repl_init(void);
// Soft reset: after mp_init(), register the REPL object again (back to its boot
// settings if Python changed them); before the heap goes, stop all other UARTs.
void uart_init0(void);
void uart_deinit_all(void);

bool uart_exists(int uart_id);
// Clocks, pins, frame format and baudrate; all UART interrupts off except RX/TX
// ones the buffers need. False if the board has no pins for this UART.
bool uart_init(machine_uart_obj_t *self, uint32_t baudrate, uint32_t bits, uint32_t parity,
    uint32_t stop, uint32_t flow);
void uart_deinit(machine_uart_obj_t *self);
void uart_set_rxbuf(machine_uart_obj_t *self, size_t len, void *buf);
void uart_set_txbuf(machine_uart_obj_t *self, size_t len, void *buf);
void uart_irq_config(machine_uart_obj_t *self, bool enable);
uint32_t uart_get_source_freq(machine_uart_obj_t *self);
uint32_t uart_get_baudrate(machine_uart_obj_t *self);

mp_uint_t uart_rx_any(machine_uart_obj_t *self);
bool uart_rx_wait(machine_uart_obj_t *self, uint32_t timeout);
int uart_rx_char(machine_uart_obj_t *self); // a character must be available
// True if a write() can take at least one character now.
bool uart_tx_avail(machine_uart_obj_t *self);
// Waits up to timeout ms until a character can be written.
bool uart_tx_wait(machine_uart_obj_t *self, uint32_t timeout);
// Queue/send num_chars characters; returns how many were taken, *errcode is
// MP_ETIMEDOUT if the rest did not fit within 2 * timeout_char. Unbuffered, it
// also waits for the last one to leave the shift register (stm32 behaviour).
size_t uart_tx_data(machine_uart_obj_t *self, const void *src, size_t num_chars, int *errcode);
// All written characters are on the line (ring empty, TC set).
bool uart_tx_done(machine_uart_obj_t *self);
// Waits up to timeout ms for uart_tx_done().
bool uart_tx_wait_done(machine_uart_obj_t *self, uint32_t timeout);

// The REPL's stdio: blocking, never raises, works with interrupts masked and from
// fault handlers (then the ring is drained by polling TXE).
void uart_tx_strn(machine_uart_obj_t *self, const char *str, size_t len);
machine_uart_obj_t *uart_repl_obj(void);

// Wait until the last byte of uart_id has left the shift register (e.g. before a
// reset). Ignored if that UART is not running.
void uart_tx_flush(unsigned int uart_id);

#endif // MICROPY_INCLUDED_UART_H
