# The board's accelerometer (LIS3DSH on SPI1, CS on PE3) through MicroPython's own
# staccel.py driver, frozen in the firmware. On the virtual board tilt it from the host:
#   (qemu) qom-set /machine/accel x 500     (milli-g; also y and z)
import time
from staccel import STAccel

accel = STAccel()
print("sensor id 0x%02x" % accel.read_id())
for _ in range(3):
    x, y, z = accel.xyz()
    print("x %.2f g  y %.2f g  z %.2f g" % (x, y, z))
    time.sleep_ms(200)
