# Port manifest: frozen modules every board of this port gets.
include("$(MPY_DIR)/extmod/asyncio")
# unittest-compatible test framework of our own (micropython-lib is not available).
package("unittest", base_path="$(PORT_DIR)/modules")
