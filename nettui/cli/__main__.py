"""`python -m nettui.cli`, as the tests and benchmarks run the command."""

import sys

from nettui.cli import main

sys.exit(main())
