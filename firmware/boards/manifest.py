# Port manifest: frozen modules every board of this port gets.
include("$(MPY_DIR)/extmod/asyncio")
