"""Library self-service kiosk: guides for digital public services, help calls, statistics."""
