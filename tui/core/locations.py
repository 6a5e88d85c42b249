"""Every path offrecord uses, computed when asked (never at import time)."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "OFFRECORD_DB"
RECORD_NAME = "record.json"


def default_db_path() -> Path:
    """The record in the platform's user data folder (created on first write)."""
    from platformdirs import user_data_path

    return user_data_path("offrecord", appauthor=False) / RECORD_NAME


def db_path(flag: str | None = None) -> Path:
    """`--db` wins, then `$OFFRECORD_DB`, then the platform default."""
    chosen = flag or os.environ.get(DB_ENV)
    return Path(chosen).expanduser() if chosen else default_db_path()
