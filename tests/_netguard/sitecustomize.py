"""Every Python started by the tests loads this (tests/conftest.py puts this folder on PYTHONPATH).

It blocks the network for the whole process and appends each attempt to the file named by
$OFFRECORD_NETGUARD_LOG, so the test that started the process fails even if the attempt's error
was caught and swallowed.
"""

import os

from offrecord_netguard import LOG_ENV, patches


def _report(what: str) -> None:
    log = os.environ.get(LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"pid {os.getpid()}: {what}\n")


for _target, _name, _replacement in patches(_report):
    setattr(_target, _name, _replacement)
