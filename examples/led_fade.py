# LED intensity: fade LD4 (green, PD12) up and down with TIM4 PWM, paced by a
# hardware timer's callback. pyb.LED(n).intensity() drives TIM4 CH1-4 on PD12-PD15.
import pyb

led = pyb.LED(2)
ticks = 0


def step(tim):
    global ticks
    ticks += 1


tim = pyb.Timer(7, freq=50, callback=step)   # 50 Hz: one fade step per tick
for level in list(range(0, 256, 16)) + list(range(255, -1, -16)):
    while ticks == 0:
        pyb.wfi()
    ticks = 0
    led.intensity(level)
tim.deinit()
led.off()
print("fade done, last intensity", led.intensity())
