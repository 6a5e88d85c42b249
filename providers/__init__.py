"""Provider data files and the loader that validates them (no Textual here)."""
