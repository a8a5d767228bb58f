"""MkDocs plugin for the Merlin troubleshooting site.

It renders the Known Errors sections from the diagnoser's catalog and ships the
in-browser analyzer (Pyodide + a wheel of the ``diagnoser`` package), self-hosted so
the site works on an intranet with no internet access. Every build step is a plain
function in its own module, so another builder can reuse them without MkDocs.
"""

# Where the analyzer's files live inside the built site (relative to the site root).
SITE_ASSETS_DIR = "assets/merlin-analyzer"
SITE_RUNTIME_DIR = SITE_ASSETS_DIR + "/pyodide"
SITE_LOCK_NAME = "pyodide-lock.json"
CATALOG_INDEX_NAME = "catalog.json"
