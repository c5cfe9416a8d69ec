// STM32F407 device header: IRQ numbers, peripheral register structs and base
// addresses, per RM0090 (rev 19). Our own, because the ST CMSIS device pack
// (lib/stm32lib) is not available; the Cortex-M4 core part comes from CMSIS.
#ifndef MICROPY_INCLUDED_STM32F407_H
#define MICROPY_INCLUDED_STM32F407_H

#include <stdint.h>

// Interrupt numbers: 16 core exceptions (negative) and the 82 external IRQs
// of the STM32F40x/41x vector table (RM0090 table 61).
typedef enum {
    NonMaskableInt_IRQn = -14,
    MemoryManagement_IRQn = -12,
    BusFault_IRQn = -11,
    UsageFault_IRQn = -10,
    SVCall_IRQn = -5,
    DebugMonitor_IRQn = -4,
    PendSV_IRQn = -2,
    SysTick_IRQn = -1,
    WWDG_IRQn = 0,
    PVD_IRQn = 1,
    TAMP_STAMP_IRQn = 2,
    RTC_WKUP_IRQn = 3,
    FLASH_IRQn = 4,
    RCC_IRQn = 5,
    EXTI0_IRQn = 6,
    EXTI1_IRQn = 7,
    EXTI2_IRQn = 8,
    EXTI3_IRQn = 9,
    EXTI4_IRQn = 10,
    DMA1_Stream0_IRQn = 11,
    DMA1_Stream1_IRQn = 12,
    DMA1_Stream2_IRQn = 13,
    DMA1_Stream3_IRQn = 14,
    DMA1_Stream4_IRQn = 15,
    DMA1_Stream5_IRQn = 16,
    DMA1_Stream6_IRQn = 17,
    ADC_IRQn = 18,
    CAN1_TX_IRQn = 19,
    CAN1_RX0_IRQn = 20,
    CAN1_RX1_IRQn = 21,
    CAN1_SCE_IRQn = 22,
    EXTI9_5_IRQn = 23,
    TIM1_BRK_TIM9_IRQn = 24,
    TIM1_UP_TIM10_IRQn = 25,
    TIM1_TRG_COM_TIM11_IRQn = 26,
    TIM1_CC_IRQn = 27,
    TIM2_IRQn = 28,
    TIM3_IRQn = 29,
    TIM4_IRQn = 30,
    I2C1_EV_IRQn = 31,
    I2C1_ER_IRQn = 32,
    I2C2_EV_IRQn = 33,
    I2C2_ER_IRQn = 34,
    SPI1_IRQn = 35,
    SPI2_IRQn = 36,
    USART1_IRQn = 37,
    USART2_IRQn = 38,
    USART3_IRQn = 39,
    EXTI15_10_IRQn = 40,
    RTC_Alarm_IRQn = 41,
    OTG_FS_WKUP_IRQn = 42,
    TIM8_BRK_TIM12_IRQn = 43,
    TIM8_UP_TIM13_IRQn = 44,
    TIM8_TRG_COM_TIM14_IRQn = 45,
    TIM8_CC_IRQn = 46,
    DMA1_Stream7_IRQn = 47,
    FSMC_IRQn = 48,
    SDIO_IRQn = 49,
    TIM5_IRQn = 50,
    SPI3_IRQn = 51,
    UART4_IRQn = 52,
    UART5_IRQn = 53,
    TIM6_DAC_IRQn = 54,
    TIM7_IRQn = 55,
    DMA2_Stream0_IRQn = 56,
    DMA2_Stream1_IRQn = 57,
    DMA2_Stream2_IRQn = 58,
    DMA2_Stream3_IRQn = 59,
    DMA2_Stream4_IRQn = 60,
    ETH_IRQn = 61,
    ETH_WKUP_IRQn = 62,
    CAN2_TX_IRQn = 63,
    CAN2_RX0_IRQn = 64,
    CAN2_RX1_IRQn = 65,
    CAN2_SCE_IRQn = 66,
    OTG_FS_IRQn = 67,
    DMA2_Stream5_IRQn = 68,
    DMA2_Stream6_IRQn = 69,
    DMA2_Stream7_IRQn = 70,
    USART6_IRQn = 71,
    I2C3_EV_IRQn = 72,
    I2C3_ER_IRQn = 73,
    OTG_HS_EP1_OUT_IRQn = 74,
    OTG_HS_EP1_IN_IRQn = 75,
    OTG_HS_WKUP_IRQn = 76,
    OTG_HS_IRQn = 77,
    DCMI_IRQn = 78,
    CRYP_IRQn = 79, // slot exists on F407, the peripheral only on F415/F417
    HASH_RNG_IRQn = 80,
    FPU_IRQn = 81,
} IRQn_Type;

#define STM32F407_NUM_IRQS (82)

// Core configuration needed by core_cm4.h.
#define __CM4_REV                 (0x0001U)
#define __MPU_PRESENT             (1)
#define __NVIC_PRIO_BITS          (4)
#define __Vendor_SysTickConfig    (0)
#define __FPU_PRESENT             (1)

#include "core_cm4.h"

/******************************************************************************/
// Peripheral register layouts.

typedef struct {
    __IO uint32_t CR;          // 0x00
    __IO uint32_t PLLCFGR;     // 0x04
    __IO uint32_t CFGR;        // 0x08
    __IO uint32_t CIR;         // 0x0C
    __IO uint32_t AHB1RSTR;    // 0x10
    __IO uint32_t AHB2RSTR;    // 0x14
    __IO uint32_t AHB3RSTR;    // 0x18
    uint32_t RESERVED0;        // 0x1C
    __IO uint32_t APB1RSTR;    // 0x20
    __IO uint32_t APB2RSTR;    // 0x24
    uint32_t RESERVED1[2];     // 0x28
    __IO uint32_t AHB1ENR;     // 0x30
    __IO uint32_t AHB2ENR;     // 0x34
    __IO uint32_t AHB3ENR;     // 0x38
    uint32_t RESERVED2;        // 0x3C
    __IO uint32_t APB1ENR;     // 0x40
    __IO uint32_t APB2ENR;     // 0x44
    uint32_t RESERVED3[2];     // 0x48
    __IO uint32_t AHB1LPENR;   // 0x50
    __IO uint32_t AHB2LPENR;   // 0x54
    __IO uint32_t AHB3LPENR;   // 0x58
    uint32_t RESERVED4;        // 0x5C
    __IO uint32_t APB1LPENR;   // 0x60
    __IO uint32_t APB2LPENR;   // 0x64
    uint32_t RESERVED5[2];     // 0x68
    __IO uint32_t BDCR;        // 0x70
    __IO uint32_t CSR;         // 0x74
    uint32_t RESERVED6[2];     // 0x78
    __IO uint32_t SSCGR;       // 0x80
    __IO uint32_t PLLI2SCFGR;  // 0x84
} RCC_TypeDef;

typedef struct {
    __IO uint32_t CR;          // 0x00
    __IO uint32_t CSR;         // 0x04
} PWR_TypeDef;

typedef struct {
    __IO uint32_t ACR;         // 0x00
    __IO uint32_t KEYR;        // 0x04
    __IO uint32_t OPTKEYR;     // 0x08
    __IO uint32_t SR;          // 0x0C
    __IO uint32_t CR;          // 0x10
    __IO uint32_t OPTCR;       // 0x14
} FLASH_TypeDef;

typedef struct {
    __IO uint32_t MODER;       // 0x00
    __IO uint32_t OTYPER;      // 0x04
    __IO uint32_t OSPEEDR;     // 0x08
    __IO uint32_t PUPDR;       // 0x0C
    __IO uint32_t IDR;         // 0x10
    __IO uint32_t ODR;         // 0x14
    __IO uint32_t BSRR;        // 0x18
    __IO uint32_t LCKR;        // 0x1C
    __IO uint32_t AFR[2];      // 0x20: AFRL, AFRH
} GPIO_TypeDef;

typedef struct {
    __IO uint32_t SR;          // 0x00
    __IO uint32_t DR;          // 0x04
    __IO uint32_t BRR;         // 0x08
    __IO uint32_t CR1;         // 0x0C
    __IO uint32_t CR2;         // 0x10
    __IO uint32_t CR3;         // 0x14
    __IO uint32_t GTPR;        // 0x18
} USART_TypeDef;

typedef struct {
    __IO uint32_t MEMRMP;      // 0x00
    __IO uint32_t PMC;         // 0x04
    __IO uint32_t EXTICR[4];   // 0x08
    uint32_t RESERVED[2];      // 0x18
    __IO uint32_t CMPCR;       // 0x20
} SYSCFG_TypeDef;

typedef struct {
    __IO uint32_t IMR;         // 0x00
    __IO uint32_t EMR;         // 0x04
    __IO uint32_t RTSR;        // 0x08
    __IO uint32_t FTSR;        // 0x0C
    __IO uint32_t SWIER;       // 0x10
    __IO uint32_t PR;          // 0x14
} EXTI_TypeDef;

typedef struct {
    __IO uint32_t CR1;         // 0x00
    __IO uint32_t CR2;         // 0x04
    __IO uint32_t SMCR;        // 0x08
    __IO uint32_t DIER;        // 0x0C
    __IO uint32_t SR;          // 0x10
    __IO uint32_t EGR;         // 0x14
    __IO uint32_t CCMR1;       // 0x18
    __IO uint32_t CCMR2;       // 0x1C
    __IO uint32_t CCER;        // 0x20
    __IO uint32_t CNT;         // 0x24
    __IO uint32_t PSC;         // 0x28
    __IO uint32_t ARR;         // 0x2C
    __IO uint32_t RCR;         // 0x30
    __IO uint32_t CCR1;        // 0x34
    __IO uint32_t CCR2;        // 0x38
    __IO uint32_t CCR3;        // 0x3C
    __IO uint32_t CCR4;        // 0x40
    __IO uint32_t BDTR;        // 0x44
    __IO uint32_t DCR;         // 0x48
    __IO uint32_t DMAR;        // 0x4C
    __IO uint32_t OR;          // 0x50
} TIM_TypeDef;

typedef struct {
    __IO uint32_t CR1;         // 0x00
    __IO uint32_t CR2;         // 0x04
    __IO uint32_t SR;          // 0x08
    __IO uint32_t DR;          // 0x0C
    __IO uint32_t CRCPR;       // 0x10
    __IO uint32_t RXCRCR;      // 0x14
    __IO uint32_t TXCRCR;      // 0x18
    __IO uint32_t I2SCFGR;     // 0x1C
    __IO uint32_t I2SPR;       // 0x20
} SPI_TypeDef;

typedef struct {
    __IO uint32_t CR1;         // 0x00
    __IO uint32_t CR2;         // 0x04
    __IO uint32_t OAR1;        // 0x08
    __IO uint32_t OAR2;        // 0x0C
    __IO uint32_t DR;          // 0x10
    __IO uint32_t SR1;         // 0x14
    __IO uint32_t SR2;         // 0x18
    __IO uint32_t CCR;         // 0x1C
    __IO uint32_t TRISE;       // 0x20
    __IO uint32_t FLTR;        // 0x24
} I2C_TypeDef;

typedef struct {
    __IO uint32_t TR;          // 0x00
    __IO uint32_t DR;          // 0x04
    __IO uint32_t CR;          // 0x08
    __IO uint32_t ISR;         // 0x0C
    __IO uint32_t PRER;        // 0x10
    __IO uint32_t WUTR;        // 0x14
    __IO uint32_t CALIBR;      // 0x18
    __IO uint32_t ALRMAR;      // 0x1C
    __IO uint32_t ALRMBR;      // 0x20
    __IO uint32_t WPR;         // 0x24
    __IO uint32_t SSR;         // 0x28
    __IO uint32_t SHIFTR;      // 0x2C
    __IO uint32_t TSTR;        // 0x30
    __IO uint32_t TSDR;        // 0x34
    __IO uint32_t TSSSR;       // 0x38
    __IO uint32_t CALR;        // 0x3C
    __IO uint32_t TAFCR;       // 0x40
    __IO uint32_t ALRMASSR;    // 0x44
    __IO uint32_t ALRMBSSR;    // 0x48
    uint32_t RESERVED;         // 0x4C
    __IO uint32_t BKPR[20];    // 0x50: BKP0R..BKP19R
} RTC_TypeDef;

typedef struct {
    __IO uint32_t KR;          // 0x00
    __IO uint32_t PR;          // 0x04
    __IO uint32_t RLR;         // 0x08
    __IO uint32_t SR;          // 0x0C
} IWDG_TypeDef;

typedef struct {
    __IO uint32_t CR;          // 0x00
    __IO uint32_t CFR;         // 0x04
    __IO uint32_t SR;          // 0x08
} WWDG_TypeDef;

typedef struct {
    __IO uint32_t CR;          // 0x00
    __IO uint32_t SR;          // 0x04
    __IO uint32_t DR;          // 0x08
} RNG_TypeDef;

typedef struct {
    __IO uint32_t DR;          // 0x00
    __IO uint32_t IDR;         // 0x04
    __IO uint32_t CR;          // 0x08
} CRC_TypeDef;

typedef struct {
    __IO uint32_t CR;          // 0x00
    __IO uint32_t SWTRIGR;     // 0x04
    __IO uint32_t DHR12R1;     // 0x08
    __IO uint32_t DHR12L1;     // 0x0C
    __IO uint32_t DHR8R1;      // 0x10
    __IO uint32_t DHR12R2;     // 0x14
    __IO uint32_t DHR12L2;     // 0x18
    __IO uint32_t DHR8R2;      // 0x1C
    __IO uint32_t DHR12RD;     // 0x20
    __IO uint32_t DHR12LD;     // 0x24
    __IO uint32_t DHR8RD;      // 0x28
    __IO uint32_t DOR1;        // 0x2C
    __IO uint32_t DOR2;        // 0x30
    __IO uint32_t SR;          // 0x34
} DAC_TypeDef;

typedef struct {
    __IO uint32_t SR;          // 0x00
    __IO uint32_t CR1;         // 0x04
    __IO uint32_t CR2;         // 0x08
    __IO uint32_t SMPR1;       // 0x0C
    __IO uint32_t SMPR2;       // 0x10
    __IO uint32_t JOFR[4];     // 0x14
    __IO uint32_t HTR;         // 0x24
    __IO uint32_t LTR;         // 0x28
    __IO uint32_t SQR1;        // 0x2C
    __IO uint32_t SQR2;        // 0x30
    __IO uint32_t SQR3;        // 0x34
    __IO uint32_t JSQR;        // 0x38
    __IO uint32_t JDR[4];      // 0x3C
    __IO uint32_t DR;          // 0x4C
} ADC_TypeDef;

typedef struct {
    __IO uint32_t CSR;         // 0x00
    __IO uint32_t CCR;         // 0x04
    __IO uint32_t CDR;         // 0x08
} ADC_Common_TypeDef;

typedef struct {
    __IO uint32_t CR;          // 0x00
    __IO uint32_t NDTR;        // 0x04
    __IO uint32_t PAR;         // 0x08
    __IO uint32_t M0AR;        // 0x0C
    __IO uint32_t M1AR;        // 0x10
    __IO uint32_t FCR;         // 0x14
} DMA_Stream_TypeDef;

typedef struct {
    __IO uint32_t LISR;        // 0x00
    __IO uint32_t HISR;        // 0x04
    __IO uint32_t LIFCR;       // 0x08
    __IO uint32_t HIFCR;       // 0x0C
    DMA_Stream_TypeDef STREAM[8]; // 0x10 + 0x18 * n
} DMA_TypeDef;

typedef struct {
    __IO uint32_t IDCODE;      // 0x00
    __IO uint32_t CR;          // 0x04
    __IO uint32_t APB1FZ;      // 0x08
    __IO uint32_t APB2FZ;      // 0x0C
} DBGMCU_TypeDef;

/******************************************************************************/
// Memory map.

#define FLASH_BASE            (0x08000000UL)
#define CCMDATARAM_BASE       (0x10000000UL)
#define SRAM1_BASE            (0x20000000UL)
#define SRAM2_BASE            (0x2001C000UL)
#define BKPSRAM_BASE          (0x40024000UL)
#define UID_BASE              (0x1FFF7A10UL) // 96-bit unique device ID
#define FLASHSIZE_BASE        (0x1FFF7A22UL) // flash size in KB, 16 bits

#define CCMDATARAM_SIZE       (64 * 1024)
#define SRAM_SIZE             (128 * 1024) // SRAM1 112K + SRAM2 16K

// APB1
#define TIM2_BASE             (0x40000000UL)
#define TIM3_BASE             (0x40000400UL)
#define TIM4_BASE             (0x40000800UL)
#define TIM5_BASE             (0x40000C00UL)
#define TIM6_BASE             (0x40001000UL)
#define TIM7_BASE             (0x40001400UL)
#define TIM12_BASE            (0x40001800UL)
#define TIM13_BASE            (0x40001C00UL)
#define TIM14_BASE            (0x40002000UL)
#define RTC_BASE              (0x40002800UL)
#define WWDG_BASE             (0x40002C00UL)
#define IWDG_BASE             (0x40003000UL)
#define I2S2ext_BASE          (0x40003400UL)
#define SPI2_BASE             (0x40003800UL)
#define SPI3_BASE             (0x40003C00UL)
#define I2S3ext_BASE          (0x40004000UL)
#define USART2_BASE           (0x40004400UL)
#define USART3_BASE           (0x40004800UL)
#define UART4_BASE            (0x40004C00UL)
#define UART5_BASE            (0x40005000UL)
#define I2C1_BASE             (0x40005400UL)
#define I2C2_BASE             (0x40005800UL)
#define I2C3_BASE             (0x40005C00UL)
#define CAN1_BASE             (0x40006400UL)
#define CAN2_BASE             (0x40006800UL)
#define PWR_BASE              (0x40007000UL)
#define DAC_BASE              (0x40007400UL)

// APB2
#define TIM1_BASE             (0x40010000UL)
#define TIM8_BASE             (0x40010400UL)
#define USART1_BASE           (0x40011000UL)
#define USART6_BASE           (0x40011400UL)
#define ADC1_BASE             (0x40012000UL)
#define ADC2_BASE             (0x40012100UL)
#define ADC3_BASE             (0x40012200UL)
#define ADC_COMMON_BASE       (0x40012300UL)
#define SDIO_BASE             (0x40012C00UL)
#define SPI1_BASE             (0x40013000UL)
#define SYSCFG_BASE           (0x40013800UL)
#define EXTI_BASE             (0x40013C00UL)
#define TIM9_BASE             (0x40014000UL)
#define TIM10_BASE            (0x40014400UL)
#define TIM11_BASE            (0x40014800UL)

// AHB1
#define GPIOA_BASE            (0x40020000UL)
#define GPIOB_BASE            (0x40020400UL)
#define GPIOC_BASE            (0x40020800UL)
#define GPIOD_BASE            (0x40020C00UL)
#define GPIOE_BASE            (0x40021000UL)
#define GPIOF_BASE            (0x40021400UL)
#define GPIOG_BASE            (0x40021800UL)
#define GPIOH_BASE            (0x40021C00UL)
#define GPIOI_BASE            (0x40022000UL)
#define CRC_BASE              (0x40023000UL)
#define RCC_BASE              (0x40023800UL)
#define FLASH_R_BASE          (0x40023C00UL)
#define DMA1_BASE             (0x40026000UL)
#define DMA2_BASE             (0x40026400UL)
#define ETH_BASE              (0x40028000UL)
#define USB_OTG_HS_BASE       (0x40040000UL)

// AHB2
#define USB_OTG_FS_BASE       (0x50000000UL)
#define DCMI_BASE             (0x50050000UL)
#define RNG_BASE              (0x50060800UL)

// AHB3
#define FSMC_R_BASE           (0xA0000000UL)

#define DBGMCU_BASE           (0xE0042000UL)

#define TIM2                  ((TIM_TypeDef *)TIM2_BASE)
#define TIM3                  ((TIM_TypeDef *)TIM3_BASE)
#define TIM4                  ((TIM_TypeDef *)TIM4_BASE)
#define TIM5                  ((TIM_TypeDef *)TIM5_BASE)
#define TIM6                  ((TIM_TypeDef *)TIM6_BASE)
#define TIM7                  ((TIM_TypeDef *)TIM7_BASE)
#define TIM12                 ((TIM_TypeDef *)TIM12_BASE)
#define TIM13                 ((TIM_TypeDef *)TIM13_BASE)
#define TIM14                 ((TIM_TypeDef *)TIM14_BASE)
#define RTC                   ((RTC_TypeDef *)RTC_BASE)
#define WWDG                  ((WWDG_TypeDef *)WWDG_BASE)
#define IWDG                  ((IWDG_TypeDef *)IWDG_BASE)
#define SPI2                  ((SPI_TypeDef *)SPI2_BASE)
#define SPI3                  ((SPI_TypeDef *)SPI3_BASE)
#define USART2                ((USART_TypeDef *)USART2_BASE)
#define USART3                ((USART_TypeDef *)USART3_BASE)
#define UART4                 ((USART_TypeDef *)UART4_BASE)
#define UART5                 ((USART_TypeDef *)UART5_BASE)
#define I2C1                  ((I2C_TypeDef *)I2C1_BASE)
#define I2C2                  ((I2C_TypeDef *)I2C2_BASE)
#define I2C3                  ((I2C_TypeDef *)I2C3_BASE)
#define PWR                   ((PWR_TypeDef *)PWR_BASE)
#define DAC                   ((DAC_TypeDef *)DAC_BASE)
#define TIM1                  ((TIM_TypeDef *)TIM1_BASE)
#define TIM8                  ((TIM_TypeDef *)TIM8_BASE)
#define USART1                ((USART_TypeDef *)USART1_BASE)
#define USART6                ((USART_TypeDef *)USART6_BASE)
#define ADC1                  ((ADC_TypeDef *)ADC1_BASE)
#define ADC2                  ((ADC_TypeDef *)ADC2_BASE)
#define ADC3                  ((ADC_TypeDef *)ADC3_BASE)
#define ADC_COMMON            ((ADC_Common_TypeDef *)ADC_COMMON_BASE)
#define SPI1                  ((SPI_TypeDef *)SPI1_BASE)
#define SYSCFG                ((SYSCFG_TypeDef *)SYSCFG_BASE)
#define EXTI                  ((EXTI_TypeDef *)EXTI_BASE)
#define TIM9                  ((TIM_TypeDef *)TIM9_BASE)
#define TIM10                 ((TIM_TypeDef *)TIM10_BASE)
#define TIM11                 ((TIM_TypeDef *)TIM11_BASE)
#define GPIOA                 ((GPIO_TypeDef *)GPIOA_BASE)
#define GPIOB                 ((GPIO_TypeDef *)GPIOB_BASE)
#define GPIOC                 ((GPIO_TypeDef *)GPIOC_BASE)
#define GPIOD                 ((GPIO_TypeDef *)GPIOD_BASE)
#define GPIOE                 ((GPIO_TypeDef *)GPIOE_BASE)
#define GPIOF                 ((GPIO_TypeDef *)GPIOF_BASE)
#define GPIOG                 ((GPIO_TypeDef *)GPIOG_BASE)
#define GPIOH                 ((GPIO_TypeDef *)GPIOH_BASE)
#define GPIOI                 ((GPIO_TypeDef *)GPIOI_BASE)
#define CRC                   ((CRC_TypeDef *)CRC_BASE)
#define RCC                   ((RCC_TypeDef *)RCC_BASE)
#define FLASH                 ((FLASH_TypeDef *)FLASH_R_BASE)
#define DMA1                  ((DMA_TypeDef *)DMA1_BASE)
#define DMA2                  ((DMA_TypeDef *)DMA2_BASE)
#define RNG                   ((RNG_TypeDef *)RNG_BASE)
#define DBGMCU                ((DBGMCU_TypeDef *)DBGMCU_BASE)

/******************************************************************************/
// Register bits (the ones the port uses; extend as drivers are added).

// RCC_CR
#define RCC_CR_HSION                (1UL << 0)
#define RCC_CR_HSIRDY               (1UL << 1)
#define RCC_CR_HSEON                (1UL << 16)
#define RCC_CR_HSERDY               (1UL << 17)
#define RCC_CR_HSEBYP               (1UL << 18)
#define RCC_CR_CSSON                (1UL << 19)
#define RCC_CR_PLLON                (1UL << 24)
#define RCC_CR_PLLRDY               (1UL << 25)

// RCC_PLLCFGR
#define RCC_PLLCFGR_PLLM_Pos        (0)
#define RCC_PLLCFGR_PLLM_Msk        (0x3FUL << RCC_PLLCFGR_PLLM_Pos)
#define RCC_PLLCFGR_PLLN_Pos        (6)
#define RCC_PLLCFGR_PLLN_Msk        (0x1FFUL << RCC_PLLCFGR_PLLN_Pos)
#define RCC_PLLCFGR_PLLP_Pos        (16)
#define RCC_PLLCFGR_PLLP_Msk        (0x3UL << RCC_PLLCFGR_PLLP_Pos)
#define RCC_PLLCFGR_PLLSRC_HSE      (1UL << 22)
#define RCC_PLLCFGR_PLLQ_Pos        (24)
#define RCC_PLLCFGR_PLLQ_Msk        (0xFUL << RCC_PLLCFGR_PLLQ_Pos)

// RCC_CFGR
#define RCC_CFGR_SW_Pos             (0)
#define RCC_CFGR_SW_Msk             (0x3UL << RCC_CFGR_SW_Pos)
#define RCC_CFGR_SW_HSI             (0UL)
#define RCC_CFGR_SW_HSE             (1UL)
#define RCC_CFGR_SW_PLL             (2UL)
#define RCC_CFGR_SWS_Pos            (2)
#define RCC_CFGR_SWS_Msk            (0x3UL << RCC_CFGR_SWS_Pos)
#define RCC_CFGR_HPRE_Pos           (4)
#define RCC_CFGR_HPRE_Msk           (0xFUL << RCC_CFGR_HPRE_Pos)
#define RCC_CFGR_PPRE1_Pos          (10)
#define RCC_CFGR_PPRE1_Msk          (0x7UL << RCC_CFGR_PPRE1_Pos)
#define RCC_CFGR_PPRE2_Pos          (13)
#define RCC_CFGR_PPRE2_Msk          (0x7UL << RCC_CFGR_PPRE2_Pos)

// RCC_AHB1ENR
#define RCC_AHB1ENR_GPIOAEN         (1UL << 0)
#define RCC_AHB1ENR_GPIOBEN         (1UL << 1)
#define RCC_AHB1ENR_GPIOCEN         (1UL << 2)
#define RCC_AHB1ENR_GPIODEN         (1UL << 3)
#define RCC_AHB1ENR_GPIOEEN         (1UL << 4)
#define RCC_AHB1ENR_CRCEN           (1UL << 12)
#define RCC_AHB1ENR_BKPSRAMEN       (1UL << 18)
#define RCC_AHB1ENR_CCMDATARAMEN    (1UL << 20)
#define RCC_AHB1ENR_DMA1EN          (1UL << 21)
#define RCC_AHB1ENR_DMA2EN          (1UL << 22)

// RCC_AHB2ENR
#define RCC_AHB2ENR_RNGEN           (1UL << 6)
#define RCC_AHB2ENR_OTGFSEN         (1UL << 7)

// RCC_APB1ENR
#define RCC_APB1ENR_TIM2EN          (1UL << 0)
#define RCC_APB1ENR_TIM3EN          (1UL << 1)
#define RCC_APB1ENR_TIM4EN          (1UL << 2)
#define RCC_APB1ENR_TIM5EN          (1UL << 3)
#define RCC_APB1ENR_TIM6EN          (1UL << 4)
#define RCC_APB1ENR_TIM7EN          (1UL << 5)
#define RCC_APB1ENR_WWDGEN          (1UL << 11)
#define RCC_APB1ENR_SPI2EN          (1UL << 14)
#define RCC_APB1ENR_SPI3EN          (1UL << 15)
#define RCC_APB1ENR_USART2EN        (1UL << 17)
#define RCC_APB1ENR_USART3EN        (1UL << 18)
#define RCC_APB1ENR_UART4EN         (1UL << 19)
#define RCC_APB1ENR_UART5EN         (1UL << 20)
#define RCC_APB1ENR_I2C1EN          (1UL << 21)
#define RCC_APB1ENR_I2C2EN          (1UL << 22)
#define RCC_APB1ENR_I2C3EN          (1UL << 23)
#define RCC_APB1ENR_PWREN           (1UL << 28)
#define RCC_APB1ENR_DACEN           (1UL << 29)

// RCC_APB2ENR
#define RCC_APB2ENR_TIM1EN          (1UL << 0)
#define RCC_APB2ENR_TIM8EN          (1UL << 1)
#define RCC_APB2ENR_USART1EN        (1UL << 4)
#define RCC_APB2ENR_USART6EN        (1UL << 5)
#define RCC_APB2ENR_ADC1EN          (1UL << 8)
#define RCC_APB2ENR_SPI1EN          (1UL << 12)
#define RCC_APB2ENR_SYSCFGEN        (1UL << 14)

// RCC_CSR
#define RCC_CSR_LSION               (1UL << 0)
#define RCC_CSR_LSIRDY              (1UL << 1)
#define RCC_CSR_RMVF                (1UL << 24)
#define RCC_CSR_BORRSTF             (1UL << 25)
#define RCC_CSR_PINRSTF             (1UL << 26)
#define RCC_CSR_PORRSTF             (1UL << 27)
#define RCC_CSR_SFTRSTF             (1UL << 28)
#define RCC_CSR_IWDGRSTF            (1UL << 29)
#define RCC_CSR_WWDGRSTF            (1UL << 30)
#define RCC_CSR_LPWRRSTF            (1UL << 31)

// PWR
#define PWR_CR_VOS                  (1UL << 14)
#define PWR_CSR_SBF                 (1UL << 1)
#define PWR_CR_CSBF                 (1UL << 3)

/******************************************************************************/
// Backup domain, RTC, watchdogs and low-power modes (RM0090 ch. 5, 7, 21, 22, 26):
// used by rtc.c, machine_wdt_port.c and machine_port.c (lightsleep/deepsleep).

// PWR_CR / PWR_CSR (the bits not listed above)
#define PWR_CR_LPDS                 (1UL << 0)
#define PWR_CR_PDDS                 (1UL << 1)
#define PWR_CR_CWUF                 (1UL << 2)
#define PWR_CR_DBP                  (1UL << 8)
#define PWR_CR_FPDS                 (1UL << 9)
#define PWR_CSR_WUF                 (1UL << 0)

// RCC_BDCR (backup domain: write-protected until PWR_CR.DBP=1)
#define RCC_BDCR_LSEON              (1UL << 0)
#define RCC_BDCR_LSERDY             (1UL << 1)
#define RCC_BDCR_LSEBYP             (1UL << 2)
#define RCC_BDCR_RTCSEL_Pos         (8)
#define RCC_BDCR_RTCSEL_Msk         (0x3UL << RCC_BDCR_RTCSEL_Pos)
#define RCC_BDCR_RTCSEL_LSE         (0x1UL << RCC_BDCR_RTCSEL_Pos)
#define RCC_BDCR_RTCSEL_LSI         (0x2UL << RCC_BDCR_RTCSEL_Pos)
#define RCC_BDCR_RTCSEL_HSE         (0x3UL << RCC_BDCR_RTCSEL_Pos)
#define RCC_BDCR_RTCEN              (1UL << 15)
#define RCC_BDCR_BDRST              (1UL << 16)

// RTC_TR / RTC_DR / RTC_ALRMxR: BCD fields
#define RTC_TR_SU_Pos               (0)  // second units, 4 bits; tens (ST) at 4, 3 bits
#define RTC_TR_MNU_Pos              (8)  // minute units; tens (MNT) at 12
#define RTC_TR_HU_Pos               (16) // hour units; tens (HT) at 20, 2 bits
#define RTC_TR_PM                   (1UL << 22)
#define RTC_TR_Msk                  (0x007F7F7FUL)
#define RTC_DR_DU_Pos               (0)  // day units; tens (DT) at 4, 2 bits
#define RTC_DR_MU_Pos               (8)  // month units; tens (MT) at 12, 1 bit
#define RTC_DR_WDU_Pos              (13) // weekday 1 (Monday) .. 7 (Sunday)
#define RTC_DR_WDU_Msk              (0x7UL << RTC_DR_WDU_Pos)
#define RTC_DR_YU_Pos               (16) // year units; tens (YT) at 20
#define RTC_DR_Msk                  (0x00FFFF3FUL)
#define RTC_ALRMAR_MSK1             (1UL << 7)  // seconds don't care
#define RTC_ALRMAR_MSK2             (1UL << 15) // minutes don't care
#define RTC_ALRMAR_MSK3             (1UL << 23) // hours don't care
#define RTC_ALRMAR_DU_Pos           (24)
#define RTC_ALRMAR_WDSEL            (1UL << 30)
#define RTC_ALRMAR_MSK4             (1UL << 31) // date/weekday don't care

// RTC_CR
#define RTC_CR_WUCKSEL_Pos          (0)
#define RTC_CR_WUCKSEL_Msk          (0x7UL << RTC_CR_WUCKSEL_Pos)
#define RTC_CR_BYPSHAD              (1UL << 5)
#define RTC_CR_FMT                  (1UL << 6)
#define RTC_CR_ALRAE                (1UL << 8)
#define RTC_CR_WUTE                 (1UL << 10)
#define RTC_CR_ALRAIE               (1UL << 12)
#define RTC_CR_WUTIE                (1UL << 14)
#define RTC_CR_OSEL_Msk             (0x3UL << 21)
#define RTC_CR_POL                  (1UL << 20)
#define RTC_CR_COE                  (1UL << 23)

// RTC_ISR (rc_w0 flags: write 0 to clear, 1 leaves them)
#define RTC_ISR_ALRAWF              (1UL << 0)
#define RTC_ISR_WUTWF               (1UL << 2)
#define RTC_ISR_SHPF                (1UL << 3)
#define RTC_ISR_INITS               (1UL << 4)
#define RTC_ISR_RSF                 (1UL << 5)
#define RTC_ISR_INITF               (1UL << 6)
#define RTC_ISR_INIT                (1UL << 7)
#define RTC_ISR_ALRAF               (1UL << 8)
#define RTC_ISR_WUTF                (1UL << 10)
#define RTC_ISR_RECALPF             (1UL << 16)

// RTC_PRER
#define RTC_PRER_PREDIV_S_Pos       (0)
#define RTC_PRER_PREDIV_S_Msk       (0x7FFFUL << RTC_PRER_PREDIV_S_Pos)
#define RTC_PRER_PREDIV_A_Pos       (16)
#define RTC_PRER_PREDIV_A_Msk       (0x7FUL << RTC_PRER_PREDIV_A_Pos)

// RTC_CALR (smooth calibration)
#define RTC_CALR_CALM_Msk           (0x1FFUL)
#define RTC_CALR_CALW16             (1UL << 13)
#define RTC_CALR_CALW8              (1UL << 14)
#define RTC_CALR_CALP               (1UL << 15)

// RTC_ALRMASSR
#define RTC_ALRMASSR_MASKSS_Pos     (24)

// EXTI lines of the RTC (rising edge, RM0090 12.2.5)
#define EXTI_LINE_RTC_ALARM         (17)
#define EXTI_LINE_RTC_WAKEUP        (22)

// IWDG_SR (IWDG_PR: prescaler /4 << PR, 0..6; IWDG_RLR: 12-bit reload)
#define IWDG_SR_PVU                 (1UL << 0)
#define IWDG_SR_RVU                 (1UL << 1)

// SCB_SCR.SLEEPDEEP is in core_cm4.h (SCB_SCR_SLEEPDEEP_Msk).

// FLASH_ACR
#define FLASH_ACR_LATENCY_Pos       (0)
#define FLASH_ACR_LATENCY_Msk       (0x7UL << FLASH_ACR_LATENCY_Pos)
#define FLASH_ACR_PRFTEN            (1UL << 8)
#define FLASH_ACR_ICEN              (1UL << 9)
#define FLASH_ACR_DCEN              (1UL << 10)
#define FLASH_ACR_ICRST             (1UL << 11)
#define FLASH_ACR_DCRST             (1UL << 12)

// FLASH_KEYR unlock sequence
#define FLASH_KEY1                  (0x45670123UL)
#define FLASH_KEY2                  (0xCDEF89ABUL)

// FLASH_SR
#define FLASH_SR_EOP                (1UL << 0)
#define FLASH_SR_OPERR              (1UL << 1)
#define FLASH_SR_WRPERR             (1UL << 4)
#define FLASH_SR_PGAERR             (1UL << 5)
#define FLASH_SR_PGPERR             (1UL << 6)
#define FLASH_SR_PGSERR             (1UL << 7)
#define FLASH_SR_BSY                (1UL << 16)

// FLASH_CR
#define FLASH_CR_PG                 (1UL << 0)
#define FLASH_CR_SER                (1UL << 1)
#define FLASH_CR_MER                (1UL << 2)
#define FLASH_CR_SNB_Pos            (3)
#define FLASH_CR_SNB_Msk            (0xFUL << FLASH_CR_SNB_Pos)
#define FLASH_CR_PSIZE_Pos          (8)
#define FLASH_CR_PSIZE_Msk          (0x3UL << FLASH_CR_PSIZE_Pos)
#define FLASH_CR_PSIZE_X8           (0x0UL << FLASH_CR_PSIZE_Pos)
#define FLASH_CR_PSIZE_X16          (0x1UL << FLASH_CR_PSIZE_Pos)
#define FLASH_CR_PSIZE_X32          (0x2UL << FLASH_CR_PSIZE_Pos)
#define FLASH_CR_PSIZE_X64          (0x3UL << FLASH_CR_PSIZE_Pos)
#define FLASH_CR_STRT               (1UL << 16)
#define FLASH_CR_EOPIE              (1UL << 24)
#define FLASH_CR_ERRIE              (1UL << 25)
#define FLASH_CR_LOCK               (1UL << 31)

// GPIO_MODER values (2 bits per pin)
#define GPIO_MODE_INPUT             (0UL)
#define GPIO_MODE_OUTPUT            (1UL)
#define GPIO_MODE_AF                (2UL)
#define GPIO_MODE_ANALOG            (3UL)

// GPIO_PUPDR values (2 bits per pin)
#define GPIO_PULL_NONE              (0UL)
#define GPIO_PULL_UP                (1UL)
#define GPIO_PULL_DOWN              (2UL)

// USART_SR
#define USART_SR_PE                 (1UL << 0)
#define USART_SR_FE                 (1UL << 1)
#define USART_SR_NF                 (1UL << 2)
#define USART_SR_ORE                (1UL << 3)
#define USART_SR_IDLE               (1UL << 4)
#define USART_SR_RXNE               (1UL << 5)
#define USART_SR_TC                 (1UL << 6)
#define USART_SR_TXE                (1UL << 7)
#define USART_SR_LBD                (1UL << 8)
#define USART_SR_CTS                (1UL << 9)

// USART_CR1
#define USART_CR1_SBK               (1UL << 0)
#define USART_CR1_RWU               (1UL << 1)
#define USART_CR1_RE                (1UL << 2)
#define USART_CR1_TE                (1UL << 3)
#define USART_CR1_IDLEIE            (1UL << 4)
#define USART_CR1_RXNEIE            (1UL << 5)
#define USART_CR1_TCIE              (1UL << 6)
#define USART_CR1_TXEIE             (1UL << 7)
#define USART_CR1_PEIE              (1UL << 8)
#define USART_CR1_PS                (1UL << 9)
#define USART_CR1_PCE               (1UL << 10)
#define USART_CR1_WAKE              (1UL << 11)
#define USART_CR1_M                 (1UL << 12)
#define USART_CR1_UE                (1UL << 13)
#define USART_CR1_OVER8             (1UL << 15)

// USART_CR2
#define USART_CR2_STOP_Pos          (12)
#define USART_CR2_STOP_Msk          (0x3UL << USART_CR2_STOP_Pos)

// USART_CR3
#define USART_CR3_EIE               (1UL << 0)
#define USART_CR3_RTSE              (1UL << 8)
#define USART_CR3_CTSE              (1UL << 9)

/******************************************************************************/
// Timers TIM1-TIM14 (RM0090 ch. 17-20). Not every bit exists on every timer:
// TIM6/7 (basic) have no channels; TIM9/12 have CH1-2, TIM10/11/13/14 CH1 only;
// RCR, BDTR and the complementary outputs are TIM1/8 only.

// RCC enable bits of the timers not listed in the RCC section above.
#define RCC_APB1ENR_TIM12EN         (1UL << 6)
#define RCC_APB1ENR_TIM13EN         (1UL << 7)
#define RCC_APB1ENR_TIM14EN         (1UL << 8)
#define RCC_APB2ENR_TIM9EN          (1UL << 16)
#define RCC_APB2ENR_TIM10EN         (1UL << 17)
#define RCC_APB2ENR_TIM11EN         (1UL << 18)

// TIMx_CR1
#define TIM_CR1_CEN                 (1UL << 0)
#define TIM_CR1_UDIS                (1UL << 1)
#define TIM_CR1_URS                 (1UL << 2)
#define TIM_CR1_OPM                 (1UL << 3)
#define TIM_CR1_DIR                 (1UL << 4)
#define TIM_CR1_CMS_Pos             (5)
#define TIM_CR1_CMS_Msk             (0x3UL << TIM_CR1_CMS_Pos)
#define TIM_CR1_ARPE                (1UL << 7)
#define TIM_CR1_CKD_Pos             (8)
#define TIM_CR1_CKD_Msk             (0x3UL << TIM_CR1_CKD_Pos)

// TIMx_SMCR
#define TIM_SMCR_SMS_Pos            (0)
#define TIM_SMCR_SMS_Msk            (0x7UL << TIM_SMCR_SMS_Pos)

// TIMx_DIER and TIMx_SR (same bit positions for the interrupt enables/flags)
#define TIM_DIER_UIE                (1UL << 0)
#define TIM_DIER_CC1IE              (1UL << 1) // CCnIE = CC1IE << (n - 1)
#define TIM_SR_UIF                  (1UL << 0)
#define TIM_SR_CC1IF                (1UL << 1) // CCnIF = CC1IF << (n - 1)

// TIMx_EGR
#define TIM_EGR_UG                  (1UL << 0)

// TIMx_CCMR1/2: one byte per channel (CCMR1: CH1 bits 0-7, CH2 bits 8-15;
// CCMR2: CH3, CH4). Output compare view:
#define TIM_CCMR_CCS_Pos            (0)        // 00 output, 01 input on TIn, 10 on the other TI
#define TIM_CCMR_CCS_Msk            (0x3UL << TIM_CCMR_CCS_Pos)
#define TIM_CCMR_OCFE               (1UL << 2)
#define TIM_CCMR_OCPE               (1UL << 3)
#define TIM_CCMR_OCM_Pos            (4)
#define TIM_CCMR_OCM_Msk            (0x7UL << TIM_CCMR_OCM_Pos)
// Input capture view: prescaler and filter.
#define TIM_CCMR_ICPSC_Pos          (2)
#define TIM_CCMR_ICF_Pos            (4)
// OCxM values
#define TIM_OCM_FROZEN              (0UL)
#define TIM_OCM_ACTIVE              (1UL)
#define TIM_OCM_INACTIVE            (2UL)
#define TIM_OCM_TOGGLE              (3UL)
#define TIM_OCM_FORCED_INACTIVE     (4UL)
#define TIM_OCM_FORCED_ACTIVE       (5UL)
#define TIM_OCM_PWM1                (6UL)
#define TIM_OCM_PWM2                (7UL)

// TIMx_CCER: 4 bits per channel (CCnE, CCnP, CCnNE, CCnNP at 4 * (n - 1))
#define TIM_CCER_CC1E               (1UL << 0)
#define TIM_CCER_CC1P               (1UL << 1)
#define TIM_CCER_CC1NE              (1UL << 2)
#define TIM_CCER_CC1NP              (1UL << 3)

// TIMx_BDTR (TIM1/8)
#define TIM_BDTR_DTG_Pos            (0)
#define TIM_BDTR_DTG_Msk            (0xFFUL << TIM_BDTR_DTG_Pos)
#define TIM_BDTR_BKE                (1UL << 12)
#define TIM_BDTR_BKP                (1UL << 13)
#define TIM_BDTR_AOE                (1UL << 14)
#define TIM_BDTR_MOE                (1UL << 15)

// ---- ADC (RM0090 13.13) ----
#define RCC_APB2ENR_ADC2EN          (1UL << 9)
#define RCC_APB2ENR_ADC3EN          (1UL << 10)
#define ADC_SR_AWD                  (1UL << 0)
#define ADC_SR_EOC                  (1UL << 1)
#define ADC_SR_JEOC                 (1UL << 2)
#define ADC_SR_JSTRT                (1UL << 3)
#define ADC_SR_STRT                 (1UL << 4)
#define ADC_SR_OVR                  (1UL << 5)
#define ADC_CR1_EOCIE               (1UL << 5)
#define ADC_CR1_SCAN                (1UL << 8)
#define ADC_CR1_RES_Pos             (24)     // 0: 12, 1: 10, 2: 8, 3: 6 bits
#define ADC_CR1_RES_Msk             (3UL << ADC_CR1_RES_Pos)
#define ADC_CR2_ADON                (1UL << 0)
#define ADC_CR2_CONT                (1UL << 1)
#define ADC_CR2_DMA                 (1UL << 8)
#define ADC_CR2_DDS                 (1UL << 9)
#define ADC_CR2_EOCS                (1UL << 10)
#define ADC_CR2_ALIGN               (1UL << 11)
#define ADC_CR2_JSWSTART            (1UL << 22)
#define ADC_CR2_EXTSEL_Pos          (24)
#define ADC_CR2_EXTEN_Pos           (28)
#define ADC_CR2_SWSTART             (1UL << 30)
#define ADC_SMP_3CYCLES             (0UL)    // SMPRx field values (3 bits per channel)
#define ADC_SMP_15CYCLES            (1UL)
#define ADC_SMP_480CYCLES           (7UL)
#define ADC_SQR1_L_Pos              (20)
#define ADC_CCR_ADCPRE_Pos          (16)     // PCLK2 / 2, 4, 6, 8
#define ADC_CCR_ADCPRE_Msk          (3UL << ADC_CCR_ADCPRE_Pos)
#define ADC_CCR_VBATE               (1UL << 22)
#define ADC_CCR_TSVREFE             (1UL << 23)
// Factory calibration (DS8626 tables 69 and 71), raw 12-bit readings at VDDA = 3.3 V
#define ADC_VREFIN_CAL              ((const volatile uint16_t *)0x1FFF7A2AUL) // VREFINT, 30 C
#define ADC_TS_CAL1                 ((const volatile uint16_t *)0x1FFF7A2CUL) // sensor, 30 C
#define ADC_TS_CAL2                 ((const volatile uint16_t *)0x1FFF7A2EUL) // sensor, 110 C
// ---- ADC end ----

// ---- DAC (RM0090 14.5), DMA (RM0090 10.5) ----
// DAC_CR: channel 1 bits; channel 2 is the same << 16
#define DAC_CR_EN1                  (1UL << 0)
#define DAC_CR_BOFF1                (1UL << 1)
#define DAC_CR_TEN1                 (1UL << 2)
#define DAC_CR_TSEL1_Pos            (3)      // 0 TIM6, 1 TIM8, 2 TIM7, 3 TIM5, 4 TIM2, 5 TIM4 TRGO
#define DAC_CR_TSEL1_Msk            (7UL << DAC_CR_TSEL1_Pos)
#define DAC_CR_WAVE1_Pos            (6)      // 1 noise, 2 triangle
#define DAC_CR_WAVE1_Msk            (3UL << DAC_CR_WAVE1_Pos)
#define DAC_CR_MAMP1_Pos            (8)
#define DAC_CR_MAMP1_Msk            (0xFUL << DAC_CR_MAMP1_Pos)
#define DAC_CR_DMAEN1               (1UL << 12)
#define DAC_CR_DMAUDRIE1            (1UL << 13)
#define DAC_SR_DMAUDR1              (1UL << 13)
// TIMx_CR2.MMS = 010: TRGO on update (the DAC/ADC trigger)
#define TIM_CR2_MMS_Pos             (4)
#define TIM_CR2_MMS_Msk             (7UL << TIM_CR2_MMS_Pos)
#define TIM_CR2_MMS_UPDATE          (2UL << TIM_CR2_MMS_Pos)
// DMA_SxCR
#define DMA_SxCR_EN                 (1UL << 0)
#define DMA_SxCR_DIR_M2P            (1UL << 6)
#define DMA_SxCR_CIRC               (1UL << 8)
#define DMA_SxCR_MINC               (1UL << 10)
#define DMA_SxCR_PSIZE_Pos          (11)     // 0 byte, 1 halfword, 2 word
#define DMA_SxCR_MSIZE_Pos          (13)
#define DMA_SxCR_PL_Pos             (16)
#define DMA_SxCR_CHSEL_Pos          (25)
// ---- DAC, DMA end ----

// ---- SPI and I2C (RM0090 28.5, 27.6) ----
#define SPI_CR1_CPHA                (1UL << 0)
#define SPI_CR1_CPOL                (1UL << 1)
#define SPI_CR1_MSTR                (1UL << 2)
#define SPI_CR1_BR_Pos              (3)      // fPCLK / 2^(BR + 1)
#define SPI_CR1_BR_Msk              (7UL << SPI_CR1_BR_Pos)
#define SPI_CR1_SPE                 (1UL << 6)
#define SPI_CR1_LSBFIRST            (1UL << 7)
#define SPI_CR1_SSI                 (1UL << 8)
#define SPI_CR1_SSM                 (1UL << 9)
#define SPI_CR1_RXONLY              (1UL << 10)
#define SPI_CR1_DFF                 (1UL << 11)
#define SPI_CR1_CRCNEXT             (1UL << 12)
#define SPI_CR1_CRCEN               (1UL << 13)
#define SPI_CR1_BIDIOE              (1UL << 14)
#define SPI_CR1_BIDIMODE            (1UL << 15)
#define SPI_CR2_RXDMAEN             (1UL << 0)
#define SPI_CR2_TXDMAEN             (1UL << 1)
#define SPI_CR2_SSOE                (1UL << 2)
#define SPI_CR2_FRF                 (1UL << 4)
#define SPI_CR2_ERRIE               (1UL << 5)
#define SPI_CR2_RXNEIE              (1UL << 6)
#define SPI_CR2_TXEIE               (1UL << 7)
#define SPI_SR_RXNE                 (1UL << 0)
#define SPI_SR_TXE                  (1UL << 1)
#define SPI_SR_CRCERR               (1UL << 4)
#define SPI_SR_MODF                 (1UL << 5)
#define SPI_SR_OVR                  (1UL << 6)
#define SPI_SR_BSY                  (1UL << 7)
#define RCC_APB2RSTR_SPI1RST        (1UL << 12)
#define RCC_APB1RSTR_SPI2RST        (1UL << 14)
#define RCC_APB1RSTR_SPI3RST        (1UL << 15)

#define I2C_CR1_PE                  (1UL << 0)
#define I2C_CR1_START               (1UL << 8)
#define I2C_CR1_STOP                (1UL << 9)
#define I2C_CR1_ACK                 (1UL << 10)
#define I2C_CR1_POS                 (1UL << 11)
#define I2C_CR1_SWRST               (1UL << 15)
#define I2C_CR2_FREQ_Pos            (0)      // APB1 clock in MHz (2..42)
#define I2C_CR2_FREQ_Msk            (0x3FUL << I2C_CR2_FREQ_Pos)
#define I2C_CR2_ITERREN             (1UL << 8)
#define I2C_CR2_ITEVTEN             (1UL << 9)
#define I2C_CR2_ITBUFEN             (1UL << 10)
#define I2C_CR2_DMAEN               (1UL << 11)
#define I2C_CR2_LAST                (1UL << 12)
#define I2C_SR1_SB                  (1UL << 0)
#define I2C_SR1_ADDR                (1UL << 1)
#define I2C_SR1_BTF                 (1UL << 2)
#define I2C_SR1_STOPF               (1UL << 4)
#define I2C_SR1_RXNE                (1UL << 6)
#define I2C_SR1_TXE                 (1UL << 7)
#define I2C_SR1_BERR                (1UL << 8)
#define I2C_SR1_ARLO                (1UL << 9)
#define I2C_SR1_AF                  (1UL << 10)
#define I2C_SR1_OVR                 (1UL << 11)
#define I2C_SR1_TIMEOUT             (1UL << 14)
#define I2C_SR2_MSL                 (1UL << 0)
#define I2C_SR2_BUSY                (1UL << 1)
#define I2C_SR2_TRA                 (1UL << 2)
#define I2C_CCR_CCR_Msk             (0xFFFUL)
#define I2C_CCR_DUTY                (1UL << 14)
#define I2C_CCR_FS                  (1UL << 15)
#define RCC_APB1RSTR_I2C1RST        (1UL << 21)
#define RCC_APB1RSTR_I2C2RST        (1UL << 22)
#define RCC_APB1RSTR_I2C3RST        (1UL << 23)
// ---- SPI and I2C end ----

#endif // MICROPY_INCLUDED_STM32F407_H
