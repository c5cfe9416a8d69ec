// qstrs specific to this port, for strings not found by the automatic scan.
// *FORMAT-OFF*
