"""Staff notices to the kiosks: the rules and posting (board), and what every kiosk of a process sees (live)."""
