# STM32F4DISC frozen modules: the port's set plus the project's Python code.
include("$(PORT_DIR)/boards/manifest.py")
include("$(PROJECT_DIR)/src/manifest.py")
