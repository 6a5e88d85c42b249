"""Values an attacker would put in a note, a label, a file name, a provider file or a teammate's summary."""

from __future__ import annotations

import re

from hypothesis import strategies as st

# What an attacker would put in a note, a label, a file name or a teammate's summary.
HOSTILE = [
    "\x1b]0;PWNED\x07",  # retitle the terminal
    "\x1b]52;c;cm0gLXJmIH4=\x07",  # write the clipboard
    "\x1b[2J\x1b[H",  # clear the screen
    "\x9b31m",  # C1 CSI
    "evil\u202etxt.exe",  # bidi override
    "\u2066isolated\u2069",
    "[@click=app.quit]click me[/]",  # Textual markup that is an action
    "[b]bold[/b] [link=http://evil.example]x[/link]",
    "<script>alert(1)</script> <b>html</b>",
    "[md link](http://evil.example) ![img](http://evil.example/i.png)",
    "a | b \\",  # a table cell separator, a trailing backslash
    "line one\nline two\r\n| forged | row |",
    "caf\udce9",  # a non-UTF-8 byte from a shell argument
]
TERMINAL_ACTIONS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

hostile_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40) | st.sampled_from(HOSTILE)
