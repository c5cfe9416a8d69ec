# Blink the green LED (LD4, PD12) at 2 Hz, then the four LEDs in a circle.
import time

import pyb

green = pyb.LED(2)
for _ in range(4):
    green.toggle()
    time.sleep_ms(250)
print("green LED blinked 2 times")

leds = [pyb.LED(i) for i in (1, 3, 4, 2)]    # red, orange, blue, green around the board
for led in leds * 2:
    led.on()
    time.sleep_ms(100)
    led.off()
print("circle done")
