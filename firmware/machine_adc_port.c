// machine.ADC for the STM32F407, included by extmod/machine_adc.c through
// MICROPY_PY_MACHINE_ADC_INCLUDEFILE (named *_port.c: extmod has its own machine_adc.c).
// After ports/stm32/machine_adc.c; the register work is in adc.c.

#include "py/mphal.h"
#include "adc.h"

// Internal sources as ADC(id) arguments, as on the stm32 port.
#define MACHINE_ADC_INT_CH_VREFINT      (256)
#define MACHINE_ADC_INT_CH_TEMPSENSOR   (257)
#define MACHINE_ADC_INT_CH_VBAT         (258)
#define MACHINE_ADC_CH_VREF             (0xffff) // full scale, to scale other readings

#define MICROPY_PY_MACHINE_ADC_CLASS_CONSTANTS \
    { MP_ROM_QSTR(MP_QSTR_VREF), MP_ROM_INT(MACHINE_ADC_CH_VREF) }, \
    { MP_ROM_QSTR(MP_QSTR_CORE_VREF), MP_ROM_INT(MACHINE_ADC_INT_CH_VREFINT) }, \
    { MP_ROM_QSTR(MP_QSTR_CORE_TEMP), MP_ROM_INT(MACHINE_ADC_INT_CH_TEMPSENSOR) }, \
    { MP_ROM_QSTR(MP_QSTR_CORE_VBAT), MP_ROM_INT(MACHINE_ADC_INT_CH_VBAT) }, \

typedef struct _machine_adc_obj_t {
    mp_obj_base_t base;
    ADC_TypeDef *adc;
    uint32_t channel; // 0..19, or one of the MACHINE_ADC_*CH_* values above
} machine_adc_obj_t;

static void mp_machine_adc_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_adc_obj_t *self = MP_OBJ_TO_PTR(self_in);
    unsigned adc_id = self->adc == ADC1 ? 1 : self->adc == ADC2 ? 2 : 3;
    mp_printf(print, "<ADC%u channel=%u>", adc_id, self->channel);
}

// ADC(id): a channel number, an internal source or a pin
static mp_obj_t mp_machine_adc_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    mp_obj_t source = all_args[0];
    uint32_t channel;
    if (mp_obj_is_int(source)) {
        channel = mp_obj_get_int(source);
        if (!(channel < ADC_NUM_CHANNELS || channel == MACHINE_ADC_INT_CH_VREFINT
              || channel == MACHINE_ADC_INT_CH_TEMPSENSOR || channel == MACHINE_ADC_INT_CH_VBAT
              || channel == MACHINE_ADC_CH_VREF)) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("not a valid ADC Channel: %d"), (int)channel);
        }
    } else {
        const machine_pin_obj_t *pin = machine_pin_find(source);
        int ch = adc_pin_channel(pin);
        if (ch < 0) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Pin(%q) does not have ADC capabilities"), pin->name);
        }
        channel = ch;
        mp_hal_pin_config(pin, PIN_MODE_ANALOG, PIN_PULL_NONE, 0);
    }
    adc_config(ADC1, 12);
    machine_adc_obj_t *o = mp_obj_malloc(machine_adc_obj_t, &machine_adc_type);
    o->adc = ADC1;
    o->channel = channel;
    return MP_OBJ_FROM_PTR(o);
}

// read_u16(): the 12-bit result scaled to 0..65535
static mp_int_t mp_machine_adc_read_u16(machine_adc_obj_t *self) {
    uint32_t channel = self->channel;
    if (channel == MACHINE_ADC_CH_VREF) {
        return 0xffff;
    }
    if (channel >= MACHINE_ADC_INT_CH_VREFINT) {
        channel = channel == MACHINE_ADC_INT_CH_VREFINT ? ADC_CHANNEL_VREFINT
            : channel == MACHINE_ADC_INT_CH_TEMPSENSOR ? ADC_CHANNEL_TEMPSENSOR : ADC_CHANNEL_VBAT;
    }
    // Another object (pyb.ADCAll) may have changed the resolution.
    adc_config(self->adc, 12);
    adc_config_channel(self->adc, channel, adc_default_smp(channel));
    uint32_t raw = adc_read_channel(self->adc);
    adc_deselect_vbat(channel);
    // 12 to 16 bits, the top bits repeated below (as the stm32 port does)
    return raw << 4 | raw >> 8;
}
