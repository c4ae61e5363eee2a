"""Changes told to the screens that show them: listeners in this process."""
