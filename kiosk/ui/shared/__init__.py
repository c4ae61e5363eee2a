"""Pieces every page shares: theme and chrome, sign-in, the runtime, cookies, plain text, the step card, QR pictures."""
