"""A citizen's visit: its plain state, the events it records, a guide and a path as the visitor sees them, QR addresses."""
