# Count presses of the blue user button (B1, PA0) for a few seconds, with a callback.
# On the virtual board, press it from the QEMU monitor (Ctrl-A C):
#     qom-set /machine button true
#     qom-set /machine button false
import time

import pyb

presses = 0


def on_press():
    global presses
    presses += 1
    pyb.LED(4).toggle()


sw = pyb.Switch()
sw.callback(on_press)
print("press the button within 3 s (value now: {})".format(sw.value()))
time.sleep_ms(3000)
sw.callback(None)
print("presses:", presses)
