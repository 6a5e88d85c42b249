"""The provider data files: one TOML file per service (see README.md here); the loader is tui/core/catalog.py."""
