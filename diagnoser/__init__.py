"""Diagnose failed Merlin model builds and deployments from what the user pasted.

    >>> from diagnoser import diagnose
    >>> report = diagnose(open("history.txt").read())
    >>> report.to_json()

Stdlib-only at run time: the same package runs in the reader's browser under Pyodide.
"""

from diagnoser.engine import diagnose
from diagnoser.report import Evidence, Finding, InputSummary, Report, to_text

__version__ = "0.1.0"
__all__ = ["Evidence", "Finding", "InputSummary", "Report", "__version__", "diagnose", "to_text"]
