"""The service lead's statistics page."""
