"""`python -m desktop [--db PATH]` opens the window."""

import sys

from desktop.app import main

sys.exit(main(sys.argv[1:]))
