"""``kubectl get pod -o jsonpath=...`` and ``-o custom-columns=...`` pasted with their output.

Both print bare values (``CreateContainerConfigError``, ``secret "x" not found``) that mean
nothing alone: the command says which field each value is. So the command's field paths
are read, and each printed value becomes the fact its path names: a container's state
reason, message or exit code, its restart count, image or readiness, or the pod's phase.

Found with ``str.find`` on the option names (C speed); each command and its output lines
are read once, and a command's output ends at the next prompt line or blank line.
"""

from __future__ import annotations

import re

from diagnoser import safe_json
from diagnoser.model import Condition, Container, ContainerState, Facts
from diagnoser.normalise import Document, starts_of_lines_holding
from diagnoser.parsers._util import clean, header_columns, split_row, to_int
from diagnoser.parsers.commands import PROMPT_LINE, PROMPT_SRC

MAX_COMMANDS = 50
MAX_ROWS = 500
_COMMAND = re.compile(
    PROMPT_SRC + r"?kubectl\b[^\n]{0,2000}?(?:-o[ \t=]?|--output[ \t=])(?P<kind>jsonpath|custom-columns)="
    r"(?P<spec>[^\n]{1,2000})"
)
# One field path of a template: ``{.status.containerStatuses[?(@.name=="x")].state.waiting.reason}``.
_TEMPLATE_PATH = re.compile(r"\{(\.[^{}]{1,500})\}")
_NAME_FILTER = re.compile(r"""\[\?\(@\.name ?== ?["']([^"']{1,253})["']\)\]""")
_INDEX = re.compile(r"\[[^\]]{0,300}\]")
_STATE_KEYS = ("state", "lastState")
_CONTAINER_LISTS = ("containerStatuses", "initContainerStatuses", "containers")


def read(doc: Document, facts: Facts) -> None:
    """Facts from every pasted jsonpath / custom-columns command and the lines it printed."""
    seen: set[int] = set()
    for keyword in ("jsonpath=", "custom-columns="):
        for start in starts_of_lines_holding(doc.text, keyword):
            if len(seen) >= MAX_COMMANDS:
                return
            match = _COMMAND.match(doc.text, start)
            line = doc.line_of(start)
            if match is None or line in seen:
                continue
            seen.add(line)
            spec = _quoted_word(match.group("spec").strip())
            if match.group("kind") == "jsonpath":
                _jsonpath(doc, facts, line, spec)
            else:
                _custom_columns(doc, facts, line, spec)


def _output(doc: Document, after: int) -> list[tuple[int, str]]:
    """The lines a command printed: up to the next prompt or blank line."""
    lines = []
    for n in range(after + 1, min(doc.last_line, after + MAX_ROWS) + 1):
        text = doc.line(n)
        if not text.strip() or PROMPT_LINE.match(text):
            break
        lines.append((n, text.strip()))
    return lines


def _quoted_word(spec: str) -> str:
    """The shell word the spec starts with: ``'{.a}{" "}{.b}' -o wide`` -> ``{.a}{" "}{.b}``.

    A quoted template may hold spaces (a ``{" "}`` separator); an unquoted one ends at the
    first space."""
    if spec[:1] in ("'", '"'):
        end = spec.find(spec[0], 1)
        return spec[1:end] if end != -1 else spec[1:]
    return spec.split(" ", 1)[0]


# A template's parts: a field path, a quoted literal (``{" "}``, ``{"\n"}``) or plain text.
_TEMPLATE_PART = re.compile(r'\{(\.[^{}]{1,500})\}|\{"([^"{}]{0,40})"\}|([^{}]{1,200})')
_LITERAL_ESCAPES = {"\\n": "\n", "\\t": "\t"}


def _split_fields(template: str, printed: str) -> list[tuple[str, str]] | None:
    """(path, value) of each field of a template with several paths, cut at the literal
    text the template prints between them (``{.reason}{" "}{.exitCode}`` -> reason, code).

    None when a separator is missing from the output or a field could hold it (only the
    last field may be free text such as a message)."""
    paths: list[str] = []
    separators: list[str] = []
    pending = ""
    for part in _TEMPLATE_PART.finditer(template):
        path, quoted, plain = part.groups()
        if path is not None:
            if paths:
                separators.append(pending)
            paths.append(path)
            pending = ""
        else:
            literal = quoted if quoted is not None else plain
            for escaped, char in _LITERAL_ESCAPES.items():
                literal = literal.replace(escaped, char)
            pending += literal
    if len(paths) < 2 or not all(separators):
        return None
    fields: list[tuple[str, str]] = []
    rest = printed
    for path, separator in zip(paths, separators, strict=False):
        cut = rest.find(separator)
        if cut == -1 or path.endswith(".message"):
            return None
        fields.append((path, rest[:cut].strip()))
        rest = rest[cut + len(separator) :]
    fields.append((paths[-1], rest.strip()))
    return fields


# ``{range .status.conditions[*]}{.type}={.status}{"\n"}{end}``: one record per item.
_RANGE = re.compile(r"\{range (\.[^{}]{1,500})\}(.{1,2000}?)\{end\}")
MAX_RECORDS = 200


def _ranged(facts: Facts, template: str, printed: list[tuple[int, str]], pod: str | None) -> bool:
    """The records a ``{range ...}...{end}`` template printed, one per output line, each cut
    into its fields: conditions become conditions, container fields the container's facts.
    False when the template has no range."""
    found = _RANGE.search(template)
    if found is None:
        return False
    over, body = found.groups()
    for index, (line, text) in enumerate(printed[:MAX_RECORDS]):
        fields = _split_fields(body.replace('{"\\n"}', ""), text) or []
        values = {path: value for path, value in fields}
        if _INDEX.sub("", over).strip(".") == "status.conditions":
            kind = values.get(".type")
            if kind:
                status = values.get(".status") or "Unknown"
                facts.conditions.append(
                    Condition(kind, status, values.get(".reason"), values.get(".message"), line, line)
                )
                if kind == "Ready" and status in ("True", "False"):
                    facts.pod_ready = status == "True"
            continue
        named = values.get(".name")
        item = f'[?(@.name=="{named}")]' if named else ""
        base = _INDEX.sub("", over) + item
        for path, value in fields:
            if path != ".name":
                _apply(facts, base + path, value, line, pod, index)
    return True


def _jsonpath(doc: Document, facts: Facts, line: int, template: str) -> None:
    paths = _TEMPLATE_PATH.findall(template)
    printed = _output(doc, line)
    if not paths or not printed:
        return
    if _ranged(facts, template, printed, _pod_named(doc.line(line))):
        return
    pod = _pod_named(doc.line(line))
    values = " ".join(text for _, text in printed)
    if len(paths) > 1:
        fields = _split_fields(template, "\n".join(text for _, text in printed))
        for path, value in fields or ():  # None: which value is which is unknown
            if value:
                _apply(facts, path, value, printed[0][0], pod, 0)
        return
    path = paths[0]
    # ``[*]`` prints one value per container, separated by spaces; a message is one value.
    if "[*]" in path and not path.endswith(".message"):
        for index, value in enumerate(values.split()):
            _apply(facts, path, value, printed[0][0], pod, index)
    else:
        _apply(facts, path, values, printed[0][0], pod, 0)


def _custom_columns(doc: Document, facts: Facts, line: int, spec: str) -> None:
    columns = [part.split(":", 1) for part in spec.split(",") if ":" in part]
    printed = _output(doc, line)
    if not columns or not printed:
        return
    found = header_columns(printed[0][1])
    names = [name for name, _ in found]
    if names != [name.upper() for name, _ in columns]:
        return  # not this command's table
    starts = [pos for _, pos in found]
    for n, row in printed[1:]:
        cells = split_row(row, starts, None)
        pod = None
        for (_, path), cell in zip(columns, cells, strict=False):
            if path.strip() == ".metadata.name":
                pod = clean(cell)
        for (_, path), cell in zip(columns, cells, strict=False):
            value = clean(cell)
            if value is None or value == "<none>" or path.strip() == ".metadata.name":
                continue
            for index, part in enumerate(value.split(",")):
                _apply(facts, path.strip(), part, n, pod, index)


def _pod_named(command: str) -> str | None:
    """The pod a ``kubectl get pod NAME`` command names."""
    words = command.split()
    for index, word in enumerate(words[:-1]):
        if word in ("pod", "pods", "po") and not words[index + 1].startswith("-"):
            return words[index + 1]
        if word.startswith(("pod/", "pods/")):
            return word.split("/", 1)[1]
    return None


def _apply(facts: Facts, path: str, value: str, line: int, pod: str | None, index: int) -> None:
    """Record ``value`` as the fact ``path`` names (unknown paths are ignored)."""
    value = value.strip()
    if not value:
        return
    steps = _INDEX.sub("", path).strip(".").split(".")
    if steps[:1] == ["status"] and len(steps) == 2:
        if steps[1] == "phase":
            facts.pod_phase = facts.pod_phase or value
        elif steps[1] == "reason":
            facts.pod_reason = facts.pod_reason or value
        elif steps[1] == "message":
            facts.pod_message = facts.pod_message or value
        facts.pod_line = facts.pod_line or line
        return
    if (
        len(steps) < 3
        or steps[0] not in ("status", "spec")
        or steps[1] not in (*_CONTAINER_LISTS, "containers")
    ):
        return
    field = steps[2:]
    if len(field) == 1 and field[0] in _STATE_KEYS and value.startswith("{"):
        _apply_state_object(facts, path, value, line, pod, index)
        return
    known_state = len(field) == 3 and field[0] in _STATE_KEYS and field[1] in ("waiting", "terminated")
    if field not in (["image"], ["restartCount"], ["ready"]) and not known_state:
        return
    container = _container(facts, path, line, pod, index)
    if field == ["image"]:
        container.image = container.image or value
    elif field == ["restartCount"]:
        container.restart_count = to_int(value)
    elif field == ["ready"]:
        container.ready = value == "true"
    elif known_state:
        phase = "current" if field[0] == "state" else "last"
        state = _state(container, phase, field[1], line)
        if field[2] == "reason":
            state.reason = value
        elif field[2] == "exitCode":
            state.exit_code = to_int(value)
        elif field[2] == "message":
            state.message = value
            state.message_line = line


def _apply_state_object(facts: Facts, path: str, value: str, line: int, pod: str | None, index: int) -> None:
    """``.state`` / ``.lastState`` printed as a JSON object: each of its fields, as if asked
    for one by one (``{"terminated":{"exitCode":137,"reason":"OOMKilled"}}``)."""
    try:
        states = safe_json.loads(value)
    except ValueError:
        return
    if not isinstance(states, dict):
        return
    for kind in ("waiting", "terminated"):
        detail = states.get(kind)
        if not isinstance(detail, dict):
            continue
        for key in ("reason", "exitCode", "message"):
            if isinstance(detail.get(key), (str, int)) and not isinstance(detail.get(key), bool):
                _apply(facts, f"{path}.{kind}.{key}", str(detail[key]), line, pod, index)


def _container(facts: Facts, path: str, line: int, pod: str | None, index: int) -> Container:
    named = _NAME_FILTER.search(path)
    if named:
        return facts.container(named.group(1), line)
    # Unnamed: the pod's n-th container, called after the pod (its name says the component).
    name = pod or "(container)"
    container = facts.container(name if index == 0 else f"{name} #{index + 1}", line)
    container.anonymous = True
    return container


def _state(container: Container, phase: str, kind: str, line: int) -> ContainerState:
    for state in container.states:
        if state.phase == phase and state.state == kind:
            state.end_line = max(state.end_line or line, line)
            return state
    state = ContainerState(container=container.name, phase=phase, state=kind, line=line, end_line=line)
    container.states.append(state)
    return state
