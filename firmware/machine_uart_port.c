// Port part of machine.UART (also pyb.UART), behaving like the stm32 port's.
// Never compiled standalone: extmod/machine_uart.c includes it through
// MICROPY_PY_MACHINE_UART_INCLUDEFILE (hence not "machine_uart.c", which would
// make that #include find extmod's own file).

#include "py/mperrno.h"
#include "py/mphal.h"
#include "shared/runtime/mpirq.h"
#include "uart.h"

#define MICROPY_PY_MACHINE_UART_CLASS_CONSTANTS \
    { MP_ROM_QSTR(MP_QSTR_RTS), MP_ROM_INT(UART_HWCONTROL_RTS) }, \
    { MP_ROM_QSTR(MP_QSTR_CTS), MP_ROM_INT(UART_HWCONTROL_CTS) }, \
    { MP_ROM_QSTR(MP_QSTR_IRQ_RXIDLE), MP_ROM_INT(UART_FLAG_IDLE) }, \
    { MP_ROM_QSTR(MP_QSTR_IRQ_RX), MP_ROM_INT(UART_FLAG_RXNE) }, \

static void mp_machine_uart_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->is_enabled) {
        mp_printf(print, "UART(%u)", self->uart_id);
        return;
    }
    // Read back from the registers, as the stm32 port does.
    uint32_t cr1 = self->uartx->CR1;
    unsigned int bits = (cr1 & USART_CR1_M) ? 9 : 8;
    if (cr1 & USART_CR1_PCE) {
        bits -= 1;
    }
    mp_printf(print, "UART(%u, baudrate=%u, bits=%u, parity=",
        self->uart_id, (unsigned int)uart_get_baudrate(self), bits);
    if (!(cr1 & USART_CR1_PCE)) {
        mp_print_str(print, "None");
    } else {
        mp_print_str(print, (cr1 & USART_CR1_PS) ? "1" : "0");
    }
    uint32_t cr2 = self->uartx->CR2;
    mp_printf(print, ", stop=%u, flow=", ((cr2 & USART_CR2_STOP_Msk) >> USART_CR2_STOP_Pos) == 0 ? 1 : 2);
    uint32_t cr3 = self->uartx->CR3;
    if (!(cr3 & (USART_CR3_RTSE | USART_CR3_CTSE))) {
        mp_print_str(print, "0");
    } else {
        if (cr3 & USART_CR3_RTSE) {
            mp_print_str(print, (cr3 & USART_CR3_CTSE) ? "RTS|" : "RTS");
        }
        if (cr3 & USART_CR3_CTSE) {
            mp_print_str(print, "CTS");
        }
    }
    mp_printf(print, ", timeout=%u, timeout_char=%u, rxbuf=%u",
        (unsigned int)self->timeout, (unsigned int)self->timeout_char,
        self->read_buf_len == 0 ? 0 : self->read_buf_len - 1); // usable length
    if (self->mp_irq_trigger != 0) {
        mp_printf(print, "; irq=0x%x", self->mp_irq_trigger);
    }
    mp_print_str(print, ")");
}

// init(baudrate, bits=8, parity=None, stop=1, *, timeout=0, timeout_char=0, flow=0,
//      rxbuf=64, txbuf=0, read_buf_len=64)
// txbuf > 0 (as on the rp2/esp32 ports) makes write() return once the data is queued;
// with the default 0 it returns when the last frame is on the line, as on stm32.
static void mp_machine_uart_init_helper(machine_uart_obj_t *self, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_baudrate, ARG_bits, ARG_parity, ARG_stop, ARG_flow, ARG_timeout, ARG_timeout_char,
           ARG_rxbuf, ARG_txbuf, ARG_read_buf_len };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_baudrate, MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 9600} },
        { MP_QSTR_bits, MP_ARG_INT, {.u_int = 8} },
        { MP_QSTR_parity, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_stop, MP_ARG_INT, {.u_int = 1} },
        { MP_QSTR_flow, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = UART_HWCONTROL_NONE} },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_timeout_char, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_rxbuf, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_txbuf, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_read_buf_len, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 64} }, // legacy pyb name
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    mp_int_t baudrate = args[ARG_baudrate].u_int;
    if (baudrate <= 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("bad baudrate"));
    }

    // As on the stm32 port, bits counts the data bits and the hardware word
    // includes the parity bit: 7 or 8 with parity, 8 or 9 without.
    mp_int_t bits = args[ARG_bits].u_int;
    uint32_t parity = UART_PARITY_NONE;
    if (args[ARG_parity].u_obj != mp_const_none) {
        parity = (mp_obj_get_int(args[ARG_parity].u_obj) & 1) ? UART_PARITY_ODD : UART_PARITY_EVEN;
        bits += 1;
    }
    uint32_t wordlength;
    if (bits == 8) {
        wordlength = UART_WORDLENGTH_8B;
    } else if (bits == 9) {
        wordlength = UART_WORDLENGTH_9B;
    } else {
        mp_raise_ValueError(MP_ERROR_TEXT("unsupported combination of bits and parity"));
    }
    uint32_t stop = args[ARG_stop].u_int == 1 ? UART_STOPBITS_1 : UART_STOPBITS_2;
    uint32_t flow = args[ARG_flow].u_int & (UART_HWCONTROL_RTS | UART_HWCONTROL_CTS);

    if (self->is_static && (args[ARG_rxbuf].u_int >= 0 || args[ARG_txbuf].u_int >= 0)) {
        // Checked before touching the hardware, unlike stm32 which has already
        // reconfigured the REPL when it raises this.
        mp_raise_ValueError(MP_ERROR_TEXT("UART is static and rxbuf can't be changed"));
    }

    if (self->is_enabled) {
        // What is still queued leaves with the old settings.
        uart_tx_wait_done(self, 2 * self->timeout_char);
    }

    bool attach_to_repl = self->attached_to_repl;
    uint8_t *old_read_buf = self->read_buf;
    size_t old_read_len = self->read_buf_len << self->char_width;
    uint8_t *old_write_buf = self->write_buf;
    size_t old_write_len = self->write_buf_len << self->char_width;

    if (!uart_init(self, baudrate, wordlength, parity, stop, flow)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("UART(%d) doesn't exist"), self->uart_id);
    }
    self->attached_to_repl = attach_to_repl;

    self->timeout = args[ARG_timeout].u_int;
    // At least one character time (13 bits, to be safe) and 2 ms, since ticks_ms has
    // a 1 ms resolution.
    self->timeout_char = args[ARG_timeout_char].u_int;
    uint32_t min_timeout_char = 13000 / baudrate + 2;
    if (self->timeout_char < min_timeout_char) {
        self->timeout_char = min_timeout_char;
    }

    if (self->is_static) {
        uart_set_rxbuf(self, self->read_buf_len, self->read_buf);
        uart_set_txbuf(self, self->write_buf_len, self->write_buf);
    } else {
        uart_set_rxbuf(self, 0, NULL);
        uart_set_txbuf(self, 0, NULL);
        m_del(byte, old_read_buf, old_read_len);
        m_del(byte, old_write_buf, old_write_len);
        mp_int_t rxlen = args[ARG_rxbuf].u_int >= 0 ? args[ARG_rxbuf].u_int : args[ARG_read_buf_len].u_int;
        if (rxlen > 0) {
            size_t len = MIN(rxlen, 0xfffe) + 1; // one slot stays free
            uart_set_rxbuf(self, len, m_new(byte, len << self->char_width));
        }
        mp_int_t txlen = args[ARG_txbuf].u_int;
        if (txlen > 0) {
            size_t len = MIN(txlen, 0xfffe) + 1;
            uart_set_txbuf(self, len, m_new(byte, len << self->char_width));
        }
    }

    // As on stm32: refuse a baudrate that BRR cannot get within 5% of.
    uint32_t actual = uart_get_baudrate(self);
    uint32_t diff = actual > (uint32_t)baudrate ? actual - baudrate : baudrate - actual;
    if (20 * diff > actual) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("set baudrate %d is not within 5%% of desired value"), actual);
    }
}

// UART(id, ...): id 1..6. Without more arguments the object keeps the settings of
// its last init(); UART(2) is the REPL's own object.
static mp_obj_t mp_machine_uart_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);

    int uart_id;
    if (mp_obj_is_str(args[0])) {
        // No board names for the UARTs (stm32 boards may define MICROPY_HW_UARTn_NAME).
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("UART(%s) doesn't exist"), mp_obj_str_get_str(args[0]));
    }
    uart_id = mp_obj_get_int(args[0]);
    if (!uart_exists(uart_id)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("UART(%d) doesn't exist"), uart_id);
    }

    machine_uart_obj_t *self = MP_STATE_PORT(machine_uart_obj_all)[uart_id - 1];
    if (self == NULL) {
        self = m_new0(machine_uart_obj_t, 1);
        self->base.type = &machine_uart_type;
        self->uart_id = uart_id;
        MP_STATE_PORT(machine_uart_obj_all)[uart_id - 1] = self;
    }

    if (n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        mp_machine_uart_init_helper(self, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(self);
}

static void mp_machine_uart_deinit(machine_uart_obj_t *self) {
    if (self->is_enabled) {
        uart_tx_wait_done(self, 2 * self->timeout_char);
    }
    uart_deinit(self);
}

static mp_int_t mp_machine_uart_any(machine_uart_obj_t *self) {
    return uart_rx_any(self);
}

static bool mp_machine_uart_txdone(machine_uart_obj_t *self) {
    return uart_tx_done(self);
}

// A break (a frame of zeros) after the character being sent.
static void mp_machine_uart_sendbreak(machine_uart_obj_t *self) {
    if (self->is_enabled) {
        uint32_t state = disable_irq();
        self->uartx->CR1 |= USART_CR1_SBK;
        enable_irq(state);
    }
}

// readchar(): the next character, or -1 after timeout ms.
static mp_int_t mp_machine_uart_readchar(machine_uart_obj_t *self) {
    if (uart_rx_wait(self, self->timeout)) {
        return uart_rx_char(self);
    }
    return -1;
}

// writechar(c): up to 9 bits; OSError(ETIMEDOUT) if it could not be sent.
static void mp_machine_uart_writechar(machine_uart_obj_t *self, uint16_t data) {
    int errcode = MP_ETIMEDOUT;
    if (uart_tx_wait(self, self->timeout)) {
        uint8_t buf[2] = { data & 0xff, data >> 8 };
        uart_tx_data(self, buf, 1, &errcode);
    }
    if (errcode != 0) {
        mp_raise_OSError(errcode);
    }
}

static mp_irq_obj_t *mp_machine_uart_irq(machine_uart_obj_t *self, bool any_args, mp_arg_val_t *args) {
    if (self->mp_irq_obj == NULL) {
        self->mp_irq_trigger = 0;
        self->mp_irq_obj = mp_irq_new(&uart_irq_methods, MP_OBJ_FROM_PTR(self));
        if (self->is_static) {
            MP_STATE_PORT(machine_uart_repl_irq_obj) = self->mp_irq_obj; // keep it from the GC
        }
    }

    if (any_args) {
        mp_obj_t handler = args[MP_IRQ_ARG_INIT_handler].u_obj;
        if (handler != mp_const_none && !mp_obj_is_callable(handler)) {
            mp_raise_ValueError(MP_ERROR_TEXT("handler must be None or callable"));
        }
        mp_uint_t trigger = args[MP_IRQ_ARG_INIT_trigger].u_int;
        mp_uint_t not_supported = trigger & ~MP_UART_ALLOWED_FLAGS;
        if (trigger != 0 && not_supported) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("trigger 0x%08x unsupported"), not_supported);
        }
        uart_irq_config(self, false);
        self->mp_irq_obj->handler = handler;
        self->mp_irq_obj->ishard = args[MP_IRQ_ARG_INIT_hard].u_bool;
        self->mp_irq_trigger = trigger;
        uart_irq_config(self, true);
    }

    return self->mp_irq_obj;
}

static mp_uint_t mp_machine_uart_read(mp_obj_t self_in, void *buf_in, mp_uint_t size, int *errcode) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint8_t *buf = buf_in;

    // 9-bit characters come as 2 bytes each.
    if (size & self->char_width) {
        *errcode = MP_EIO;
        return MP_STREAM_ERROR;
    }
    size >>= self->char_width;
    if (size == 0) {
        return 0;
    }

    // Nothing within timeout: EAGAIN, which read() turns into None.
    if (!uart_rx_wait(self, self->timeout)) {
        *errcode = MP_EAGAIN;
        return MP_STREAM_ERROR;
    }

    uint8_t *orig_buf = buf;
    for (;;) {
        int data = uart_rx_char(self);
        if (self->char_width == CHAR_WIDTH_9BIT) {
            *buf++ = data;
            *buf++ = data >> 8;
        } else {
            *buf++ = data;
        }
        if (--size == 0 || !uart_rx_wait(self, self->timeout_char)) {
            return buf - orig_buf;
        }
    }
}

static mp_uint_t mp_machine_uart_write(mp_obj_t self_in, const void *buf_in, mp_uint_t size, int *errcode) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);

    if (size & self->char_width) {
        *errcode = MP_EIO;
        return MP_STREAM_ERROR;
    }

    // Nothing could be written within timeout: EAGAIN, which write() turns into None.
    if (!uart_tx_wait(self, self->timeout)) {
        *errcode = MP_EAGAIN;
        return MP_STREAM_ERROR;
    }

    // A timeout after that still returns what was written, as on stm32.
    size_t num_tx = uart_tx_data(self, buf_in, size >> self->char_width, errcode);
    *errcode = 0;
    return num_tx << self->char_width;
}

static mp_uint_t mp_machine_uart_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (request == MP_STREAM_POLL) {
        uintptr_t flags = arg;
        mp_uint_t ret = 0;
        if ((flags & MP_STREAM_POLL_RD) && uart_rx_any(self)) {
            ret |= MP_STREAM_POLL_RD;
        }
        if ((flags & MP_STREAM_POLL_WR) && uart_tx_avail(self)) {
            ret |= MP_STREAM_POLL_WR;
        }
        return ret;
    } else if (request == MP_STREAM_FLUSH) {
        // Until the TX ring is empty and the last frame is out; ETIMEDOUT if the line
        // stalls for 2 * timeout_char.
        if (!uart_tx_wait_done(self, 2 * self->timeout_char)) {
            *errcode = MP_ETIMEDOUT;
            return MP_STREAM_ERROR;
        }
        return 0;
    }
    *errcode = MP_EINVAL;
    return MP_STREAM_ERROR;
}
