"""dialog layer."""
