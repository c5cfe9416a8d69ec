// pyb.ADC and pyb.ADCAll, after ports/stm32/adc.c, at register level (RM0090 ch. 13).
//
// Conversions are single, software-started (SWSTART) and polled for EOC, as on the
// stm32 port. read_timed/read_timed_multi pace the samples on the update flag of a
// running pyb.Timer. The ADCCLK is PCLK2 / 4 = 21 MHz (the stm32 port uses / 2, 42 MHz,
// above the 36 MHz of the datasheet).

#include <string.h>
#include "py/runtime.h"
#include "py/binary.h"
#include "py/mphal.h"
#include "py/mpstate.h"
#include "adc.h"
#include "timer.h"

#define ADC_EOC_TIMEOUT_MS      (10)
#define ADC_CAL_BITS            (12)
// Calibration values were measured at VDDA = 3.3 V (DS8626).
#define ADC_CAL_VDDA            (3.3f)
#define ADC_SCALE               (ADC_CAL_VDDA / ((1 << ADC_CAL_BITS) - 1))
#define VBAT_DIV                (2)

// ADC1/2 channels 0..15: PA0-7, PB0-1, PC0-5 (DS8626 pinout).
static const machine_pin_obj_t *const adc_pin_table[16] = {
    &pin_A0_obj, &pin_A1_obj, &pin_A2_obj, &pin_A3_obj,
    &pin_A4_obj, &pin_A5_obj, &pin_A6_obj, &pin_A7_obj,
    &pin_B0_obj, &pin_B1_obj,
    &pin_C0_obj, &pin_C1_obj, &pin_C2_obj, &pin_C3_obj, &pin_C4_obj, &pin_C5_obj,
};

int adc_pin_channel(const machine_pin_obj_t *pin) {
    for (int ch = 0; ch < MP_ARRAY_SIZE(adc_pin_table); ch++) {
        if (adc_pin_table[ch] == pin) {
            return ch;
        }
    }
    return -1;
}

static void adc_clock_enable(ADC_TypeDef *adc) {
    uint32_t bit = adc == ADC1 ? RCC_APB2ENR_ADC1EN : adc == ADC2 ? RCC_APB2ENR_ADC2EN : RCC_APB2ENR_ADC3EN;
    if (!(RCC->APB2ENR & bit)) {
        RCC->APB2ENR |= bit;
        (void)RCC->APB2ENR; // the write takes effect before the ADC is accessed
    }
}

void adc_config(ADC_TypeDef *adc, uint32_t bits) {
    adc_clock_enable(adc);
    ADC_COMMON->CCR = (ADC_COMMON->CCR & ~ADC_CCR_ADCPRE_Msk) | (1UL << ADC_CCR_ADCPRE_Pos);
    adc->CR1 = ((12 - bits) / 2) << ADC_CR1_RES_Pos;
    // Right-aligned, one conversion per SWSTART, EOC after each conversion.
    bool was_on = adc->CR2 & ADC_CR2_ADON;
    adc->CR2 = ADC_CR2_EOCS | ADC_CR2_ADON;
    adc->SQR1 = 0; // sequence of one conversion
    if (!was_on) {
        mp_hal_delay_us(3); // tSTAB
    }
}

uint32_t adc_get_bits(ADC_TypeDef *adc) {
    return 12 - 2 * ((adc->CR1 & ADC_CR1_RES_Msk) >> ADC_CR1_RES_Pos);
}

uint32_t adc_default_smp(uint32_t channel) {
    // The temperature sensor needs 10 us of sampling: 480 cycles is 23 us at 21 MHz.
    return channel >= ADC_CHANNEL_TEMPSENSOR ? ADC_SMP_480CYCLES : ADC_SMP_15CYCLES;
}

void adc_config_channel(ADC_TypeDef *adc, uint32_t channel, uint32_t smp) {
    if (channel == ADC_CHANNEL_TEMPSENSOR || channel == ADC_CHANNEL_VREFINT) {
        if (!(ADC_COMMON->CCR & ADC_CCR_TSVREFE)) {
            ADC_COMMON->CCR |= ADC_CCR_TSVREFE;
            mp_hal_delay_us(10); // temperature sensor start-up time
        }
    } else if (channel == ADC_CHANNEL_VBAT) {
        ADC_COMMON->CCR |= ADC_CCR_VBATE;
    }
    adc->SQR3 = channel;
    if (channel >= 10) {
        uint32_t pos = 3 * (channel - 10);
        adc->SMPR1 = (adc->SMPR1 & ~(7UL << pos)) | (smp << pos);
    } else {
        uint32_t pos = 3 * channel;
        adc->SMPR2 = (adc->SMPR2 & ~(7UL << pos)) | (smp << pos);
    }
}

void adc_deselect_vbat(uint32_t channel) {
    if (channel == ADC_CHANNEL_VBAT) {
        ADC_COMMON->CCR &= ~ADC_CCR_VBATE;
    }
}

static void adc_wait_eoc(ADC_TypeDef *adc, uint32_t timeout_ms) {
    uint32_t t0 = mp_hal_ticks_ms();
    while (!(adc->SR & ADC_SR_EOC)) {
        if (mp_hal_ticks_ms() - t0 > timeout_ms) {
            break;
        }
    }
}

uint32_t adc_read_channel(ADC_TypeDef *adc) {
    adc->CR2 |= ADC_CR2_SWSTART;
    adc_wait_eoc(adc, ADC_EOC_TIMEOUT_MS);
    return adc->DR;
}

static uint32_t adc_config_and_read_channel(ADC_TypeDef *adc, uint32_t channel) {
    adc_config_channel(adc, channel, adc_default_smp(channel));
    uint32_t value = adc_read_channel(adc);
    adc_deselect_vbat(channel);
    return value;
}

// The TIM registers of a pyb.Timer object (its update flag paces read_timed).
static TIM_TypeDef *adc_timer_regs(mp_obj_t tim_in) {
    if (mp_obj_is_type(tim_in, &pyb_timer_type)) {
        for (uint32_t i = 0; i < TIMER_NUM; i++) {
            if (MP_OBJ_FROM_PTR(MP_STATE_PORT(pyb_timer_obj_all)[i]) == tim_in) {
                return timer_get_instance(i + 1);
            }
        }
    }
    mp_raise_TypeError(MP_ERROR_TEXT("need a Timer object"));
}

static void adc_wait_update(TIM_TypeDef *tim) {
    while (!(tim->SR & TIM_SR_UIF)) {
    }
    tim->SR = ~TIM_SR_UIF; // rc_w0
}

/******************************************************************************/
// pyb.ADC: one channel of ADC1

typedef struct _pyb_obj_adc_t {
    mp_obj_base_t base;
    mp_obj_t pin_name;
    uint32_t channel;
} pyb_obj_adc_t;

static void adc_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_obj_adc_t *self = MP_OBJ_TO_PTR(self_in);
    mp_print_str(print, "<ADC on ");
    mp_obj_print_helper(print, self->pin_name, PRINT_STR);
    mp_printf(print, " channel=%u>", self->channel);
}

// ADC(pin or channel)
static mp_obj_t adc_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    mp_obj_t pin_obj = args[0];
    mp_int_t channel;
    if (mp_obj_is_int(pin_obj)) {
        channel = mp_obj_get_int(pin_obj);
    } else {
        const machine_pin_obj_t *pin = machine_pin_find(pin_obj);
        channel = adc_pin_channel(pin);
        if (channel < 0) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Pin(%q) doesn't have ADC capabilities"), pin->name);
        }
    }
    if (channel < 0 || channel >= ADC_NUM_CHANNELS) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("not a valid ADC Channel: %d"), (int)channel);
    }
    if (channel < MP_ARRAY_SIZE(adc_pin_table)) {
        mp_hal_pin_config(adc_pin_table[channel], PIN_MODE_ANALOG, PIN_PULL_NONE, 0);
    }
    pyb_obj_adc_t *o = mp_obj_malloc(pyb_obj_adc_t, &pyb_adc_type);
    o->pin_name = pin_obj;
    o->channel = channel;
    adc_config(ADC1, 12);
    return MP_OBJ_FROM_PTR(o);
}

// read(): one conversion, 0..4095
static mp_obj_t adc_read(mp_obj_t self_in) {
    pyb_obj_adc_t *self = MP_OBJ_TO_PTR(self_in);
    return mp_obj_new_int(adc_config_and_read_channel(ADC1, self->channel));
}
static MP_DEFINE_CONST_FUN_OBJ_1(adc_read_obj, adc_read);

// read_timed(buf, timer): one sample per update event of timer; 8-bit buffers get
// the top 8 bits of each 12-bit sample.
static mp_obj_t adc_read_timed(mp_obj_t self_in, mp_obj_t buf_in, mp_obj_t tim_in) {
    pyb_obj_adc_t *self = MP_OBJ_TO_PTR(self_in);
    mp_buffer_info_t bufinfo;
    mp_get_buffer_raise(buf_in, &bufinfo, MP_BUFFER_WRITE);
    size_t typesize = mp_binary_get_size('@', bufinfo.typecode, NULL);
    TIM_TypeDef *tim = adc_timer_regs(tim_in);

    adc_config(ADC1, 12);
    adc_config_channel(ADC1, self->channel, adc_default_smp(self->channel));
    size_t nelems = bufinfo.len / typesize;
    for (size_t i = 0; i < nelems; i++) {
        adc_wait_update(tim);
        uint32_t value = adc_read_channel(ADC1);
        if (typesize == 1) {
            value >>= 4;
        }
        mp_binary_set_val_array_from_int(bufinfo.typecode, bufinfo.buf, i, value);
    }
    adc_deselect_vbat(self->channel);
    return mp_obj_new_int(bufinfo.len);
}
static MP_DEFINE_CONST_FUN_OBJ_3(adc_read_timed_obj, adc_read_timed);

// ADC.read_timed_multi((adcx, adcy, ...), (bufx, bufy, ...), timer): all ADCs sampled
// at each update event. Returns False if a tick came before the previous set was done.
static mp_obj_t adc_read_timed_multi(mp_obj_t adc_array_in, mp_obj_t buf_array_in, mp_obj_t tim_in) {
    size_t nadcs, nbufs;
    mp_obj_t *adc_array, *buf_array;
    mp_obj_get_array(adc_array_in, &nadcs, &adc_array);
    mp_obj_get_array(buf_array_in, &nbufs, &buf_array);
    if (nadcs < 1) {
        mp_raise_ValueError(MP_ERROR_TEXT("need at least 1 ADC"));
    }
    if (nadcs != nbufs) {
        mp_raise_ValueError(MP_ERROR_TEXT("length of ADC and buffer lists differ"));
    }
    mp_buffer_info_t bufinfo;
    mp_get_buffer_raise(buf_array[0], &bufinfo, MP_BUFFER_WRITE);
    size_t typesize = mp_binary_get_size('@', bufinfo.typecode, NULL);
    void *bufptrs[nbufs];
    for (size_t i = 0; i < nbufs; i++) {
        mp_buffer_info_t b;
        mp_get_buffer_raise(buf_array[i], &b, MP_BUFFER_WRITE);
        if (b.len != bufinfo.len || b.typecode != bufinfo.typecode) {
            mp_raise_ValueError(MP_ERROR_TEXT("size and type of buffers must match"));
        }
        if (!mp_obj_is_type(adc_array[i], &pyb_adc_type)) {
            mp_raise_TypeError(MP_ERROR_TEXT("need ADC objects"));
        }
        bufptrs[i] = b.buf;
    }
    TIM_TypeDef *tim = adc_timer_regs(tim_in);

    // Start on a timer tick.
    adc_config(ADC1, 12);
    tim->SR = ~TIM_SR_UIF;
    adc_wait_update(tim);

    bool success = true;
    size_t nelems = bufinfo.len / typesize;
    for (size_t e = 0; e < nelems; e++) {
        if (tim->SR & TIM_SR_UIF) {
            success = false; // the tick came while the previous samples were taken
            tim->SR = ~TIM_SR_UIF;
        } else {
            adc_wait_update(tim);
        }
        for (size_t i = 0; i < nadcs; i++) {
            pyb_obj_adc_t *adc = MP_OBJ_TO_PTR(adc_array[i]);
            uint32_t value = adc_config_and_read_channel(ADC1, adc->channel);
            if (typesize == 1) {
                value >>= 4;
            }
            mp_binary_set_val_array_from_int(bufinfo.typecode, bufptrs[i], e, value);
        }
    }
    return mp_obj_new_bool(success);
}
static MP_DEFINE_CONST_FUN_OBJ_3(adc_read_timed_multi_fun_obj, adc_read_timed_multi);
static MP_DEFINE_CONST_STATICMETHOD_OBJ(adc_read_timed_multi_obj, MP_ROM_PTR(&adc_read_timed_multi_fun_obj));

static const mp_rom_map_elem_t adc_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&adc_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_read_timed), MP_ROM_PTR(&adc_read_timed_obj) },
    { MP_ROM_QSTR(MP_QSTR_read_timed_multi), MP_ROM_PTR(&adc_read_timed_multi_obj) },
};
static MP_DEFINE_CONST_DICT(adc_locals_dict, adc_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_adc_type,
    MP_QSTR_ADC,
    MP_TYPE_FLAG_NONE,
    make_new, adc_make_new,
    print, adc_print,
    locals_dict, &adc_locals_dict
    );

/******************************************************************************/
// pyb.ADCAll: every channel of ADC1 at one resolution, and the internal sources

typedef struct _pyb_adc_all_obj_t {
    mp_obj_base_t base;
} pyb_adc_all_obj_t;

// Correction of the readings by VREFINT (VDDA is not the 3.3 V of the calibration).
static float adc_refcor = 1.0f;

static uint32_t adc_all_read_ref(uint32_t channel) {
    // Scale to the 12 bits of the calibration values.
    return adc_config_and_read_channel(ADC1, channel) << (ADC_CAL_BITS - adc_get_bits(ADC1));
}

static float adc_read_core_vref(void) {
    uint32_t raw = adc_all_read_ref(ADC_CHANNEL_VREFINT);
    adc_refcor = (float)*ADC_VREFIN_CAL / (float)(raw ? raw : 1);
    return *ADC_VREFIN_CAL * ADC_SCALE;
}

// ADCAll(resolution, mask=0xffffffff): pins of the channels in mask to analog mode.
static mp_obj_t adc_all_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 2, false);
    mp_int_t res = mp_obj_get_int(args[0]);
    uint32_t en_mask = n_args > 1 ? mp_obj_get_int_truncated(args[1]) : 0xffffffff;
    if (res != 6 && res != 8 && res != 10 && res != 12) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("resolution %d not supported"), (int)res);
    }
    for (uint32_t ch = 0; ch < MP_ARRAY_SIZE(adc_pin_table); ch++) {
        if (en_mask & (1UL << ch)) {
            mp_hal_pin_config(adc_pin_table[ch], PIN_MODE_ANALOG, PIN_PULL_NONE, 0);
        }
    }
    pyb_adc_all_obj_t *o = mp_obj_malloc(pyb_adc_all_obj_t, &pyb_adc_all_type);
    adc_config(ADC1, res);
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t adc_all_read_channel(mp_obj_t self_in, mp_obj_t channel_in) {
    mp_int_t channel = mp_obj_get_int(channel_in);
    if (channel < 0 || channel >= ADC_NUM_CHANNELS) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("not a valid ADC Channel: %d"), (int)channel);
    }
    return mp_obj_new_int(adc_config_and_read_channel(ADC1, channel));
}
static MP_DEFINE_CONST_FUN_OBJ_2(adc_all_read_channel_obj, adc_all_read_channel);

// read_core_temp(): degrees C, from the two-point factory calibration (30 and 110 C).
// The VREFINT correction is measured first (the stm32 port does so on G4/L4 only):
// the Discovery's VDDA is 3.0 V, not the 3.3 V of the calibration.
static mp_obj_t adc_all_read_core_temp(mp_obj_t self_in) {
    adc_read_core_vref();
    float raw = adc_all_read_ref(ADC_CHANNEL_TEMPSENSOR);
    float slope = (*ADC_TS_CAL2 - *ADC_TS_CAL1) / 80.0f;
    return mp_obj_new_float((raw * adc_refcor - *ADC_TS_CAL1) / slope + 30.0f);
}
static MP_DEFINE_CONST_FUN_OBJ_1(adc_all_read_core_temp_obj, adc_all_read_core_temp);

static mp_obj_t adc_all_read_core_vbat(mp_obj_t self_in) {
    adc_read_core_vref();
    uint32_t raw = adc_all_read_ref(ADC_CHANNEL_VBAT);
    return mp_obj_new_float(raw * VBAT_DIV * ADC_SCALE * adc_refcor);
}
static MP_DEFINE_CONST_FUN_OBJ_1(adc_all_read_core_vbat_obj, adc_all_read_core_vbat);

static mp_obj_t adc_all_read_core_vref(mp_obj_t self_in) {
    return mp_obj_new_float(adc_read_core_vref());
}
static MP_DEFINE_CONST_FUN_OBJ_1(adc_all_read_core_vref_obj, adc_all_read_core_vref);

// read_vref(): VDDA, measured against VREFINT.
static mp_obj_t adc_all_read_vref(mp_obj_t self_in) {
    adc_read_core_vref();
    return mp_obj_new_float(ADC_CAL_VDDA * adc_refcor);
}
static MP_DEFINE_CONST_FUN_OBJ_1(adc_all_read_vref_obj, adc_all_read_vref);

static const mp_rom_map_elem_t adc_all_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_read_channel), MP_ROM_PTR(&adc_all_read_channel_obj) },
    { MP_ROM_QSTR(MP_QSTR_read_core_temp), MP_ROM_PTR(&adc_all_read_core_temp_obj) },
    { MP_ROM_QSTR(MP_QSTR_read_core_vbat), MP_ROM_PTR(&adc_all_read_core_vbat_obj) },
    { MP_ROM_QSTR(MP_QSTR_read_core_vref), MP_ROM_PTR(&adc_all_read_core_vref_obj) },
    { MP_ROM_QSTR(MP_QSTR_read_vref), MP_ROM_PTR(&adc_all_read_vref_obj) },
};
static MP_DEFINE_CONST_DICT(adc_all_locals_dict, adc_all_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_adc_all_type,
    MP_QSTR_ADCAll,
    MP_TYPE_FLAG_NONE,
    make_new, adc_all_make_new,
    locals_dict, &adc_all_locals_dict
    );
