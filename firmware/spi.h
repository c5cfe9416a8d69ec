// SPI controllers SPI1/SPI2 (register level): driver, pyb.SPI and machine.SPI.
#ifndef MICROPY_INCLUDED_STM32F407_SPI_H
#define MICROPY_INCLUDED_STM32F407_SPI_H

#include <stdbool.h>
#include <stdint.h>
#include "py/obj.h"
#include "stm32f407.h"
#include "machine_pin.h"

typedef struct _spi_t {
    SPI_TypeDef *regs;
    uint8_t id;                     // 1..3
    uint8_t af;                     // alternate function of its pins
    bool apb2;                      // clocked from PCLK2 (SPI1), else PCLK1
    volatile uint32_t *enr;         // RCC clock enable register and bit
    volatile uint32_t *rstr;        // RCC reset register (same bit)
    uint32_t rcc_bit;
    const machine_pin_obj_t *nss, *sck, *miso, *mosi;
} spi_t;

// Values as in the stm32 port (HAL encodings), visible as pyb.SPI constants.
#define SPI_MODE_MASTER     (SPI_CR1_MSTR | SPI_CR1_SSI)
#define SPI_MODE_SLAVE      (0)
#define SPI_FIRSTBIT_MSB    (0)
#define SPI_FIRSTBIT_LSB    (SPI_CR1_LSBFIRST)
#define SPI_NSS_SOFT        (SPI_CR1_SSM)
#define SPI_NSS_HARD_INPUT  (0)
#define SPI_NSS_HARD_OUTPUT (0x00040000)    // SSOE << 16
#define SPI_DIRECTION_2LINES        (0)
#define SPI_DIRECTION_2LINES_RXONLY (SPI_CR1_RXONLY)
#define SPI_DIRECTION_1LINE         (SPI_CR1_BIDIMODE)

extern const mp_obj_type_t pyb_spi_type;
extern const mp_obj_type_t machine_spi_type;

void spi_deinit_all(void);

// pyb.SPI/pyb.I2C arguments: an int (one byte to send, or a count to receive) or a buffer.
void pyb_buf_get_for_send(mp_obj_t o, mp_buffer_info_t *bufinfo, uint8_t *tmp_data);
mp_obj_t pyb_buf_get_for_recv(mp_obj_t o, vstr_t *vstr);

#endif // MICROPY_INCLUDED_STM32F407_SPI_H
