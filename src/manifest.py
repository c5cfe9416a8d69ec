# The project's Python code, frozen into the firmware:
# main.py (run at boot) and every module/package in lib/ as a top-level import.
import os

module("main.py")

for name in sorted(os.listdir("lib")):
    if name.endswith(".py"):
        module(name, base_path="lib")
    elif os.path.isfile(os.path.join("lib", name, "__init__.py")):
        package(name, base_path="lib")
