"""`python -m opsdesk.cli`, the same as the `opsdesk` command."""

import sys

from . import main

sys.exit(main())
