// qstrs specific to this port, for strings not found by the automatic scan.
// *FORMAT-OFF*

// Mount point of the internal flash filesystem and its sys.path entries (main.c).
Q(/flash)
Q(/flash/lib)
