"""Diagnose failed Merlin model builds and deployments from what the user pasted.

    >>> from diagnoser import diagnose
    >>> report = diagnose(open("history.txt").read())
    >>> report.to_json()

Stdlib-only at run time: the same package runs in the reader's browser under Pyodide.
"""

__version__ = "0.1.0"  # before the imports: diagnoser.versions reads it while they run

from diagnoser.engine import diagnose
from diagnoser.report import Evidence, Finding, InputSummary, Report, to_text

__all__ = ["Evidence", "Finding", "InputSummary", "Report", "__version__", "diagnose", "to_text"]
