"""``python -m diagnoser`` is the ``merlin-diagnose`` CLI."""

from diagnoser.cli import main

raise SystemExit(main())
