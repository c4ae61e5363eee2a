"""The library floor: help calls and their cards, the live queue, presence, routing, availability, bookings, inquiries."""
