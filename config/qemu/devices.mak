# Devices built into our qemu-system-arm: only the stm32f4-discovery machine.
# (Installed by scripts/build.sh as configs/devices/arm-softmmu/qemu-micropython.mak.)
CONFIG_STM32F4_DISCOVERY=y
