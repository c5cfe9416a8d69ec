// ADC1-3 at register level: pyb.ADC, pyb.ADCAll and the helpers of machine.ADC.
#ifndef MICROPY_INCLUDED_ADC_H
#define MICROPY_INCLUDED_ADC_H

#include <stdint.h>
#include "py/obj.h"
#include "stm32f407.h"
#include "machine_pin.h"

// Internal channels (RM0090 13.10/13.11): the F40x has the sensor on 16.
#define ADC_CHANNEL_TEMPSENSOR  (16)
#define ADC_CHANNEL_VREFINT     (17)
#define ADC_CHANNEL_VBAT        (18)    // VBAT / 2
#define ADC_NUM_CHANNELS        (19)

extern const mp_obj_type_t pyb_adc_type;
extern const mp_obj_type_t pyb_adc_all_type;

// ADC channel of a pin (ADC1/2 numbering), or -1 if it has no ADC input.
int adc_pin_channel(const machine_pin_obj_t *pin);
// Clock on, resolution (12, 10, 8, 6 bits), single software-started conversions.
void adc_config(ADC_TypeDef *adc, uint32_t bits);
// Resolution of adc in bits.
uint32_t adc_get_bits(ADC_TypeDef *adc);
// Select channel (and its internal source) with the given SMPx value.
void adc_config_channel(ADC_TypeDef *adc, uint32_t channel, uint32_t smp);
// Sample time used for a channel: long for the internal sources.
uint32_t adc_default_smp(uint32_t channel);
// Convert the selected channel once and return the result.
uint32_t adc_read_channel(ADC_TypeDef *adc);
// Switch VBAT off again after reading channel 18 (it drains the battery).
void adc_deselect_vbat(uint32_t channel);

#endif // MICROPY_INCLUDED_ADC_H
