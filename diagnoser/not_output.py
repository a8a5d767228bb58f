"""Text that talks about an error instead of being one.

A paste holds more than the software's own output: the command the user typed (``$ kubectl
logs ... | grep "OOMKilled"``), comments in a config file, a test suite's asserts, an alert
rule that watches for ``reason="OOMKilled"``, a template (``{{ $labels.pod }} was
OOMKilled``), a logged request whose body quotes an incident. The words are the catalog's,
but nothing failed. A message signal's hit on a free log line is dropped when the line, or
the place in the line where the match starts, is one of these.

Every check looks at one line (bounded to ``LONG_LINE`` characters): linear, and no
catalog knowledge.
"""

from __future__ import annotations

import re

LONG_LINE = 16_384  # the matcher reads longer lines only in windows around a literal

# A whole line that is not output:
_NOT_OUTPUT_LINE = re.compile(
    r"[ \t]{0,40}(?:\d{1,7}[:-](?!\d))?[ \t]{0,40}(?:"  # after grep -n's line number, if any
    r"#{1,6}(?:[ \t]|$)"  # a comment (YAML, shell, Python) or a Markdown heading; not BuildKit's "#5 ..."
    r"|>>>[ \t]"  # the Python REPL: code typed, its traceback follows on lines of its own
    r"|(?:assert\b|self\.assert\w{0,30}\(|expect\(|with pytest\.raises\b)"  # a test's expectation
    # An attribute of a Terraform plan (``+ display_name = "kserve-container OOMKilled"``,
    # ``~ threshold = 0 -> 1``): a resource's configuration about to change, not what happened.
    r"|(?:[+~]|-/\+|-|<=)[ \t]{1,4}\"?[A-Za-z_][\w.-]{0,80}\"?[ \t]{1,40}=[ \t]"
    r")"
)
# A shell prompt: a command the user typed follows, and sometimes, glued to its end, the
# output (``--previousexec format error``, jsonpath's ``'...'{"terminated": ...}``).
_PROMPT = re.compile(
    r"[ \t]{0,40}(?:\$[ \t]|[\w.-]{1,40}@[\w.-]{1,80}(?::[^\s$#]{0,200})?[ \t]?[$#][ \t]"
    r"|PS [A-Za-z]:[^>\n]{0,200}>[ \t]?)"
)
# Commands whose arguments are the words searched for, not what happened.
_SEARCH_COMMAND = re.compile(
    r"(?:^|[\s|;(])(?:grep|egrep|fgrep|zgrep|rg|ag|ack|findstr|Select-String|sls)[ \t]"
)
# A template: alert annotations, Helm values, docs ("{{ $labels.pod }} was OOMKilled").
_TEMPLATE = re.compile(r"\{\{-?[ \t]{0,4}[$.][^}\n]{0,200}\}\}")

# The key, in JSON, right before the string a match sits in: ``"summary": "``.
_JSON_KEY_BEFORE = re.compile(r'"([A-Za-z_][\w.-]{0,60})"[ \t]{0,4}:[ \t]{0,4}"\Z')
# A label matcher right before it: ``reason="`` (PromQL), ``reason = "`` (Alertmanager).
_MATCHER_BEFORE = re.compile(r"\b[A-Za-z_][\w.]{0,60}[ \t]{0,2}(?:=~|!~|!=|=)[ \t]{0,2}\"\Z")
# The same matcher right before the match, its quote escaped or not: a selector inside a
# JSON string (a dashboard panel's ``"expr": "...{reason=\\"OOMKilled\\"}"``, or the
# same decoded), where the string's own quotes no longer tell where the value starts.
_MATCHER_RIGHT_BEFORE = re.compile(r'\b[A-Za-z_][\w.]{0,60}[ \t]{0,2}(?:=~|!~|!=|=)[ \t]{0,2}\\?"\Z')
# A matcher as a list item of its own (Alertmanager's ``matchers:``): ``- reason = "OOMKilled"``.
_MATCHER_ITEM = re.compile(r'[ \t]{0,40}-[ \t]{1,4}[A-Za-z_][\w.]{0,60}[ \t]{0,2}(?:=~|!~|!=|=)[ \t]{0,2}"')
# A label or annotation list item of an alert notification: `` - runbook = check ...``.
_LABEL_ITEM = re.compile(r"[ \t]{0,40}-[ \t]{1,4}([A-Za-z_][\w.]{0,60})[ \t]{1,4}=~?[ \t]")
# A YAML entry or list item with a comment after its value (``timeout: "30m"  # ...``):
# what follows `` # `` is the comment.
_YAML_ENTRY = re.compile(r"[ \t]{0,40}(?:-[ \t]{1,4})?[\w.\"'/-]{1,80}:(?:[ \t]|$)")
_TRAILING_COMMENT = re.compile(r"[ \t]#(?:[ \t]|$)")
# A shell line that searches (a CI script's ``if grep -E "OOMKilled|..." log``, ``kubectl
# logs ... | grep -i error``) without a prompt: the words after the search command are the
# pattern looked for.
_SEARCH_LINE = re.compile(
    r"[ \t]{0,40}(?:-[ \t]{1,4})?(?:(?:if|then|elif|while|until|!)[ \t]{1,4})?"
    r"(?:[\w./-]{1,200}[ \t][^|\n]{0,300}\|[ \t]{0,4})?(?:grep|egrep|fgrep|zgrep|rg)[ \t]"
)
# A mapping from an error to what it means or what to do, as a runbook or a note writes it:
# ``- OOMKilled / 137   -> raise the memory request``. The words left of the arrow are the
# entry's name; a state change a tool logs puts its new state right of it (``Running ->
# OOMKilled``), which this does not touch.
_ARROW = re.compile(r"[ \t](?:->|=>|→)[ \t]{1,8}[A-Za-z]")
# A counter shown at zero: a dashboard's stat copied as text (``Pod restarts (OOMKilled)   0``),
# a label, a gap of spaces and a zero as the line's last word.
_ZERO_COUNT = re.compile(r"[ \t]{2,}0(?:\.0{1,4})?[ \t]{0,2}%?[ \t]{0,8}$")
# A line of Python source that hands a literal to a logger, ``print`` or an exception: the
# program's text (pasted beside its output, or quoted by a traceback), not what it printed.
_PYTHON_CALL = re.compile(
    r"[ \t]{0,40}(?:raise[ \t]{1,4}[\w.]{1,80}\(|print\(|(?:self\.)?_?(?:log|logger|logging|LOG|LOGGER)"
    r"\.(?:error|warning|warn|info|debug|critical|exception|fatal)\()[ \t]{0,4}[rfbu]{0,2}[\"']"
)

# A condition a runbook or a script sets (``if Last State is OOMKilled (137), raise memory``):
# the hit is what might be seen, in the clause after "if" / "when" / "unless".
_CONDITION_BEFORE = re.compile(r"(?:^|[\s(])(?:[Ii]f|[Ww]hen|[Uu]nless|[Ww]hether)[ \t][^.;:!?\n\"]{0,60}\Z")

# Any JSON key of a line.
_JSON_KEY = re.compile(r'"([A-Za-z_][\w.-]{0,60})"[ \t]{0,4}:')
# Keys that name data wherever they are: a field of a request, an env var's value.
DATA_KEYS = frozenset(
    ("value", "summary", "title", "description", "text", "query", "prompt", "input", "data", "label")
)
# A YAML entry whose key names data (an env var's ``value:``, an alert's ``summary:``,
# ``description:``): what follows the key is data, quoted or not. YAML keys are lower
# case; "Summary: ..." printed by a tool is not matched.
_YAML_DATA_ENTRY = re.compile(
    r"[ \t]{0,40}(?:-[ \t]{1,4})?(?:value|summary|title|description|text|query|prompt|input|label):[ \t]"
)
# Where a logged request or response starts: the data a model was sent or answered, not
# what the software says.
_REQUEST_START = re.compile(
    r'"(?:instances|inputs|entities|predictions|outputs)"[ \t]{0,4}:|\b(?:payload|request_body)='
)
# An HTTP request line, as access logs print it (``"GET /logs?search=OOMKilled HTTP/1.1" 200``):
# its target (path and query) is what a client asked for, data whatever words it holds.
_REQUEST_LINE = re.compile(
    r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (?P<target>(?:/|https?://)[^\s\"]{0,8000}) HTTP/\d"
)

# The last word of a key that names a setting (``error_budget_policy``, ``oom_alert_rule``,
# ``retryOnErrorPattern``): its value says what to watch for or do, whatever error words a
# key's other words hold, so it is data.
_SETTING_WORDS = frozenset(
    (
        "policy", "policies", "rule", "rules", "budget", "threshold", "pattern", "patterns",
        "filter", "filters", "selector", "matcher", "matchers", "regex", "template", "runbook",
    )
)  # fmt: skip
_KEY_WORD = re.compile(r"[A-Z]?[a-z0-9]{1,60}|[A-Z]{1,60}(?![a-z])")
# Keys whose string value is the software speaking (a message, an error, a status); any
# other key's value is data: a request body's field, an environment variable's value.
SPEAKING_KEYS = (
    "message", "msg", "err", "reason", "status", "detail", "log", "body", "response", "exception",
    "cause", "fail", "stack", "trace", "output", "event", "condition", "state", "note", "payload",
)  # fmt: skip


def line_is_not_output(text: str) -> bool:
    """True for a line that is a comment, code typed at the Python prompt, a test's assert or a
    template. (A shell prompt's line is judged by where the match is: ``inside_data``.)"""
    if _NOT_OUTPUT_LINE.match(text) is not None or _PYTHON_CALL.match(text) is not None:
        return True
    return text.find("{{", 0, LONG_LINE) != -1 and _TEMPLATE.search(text, 0, LONG_LINE) is not None


def inside_data(text: str, start: int) -> bool:
    """True when offset ``start`` of line ``text`` is inside data, not the software's words.

    Data is: a JSON string value whose key names data (``"summary": "...OOMKilled..."``)
    or that sits in a logged request (``"instances": [...]``, ``payload={...}``); the value
    of a label matcher (``{reason="OOMKilled"}``, ``- reason = "OOMKilled"``); an alert's
    label or annotation (``- runbook = check for OOMKilled``); the value of a YAML entry
    whose key names data (``value: "connection refused,..."``, ``summary: ... OOMKilled``).
    """
    if start > LONG_LINE:
        return False
    arrow = _ARROW.search(text, start) if ("->" in text or "=>" in text or "→" in text) else None
    if arrow is not None:
        return True  # the entry's name, left of its arrow
    if _ZERO_COUNT.search(text, start) is not None:
        return True  # a counter's label, its count zero
    if _CONDITION_BEFORE.search(text, max(0, start - 70), start) is not None:
        return True  # a condition to check for, not a report
    if _typed(text, start):
        return True
    if _in_request_target(text, start):
        return True
    if _commented(text, start):
        return True
    search = _SEARCH_LINE.match(text)
    if search is not None and search.end() <= start:
        return True
    if _MATCHER_RIGHT_BEFORE.search(text, max(0, start - 80), start) and text.rfind(
        "{", 0, start
    ) > text.rfind("}", 0, start):
        return True
    entry = _YAML_DATA_ENTRY.match(text)
    if entry is not None and entry.end() <= start:
        return True
    label = _LABEL_ITEM.match(text)
    if label is not None and label.end() <= start and not _speaks(label.group(1)):
        return True
    opening = _opening_quote(text, start)
    if opening is None:
        return False
    if _MATCHER_BEFORE.search(text, max(0, opening - 80), opening + 1) and (
        text.rfind("{", 0, opening) > text.rfind("}", 0, opening) or _MATCHER_ITEM.match(text)
    ):
        return True  # a selector's matcher, not logfmt's ``msg="..."``, which speaks
    key = _JSON_KEY_BEFORE.search(text, max(0, opening - 80), opening + 1)
    if key is None:
        return False
    if _REQUEST_START.search(text, 0, opening) is not None:
        return True
    name = key.group(1)
    # A record whose keys are all its own (``jq -c '{t: .lastTimestamp, m: .message}'``)
    # has no message key to tell its data from: its values are what it says.
    if _names_setting(name):
        return True
    return not _speaks(name) and (name.lower() in DATA_KEYS or _has_speaking_key(text))


def _in_request_target(text: str, start: int) -> bool:
    """True when ``start`` is in the path or query of an HTTP request line (an access log's
    ``GET /...?search=OOMKilled HTTP/1.1``): what a client asked for, not what happened."""
    if " HTTP/" not in text:
        return False
    for request in _REQUEST_LINE.finditer(text, 0, min(len(text), LONG_LINE)):
        if request.start("target") <= start < request.end("target"):
            return True
        if request.start() > start:
            break
    return False


def _commented(text: str, start: int) -> bool:
    """True when ``start`` is in the comment after a YAML entry's value (a `` # `` outside
    any quoted string, between the entry's key and ``start``)."""
    entry = _YAML_ENTRY.match(text)
    if entry is None or entry.end() > start or text.find("#", entry.end() - 1, start) == -1:
        return False
    position = 0
    double = single = 0  # quotes seen before ``position``: one pass over the line
    for found in _TRAILING_COMMENT.finditer(text, entry.end() - 1, start):
        double += text.count('"', position, found.start())
        single += text.count("'", position, found.start())
        position = found.start()
        if double % 2 == 0 and single % 2 == 0:
            return True
    return False


def _has_speaking_key(text: str) -> bool:
    return any(_speaks(found.group(1)) for found in _JSON_KEY.finditer(text, 0, LONG_LINE))


def _typed(text: str, start: int) -> bool:
    """True when offset ``start`` of a prompt line is in the command the user typed: inside a
    quoted argument (``grep -E "CUDA out of memory"``, ``echo 'OOMKilled'``) or among the
    words a search command looks for (``| grep -i oomkilled``). Text glued after the command
    (a missing newline) is output."""
    prompt = _PROMPT.match(text)
    if prompt is None or start < prompt.end():
        return False
    typed = text[prompt.end() : start]
    for quote in ("'", '"'):
        opening = typed.rfind(quote)
        if typed.count(quote) % 2 and (opening == 0 or typed[opening - 1] in " \t="):
            return True  # the quote that is still open started a shell argument, not a JSON string
    return _SEARCH_COMMAND.search(typed) is not None


def _names_setting(key: str) -> bool:
    """True for a key whose last word names a setting (``_SETTING_WORDS``)."""
    words = _KEY_WORD.findall(key)
    return bool(words) and words[-1].lower() in _SETTING_WORDS


def _speaks(key: str) -> bool:
    name = key.lower()
    return any(word in name for word in SPEAKING_KEYS)


def _opening_quote(text: str, start: int) -> int | None:
    """Offset of the quote opening the string ``start`` is in (None: not inside a string)."""
    if '"' not in text:
        return None
    quotes = text.count('"', 0, start) - text.count('\\"', 0, start)
    if quotes % 2 == 0:
        return None
    opening = text.rfind('"', 0, start)
    while opening > 0 and text[opening - 1] == "\\":
        opening = text.rfind('"', 0, opening - 1)
    return opening if opening >= 0 else None
