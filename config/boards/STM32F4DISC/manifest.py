# STM32F4DISC frozen modules: the port's set plus the project's Python code.
include("$(PORT_DIR)/boards/manifest.py")
include("$(PROJECT_DIR)/src/manifest.py")

# The board's accelerometer driver (LIS3DSH/LIS302DL on SPI1), from MicroPython's own
# STM32F4DISC board folder, unchanged: `import staccel; staccel.STAccel().xyz()`.
module("staccel.py", base_path="$(MPY_DIR)/ports/stm32/boards/STM32F4DISC")
