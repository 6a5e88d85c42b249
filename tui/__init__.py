"""offrecord: a checklist for switching off AI training on your conversations."""

__version__ = "0.2.0"
