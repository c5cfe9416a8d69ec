// Reset handler and vector table for the STM32F407 (16 core + 82 external vectors).
#include <stddef.h>
#include <stdint.h>

#include "stm32f407.h"
#include "system_stm32.h"

// Linker script symbols.
extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;

int main(void);

// Catch the register struct layouts drifting away from RM0090.
_Static_assert(offsetof(RCC_TypeDef, AHB1ENR) == 0x30, "RCC layout");
_Static_assert(offsetof(RCC_TypeDef, APB1ENR) == 0x40, "RCC layout");
_Static_assert(offsetof(RCC_TypeDef, BDCR) == 0x70, "RCC layout");
_Static_assert(offsetof(RCC_TypeDef, PLLI2SCFGR) == 0x84, "RCC layout");
_Static_assert(offsetof(GPIO_TypeDef, AFR) == 0x20, "GPIO layout");
_Static_assert(offsetof(USART_TypeDef, GTPR) == 0x18, "USART layout");
_Static_assert(offsetof(TIM_TypeDef, OR) == 0x50, "TIM layout");
_Static_assert(offsetof(RTC_TypeDef, BKPR) == 0x50, "RTC layout");
_Static_assert(offsetof(ADC_TypeDef, DR) == 0x4C, "ADC layout");
_Static_assert(offsetof(DMA_TypeDef, STREAM[7].FCR) == 0xCC, "DMA layout");
_Static_assert(offsetof(SYSCFG_TypeDef, CMPCR) == 0x20, "SYSCFG layout");
_Static_assert(offsetof(DAC_TypeDef, SR) == 0x34, "DAC layout");

// Runs before .data/.bss exist: keep it to plain register and pointer work.
void Reset_Handler(void) __attribute__((noreturn, used));
void Reset_Handler(void) {
    // Enable CP10/CP11 (the FPU) first: the compiler may use FP registers anywhere later.
    SCB->CPACR |= (0xFUL << 20);
    __DSB();
    __ISB();

    // Copy initialised data from flash, then zero .bss.
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }

    SystemInit();
    main();
    // main() never returns; if it does, reset.
    NVIC_SystemReset();
}

// Unhandled interrupts land here; the weak aliases let drivers override each handler.
void Default_Handler(void) {
    for (;;) {
        __WFI();
    }
}

#define WEAK_ALIAS __attribute__((weak, alias("Default_Handler")))

void NMI_Handler(void) WEAK_ALIAS;
void HardFault_Handler(void) WEAK_ALIAS;
void MemManage_Handler(void) WEAK_ALIAS;
void BusFault_Handler(void) WEAK_ALIAS;
void UsageFault_Handler(void) WEAK_ALIAS;
void SVC_Handler(void) WEAK_ALIAS;
void DebugMon_Handler(void) WEAK_ALIAS;
void PendSV_Handler(void) WEAK_ALIAS;
void SysTick_Handler(void) WEAK_ALIAS;

void WWDG_IRQHandler(void) WEAK_ALIAS;
void PVD_IRQHandler(void) WEAK_ALIAS;
void TAMP_STAMP_IRQHandler(void) WEAK_ALIAS;
void RTC_WKUP_IRQHandler(void) WEAK_ALIAS;
void FLASH_IRQHandler(void) WEAK_ALIAS;
void RCC_IRQHandler(void) WEAK_ALIAS;
void EXTI0_IRQHandler(void) WEAK_ALIAS;
void EXTI1_IRQHandler(void) WEAK_ALIAS;
void EXTI2_IRQHandler(void) WEAK_ALIAS;
void EXTI3_IRQHandler(void) WEAK_ALIAS;
void EXTI4_IRQHandler(void) WEAK_ALIAS;
void DMA1_Stream0_IRQHandler(void) WEAK_ALIAS;
void DMA1_Stream1_IRQHandler(void) WEAK_ALIAS;
void DMA1_Stream2_IRQHandler(void) WEAK_ALIAS;
void DMA1_Stream3_IRQHandler(void) WEAK_ALIAS;
void DMA1_Stream4_IRQHandler(void) WEAK_ALIAS;
void DMA1_Stream5_IRQHandler(void) WEAK_ALIAS;
void DMA1_Stream6_IRQHandler(void) WEAK_ALIAS;
void ADC_IRQHandler(void) WEAK_ALIAS;
void CAN1_TX_IRQHandler(void) WEAK_ALIAS;
void CAN1_RX0_IRQHandler(void) WEAK_ALIAS;
void CAN1_RX1_IRQHandler(void) WEAK_ALIAS;
void CAN1_SCE_IRQHandler(void) WEAK_ALIAS;
void EXTI9_5_IRQHandler(void) WEAK_ALIAS;
void TIM1_BRK_TIM9_IRQHandler(void) WEAK_ALIAS;
void TIM1_UP_TIM10_IRQHandler(void) WEAK_ALIAS;
void TIM1_TRG_COM_TIM11_IRQHandler(void) WEAK_ALIAS;
void TIM1_CC_IRQHandler(void) WEAK_ALIAS;
void TIM2_IRQHandler(void) WEAK_ALIAS;
void TIM3_IRQHandler(void) WEAK_ALIAS;
void TIM4_IRQHandler(void) WEAK_ALIAS;
void I2C1_EV_IRQHandler(void) WEAK_ALIAS;
void I2C1_ER_IRQHandler(void) WEAK_ALIAS;
void I2C2_EV_IRQHandler(void) WEAK_ALIAS;
void I2C2_ER_IRQHandler(void) WEAK_ALIAS;
void SPI1_IRQHandler(void) WEAK_ALIAS;
void SPI2_IRQHandler(void) WEAK_ALIAS;
void USART1_IRQHandler(void) WEAK_ALIAS;
void USART2_IRQHandler(void) WEAK_ALIAS;
void USART3_IRQHandler(void) WEAK_ALIAS;
void EXTI15_10_IRQHandler(void) WEAK_ALIAS;
void RTC_Alarm_IRQHandler(void) WEAK_ALIAS;
void OTG_FS_WKUP_IRQHandler(void) WEAK_ALIAS;
void TIM8_BRK_TIM12_IRQHandler(void) WEAK_ALIAS;
void TIM8_UP_TIM13_IRQHandler(void) WEAK_ALIAS;
void TIM8_TRG_COM_TIM14_IRQHandler(void) WEAK_ALIAS;
void TIM8_CC_IRQHandler(void) WEAK_ALIAS;
void DMA1_Stream7_IRQHandler(void) WEAK_ALIAS;
void FSMC_IRQHandler(void) WEAK_ALIAS;
void SDIO_IRQHandler(void) WEAK_ALIAS;
void TIM5_IRQHandler(void) WEAK_ALIAS;
void SPI3_IRQHandler(void) WEAK_ALIAS;
void UART4_IRQHandler(void) WEAK_ALIAS;
void UART5_IRQHandler(void) WEAK_ALIAS;
void TIM6_DAC_IRQHandler(void) WEAK_ALIAS;
void TIM7_IRQHandler(void) WEAK_ALIAS;
void DMA2_Stream0_IRQHandler(void) WEAK_ALIAS;
void DMA2_Stream1_IRQHandler(void) WEAK_ALIAS;
void DMA2_Stream2_IRQHandler(void) WEAK_ALIAS;
void DMA2_Stream3_IRQHandler(void) WEAK_ALIAS;
void DMA2_Stream4_IRQHandler(void) WEAK_ALIAS;
void ETH_IRQHandler(void) WEAK_ALIAS;
void ETH_WKUP_IRQHandler(void) WEAK_ALIAS;
void CAN2_TX_IRQHandler(void) WEAK_ALIAS;
void CAN2_RX0_IRQHandler(void) WEAK_ALIAS;
void CAN2_RX1_IRQHandler(void) WEAK_ALIAS;
void CAN2_SCE_IRQHandler(void) WEAK_ALIAS;
void OTG_FS_IRQHandler(void) WEAK_ALIAS;
void DMA2_Stream5_IRQHandler(void) WEAK_ALIAS;
void DMA2_Stream6_IRQHandler(void) WEAK_ALIAS;
void DMA2_Stream7_IRQHandler(void) WEAK_ALIAS;
void USART6_IRQHandler(void) WEAK_ALIAS;
void I2C3_EV_IRQHandler(void) WEAK_ALIAS;
void I2C3_ER_IRQHandler(void) WEAK_ALIAS;
void OTG_HS_EP1_OUT_IRQHandler(void) WEAK_ALIAS;
void OTG_HS_EP1_IN_IRQHandler(void) WEAK_ALIAS;
void OTG_HS_WKUP_IRQHandler(void) WEAK_ALIAS;
void OTG_HS_IRQHandler(void) WEAK_ALIAS;
void DCMI_IRQHandler(void) WEAK_ALIAS;
void CRYP_IRQHandler(void) WEAK_ALIAS;
void HASH_RNG_IRQHandler(void) WEAK_ALIAS;
void FPU_IRQHandler(void) WEAK_ALIAS;

typedef void (*isr_vector_t)(void);

// Slots are indexed by IRQn so each handler provably sits at its RM0090 position.
#define CORE(irqn) [16 + (irqn)]
#define IRQ(irqn) [16 + (irqn)]

__attribute__((section(".isr_vector"), used))
const isr_vector_t isr_vector[16 + STM32F407_NUM_IRQS] = {
    [0] = (isr_vector_t)&_estack,
    [1] = Reset_Handler,
    CORE(NonMaskableInt_IRQn) = NMI_Handler,
    [3] = HardFault_Handler,
    CORE(MemoryManagement_IRQn) = MemManage_Handler,
    CORE(BusFault_IRQn) = BusFault_Handler,
    CORE(UsageFault_IRQn) = UsageFault_Handler,
    CORE(SVCall_IRQn) = SVC_Handler,
    CORE(DebugMonitor_IRQn) = DebugMon_Handler,
    CORE(PendSV_IRQn) = PendSV_Handler,
    CORE(SysTick_IRQn) = SysTick_Handler,

    IRQ(WWDG_IRQn) = WWDG_IRQHandler,
    IRQ(PVD_IRQn) = PVD_IRQHandler,
    IRQ(TAMP_STAMP_IRQn) = TAMP_STAMP_IRQHandler,
    IRQ(RTC_WKUP_IRQn) = RTC_WKUP_IRQHandler,
    IRQ(FLASH_IRQn) = FLASH_IRQHandler,
    IRQ(RCC_IRQn) = RCC_IRQHandler,
    IRQ(EXTI0_IRQn) = EXTI0_IRQHandler,
    IRQ(EXTI1_IRQn) = EXTI1_IRQHandler,
    IRQ(EXTI2_IRQn) = EXTI2_IRQHandler,
    IRQ(EXTI3_IRQn) = EXTI3_IRQHandler,
    IRQ(EXTI4_IRQn) = EXTI4_IRQHandler,
    IRQ(DMA1_Stream0_IRQn) = DMA1_Stream0_IRQHandler,
    IRQ(DMA1_Stream1_IRQn) = DMA1_Stream1_IRQHandler,
    IRQ(DMA1_Stream2_IRQn) = DMA1_Stream2_IRQHandler,
    IRQ(DMA1_Stream3_IRQn) = DMA1_Stream3_IRQHandler,
    IRQ(DMA1_Stream4_IRQn) = DMA1_Stream4_IRQHandler,
    IRQ(DMA1_Stream5_IRQn) = DMA1_Stream5_IRQHandler,
    IRQ(DMA1_Stream6_IRQn) = DMA1_Stream6_IRQHandler,
    IRQ(ADC_IRQn) = ADC_IRQHandler,
    IRQ(CAN1_TX_IRQn) = CAN1_TX_IRQHandler,
    IRQ(CAN1_RX0_IRQn) = CAN1_RX0_IRQHandler,
    IRQ(CAN1_RX1_IRQn) = CAN1_RX1_IRQHandler,
    IRQ(CAN1_SCE_IRQn) = CAN1_SCE_IRQHandler,
    IRQ(EXTI9_5_IRQn) = EXTI9_5_IRQHandler,
    IRQ(TIM1_BRK_TIM9_IRQn) = TIM1_BRK_TIM9_IRQHandler,
    IRQ(TIM1_UP_TIM10_IRQn) = TIM1_UP_TIM10_IRQHandler,
    IRQ(TIM1_TRG_COM_TIM11_IRQn) = TIM1_TRG_COM_TIM11_IRQHandler,
    IRQ(TIM1_CC_IRQn) = TIM1_CC_IRQHandler,
    IRQ(TIM2_IRQn) = TIM2_IRQHandler,
    IRQ(TIM3_IRQn) = TIM3_IRQHandler,
    IRQ(TIM4_IRQn) = TIM4_IRQHandler,
    IRQ(I2C1_EV_IRQn) = I2C1_EV_IRQHandler,
    IRQ(I2C1_ER_IRQn) = I2C1_ER_IRQHandler,
    IRQ(I2C2_EV_IRQn) = I2C2_EV_IRQHandler,
    IRQ(I2C2_ER_IRQn) = I2C2_ER_IRQHandler,
    IRQ(SPI1_IRQn) = SPI1_IRQHandler,
    IRQ(SPI2_IRQn) = SPI2_IRQHandler,
    IRQ(USART1_IRQn) = USART1_IRQHandler,
    IRQ(USART2_IRQn) = USART2_IRQHandler,
    IRQ(USART3_IRQn) = USART3_IRQHandler,
    IRQ(EXTI15_10_IRQn) = EXTI15_10_IRQHandler,
    IRQ(RTC_Alarm_IRQn) = RTC_Alarm_IRQHandler,
    IRQ(OTG_FS_WKUP_IRQn) = OTG_FS_WKUP_IRQHandler,
    IRQ(TIM8_BRK_TIM12_IRQn) = TIM8_BRK_TIM12_IRQHandler,
    IRQ(TIM8_UP_TIM13_IRQn) = TIM8_UP_TIM13_IRQHandler,
    IRQ(TIM8_TRG_COM_TIM14_IRQn) = TIM8_TRG_COM_TIM14_IRQHandler,
    IRQ(TIM8_CC_IRQn) = TIM8_CC_IRQHandler,
    IRQ(DMA1_Stream7_IRQn) = DMA1_Stream7_IRQHandler,
    IRQ(FSMC_IRQn) = FSMC_IRQHandler,
    IRQ(SDIO_IRQn) = SDIO_IRQHandler,
    IRQ(TIM5_IRQn) = TIM5_IRQHandler,
    IRQ(SPI3_IRQn) = SPI3_IRQHandler,
    IRQ(UART4_IRQn) = UART4_IRQHandler,
    IRQ(UART5_IRQn) = UART5_IRQHandler,
    IRQ(TIM6_DAC_IRQn) = TIM6_DAC_IRQHandler,
    IRQ(TIM7_IRQn) = TIM7_IRQHandler,
    IRQ(DMA2_Stream0_IRQn) = DMA2_Stream0_IRQHandler,
    IRQ(DMA2_Stream1_IRQn) = DMA2_Stream1_IRQHandler,
    IRQ(DMA2_Stream2_IRQn) = DMA2_Stream2_IRQHandler,
    IRQ(DMA2_Stream3_IRQn) = DMA2_Stream3_IRQHandler,
    IRQ(DMA2_Stream4_IRQn) = DMA2_Stream4_IRQHandler,
    IRQ(ETH_IRQn) = ETH_IRQHandler,
    IRQ(ETH_WKUP_IRQn) = ETH_WKUP_IRQHandler,
    IRQ(CAN2_TX_IRQn) = CAN2_TX_IRQHandler,
    IRQ(CAN2_RX0_IRQn) = CAN2_RX0_IRQHandler,
    IRQ(CAN2_RX1_IRQn) = CAN2_RX1_IRQHandler,
    IRQ(CAN2_SCE_IRQn) = CAN2_SCE_IRQHandler,
    IRQ(OTG_FS_IRQn) = OTG_FS_IRQHandler,
    IRQ(DMA2_Stream5_IRQn) = DMA2_Stream5_IRQHandler,
    IRQ(DMA2_Stream6_IRQn) = DMA2_Stream6_IRQHandler,
    IRQ(DMA2_Stream7_IRQn) = DMA2_Stream7_IRQHandler,
    IRQ(USART6_IRQn) = USART6_IRQHandler,
    IRQ(I2C3_EV_IRQn) = I2C3_EV_IRQHandler,
    IRQ(I2C3_ER_IRQn) = I2C3_ER_IRQHandler,
    IRQ(OTG_HS_EP1_OUT_IRQn) = OTG_HS_EP1_OUT_IRQHandler,
    IRQ(OTG_HS_EP1_IN_IRQn) = OTG_HS_EP1_IN_IRQHandler,
    IRQ(OTG_HS_WKUP_IRQn) = OTG_HS_WKUP_IRQHandler,
    IRQ(OTG_HS_IRQn) = OTG_HS_IRQHandler,
    IRQ(DCMI_IRQn) = DCMI_IRQHandler,
    IRQ(CRYP_IRQn) = CRYP_IRQHandler,
    IRQ(HASH_RNG_IRQn) = HASH_RNG_IRQHandler,
    IRQ(FPU_IRQn) = FPU_IRQHandler,
};
