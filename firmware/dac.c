// pyb.DAC, after ports/stm32/dac.c, at register level (RM0090 chapters 10, 14).
//
// DAC(1) drives PA4, DAC(2) PA5. write() sets the output at once (no trigger);
// noise(), triangle() and write_timed() are paced by a timer's TRGO (TIM6 unless
// write_timed gets a Timer object); write_timed feeds the DAC from memory through
// DMA1 stream 5 (DAC1) or 6 (DAC2), channel 7.

#include "py/runtime.h"
#include "py/mphal.h"
#include "machine_pin.h"
#include "timer.h"
#include "dac.h"

#define DMA_NORMAL      (0)
#define DMA_CIRCULAR    (DMA_SxCR_CIRC)

// Offsets of the data holding registers from DHR12Rx
#define DAC_ALIGN_12B_R (0)
#define DAC_ALIGN_8B_R  (8)

typedef struct _pyb_dac_obj_t {
    mp_obj_base_t base;
    uint8_t shift;          // 0 for channel 1, 16 for channel 2 (CR bit position)
    uint8_t bits;           // 8 or 12; 0 until initialised
    bool outbuf_single;     // output buffer for write()
    bool outbuf_waveform;   // and for noise/triangle/write_timed
} pyb_dac_obj_t;

static pyb_dac_obj_t pyb_dac_obj[2];

static DMA_Stream_TypeDef *dac_dma_stream(uint32_t shift) {
    return &DMA1->STREAM[shift ? 6 : 5];
}

static void dac_dma_stop(uint32_t shift) {
    DMA_Stream_TypeDef *st = dac_dma_stream(shift);
    if (RCC->AHB1ENR & RCC_AHB1ENR_DMA1EN) {
        st->CR &= ~DMA_SxCR_EN;
        while (st->CR & DMA_SxCR_EN) {
        }
    }
}

static void dac_deinit(uint32_t shift) {
    if (!(RCC->APB1ENR & RCC_APB1ENR_DACEN)) {
        return;
    }
    dac_dma_stop(shift);
    DAC->CR = (DAC->CR & ~(DAC_CR_EN1 << shift)) | (DAC_CR_BOFF1 << shift);
}

void dac_deinit_all(void) {
    // TIM6 paced noise/triangle/write_timed: stop it with them.
    if ((RCC->APB1ENR & RCC_APB1ENR_DACEN) && (DAC->CR & ((DAC_CR_TEN1 << 16) | DAC_CR_TEN1))
        && !(DAC->CR & ((DAC_CR_TSEL1_Msk << 16) | DAC_CR_TSEL1_Msk)) && timer_clock_is_enabled(6)) {
        TIM6->CR1 &= ~TIM_CR1_CEN;
    }
    dac_deinit(0);
    dac_deinit(16);
}

// Channel control bits (trigger, wave, DMA) with the channel off, then the buffer.
static void dac_config_channel(uint32_t shift, uint32_t cr, bool outbuf) {
    const uint32_t cr_off = DAC_CR_DMAEN1 | DAC_CR_MAMP1_Msk | DAC_CR_WAVE1_Msk
        | DAC_CR_TSEL1_Msk | DAC_CR_TEN1 | DAC_CR_BOFF1 | DAC_CR_EN1;
    cr |= outbuf ? 0 : DAC_CR_BOFF1;
    DAC->CR = (DAC->CR & ~(cr_off << shift)) | (cr << shift);
}

static void dac_set_value(uint32_t shift, uint32_t align, uint32_t value) {
    volatile uint32_t *dhr = shift ? &DAC->DHR12R2 : &DAC->DHR12R1;
    *(volatile uint32_t *)((uintptr_t)dhr + align) = value;
}

// Configure the channel if it is not already so, then set DHR (and start it).
static void dac_reconfigure(pyb_dac_obj_t *self, uint32_t cr, bool outbuf, uint32_t value) {
    const uint32_t cr_mask = DAC_CR_DMAEN1 | DAC_CR_MAMP1_Msk | DAC_CR_WAVE1_Msk
        | DAC_CR_TSEL1_Msk | DAC_CR_TEN1 | DAC_CR_EN1;
    bool restart = false;
    if (((DAC->CR >> self->shift) & cr_mask) != (cr | DAC_CR_EN1)) {
        dac_dma_stop(self->shift);
        dac_config_channel(self->shift, cr, outbuf);
        restart = true;
    }
    dac_set_value(self->shift, DAC_ALIGN_12B_R, value);
    if (restart) {
        DAC->CR |= DAC_CR_EN1 << self->shift;
    }
}

// TRGO on update for the DAC trigger; the TSEL value of TIMn.
static uint32_t dac_timer_tsel(uint32_t tim_id) {
    static const uint8_t tsel_tim[] = { 6, 8, 7, 5, 2, 4 };
    for (uint32_t i = 0; i < MP_ARRAY_SIZE(tsel_tim); i++) {
        if (tsel_tim[i] == tim_id) {
            TIM_TypeDef *tim = timer_get_instance(tim_id);
            tim->CR2 = (tim->CR2 & ~TIM_CR2_MMS_Msk) | TIM_CR2_MMS_UPDATE;
            return i << DAC_CR_TSEL1_Pos;
        }
    }
    mp_raise_ValueError(MP_ERROR_TEXT("Timer does not support DAC triggering"));
}

// TIM6 running at freq Hz, its TRGO on update (legacy: an int instead of a Timer).
static uint32_t dac_tim6_config(mp_obj_t freq) {
    uint32_t period;
    timer_clock_enable(6);
    uint32_t prescaler = timer_compute_prescaler_period_from_freq(6, freq, &period);
    timer_base_init(6, prescaler, period, 0, false);
    uint32_t tsel = dac_timer_tsel(6);
    TIM6->CR1 |= TIM_CR1_CEN;
    return tsel | DAC_CR_TEN1;
}

// The TIMn of a running pyb.Timer object.
static uint32_t dac_timer_id(mp_obj_t tim_in) {
    if (mp_obj_is_type(tim_in, &pyb_timer_type)) {
        for (uint32_t i = 0; i < TIMER_NUM; i++) {
            if (MP_OBJ_FROM_PTR(MP_STATE_PORT(pyb_timer_obj_all)[i]) == tim_in) {
                return i + 1;
            }
        }
    }
    mp_raise_TypeError(MP_ERROR_TEXT("need a Timer object"));
}

static void pyb_dac_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "DAC(%u, bits=%u)", self->shift ? 2 : 1, self->bits);
}

static mp_obj_t pyb_dac_init_helper(pyb_dac_obj_t *self, size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_bits, MP_ARG_INT, {.u_int = 8} },
        { MP_QSTR_buffering, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    if (args[0].u_int != 8 && args[0].u_int != 12) {
        mp_raise_ValueError(MP_ERROR_TEXT("unsupported bits"));
    }
    mp_hal_pin_config(self->shift ? &pin_A5_obj : &pin_A4_obj, PIN_MODE_ANALOG, PIN_PULL_NONE, 0);
    RCC->APB1ENR |= RCC_APB1ENR_DACEN;
    (void)RCC->APB1ENR;
    DAC->CR &= ~(DAC_CR_EN1 << self->shift);
    self->bits = args[0].u_int;
    if (args[1].u_obj == mp_const_none) {
        // Legacy defaults, as on the stm32 port: unbuffered write(), buffered waveforms.
        self->outbuf_single = false;
        self->outbuf_waveform = true;
    } else {
        self->outbuf_single = self->outbuf_waveform = mp_obj_is_true(args[1].u_obj);
    }
    return mp_const_none;
}

// DAC(id or pin, bits=8, *, buffering=None)
static mp_obj_t pyb_dac_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    mp_int_t dac_id;
    if (mp_obj_is_int(args[0])) {
        dac_id = mp_obj_get_int(args[0]);
    } else {
        const machine_pin_obj_t *pin = machine_pin_find(args[0]);
        if (pin == &pin_A4_obj) {
            dac_id = 1;
        } else if (pin == &pin_A5_obj) {
            dac_id = 2;
        } else {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Pin(%q) doesn't have DAC capabilities"), pin->name);
        }
    }
    if (dac_id != 1 && dac_id != 2) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("DAC(%d) doesn't exist"), (int)dac_id);
    }
    pyb_dac_obj_t *dac = &pyb_dac_obj[dac_id - 1];
    dac->base.type = &pyb_dac_type;
    dac->shift = dac_id == 1 ? 0 : 16;
    if (dac->bits == 0 || n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        pyb_dac_init_helper(dac, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(dac);
}

static mp_obj_t pyb_dac_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return pyb_dac_init_helper(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_dac_init_obj, 1, pyb_dac_init);

// deinit(): channel off, its pin free for other uses.
static mp_obj_t pyb_dac_deinit(mp_obj_t self_in) {
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(self_in);
    dac_deinit(self->shift);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_dac_deinit_obj, pyb_dac_deinit);

// noise(freq): a new pseudo-random sample freq times a second (LFSR, all 12 bits).
static mp_obj_t pyb_dac_noise(mp_obj_t self_in, mp_obj_t freq) {
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint32_t cr = dac_tim6_config(freq) | (1UL << DAC_CR_WAVE1_Pos) | (11UL << DAC_CR_MAMP1_Pos);
    dac_reconfigure(self, cr, self->outbuf_waveform, 0);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_dac_noise_obj, pyb_dac_noise);

// triangle(freq): full-scale triangle, one step per tick (period 8192 ticks).
static mp_obj_t pyb_dac_triangle(mp_obj_t self_in, mp_obj_t freq) {
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint32_t cr = dac_tim6_config(freq) | (2UL << DAC_CR_WAVE1_Pos) | (11UL << DAC_CR_MAMP1_Pos);
    dac_reconfigure(self, cr, self->outbuf_waveform, 0);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_dac_triangle_obj, pyb_dac_triangle);

// write(value): set the output now (value has self->bits bits).
static mp_obj_t pyb_dac_write(mp_obj_t self_in, mp_obj_t val) {
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint32_t value = mp_obj_get_int(val) << (12 - self->bits);
    dac_reconfigure(self, 0, self->outbuf_single, value);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_dac_write_obj, pyb_dac_write);

// write_timed(data, freq, *, mode=DAC.NORMAL): play data (bytes for 8 bits, halfwords
// for 12) through DMA, one sample per tick of TIM6 at freq Hz or of a Timer object.
static mp_obj_t pyb_dac_write_timed(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_data, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_freq, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_mode, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = DMA_NORMAL} },
    };
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    if (args[2].u_int != DMA_NORMAL && args[2].u_int != DMA_CIRCULAR) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid mode"));
    }

    mp_buffer_info_t bufinfo;
    mp_get_buffer_raise(args[0].u_obj, &bufinfo, MP_BUFFER_READ);
    uint32_t trigger;
    if (mp_obj_is_integer(args[1].u_obj)) {
        trigger = dac_tim6_config(args[1].u_obj);
    } else {
        trigger = dac_timer_tsel(dac_timer_id(args[1].u_obj)) | DAC_CR_TEN1;
    }
    uint32_t size, align, len = bufinfo.len;
    if (self->bits == 8) {
        size = 0; // bytes to DHR8Rx
        align = DAC_ALIGN_8B_R;
    } else {
        size = 1; // halfwords to DHR12Rx
        align = DAC_ALIGN_12B_R;
        len /= 2;
    }
    if (len == 0 || len > 0xffff) {
        mp_raise_ValueError(MP_ERROR_TEXT("data length"));
    }

    dac_dma_stop(self->shift);
    dac_config_channel(self->shift, DAC_CR_DMAEN1 | trigger, self->outbuf_waveform);

    // DMA1 stream 5/6, channel 7, memory to DAC, direct mode, high priority.
    RCC->AHB1ENR |= RCC_AHB1ENR_DMA1EN;
    (void)RCC->AHB1ENR;
    DMA_Stream_TypeDef *st = dac_dma_stream(self->shift);
    DMA1->HIFCR = 0x3DUL << (self->shift ? 16 : 6); // clear the stream's flags
    st->PAR = (uint32_t)(self->shift ? &DAC->DHR12R2 : &DAC->DHR12R1) + align;
    st->M0AR = (uint32_t)bufinfo.buf;
    st->NDTR = len;
    st->FCR = 0;
    st->CR = (7UL << DMA_SxCR_CHSEL_Pos) | (2UL << DMA_SxCR_PL_Pos)
        | (size << DMA_SxCR_MSIZE_Pos) | (size << DMA_SxCR_PSIZE_Pos)
        | DMA_SxCR_MINC | args[2].u_int | DMA_SxCR_DIR_M2P | DMA_SxCR_EN;

    DAC->CR |= DAC_CR_EN1 << self->shift;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_dac_write_timed_obj, 1, pyb_dac_write_timed);

static const mp_rom_map_elem_t pyb_dac_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&pyb_dac_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&pyb_dac_deinit_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&pyb_dac_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_noise), MP_ROM_PTR(&pyb_dac_noise_obj) },
    { MP_ROM_QSTR(MP_QSTR_triangle), MP_ROM_PTR(&pyb_dac_triangle_obj) },
    { MP_ROM_QSTR(MP_QSTR_write_timed), MP_ROM_PTR(&pyb_dac_write_timed_obj) },
    { MP_ROM_QSTR(MP_QSTR_NORMAL), MP_ROM_INT(DMA_NORMAL) },
    { MP_ROM_QSTR(MP_QSTR_CIRCULAR), MP_ROM_INT(DMA_CIRCULAR) },
};
static MP_DEFINE_CONST_DICT(pyb_dac_locals_dict, pyb_dac_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_dac_type,
    MP_QSTR_DAC,
    MP_TYPE_FLAG_NONE,
    make_new, pyb_dac_make_new,
    print, pyb_dac_print,
    locals_dict, &pyb_dac_locals_dict
    );
