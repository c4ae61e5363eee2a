"""The editors' page: the guide and path editors, history, recordings, verification, XLIFF."""
