"""offrecord: a checklist for switching off AI training on your conversations."""

__version__ = "0.1.0"
