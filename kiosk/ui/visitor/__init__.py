"""The citizen's kiosk, split by job; imports run one way:

context (KioskContext, the current visit) ← actions (move, record, wipe, call and cancel help)
← read_aloud, help_status, frame (pieces every screen shares) ← browse, guide (screens) ← view (dispatch).
"""
