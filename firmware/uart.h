// Register-level USART driver: interrupt-driven RX into a ring buffer, polled TX.
#ifndef MICROPY_INCLUDED_UART_H
#define MICROPY_INCLUDED_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "py/ringbuf.h"

// UART ids follow the peripheral numbers: 1 = USART1 ... 6 = USART6.
#define UART_ID_MAX (6)

// Enable clocks, route the board's TX/RX pins, set 8N1 at the given baudrate and
// enable the RX interrupt, which fills rxbuf. False if the board has no pins for it.
bool uart_init(unsigned int uart_id, uint32_t baudrate, ringbuf_t *rxbuf);
void uart_deinit(unsigned int uart_id);

// When attached, the interrupt character (Ctrl-C) raises KeyboardInterrupt instead
// of being buffered.
void uart_attach_to_repl(unsigned int uart_id, bool attached);

void uart_tx_strn(unsigned int uart_id, const char *str, size_t len);

// Wait until the last byte has left the shift register (e.g. before a reset).
void uart_tx_flush(unsigned int uart_id);

#endif // MICROPY_INCLUDED_UART_H
