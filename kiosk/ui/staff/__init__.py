"""The floor staff's page: live calls, presence, bookings, notices, languages, accounts, the tablet's branch."""
