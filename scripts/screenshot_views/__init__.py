"""Plain-Python HTML templates for the Merlin-UI-style screenshots.

No Jinja, no web fonts, no network: every view is a function returning one complete
HTML document built with ``string.Template`` and ``html.escape``. The data shown is
made up for this project (see ``data.py``); nothing is copied from Merlin itself.
"""

from screenshot_views.views import CROPS, VIEWS

__all__ = ["CROPS", "VIEWS"]
