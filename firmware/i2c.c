// I2C controllers (register level): the master driver, pyb.I2C and machine.I2C.
//
// The buses and pins are those of MicroPython's STM32F4DISC board: I2C1 on B6 (SCL) /
// B7 (SDA), I2C2 on B10/B11. The driver polls the RM0090 master event sequences,
// including its 1-byte, 2-byte and N-byte receive endings (ACK, POS, BTF, STOP), so that
// no byte more than asked for is read from a slave. The API and the printed forms
// follow the stm32 port (pyb_i2c.c, machine_i2c.c).
#include <string.h>
#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "extmod/modmachine.h"
#include "system_stm32.h"
#include "machine_pin.h"
#include "spi.h"
#include "i2c.h"

#ifndef MICROPY_HW_I2C1_SCL
#define MICROPY_HW_I2C1_SCL (&pin_B6_obj)
#define MICROPY_HW_I2C1_SDA (&pin_B7_obj)
#endif
#ifndef MICROPY_HW_I2C2_SCL
#define MICROPY_HW_I2C2_SCL (&pin_B10_obj)
#define MICROPY_HW_I2C2_SDA (&pin_B11_obj)
#endif

#define I2C_NUM             (2)
#define I2C_AF              (4)
#define I2C_BAUDRATE_DEFAULT (400000)
#define I2C_BAUDRATE_MAX    (400000)
#define I2C_POLL_DEFAULT_TIMEOUT_US (50000)

typedef struct _i2c_t {
    I2C_TypeDef *regs;
    uint8_t id;
    uint32_t rcc_bit;           // same bit in RCC_APB1ENR and RCC_APB1RSTR
    const machine_pin_obj_t *scl, *sda;
} i2c_t;

static const i2c_t i2c_obj[I2C_NUM] = {
    { I2C1, 1, RCC_APB1ENR_I2C1EN, MICROPY_HW_I2C1_SCL, MICROPY_HW_I2C1_SDA },
    { I2C2, 2, RCC_APB1ENR_I2C2EN, MICROPY_HW_I2C2_SCL, MICROPY_HW_I2C2_SDA },
};

// Per bus: the baudrate asked for (pyb.I2C prints it), peripheral (slave) mode, and
// the transfer timeout.
static uint32_t i2c_baudrate[I2C_NUM];
static bool i2c_peripheral[I2C_NUM];
static uint32_t i2c_timeout_ms[I2C_NUM];

/******************************************************************************/
// Driver

static bool i2c_is_enabled(const i2c_t *self) {
    return RCC->APB1ENR & self->rcc_bit;
}

// Reset the controller and set it up as a controller (master) at @freq Hz, or as a
// peripheral (slave) answering @addr if @freq is 0.
static void i2c_init(const i2c_t *self, uint32_t freq, uint32_t addr, uint32_t timeout_ms) {
    I2C_TypeDef *i2c = self->regs;
    RCC->APB1ENR |= self->rcc_bit;
    (void)RCC->APB1ENR;
    RCC->APB1RSTR |= self->rcc_bit;
    RCC->APB1RSTR &= ~self->rcc_bit;

    // Open drain with pull-ups, as the stm32 port.
    machine_pin_config(self->scl, PIN_MODE_ALT_OPEN_DRAIN, PIN_PULL_UP, I2C_AF);
    machine_pin_config(self->sda, PIN_MODE_ALT_OPEN_DRAIN, PIN_PULL_UP, I2C_AF);

    uint32_t pclk1 = stm32_get_pclk1_freq();
    uint32_t mhz = pclk1 / 1000000;
    i2c->CR1 = 0;
    i2c->CR2 = mhz;
    if (freq == 0) {
        // Peripheral: the controller sets the clock; standard mode timing.
        i2c->CCR = MAX(4, (pclk1 - 1) / (100000 * 2) + 1);
        i2c->TRISE = mhz + 1;
        i2c->OAR1 = (1UL << 14) | (addr & 0x7f) << 1; // bit 14 "kept at 1 by software"
        i2c->CR1 = I2C_CR1_PE | I2C_CR1_ACK;
    } else {
        freq = MIN(freq, I2C_BAUDRATE_MAX);
        if (freq <= 100000) {
            // Standard mode: Thigh = Tlow = CCR * Tpclk1
            i2c->CCR = MAX(4, (pclk1 - 1) / (freq * 2) + 1);
            i2c->TRISE = mhz + 1; // 1000 ns rise time
        } else {
            // Fast mode, duty 16/9: Thigh + Tlow = 25 * CCR * Tpclk1
            i2c->CCR = I2C_CCR_FS | I2C_CCR_DUTY | MAX(1, (pclk1 - 1) / (freq * 25) + 1);
            i2c->TRISE = mhz * 3 / 10 + 1; // 300 ns rise time
        }
        i2c->OAR1 = 1UL << 14;
        i2c->CR1 = I2C_CR1_PE;
    }
    i2c_timeout_ms[self - i2c_obj] = timeout_ms;
}

static void i2c_deinit(const i2c_t *self) {
    if (!i2c_is_enabled(self)) {
        return;
    }
    self->regs->CR1 = 0;
    RCC->APB1RSTR |= self->rcc_bit;
    RCC->APB1RSTR &= ~self->rcc_bit;
    RCC->APB1ENR &= ~self->rcc_bit;
    i2c_baudrate[self - i2c_obj] = 0;
    i2c_peripheral[self - i2c_obj] = false;
}

void i2c_deinit_all(void) {
    for (int i = 0; i < I2C_NUM; i++) {
        i2c_deinit(&i2c_obj[i]);
    }
}

// Wait for an SR1 flag. A NACK (AF) ends the wait with -MP_EIO; running out of time
// with -MP_ETIMEDOUT. Past a millisecond the wait sleeps until the next interrupt.
static int i2c_wait_sr1(const i2c_t *self, uint32_t flag, uint32_t start) {
    I2C_TypeDef *i2c = self->regs;
    uint32_t timeout = i2c_timeout_ms[self - i2c_obj];
    uint32_t t0 = mp_hal_ticks_ms();
    for (;;) {
        uint32_t sr1 = i2c->SR1;
        if (sr1 & flag) {
            return 0;
        }
        if (sr1 & I2C_SR1_AF) {
            return -MP_EIO;
        }
        uint32_t now = mp_hal_ticks_ms();
        if (now - start >= timeout) {
            return -MP_ETIMEDOUT;
        }
        if (now - t0 >= 2) {
            __WFI();
        }
    }
}

// After an error: release the bus and clear the flags.
static void i2c_abort(const i2c_t *self) {
    I2C_TypeDef *i2c = self->regs;
    i2c->CR1 |= I2C_CR1_STOP;
    i2c->SR1 = 0;
    i2c->CR1 &= ~(I2C_CR1_ACK | I2C_CR1_POS);
}

// Clear ADDR: SR1 read then SR2 read (EV6).
static void i2c_clear_addr(const i2c_t *self) {
    (void)self->regs->SR1;
    (void)self->regs->SR2;
}

// START (or repeated START) and the address byte. Returns 0 with ADDR still set, or
// -MP_ENODEV (no ACK), -MP_ETIMEDOUT, -MP_EBUSY (another device holds the bus).
static int i2c_start_addr(const i2c_t *self, bool rd, uint16_t addr, uint32_t start) {
    I2C_TypeDef *i2c = self->regs;
    int ret;
    if (!i2c_is_enabled(self)) {
        return -MP_EPERM;
    }
    if (!(i2c->SR2 & I2C_SR2_MSL)) {
        while (i2c->SR2 & I2C_SR2_BUSY) {
            if (mp_hal_ticks_ms() - start >= i2c_timeout_ms[self - i2c_obj]) {
                return -MP_EBUSY;
            }
        }
    }
    i2c->SR1 = 0; // stale AF
    i2c->CR1 = (i2c->CR1 & ~I2C_CR1_POS) | I2C_CR1_START;
    if ((ret = i2c_wait_sr1(self, I2C_SR1_SB, start)) != 0) {
        i2c_abort(self);
        return ret;
    }
    i2c->DR = (addr & 0x7f) << 1 | rd;
    if ((ret = i2c_wait_sr1(self, I2C_SR1_ADDR, start)) != 0) {
        i2c_abort(self);
        return ret == -MP_EIO ? -MP_ENODEV : ret;
    }
    return 0;
}

// Write after the address: returns the number of bytes ACKed, or a negative errno.
// A NACKed byte ends the transfer with a STOP (as machine.SoftI2C does).
static int i2c_write_bytes(const i2c_t *self, const uint8_t *src, size_t len, bool stop, uint32_t start) {
    I2C_TypeDef *i2c = self->regs;
    int ret;
    i2c_clear_addr(self);
    if (len == 0) {
        // Only the address (a probe): nothing to wait for.
        if (stop) {
            i2c->CR1 |= I2C_CR1_STOP;
        }
        return 0;
    }
    size_t i = 0;
    for (; i < len; ++i) {
        if ((ret = i2c_wait_sr1(self, I2C_SR1_TXE, start)) != 0) {
            break;
        }
        i2c->DR = src[i];
    }
    if (i == len) {
        // The last byte is out (or NACKed) when BTF (or AF) comes.
        ret = i2c_wait_sr1(self, I2C_SR1_BTF, start);
        if (ret == 0) {
            if (stop) {
                i2c->CR1 |= I2C_CR1_STOP;
            }
            return len;
        }
    }
    i2c_abort(self);
    return ret == -MP_EIO ? (int)i : ret;
}

// Read @len bytes after the address (ADDR still set), with RM0090's endings: the last
// byte is NACKed and STOP (if @stop) follows it. @len >= 1.
static int i2c_read_bytes(const i2c_t *self, uint8_t *dest, size_t len, bool stop, uint32_t start) {
    I2C_TypeDef *i2c = self->regs;
    int ret = 0;
    if (len == 1) {
        i2c->CR1 &= ~I2C_CR1_ACK;
        i2c_clear_addr(self);
        if (stop) {
            i2c->CR1 |= I2C_CR1_STOP;
        }
        if ((ret = i2c_wait_sr1(self, I2C_SR1_RXNE, start)) != 0) {
            goto fail;
        }
        dest[0] = i2c->DR;
        return 0;
    }
    if (len == 2) {
        // ACK applies to the byte in the shift register: NACK the second one.
        i2c->CR1 |= I2C_CR1_ACK | I2C_CR1_POS;
        i2c_clear_addr(self);
        i2c->CR1 &= ~I2C_CR1_ACK;
        if ((ret = i2c_wait_sr1(self, I2C_SR1_BTF, start)) != 0) {
            goto fail;
        }
        if (stop) {
            i2c->CR1 |= I2C_CR1_STOP;
        }
        dest[0] = i2c->DR;
        dest[1] = i2c->DR;
        i2c->CR1 &= ~I2C_CR1_POS;
        return 0;
    }
    i2c->CR1 |= I2C_CR1_ACK;
    i2c_clear_addr(self);
    size_t i = 0;
    for (; len - i > 3; ++i) {
        if ((ret = i2c_wait_sr1(self, I2C_SR1_RXNE, start)) != 0) {
            goto fail;
        }
        dest[i] = i2c->DR;
    }
    // Three left: N-2 in DR, N-1 in the shift register; NACK the last.
    if ((ret = i2c_wait_sr1(self, I2C_SR1_BTF, start)) != 0) {
        goto fail;
    }
    i2c->CR1 &= ~I2C_CR1_ACK;
    dest[i++] = i2c->DR;
    if ((ret = i2c_wait_sr1(self, I2C_SR1_BTF, start)) != 0) {
        goto fail;
    }
    if (stop) {
        i2c->CR1 |= I2C_CR1_STOP;
    }
    dest[i++] = i2c->DR;
    dest[i] = i2c->DR;
    return 0;

fail:
    i2c_abort(self);
    return ret;
}

/******************************************************************************/
// Bus lookup, shared by pyb.I2C and machine.I2C

static const i2c_t *i2c_find(mp_obj_t id) {
    if (mp_obj_is_str(id)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("I2C(%s) doesn't exist"),
            mp_obj_str_get_str(id));
    }
    mp_int_t n = mp_obj_get_int(id);
    if (n < 1 || n > I2C_NUM) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("I2C(%d) doesn't exist"), n);
    }
    return &i2c_obj[n - 1];
}

static void i2c_raise(int ret) {
    if (ret < 0) {
        mp_raise_OSError(-ret);
    }
}

/******************************************************************************/
// pyb.I2C

#define PYB_I2C_MASTER (0)
#define PYB_I2C_SLAVE  (1)

typedef struct _pyb_i2c_obj_t {
    mp_obj_base_t base;
    const i2c_t *i2c;
} pyb_i2c_obj_t;

static const pyb_i2c_obj_t pyb_i2c_obj[I2C_NUM] = {
    {{&pyb_i2c_type}, &i2c_obj[0]},
    {{&pyb_i2c_type}, &i2c_obj[1]},
};

static bool pyb_i2c_is_controller(const pyb_i2c_obj_t *self) {
    return !i2c_peripheral[self->i2c - i2c_obj];
}

static void pyb_i2c_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_i2c_obj_t *self = MP_OBJ_TO_PTR(self_in);
    const i2c_t *i2c = self->i2c;
    if (!i2c_is_enabled(i2c)) {
        mp_printf(print, "I2C(%u)", i2c->id);
    } else if (pyb_i2c_is_controller(self)) {
        mp_printf(print, "I2C(%u, I2C.CONTROLLER, baudrate=%u)", i2c->id,
            (unsigned)i2c_baudrate[i2c - i2c_obj]);
    } else {
        mp_printf(print, "I2C(%u, I2C.PERIPHERAL, addr=0x%02x)", i2c->id,
            (unsigned)((i2c->regs->OAR1 >> 1) & 0x7f));
    }
}

// init(mode=I2C.CONTROLLER, *, addr=0x12, baudrate=400000, gencall=False, dma=False)
static mp_obj_t pyb_i2c_init_helper(const pyb_i2c_obj_t *self, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_mode, ARG_addr, ARG_baudrate, ARG_gencall, ARG_dma };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_mode,     MP_ARG_INT, {.u_int = PYB_I2C_MASTER} },
        { MP_QSTR_addr,     MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0x12} },
        { MP_QSTR_baudrate, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = I2C_BAUDRATE_DEFAULT} },
        { MP_QSTR_gencall,  MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
        { MP_QSTR_dma,      MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    size_t idx = self->i2c - i2c_obj;
    if (args[ARG_mode].u_int == PYB_I2C_MASTER) {
        mp_int_t baudrate = args[ARG_baudrate].u_int;
        if (baudrate <= 0) {
            mp_raise_ValueError(MP_ERROR_TEXT("baudrate must be positive"));
        }
        i2c_baudrate[idx] = MIN(baudrate, I2C_BAUDRATE_MAX);
        i2c_peripheral[idx] = false;
        i2c_init(self->i2c, i2c_baudrate[idx], 0, I2C_POLL_DEFAULT_TIMEOUT_US / 1000);
    } else if (args[ARG_mode].u_int == PYB_I2C_SLAVE) {
        i2c_baudrate[idx] = 0;
        i2c_peripheral[idx] = true;
        i2c_init(self->i2c, 0, args[ARG_addr].u_int, I2C_POLL_DEFAULT_TIMEOUT_US / 1000);
        if (args[ARG_gencall].u_bool) {
            self->i2c->regs->CR1 |= 1UL << 6; // ENGC
        }
    } else {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid mode"));
    }
    // dma=True: transfers stay polled (same results, the CPU does the copying).
    return mp_const_none;
}

// I2C(bus, ...): bus 1 or 2; with more arguments, init(...) too.
static mp_obj_t pyb_i2c_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    const i2c_t *i2c = i2c_find(args[0]);
    const pyb_i2c_obj_t *self = &pyb_i2c_obj[i2c - i2c_obj];
    if (n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        pyb_i2c_init_helper(self, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t pyb_i2c_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return pyb_i2c_init_helper(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_i2c_init_obj, 1, pyb_i2c_init);

static mp_obj_t pyb_i2c_deinit(mp_obj_t self_in) {
    pyb_i2c_obj_t *self = MP_OBJ_TO_PTR(self_in);
    i2c_deinit(self->i2c);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_i2c_deinit_obj, pyb_i2c_deinit);

static void pyb_i2c_check_controller(const pyb_i2c_obj_t *self) {
    if (!pyb_i2c_is_controller(self)) {
        mp_raise_TypeError(MP_ERROR_TEXT("I2C must be a controller"));
    }
}

// Does a device answer @addr (an empty write)?
static bool pyb_i2c_probe(const pyb_i2c_obj_t *self, uint16_t addr) {
    uint32_t start = mp_hal_ticks_ms();
    if (i2c_start_addr(self->i2c, false, addr, start) != 0) {
        return false;
    }
    i2c_clear_addr(self->i2c);
    self->i2c->regs->CR1 |= I2C_CR1_STOP;
    return true;
}

static mp_obj_t pyb_i2c_is_ready(mp_obj_t self_in, mp_obj_t i2c_addr_o) {
    pyb_i2c_obj_t *self = MP_OBJ_TO_PTR(self_in);
    pyb_i2c_check_controller(self);
    mp_int_t addr = mp_obj_get_int(i2c_addr_o);
    // Up to 10 attempts, as the stm32 port: a device may be busy for a moment.
    for (int i = 0; i < 10; i++) {
        if (pyb_i2c_probe(self, addr)) {
            return mp_const_true;
        }
    }
    return mp_const_false;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_i2c_is_ready_obj, pyb_i2c_is_ready);

static mp_obj_t pyb_i2c_scan(mp_obj_t self_in) {
    pyb_i2c_obj_t *self = MP_OBJ_TO_PTR(self_in);
    pyb_i2c_check_controller(self);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    for (uint addr = 0x08; addr <= 0x77; addr++) {
        if (pyb_i2c_probe(self, addr)) {
            mp_obj_list_append(list, MP_OBJ_NEW_SMALL_INT(addr));
        }
    }
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_i2c_scan_obj, pyb_i2c_scan);

// A peripheral (slave) transfer needs a controller on the bus to address us.
static int pyb_i2c_wait_addressed(const pyb_i2c_obj_t *self, uint32_t timeout) {
    uint32_t start = mp_hal_ticks_ms();
    while (!(self->i2c->regs->SR1 & I2C_SR1_ADDR)) {
        if (mp_hal_ticks_ms() - start >= timeout) {
            return -MP_ETIMEDOUT;
        }
        MICROPY_EVENT_POLL_HOOK
    }
    return -MP_EOPNOTSUPP; // addressed, but peripheral transfers are not implemented
}

// Controller write of @len bytes to @addr with a STOP; pyb raises EIO on any NACK.
static void pyb_i2c_write(const pyb_i2c_obj_t *self, uint16_t addr, const uint8_t *buf, size_t len, bool stop) {
    uint32_t start = mp_hal_ticks_ms();
    int ret = i2c_start_addr(self->i2c, false, addr, start);
    if (ret == -MP_ENODEV) {
        ret = -MP_EIO;
    }
    i2c_raise(ret);
    ret = i2c_write_bytes(self->i2c, buf, len, stop, start);
    i2c_raise(ret);
    if ((size_t)ret != len) {
        mp_raise_OSError(MP_EIO);
    }
}

static void pyb_i2c_read(const pyb_i2c_obj_t *self, uint16_t addr, uint8_t *buf, size_t len) {
    uint32_t start = mp_hal_ticks_ms();
    int ret = i2c_start_addr(self->i2c, true, addr, start);
    if (ret == -MP_ENODEV) {
        ret = -MP_EIO;
    }
    i2c_raise(ret);
    if (len == 0) {
        i2c_clear_addr(self->i2c);
        self->i2c->regs->CR1 |= I2C_CR1_STOP;
        return;
    }
    i2c_raise(i2c_read_bytes(self->i2c, buf, len, true, start));
}

static void pyb_i2c_set_timeout(const pyb_i2c_obj_t *self, mp_int_t timeout) {
    i2c_timeout_ms[self->i2c - i2c_obj] = timeout < 1 ? 1 : timeout;
}

// send(send, addr=0x00, *, timeout=5000)
static mp_obj_t pyb_i2c_send(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_send,    MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_addr,    MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 5000} },
    };
    pyb_i2c_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    mp_buffer_info_t bufinfo;
    uint8_t data[1];
    pyb_buf_get_for_send(args[0].u_obj, &bufinfo, data);
    if (!pyb_i2c_is_controller(self)) {
        i2c_raise(pyb_i2c_wait_addressed(self, args[2].u_int));
    }
    pyb_i2c_set_timeout(self, args[2].u_int);
    pyb_i2c_write(self, args[1].u_int, bufinfo.buf, bufinfo.len, true);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_i2c_send_obj, 1, pyb_i2c_send);

// recv(recv, addr=0x00, *, timeout=5000): a byte count (returns bytes) or a buffer to fill.
static mp_obj_t pyb_i2c_recv(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_recv,    MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_addr,    MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 5000} },
    };
    pyb_i2c_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    vstr_t vstr;
    mp_obj_t o_ret = pyb_buf_get_for_recv(args[0].u_obj, &vstr);
    if (!pyb_i2c_is_controller(self)) {
        i2c_raise(pyb_i2c_wait_addressed(self, args[2].u_int));
    }
    pyb_i2c_set_timeout(self, args[2].u_int);
    pyb_i2c_read(self, args[1].u_int, (uint8_t *)vstr.buf, vstr.len);
    if (o_ret != MP_OBJ_NULL) {
        return o_ret;
    }
    return mp_obj_new_bytes_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_i2c_recv_obj, 1, pyb_i2c_recv);

static const mp_arg_t pyb_i2c_mem_allowed_args[] = {
    { MP_QSTR_data,    MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
    { MP_QSTR_addr,    MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0} },
    { MP_QSTR_memaddr, MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0} },
    { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 5000} },
    { MP_QSTR_addr_size, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 8} },
};

// The memory address, MSB first: 1 byte, or 2 with addr_size=16.
static size_t pyb_i2c_memaddr(mp_arg_val_t *args, uint8_t *out) {
    uint32_t memaddr = args[2].u_int;
    if (args[4].u_int == 8) {
        out[0] = memaddr;
        return 1;
    }
    out[0] = memaddr >> 8;
    out[1] = memaddr;
    return 2;
}

// mem_read(data, addr, memaddr, *, timeout=5000, addr_size=8)
static mp_obj_t pyb_i2c_mem_read(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    pyb_i2c_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(pyb_i2c_mem_allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(pyb_i2c_mem_allowed_args), pyb_i2c_mem_allowed_args, args);
    pyb_i2c_check_controller(self);

    vstr_t vstr;
    mp_obj_t o_ret = pyb_buf_get_for_recv(args[0].u_obj, &vstr);
    uint8_t ma[2];
    size_t ma_len = pyb_i2c_memaddr(args, ma);
    pyb_i2c_set_timeout(self, args[3].u_int);
    // Memory address without STOP, then a repeated START to read.
    pyb_i2c_write(self, args[1].u_int, ma, ma_len, false);
    pyb_i2c_read(self, args[1].u_int, (uint8_t *)vstr.buf, vstr.len);
    if (o_ret != MP_OBJ_NULL) {
        return o_ret;
    }
    return mp_obj_new_bytes_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_i2c_mem_read_obj, 1, pyb_i2c_mem_read);

// mem_write(data, addr, memaddr, *, timeout=5000, addr_size=8)
static mp_obj_t pyb_i2c_mem_write(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    pyb_i2c_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(pyb_i2c_mem_allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(pyb_i2c_mem_allowed_args), pyb_i2c_mem_allowed_args, args);
    pyb_i2c_check_controller(self);

    mp_buffer_info_t bufinfo;
    uint8_t data[1];
    pyb_buf_get_for_send(args[0].u_obj, &bufinfo, data);
    // One write: the memory address, then the data.
    uint8_t *buf = m_new(uint8_t, 2 + bufinfo.len);
    size_t ma_len = pyb_i2c_memaddr(args, buf);
    memcpy(buf + ma_len, bufinfo.buf, bufinfo.len);
    pyb_i2c_set_timeout(self, args[3].u_int);
    pyb_i2c_write(self, args[1].u_int, buf, ma_len + bufinfo.len, true);
    m_del(uint8_t, buf, 2 + bufinfo.len);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_i2c_mem_write_obj, 1, pyb_i2c_mem_write);

static const mp_rom_map_elem_t pyb_i2c_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&pyb_i2c_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&pyb_i2c_deinit_obj) },
    { MP_ROM_QSTR(MP_QSTR_is_ready), MP_ROM_PTR(&pyb_i2c_is_ready_obj) },
    { MP_ROM_QSTR(MP_QSTR_scan), MP_ROM_PTR(&pyb_i2c_scan_obj) },
    { MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&pyb_i2c_send_obj) },
    { MP_ROM_QSTR(MP_QSTR_recv), MP_ROM_PTR(&pyb_i2c_recv_obj) },
    { MP_ROM_QSTR(MP_QSTR_mem_read), MP_ROM_PTR(&pyb_i2c_mem_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_mem_write), MP_ROM_PTR(&pyb_i2c_mem_write_obj) },

    { MP_ROM_QSTR(MP_QSTR_CONTROLLER), MP_ROM_INT(PYB_I2C_MASTER) },
    { MP_ROM_QSTR(MP_QSTR_PERIPHERAL), MP_ROM_INT(PYB_I2C_SLAVE) },
    // Legacy names.
    { MP_ROM_QSTR(MP_QSTR_MASTER), MP_ROM_INT(PYB_I2C_MASTER) },
    { MP_ROM_QSTR(MP_QSTR_SLAVE), MP_ROM_INT(PYB_I2C_SLAVE) },
};
static MP_DEFINE_CONST_DICT(pyb_i2c_locals_dict, pyb_i2c_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_i2c_type,
    MP_QSTR_I2C,
    MP_TYPE_FLAG_NONE,
    make_new, pyb_i2c_make_new,
    print, pyb_i2c_print,
    locals_dict, &pyb_i2c_locals_dict
    );

/******************************************************************************/
// machine.I2C (hardware)

typedef struct _machine_hard_i2c_obj_t {
    mp_obj_base_t base;
    const i2c_t *i2c;
} machine_hard_i2c_obj_t;

static const machine_hard_i2c_obj_t machine_hard_i2c_obj[I2C_NUM] = {
    {{&machine_i2c_type}, &i2c_obj[0]},
    {{&machine_i2c_type}, &i2c_obj[1]},
};

// The SCL frequency from the registers, as the stm32 port prints it.
static void machine_hard_i2c_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_hard_i2c_obj_t *self = MP_OBJ_TO_PTR(self_in);
    I2C_TypeDef *i2c = self->i2c->regs;
    uint32_t freq = i2c->CR2 & I2C_CR2_FREQ_Msk;
    uint32_t ccr = i2c->CCR & I2C_CCR_CCR_Msk;
    if (ccr == 0) {
        freq = 0;
    } else if (i2c->CCR & I2C_CCR_FS) {
        freq = freq * 40000 / ccr; // duty 16/9
    } else {
        freq = freq * 500000 / ccr;
    }
    mp_printf(print, "I2C(%u, scl=%q, sda=%q, freq=%u)", self->i2c->id,
        mp_hal_pin_name(self->i2c->scl), mp_hal_pin_name(self->i2c->sda), (unsigned)freq);
}

static void machine_hard_i2c_setup(const i2c_t *i2c, mp_int_t freq, mp_int_t timeout_us) {
    if (freq <= 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq must be positive"));
    }
    i2c_baudrate[i2c - i2c_obj] = MIN(freq, I2C_BAUDRATE_MAX);
    i2c_peripheral[i2c - i2c_obj] = false;
    i2c_init(i2c, freq, 0, timeout_us <= 0 ? 1 : (timeout_us + 999) / 1000);
}

// I2C(id, *, freq=400000, timeout=50000): pins fixed (scl/sda are refused).
static mp_obj_t machine_hard_i2c_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    MP_MACHINE_I2C_CHECK_FOR_LEGACY_SOFTI2C_CONSTRUCTION(n_args, n_kw, all_args);

    enum { ARG_id, ARG_scl, ARG_sda, ARG_freq, ARG_timeout };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_id, MP_ARG_REQUIRED | MP_ARG_OBJ },
        { MP_QSTR_scl, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_sda, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_freq, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = I2C_BAUDRATE_DEFAULT} },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = I2C_POLL_DEFAULT_TIMEOUT_US} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    const i2c_t *i2c = i2c_find(args[ARG_id].u_obj);
    if (args[ARG_scl].u_obj != MP_OBJ_NULL || args[ARG_sda].u_obj != MP_OBJ_NULL) {
        mp_raise_ValueError(MP_ERROR_TEXT("explicit choice of scl/sda is not implemented"));
    }
    machine_hard_i2c_setup(i2c, args[ARG_freq].u_int, args[ARG_timeout].u_int);
    return MP_OBJ_FROM_PTR(&machine_hard_i2c_obj[i2c - i2c_obj]);
}

// init(*, freq=400000, timeout=50000)
static void machine_hard_i2c_init(mp_obj_base_t *self_in, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    machine_hard_i2c_obj_t *self = (machine_hard_i2c_obj_t *)self_in;
    enum { ARG_freq, ARG_timeout };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_freq, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = I2C_BAUDRATE_DEFAULT} },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = I2C_POLL_DEFAULT_TIMEOUT_US} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    machine_hard_i2c_setup(self->i2c, args[ARG_freq].u_int, args[ARG_timeout].u_int);
}

// One transaction: the buffers as one stream. Returns the number of ACKs of a write
// (a NACKed data byte ends it), 0 for a read, or a negative errno (-MP_ENODEV: no
// device answered the address).
static int machine_hard_i2c_transfer(mp_obj_base_t *self_in, uint16_t addr, size_t n, mp_machine_i2c_buf_t *bufs, unsigned int flags) {
    machine_hard_i2c_obj_t *self = (machine_hard_i2c_obj_t *)self_in;
    const i2c_t *i2c = self->i2c;
    bool rd = flags & MP_MACHINE_I2C_FLAG_READ;
    bool stop = flags & MP_MACHINE_I2C_FLAG_STOP;
    uint32_t start = mp_hal_ticks_ms();

    size_t total = 0;
    for (size_t i = 0; i < n; ++i) {
        total += bufs[i].len;
    }
    int ret = i2c_start_addr(i2c, rd, addr, start);
    if (ret < 0) {
        return ret;
    }
    // Gather the buffers: one contiguous transfer keeps the RM0090 endings in order.
    uint8_t *buf = n == 1 ? bufs[0].buf : m_new(uint8_t, total);
    if (!rd && n != 1) {
        for (size_t i = 0, pos = 0; i < n; pos += bufs[i].len, ++i) {
            memcpy(buf + pos, bufs[i].buf, bufs[i].len);
        }
    }
    if (rd && total == 0) {
        i2c_clear_addr(i2c);
        if (stop) {
            i2c->regs->CR1 |= I2C_CR1_STOP;
        }
        ret = 0;
    } else if (rd) {
        ret = i2c_read_bytes(i2c, buf, total, stop, start);
        if (ret == 0 && n != 1) {
            for (size_t i = 0, pos = 0; i < n; pos += bufs[i].len, ++i) {
                memcpy(bufs[i].buf, buf + pos, bufs[i].len);
            }
        }
    } else {
        ret = i2c_write_bytes(i2c, buf, total, stop, start);
    }
    if (n != 1) {
        m_del(uint8_t, buf, total);
    }
    return ret;
}

static const mp_machine_i2c_p_t machine_hard_i2c_p = {
    .init = machine_hard_i2c_init,
    .transfer = machine_hard_i2c_transfer,
};

MP_DEFINE_CONST_OBJ_TYPE(
    machine_i2c_type,
    MP_QSTR_I2C,
    MP_TYPE_FLAG_NONE,
    make_new, machine_hard_i2c_make_new,
    print, machine_hard_i2c_print,
    protocol, &machine_hard_i2c_p,
    locals_dict, &mp_machine_i2c_locals_dict
    );
