// SPI controllers (register level): the driver, pyb.SPI and machine.SPI.
//
// The buses and pins are those of MicroPython's STM32F4DISC board: SPI1 on
// A5/A6/A7 (NSS A4), SPI2 on B13/B14/B15 (NSS B12). Transfers poll the flags;
// the API and the printed forms follow the stm32 port (pyb_spi.c, machine_spi.c).
#include <string.h>
#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "extmod/modmachine.h"
#include "system_stm32.h"
#include "spi.h"

#ifndef MICROPY_HW_SPI1_SCK
#define MICROPY_HW_SPI1_NSS  (&pin_A4_obj)
#define MICROPY_HW_SPI1_SCK  (&pin_A5_obj)
#define MICROPY_HW_SPI1_MISO (&pin_A6_obj)
#define MICROPY_HW_SPI1_MOSI (&pin_A7_obj)
#endif
#ifndef MICROPY_HW_SPI2_SCK
#define MICROPY_HW_SPI2_NSS  (&pin_B12_obj)
#define MICROPY_HW_SPI2_SCK  (&pin_B13_obj)
#define MICROPY_HW_SPI2_MISO (&pin_B14_obj)
#define MICROPY_HW_SPI2_MOSI (&pin_B15_obj)
#endif

#define SPI_AF               (5)     // SPI1/SPI2 on every pin above
#define SPI_NUM              (2)
// Time for a machine.SPI transfer of len bytes, as in the stm32 port.
#define SPI_TRANSFER_TIMEOUT(len) ((len) + 100)

static const spi_t spi_obj[SPI_NUM] = {
    { SPI1, 1, SPI_AF, true, &RCC->APB2ENR, &RCC->APB2RSTR, RCC_APB2ENR_SPI1EN,
      MICROPY_HW_SPI1_NSS, MICROPY_HW_SPI1_SCK, MICROPY_HW_SPI1_MISO, MICROPY_HW_SPI1_MOSI },
    { SPI2, 2, SPI_AF, false, &RCC->APB1ENR, &RCC->APB1RSTR, RCC_APB1ENR_SPI2EN,
      MICROPY_HW_SPI2_NSS, MICROPY_HW_SPI2_SCK, MICROPY_HW_SPI2_MISO, MICROPY_HW_SPI2_MOSI },
};

// Last configuration of each bus: CR1 without SPE, CR2, CRC polynomial. machine.SPI.init()
// changes only the given parameters, also after a deinit().
typedef struct {
    uint32_t cr1, cr2, crcpr;
} spi_config_t;
static spi_config_t spi_config[SPI_NUM] = {
    { SPI_MODE_MASTER | SPI_NSS_SOFT | (7 << SPI_CR1_BR_Pos), 0, 7 },
    { SPI_MODE_MASTER | SPI_NSS_SOFT | (7 << SPI_CR1_BR_Pos), 0, 7 },
};

/******************************************************************************/
// Driver

static bool spi_is_enabled(const spi_t *self) {
    return *self->enr & self->rcc_bit;
}

static uint32_t spi_get_source_freq(const spi_t *self) {
    return self->apb2 ? stm32_get_pclk2_freq() : stm32_get_pclk1_freq();
}

// BR field that gives at most @baudrate (the largest prescaler if none does).
static uint32_t spi_br_for(const spi_t *self, uint32_t prescale, int32_t baudrate) {
    if (prescale == 0xffffffff) {
        if (baudrate <= 0) {
            mp_raise_ValueError(MP_ERROR_TEXT("baudrate must be positive"));
        }
        prescale = (spi_get_source_freq(self) + baudrate - 1) / baudrate;
    }
    uint32_t br = 0;
    while (br < 7 && (2U << br) < prescale) {
        ++br;
    }
    return br;
}

// Update the stored configuration; -1 (or 0xffffffff) leaves a parameter as it is.
static void spi_set_params(const spi_t *self, uint32_t prescale, int32_t baudrate,
    int32_t polarity, int32_t phase, int32_t bits, int32_t firstbit) {
    spi_config_t *cfg = &spi_config[self - spi_obj];
    if (prescale != 0xffffffff || baudrate != -1) {
        cfg->cr1 = (cfg->cr1 & ~SPI_CR1_BR_Msk) | spi_br_for(self, prescale, baudrate) << SPI_CR1_BR_Pos;
    }
    if (polarity != -1) {
        cfg->cr1 = polarity ? cfg->cr1 | SPI_CR1_CPOL : cfg->cr1 & ~SPI_CR1_CPOL;
    }
    if (phase != -1) {
        cfg->cr1 = phase ? cfg->cr1 | SPI_CR1_CPHA : cfg->cr1 & ~SPI_CR1_CPHA;
    }
    if (bits != -1) {
        if (bits != 8 && bits != 16) {
            mp_raise_ValueError(MP_ERROR_TEXT("bits must be 8 or 16"));
        }
        cfg->cr1 = bits == 16 ? cfg->cr1 | SPI_CR1_DFF : cfg->cr1 & ~SPI_CR1_DFF;
    }
    if (firstbit != -1) {
        cfg->cr1 = (cfg->cr1 & ~SPI_CR1_LSBFIRST) | (firstbit & SPI_CR1_LSBFIRST);
    }
}

// Reset the controller and apply the stored configuration.
static void spi_init(const spi_t *self) {
    const spi_config_t *cfg = &spi_config[self - spi_obj];
    SPI_TypeDef *spi = self->regs;

    *self->enr |= self->rcc_bit;
    (void)*self->enr; // the clock is on before the first register access
    *self->rstr |= self->rcc_bit;
    *self->rstr &= ~self->rcc_bit;

    // Pulls as the stm32 port: towards the idle clock level, on every pin.
    uint32_t pull = (cfg->cr1 & SPI_CR1_CPOL) ? PIN_PULL_UP : PIN_PULL_DOWN;
    machine_pin_config(self->sck, PIN_MODE_ALT, pull, self->af);
    machine_pin_config(self->miso, PIN_MODE_ALT, pull, self->af);
    machine_pin_config(self->mosi, PIN_MODE_ALT, pull, self->af);
    if (!(cfg->cr1 & SPI_CR1_SSM)) {
        machine_pin_config(self->nss, PIN_MODE_ALT, pull, self->af);
    }

    spi->CR1 = 0;
    spi->CR2 = cfg->cr2;
    if (cfg->cr1 & SPI_CR1_CRCEN) {
        spi->CRCPR = cfg->crcpr;
    }
    spi->CR1 = cfg->cr1;
    spi->CR1 = cfg->cr1 | SPI_CR1_SPE;
}

static void spi_deinit(const spi_t *self) {
    if (!spi_is_enabled(self)) {
        return;
    }
    self->regs->CR1 = 0;
    *self->rstr |= self->rcc_bit;
    *self->rstr &= ~self->rcc_bit;
    *self->enr &= ~self->rcc_bit;
}

void spi_deinit_all(void) {
    for (int i = 0; i < SPI_NUM; i++) {
        spi_deinit(&spi_obj[i]);
    }
}

// Wait for an SR flag. Flags normally come within a frame time; a wait of
// more than a millisecond (a peripheral waiting for an external clock) sleeps
// until the next interrupt instead of spinning.
static int spi_wait_flag(const spi_t *self, uint32_t flag, uint32_t start, uint32_t timeout) {
    if (self->regs->SR & flag) {
        return 0;
    }
    uint32_t t0 = mp_hal_ticks_ms();
    while (!(self->regs->SR & flag)) {
        uint32_t now = mp_hal_ticks_ms();
        if (now - start >= timeout) {
            return MP_ETIMEDOUT;
        }
        if (now - t0 >= 2) {
            __WFI();
        }
    }
    return 0;
}

// Full-duplex transfer of @len bytes (16-bit frames: little-endian halfwords).
// @src NULL sends zeros; @dest NULL drops what is received. A peripheral
// (slave) receiving only does not load DR. Returns 0 or an errno.
static int spi_transfer(const spi_t *self, size_t len, const uint8_t *src, uint8_t *dest,
    uint32_t timeout) {
    SPI_TypeDef *spi = self->regs;
    if (!spi_is_enabled(self)) {
        return MP_EBUSY;
    }
    bool dff = spi->CR1 & SPI_CR1_DFF;
    bool master = spi->CR1 & SPI_CR1_MSTR;
    size_t step = dff ? 2 : 1;
    uint32_t start = mp_hal_ticks_ms();
    int err = 0;

    // Drop a stale frame and clear OVR (DR read, then SR read).
    (void)spi->DR;
    (void)spi->SR;
    spi->CR1 |= SPI_CR1_SPE;

    // One frame at a time: a second frame in the transmit buffer would be lost
    // (OVR) if this loop were slower than a frame time at the moment it ends.
    for (size_t i = 0; i + step <= len; i += step) {
        if (src != NULL || master) {
            // A controller's TXE is set again once the previous frame's RXNE is.
            if ((i == 0 || !master) && (err = spi_wait_flag(self, SPI_SR_TXE, start, timeout)) != 0) {
                break;
            }
            uint32_t v = 0;
            if (src != NULL) {
                v = dff ? (src[i] | src[i + 1] << 8) : src[i];
            }
            spi->DR = v;
        }
        if ((err = spi_wait_flag(self, SPI_SR_RXNE, start, timeout)) != 0) {
            break;
        }
        uint32_t v = spi->DR;
        if (dest != NULL) {
            dest[i] = v;
            if (dff) {
                dest[i + 1] = v >> 8;
            }
        }
    }
    if (err == 0 && master) {
        while (spi->SR & SPI_SR_BSY) {
            if (mp_hal_ticks_ms() - start >= timeout) {
                return MP_ETIMEDOUT;
            }
        }
    }
    return err;
}

static void spi_transfer_raise(const spi_t *self, size_t len, const uint8_t *src, uint8_t *dest,
    uint32_t timeout) {
    int err = spi_transfer(self, len, src, dest, timeout);
    if (err != 0) {
        mp_raise_OSError(err);
    }
}

static const spi_t *spi_find(mp_obj_t id) {
    if (mp_obj_is_str(id)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("SPI(%s) doesn't exist"),
            mp_obj_str_get_str(id));
    }
    mp_int_t n = mp_obj_get_int(id);
    if (n < 1 || n > SPI_NUM) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("SPI(%d) doesn't exist"), n);
    }
    return &spi_obj[n - 1];
}

static void spi_print(const mp_print_t *print, const spi_t *self, bool legacy) {
    SPI_TypeDef *spi = self->regs;
    mp_printf(print, "SPI(%u", self->id);
    if (spi_is_enabled(self)) {
        uint32_t cr1 = spi->CR1;
        if (cr1 & SPI_CR1_MSTR) {
            uint32_t log_prescaler = ((cr1 & SPI_CR1_BR_Msk) >> SPI_CR1_BR_Pos) + 1;
            if (legacy) {
                mp_print_str(print, ", SPI.CONTROLLER");
            }
            mp_printf(print, ", baudrate=%u", (unsigned)(spi_get_source_freq(self) >> log_prescaler));
            if (legacy) {
                mp_printf(print, ", prescaler=%u", 1U << log_prescaler);
            }
        } else {
            mp_print_str(print, ", SPI.PERIPHERAL");
        }
        mp_printf(print, ", polarity=%u, phase=%u, bits=%u", (cr1 & SPI_CR1_CPOL) ? 1 : 0,
            (cr1 & SPI_CR1_CPHA) ? 1 : 0, (cr1 & SPI_CR1_DFF) ? 16 : 8);
        if (cr1 & SPI_CR1_CRCEN) {
            mp_printf(print, ", crc=0x%x", (unsigned)spi->CRCPR);
        }
    }
    mp_print_str(print, ")");
}

/******************************************************************************/
// Buffers for pyb.SPI/pyb.I2C send and recv (an int or a buffer), as the stm32 port.

void pyb_buf_get_for_send(mp_obj_t o, mp_buffer_info_t *bufinfo, uint8_t *tmp_data) {
    if (mp_obj_is_int(o)) {
        tmp_data[0] = mp_obj_get_int(o);
        bufinfo->buf = tmp_data;
        bufinfo->len = 1;
        bufinfo->typecode = 'B';
    } else {
        mp_get_buffer_raise(o, bufinfo, MP_BUFFER_READ);
    }
}

mp_obj_t pyb_buf_get_for_recv(mp_obj_t o, vstr_t *vstr) {
    if (mp_obj_is_int(o)) {
        vstr_init_len(vstr, mp_obj_get_int(o));
        memset(vstr->buf, 0, vstr->len); // what a controller sends while receiving
        return MP_OBJ_NULL;
    }
    mp_buffer_info_t bufinfo;
    mp_get_buffer_raise(o, &bufinfo, MP_BUFFER_WRITE);
    vstr->buf = bufinfo.buf;
    vstr->len = bufinfo.len;
    return o;
}

/******************************************************************************/
// pyb.SPI

typedef struct _pyb_spi_obj_t {
    mp_obj_base_t base;
    const spi_t *spi;
} pyb_spi_obj_t;

static const pyb_spi_obj_t pyb_spi_obj[SPI_NUM] = {
    {{&pyb_spi_type}, &spi_obj[0]},
    {{&pyb_spi_type}, &spi_obj[1]},
};

static void pyb_spi_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_spi_obj_t *self = MP_OBJ_TO_PTR(self_in);
    spi_print(print, self->spi, true);
}

// init(mode, baudrate=328125, *, prescaler, polarity=1, phase=0, dir, bits=8, nss,
//      firstbit=SPI.MSB, ti=False, crc=None)
static mp_obj_t pyb_spi_init_helper(const pyb_spi_obj_t *self, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_mode, ARG_baudrate, ARG_prescaler, ARG_polarity, ARG_phase, ARG_dir, ARG_bits,
           ARG_nss, ARG_firstbit, ARG_ti, ARG_crc };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_mode,     MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_baudrate, MP_ARG_INT, {.u_int = 328125} },
        { MP_QSTR_prescaler, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0xffffffff} },
        { MP_QSTR_polarity, MP_ARG_KW_ONLY | MP_ARG_INT,  {.u_int = 1} },
        { MP_QSTR_phase,    MP_ARG_KW_ONLY | MP_ARG_INT,  {.u_int = 0} },
        { MP_QSTR_dir,      MP_ARG_KW_ONLY | MP_ARG_INT,  {.u_int = SPI_DIRECTION_2LINES} },
        { MP_QSTR_bits,     MP_ARG_KW_ONLY | MP_ARG_INT,  {.u_int = 8} },
        { MP_QSTR_nss,      MP_ARG_KW_ONLY | MP_ARG_INT,  {.u_int = SPI_NSS_SOFT} },
        { MP_QSTR_firstbit, MP_ARG_KW_ONLY | MP_ARG_INT,  {.u_int = SPI_FIRSTBIT_MSB} },
        { MP_QSTR_ti,       MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
        { MP_QSTR_crc,      MP_ARG_KW_ONLY | MP_ARG_OBJ,  {.u_rom_obj = MP_ROM_NONE} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    spi_config_t *cfg = &spi_config[self->spi - spi_obj];
    uint32_t mode = args[ARG_mode].u_int;
    uint32_t dir = args[ARG_dir].u_int;
    uint32_t nss = args[ARG_nss].u_int;
    if (mode != SPI_MODE_MASTER && mode != SPI_MODE_SLAVE) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid mode"));
    }
    if (dir != SPI_DIRECTION_2LINES && dir != SPI_DIRECTION_2LINES_RXONLY && dir != SPI_DIRECTION_1LINE) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid dir"));
    }
    cfg->cr1 = mode | dir | (nss & SPI_CR1_SSM);
    cfg->cr2 = (nss == SPI_NSS_HARD_OUTPUT ? SPI_CR2_SSOE : 0) | (args[ARG_ti].u_bool ? SPI_CR2_FRF : 0);
    if (args[ARG_crc].u_obj != mp_const_none) {
        cfg->cr1 |= SPI_CR1_CRCEN;
        cfg->crcpr = mp_obj_get_int(args[ARG_crc].u_obj);
    }
    // A peripheral takes its clock from the controller: no baudrate.
    spi_set_params(self->spi, mode == SPI_MODE_MASTER ? args[ARG_prescaler].u_int : 0xffffffff,
        mode == SPI_MODE_MASTER ? args[ARG_baudrate].u_int : -1,
        args[ARG_polarity].u_int, args[ARG_phase].u_int, args[ARG_bits].u_int,
        args[ARG_firstbit].u_int);
    spi_init(self->spi);
    return mp_const_none;
}

// SPI(bus, ...): bus 1 or 2; with more arguments, init(...) too.
static mp_obj_t pyb_spi_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    const spi_t *spi = spi_find(args[0]);
    const pyb_spi_obj_t *self = &pyb_spi_obj[spi - spi_obj];
    if (n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        pyb_spi_init_helper(self, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t pyb_spi_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return pyb_spi_init_helper(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_spi_init_obj, 1, pyb_spi_init);

static mp_obj_t pyb_spi_deinit(mp_obj_t self_in) {
    pyb_spi_obj_t *self = MP_OBJ_TO_PTR(self_in);
    spi_deinit(self->spi);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_spi_deinit_obj, pyb_spi_deinit);

// send(send, *, timeout=5000): send is an int (one byte) or a buffer.
static mp_obj_t pyb_spi_send(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_send,    MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 5000} },
    };
    pyb_spi_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    mp_buffer_info_t bufinfo;
    uint8_t data[1];
    pyb_buf_get_for_send(args[0].u_obj, &bufinfo, data);
    spi_transfer_raise(self->spi, bufinfo.len, bufinfo.buf, NULL, args[1].u_int);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_spi_send_obj, 1, pyb_spi_send);

// recv(recv, *, timeout=5000): recv is a byte count (returns bytes) or a buffer to fill.
static mp_obj_t pyb_spi_recv(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_recv,    MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 5000} },
    };
    pyb_spi_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    vstr_t vstr;
    mp_obj_t o_ret = pyb_buf_get_for_recv(args[0].u_obj, &vstr);
    spi_transfer_raise(self->spi, vstr.len, NULL, (uint8_t *)vstr.buf, args[1].u_int);
    if (o_ret != MP_OBJ_NULL) {
        return o_ret;
    }
    return mp_obj_new_bytes_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_spi_recv_obj, 1, pyb_spi_recv);

// send_recv(send, recv=None, *, timeout=5000)
static mp_obj_t pyb_spi_send_recv(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_send,    MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_recv,    MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 5000} },
    };
    pyb_spi_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    mp_buffer_info_t bufinfo_send;
    uint8_t data_send[1];
    mp_buffer_info_t bufinfo_recv;
    vstr_t vstr_recv;
    mp_obj_t o_ret;

    if (args[0].u_obj == args[1].u_obj) {
        // Same object for both: transfer in place.
        mp_get_buffer_raise(args[0].u_obj, &bufinfo_send, MP_BUFFER_RW);
        bufinfo_recv = bufinfo_send;
        o_ret = args[0].u_obj;
    } else {
        pyb_buf_get_for_send(args[0].u_obj, &bufinfo_send, data_send);
        if (args[1].u_obj == MP_OBJ_NULL) {
            vstr_init_len(&vstr_recv, bufinfo_send.len);
            bufinfo_recv.len = vstr_recv.len;
            bufinfo_recv.buf = vstr_recv.buf;
            o_ret = MP_OBJ_NULL;
        } else {
            mp_get_buffer_raise(args[1].u_obj, &bufinfo_recv, MP_BUFFER_WRITE);
            if (bufinfo_recv.len != bufinfo_send.len) {
                mp_raise_ValueError(MP_ERROR_TEXT("recv must be same length as send"));
            }
            o_ret = args[1].u_obj;
        }
    }
    spi_transfer_raise(self->spi, bufinfo_send.len, bufinfo_send.buf, bufinfo_recv.buf, args[2].u_int);
    if (o_ret != MP_OBJ_NULL) {
        return o_ret;
    }
    return mp_obj_new_bytes_from_vstr(&vstr_recv);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_spi_send_recv_obj, 1, pyb_spi_send_recv);

static const mp_rom_map_elem_t pyb_spi_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&pyb_spi_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&pyb_spi_deinit_obj) },

    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_machine_spi_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_machine_spi_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_machine_spi_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_write_readinto), MP_ROM_PTR(&mp_machine_spi_write_readinto_obj) },

    { MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&pyb_spi_send_obj) },
    { MP_ROM_QSTR(MP_QSTR_recv), MP_ROM_PTR(&pyb_spi_recv_obj) },
    { MP_ROM_QSTR(MP_QSTR_send_recv), MP_ROM_PTR(&pyb_spi_send_recv_obj) },

    { MP_ROM_QSTR(MP_QSTR_CONTROLLER), MP_ROM_INT(SPI_MODE_MASTER) },
    { MP_ROM_QSTR(MP_QSTR_PERIPHERAL), MP_ROM_INT(SPI_MODE_SLAVE) },
    // Legacy names.
    { MP_ROM_QSTR(MP_QSTR_MASTER), MP_ROM_INT(SPI_MODE_MASTER) },
    { MP_ROM_QSTR(MP_QSTR_SLAVE), MP_ROM_INT(SPI_MODE_SLAVE) },
    { MP_ROM_QSTR(MP_QSTR_MSB), MP_ROM_INT(SPI_FIRSTBIT_MSB) },
    { MP_ROM_QSTR(MP_QSTR_LSB), MP_ROM_INT(SPI_FIRSTBIT_LSB) },
};
static MP_DEFINE_CONST_DICT(pyb_spi_locals_dict, pyb_spi_locals_dict_table);

static void pyb_spi_transfer(mp_obj_base_t *self_in, size_t len, const uint8_t *src, uint8_t *dest) {
    pyb_spi_obj_t *self = (pyb_spi_obj_t *)self_in;
    spi_transfer_raise(self->spi, len, src, dest, SPI_TRANSFER_TIMEOUT(len));
}

static const mp_machine_spi_p_t pyb_spi_p = {
    .transfer = pyb_spi_transfer,
};

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_spi_type,
    MP_QSTR_SPI,
    MP_TYPE_FLAG_NONE,
    make_new, pyb_spi_make_new,
    print, pyb_spi_print,
    protocol, &pyb_spi_p,
    locals_dict, &pyb_spi_locals_dict
    );

/******************************************************************************/
// machine.SPI (hardware)

typedef struct _machine_hard_spi_obj_t {
    mp_obj_base_t base;
    const spi_t *spi;
} machine_hard_spi_obj_t;

static const machine_hard_spi_obj_t machine_hard_spi_obj[SPI_NUM] = {
    {{&machine_spi_type}, &spi_obj[0]},
    {{&machine_spi_type}, &spi_obj[1]},
};

static void machine_hard_spi_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_hard_spi_obj_t *self = MP_OBJ_TO_PTR(self_in);
    spi_print(print, self->spi, false);
}

// SPI(id, baudrate=500000, *, polarity=0, phase=0, bits=8, firstbit=SPI.MSB): always a
// controller with software NSS; the pins are fixed (sck/mosi/miso are refused).
static mp_obj_t machine_hard_spi_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    MP_MACHINE_SPI_CHECK_FOR_LEGACY_SOFTSPI_CONSTRUCTION(n_args, n_kw, all_args);

    enum { ARG_id, ARG_baudrate, ARG_polarity, ARG_phase, ARG_bits, ARG_firstbit, ARG_sck, ARG_mosi, ARG_miso };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_id,       MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_baudrate, MP_ARG_INT, {.u_int = 500000} },
        { MP_QSTR_polarity, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_phase,    MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_bits,     MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 8} },
        { MP_QSTR_firstbit, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = SPI_FIRSTBIT_MSB} },
        { MP_QSTR_sck,      MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_mosi,     MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_miso,     MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    const spi_t *spi = spi_find(args[ARG_id].u_obj);
    if (args[ARG_sck].u_obj != MP_OBJ_NULL || args[ARG_mosi].u_obj != MP_OBJ_NULL
        || args[ARG_miso].u_obj != MP_OBJ_NULL) {
        mp_raise_ValueError(MP_ERROR_TEXT("explicit choice of sck/mosi/miso is not implemented"));
    }
    spi_config_t *cfg = &spi_config[spi - spi_obj];
    cfg->cr1 = SPI_MODE_MASTER | SPI_DIRECTION_2LINES | SPI_NSS_SOFT;
    cfg->cr2 = 0;
    spi_set_params(spi, 0xffffffff, args[ARG_baudrate].u_int, args[ARG_polarity].u_int,
        args[ARG_phase].u_int, args[ARG_bits].u_int, args[ARG_firstbit].u_int);
    spi_init(spi);
    return MP_OBJ_FROM_PTR(&machine_hard_spi_obj[spi - spi_obj]);
}

static void machine_hard_spi_init(mp_obj_base_t *self_in, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    machine_hard_spi_obj_t *self = (machine_hard_spi_obj_t *)self_in;
    enum { ARG_baudrate, ARG_polarity, ARG_phase, ARG_bits, ARG_firstbit };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_baudrate, MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_polarity, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_phase,    MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_bits,     MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_firstbit, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    spi_set_params(self->spi, 0xffffffff, args[ARG_baudrate].u_int, args[ARG_polarity].u_int,
        args[ARG_phase].u_int, args[ARG_bits].u_int, args[ARG_firstbit].u_int);
    spi_init(self->spi);
}

static void machine_hard_spi_deinit(mp_obj_base_t *self_in) {
    machine_hard_spi_obj_t *self = (machine_hard_spi_obj_t *)self_in;
    spi_deinit(self->spi);
}

static void machine_hard_spi_transfer(mp_obj_base_t *self_in, size_t len, const uint8_t *src, uint8_t *dest) {
    machine_hard_spi_obj_t *self = (machine_hard_spi_obj_t *)self_in;
    spi_transfer_raise(self->spi, len, src, dest, SPI_TRANSFER_TIMEOUT(len));
}

static const mp_machine_spi_p_t machine_hard_spi_p = {
    .init = machine_hard_spi_init,
    .deinit = machine_hard_spi_deinit,
    .transfer = machine_hard_spi_transfer,
};

MP_DEFINE_CONST_OBJ_TYPE(
    machine_spi_type,
    MP_QSTR_SPI,
    MP_TYPE_FLAG_NONE,
    make_new, machine_hard_spi_make_new,
    print, machine_hard_spi_print,
    protocol, &machine_hard_spi_p,
    locals_dict, &mp_machine_spi_locals_dict
    );
