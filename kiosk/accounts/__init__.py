"""Staff, editor and admin accounts: sign-in, shift tokens, the demo accounts."""
