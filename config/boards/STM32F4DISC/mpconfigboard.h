// STM32F4-Discovery (STM32F407VG), as modelled by QEMU's stm32f4-discovery machine.
#define MICROPY_HW_BOARD_NAME       "F4DISC"
#define MICROPY_HW_MCU_NAME         "STM32F407"

// HSE is an 8 MHz crystal. PLL: VCO = 8 / M * N = 336 MHz,
// SYSCLK = VCO / P = 168 MHz, USB/SDIO = VCO / Q = 48 MHz.
#define MICROPY_HW_HSE_VALUE        (8000000)
#define MICROPY_HW_CLK_PLLM         (8)
#define MICROPY_HW_CLK_PLLN         (336)
#define MICROPY_HW_CLK_PLLP         (2)
#define MICROPY_HW_CLK_PLLQ         (7)

// REPL on USART2: PA2 TX, PA3 RX (AF7). The real board's REPL is USB CDC.
#define MICROPY_HW_UART_REPL        (2)
#define MICROPY_HW_UART_REPL_BAUD   (115200)
#define MICROPY_HW_UART2_TX_GPIO    (GPIOA)
#define MICROPY_HW_UART2_TX_PIN     (2)
#define MICROPY_HW_UART2_RX_GPIO    (GPIOA)
#define MICROPY_HW_UART2_RX_PIN     (3)
