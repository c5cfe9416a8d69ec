// Register-level USART driver for the STM32F407 (RM0090 chapter 30).
#include "py/mpconfig.h"
#include "py/runtime.h"
#include "shared/runtime/interrupt_char.h"
#include "stm32f407.h"
#include "irq.h"
#include "system_stm32.h"
#include "uart.h"

typedef struct {
    USART_TypeDef *regs;
    IRQn_Type irqn;
    volatile uint32_t *rcc_enr; // RCC->APB1ENR or RCC->APB2ENR
    uint32_t rcc_en_bit;
    uint8_t af; // alternate function number of the TX/RX pins
    GPIO_TypeDef *tx_gpio;
    uint8_t tx_pin;
    GPIO_TypeDef *rx_gpio;
    uint8_t rx_pin;
} uart_hw_t;

// Pins come from mpconfigboard.h; a UART without them cannot be used.
#define UART_PINS(n) \
    .tx_gpio = MICROPY_HW_UART##n##_TX_GPIO, .tx_pin = MICROPY_HW_UART##n##_TX_PIN, \
    .rx_gpio = MICROPY_HW_UART##n##_RX_GPIO, .rx_pin = MICROPY_HW_UART##n##_RX_PIN

static const uart_hw_t uart_hw[UART_ID_MAX] = {
    { USART1, USART1_IRQn, &RCC->APB2ENR, RCC_APB2ENR_USART1EN, 7,
      #ifdef MICROPY_HW_UART1_TX_PIN
      UART_PINS(1)
      #endif
    },
    { USART2, USART2_IRQn, &RCC->APB1ENR, RCC_APB1ENR_USART2EN, 7,
      #ifdef MICROPY_HW_UART2_TX_PIN
      UART_PINS(2)
      #endif
    },
    { USART3, USART3_IRQn, &RCC->APB1ENR, RCC_APB1ENR_USART3EN, 7,
      #ifdef MICROPY_HW_UART3_TX_PIN
      UART_PINS(3)
      #endif
    },
    { UART4, UART4_IRQn, &RCC->APB1ENR, RCC_APB1ENR_UART4EN, 8,
      #ifdef MICROPY_HW_UART4_TX_PIN
      UART_PINS(4)
      #endif
    },
    { UART5, UART5_IRQn, &RCC->APB1ENR, RCC_APB1ENR_UART5EN, 8,
      #ifdef MICROPY_HW_UART5_TX_PIN
      UART_PINS(5)
      #endif
    },
    { USART6, USART6_IRQn, &RCC->APB2ENR, RCC_APB2ENR_USART6EN, 8,
      #ifdef MICROPY_HW_UART6_TX_PIN
      UART_PINS(6)
      #endif
    },
};

typedef struct {
    ringbuf_t *rxbuf;
    bool attached_to_repl;
} uart_state_t;

static uart_state_t uart_state[UART_ID_MAX];

static const uart_hw_t *uart_get_hw(unsigned int uart_id) {
    if (uart_id < 1 || uart_id > UART_ID_MAX) {
        return NULL;
    }
    return &uart_hw[uart_id - 1];
}

// Put one pin into alternate-function mode (until machine.Pin provides this).
static void gpio_config_af(GPIO_TypeDef *gpio, unsigned int pin, unsigned int af, uint32_t pull) {
    RCC->AHB1ENR |= 1UL << (((uintptr_t)gpio - GPIOA_BASE) / 0x400);
    (void)RCC->AHB1ENR; // let the clock enable take effect
    gpio->AFR[pin >> 3] = (gpio->AFR[pin >> 3] & ~(0xFUL << ((pin & 7) * 4))) | (af << ((pin & 7) * 4));
    gpio->OSPEEDR |= 3UL << (pin * 2); // very high speed
    gpio->OTYPER &= ~(1UL << pin); // push-pull
    gpio->PUPDR = (gpio->PUPDR & ~(3UL << (pin * 2))) | (pull << (pin * 2));
    gpio->MODER = (gpio->MODER & ~(3UL << (pin * 2))) | (GPIO_MODE_AF << (pin * 2));
}

bool uart_init(unsigned int uart_id, uint32_t baudrate, ringbuf_t *rxbuf) {
    const uart_hw_t *hw = uart_get_hw(uart_id);
    if (hw == NULL || hw->tx_gpio == NULL || baudrate == 0) {
        return false;
    }
    USART_TypeDef *u = hw->regs;

    *hw->rcc_enr |= hw->rcc_en_bit;
    (void)*hw->rcc_enr;

    gpio_config_af(hw->tx_gpio, hw->tx_pin, hw->af, GPIO_PULL_NONE);
    // Pull-up on RX so an unconnected line idles high instead of reading breaks.
    gpio_config_af(hw->rx_gpio, hw->rx_pin, hw->af, GPIO_PULL_UP);

    uart_state[uart_id - 1].rxbuf = rxbuf;

    // 16x oversampling: BRR = fCK / baud, with 4 fraction bits, rounded.
    uint32_t pclk = (hw->rcc_enr == &RCC->APB2ENR) ? stm32_get_pclk2_freq() : stm32_get_pclk1_freq();
    u->CR1 = 0;
    u->BRR = (pclk + baudrate / 2) / baudrate;
    u->CR2 = 0; // 1 stop bit
    u->CR3 = 0; // no flow control, no DMA
    u->CR1 = USART_CR1_UE | USART_CR1_TE | USART_CR1_RE | USART_CR1_RXNEIE; // 8N1

    NVIC_SetPriority(hw->irqn, IRQ_PRI_UART);
    NVIC_ClearPendingIRQ(hw->irqn);
    NVIC_EnableIRQ(hw->irqn);
    return true;
}

void uart_deinit(unsigned int uart_id) {
    const uart_hw_t *hw = uart_get_hw(uart_id);
    if (hw == NULL) {
        return;
    }
    NVIC_DisableIRQ(hw->irqn);
    hw->regs->CR1 = 0;
    *hw->rcc_enr &= ~hw->rcc_en_bit;
    uart_state[uart_id - 1].rxbuf = NULL;
    uart_state[uart_id - 1].attached_to_repl = false;
}

void uart_attach_to_repl(unsigned int uart_id, bool attached) {
    if (uart_get_hw(uart_id) != NULL) {
        uart_state[uart_id - 1].attached_to_repl = attached;
    }
}

void uart_tx_strn(unsigned int uart_id, const char *str, size_t len) {
    const uart_hw_t *hw = uart_get_hw(uart_id);
    if (hw == NULL || !(hw->regs->CR1 & USART_CR1_UE)) {
        return;
    }
    USART_TypeDef *u = hw->regs;
    while (len--) {
        while (!(u->SR & USART_SR_TXE)) {
        }
        u->DR = (uint8_t)*str++;
    }
}

void uart_tx_flush(unsigned int uart_id) {
    const uart_hw_t *hw = uart_get_hw(uart_id);
    if (hw == NULL || !(hw->regs->CR1 & USART_CR1_UE)) {
        return;
    }
    while (!(hw->regs->SR & USART_SR_TC)) {
    }
}

static void uart_irq_handler(unsigned int uart_id) {
    USART_TypeDef *u = uart_hw[uart_id - 1].regs;
    uart_state_t *state = &uart_state[uart_id - 1];
    // Reading SR then DR clears RXNE and the error flags (ORE, NF, FE, PE).
    uint32_t sr = u->SR;
    if (sr & (USART_SR_RXNE | USART_SR_ORE)) {
        int c = u->DR & 0xFF;
        if (state->attached_to_repl && c == mp_interrupt_char) {
            mp_sched_keyboard_interrupt();
        } else if (state->rxbuf != NULL) {
            ringbuf_put(state->rxbuf, c); // dropped when full
        }
    }
}

void USART1_IRQHandler(void) {
    uart_irq_handler(1);
}

void USART2_IRQHandler(void) {
    uart_irq_handler(2);
}

void USART3_IRQHandler(void) {
    uart_irq_handler(3);
}

void UART4_IRQHandler(void) {
    uart_irq_handler(4);
}

void UART5_IRQHandler(void) {
    uart_irq_handler(5);
}

void USART6_IRQHandler(void) {
    uart_irq_handler(6);
}
