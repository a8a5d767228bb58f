"""Log records printed as pretty JSON: where each block is and the line its text is on.

Explorers' downloads and CLIs print records pretty: Cloud Logging's "Download JSON" (an
array of LogEntry), ``bq --format=prettyjson``, ``az monitor log-analytics query``, Grafana's
JSON download run through ``jq``, a Kibana document's JSON tab, an Elasticsearch
``_search`` response. Each record spans lines and its text is one line of them,
``"textPayload": "<JSON string>"``. The grammar is defined once here: ``normalise`` makes
that line the text itself (as it makes a JSON-lines record its message), ``recognise``
makes each block one segment of records, and ``parsers.log_records`` reads each record's
source from its nested fields. A block is found with two searches; lines are rewritten
with one regex each.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

# A pretty-printed block: "[" or "{" alone on its line, closed by "]" or "}" at a line start;
# a block of log records holds a message field with a string value and a container field,
# and none of the keys of a Kubernetes object or status (those are parsed as objects).
_BLOCK_OPEN = re.compile(r"\n[\[{][ \t]*\n")
_BLOCK_CLOSE = re.compile(r"\n[\]}]")
_MESSAGE_FIELD = re.compile(
    r'\n[ \t]{1,40}"(?:textPayload|message|log|msg|line|_raw|LogMessage)"[ \t]{0,4}:[ \t]{0,4}"'
)
_CONTAINER_FIELD = re.compile(
    r'"(?:container_name|containerName|ContainerName|container|kube_container_name'
    r'|k8s\.container\.name|kubernetes\.container\.name)"[ \t]{0,4}:'
)
_OBJECT_KEYS = re.compile(
    r'"(?:apiVersion|lastState|containerStatuses|exitCode|involvedObject|conditions|lastFailureInfo)"'
)
MAX_BLOCK_CHARS = 8 * 1024 * 1024
MAX_RECORDS = 100_000
# One record's text on its own line: the key, then a JSON string that ends the line.
_MESSAGE_LINE = re.compile(
    r'\n[ \t]{1,40}"(?:textPayload|message|log|msg|line|_raw|LogMessage)"[ \t]{0,4}:[ \t]{0,4}'
    r'("(?:[^"\\\n]|\\.){0,200000}")[ \t]{0,4},?[ \t]*(?=\n|\Z)'
)


def record_blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each pretty-printed block of log records in ``text``."""
    pos = 0
    while (found := _BLOCK_OPEN.search("\n" + text if pos == 0 else text, max(pos - 1, 0))) is not None:
        start = found.start() + (0 if pos == 0 else 1)
        close = _BLOCK_CLOSE.search(text, start)
        end = len(text) if close is None else text.find("\n", close.start() + 1)
        end = len(text) if end == -1 else end
        if (
            end - start <= MAX_BLOCK_CHARS
            and _MESSAGE_FIELD.search(text, start, end) is not None
            and _CONTAINER_FIELD.search(text, start, end) is not None
            and _OBJECT_KEYS.search(text, start, end) is None
        ):
            yield start, end
        pos = max(end, start + 1)


def unwrap(text: str, joiner: str) -> str:
    """``text`` with each record's text line of each block replaced by the text itself (its
    lines joined by ``joiner``, so every line keeps its number)."""
    blocks = list(record_blocks(text)) if '"' in text else []
    if not blocks:
        return text
    parts, pos = [], 0
    for start, end in blocks:
        parts.append(text[pos:start])
        parts.append(_MESSAGE_LINE.sub(lambda m: "\n" + _decoded(m.group(1), joiner), text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _decoded(literal: str, joiner: str) -> str:
    try:
        value = json.loads(literal)
    except ValueError:
        return literal
    return value.strip().replace("\n", joiner) if isinstance(value, str) else literal
