"""Alerts to the staff's other channels: the outbox and its delivery, each branch's own targets."""
