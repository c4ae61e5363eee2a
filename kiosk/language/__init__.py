"""Languages: the visitor's UI texts and fallbacks, dates as a reader writes them, the staff pages' catalogs."""
