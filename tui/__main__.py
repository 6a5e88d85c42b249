"""`python -m tui` does what `offrecord` does."""

import sys

from tui.cli import main

sys.exit(main())
