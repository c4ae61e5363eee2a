"""Read-aloud: which texts are read, the engines, people's recordings, the one clip format, coverage per language."""
