"""Redact a paste before it is shared: names, addresses, paths and secrets become placeholders.

A diagnosis is sent on (to a teammate, a channel, an issue), and the paste holds project,
model and pod names, internal hosts, bucket paths and sometimes tokens. ``redact`` returns
the text with those replaced by placeholders that are stable within the paste (the same pod
name is the same ``<pod-1>`` everywhere) plus a list of what was replaced, by placeholder,
kind and count, so the page can say what it hid without showing it again.

Placeholders are built so the diagnosis does not change: error texts, reasons, exit codes,
resource amounts, container names (``kserve-container``, ``transformer``, ...) and the shape
of each line are kept, Merlin names keep their structure (``<model-1>-4-r1-predictor-...``:
the component in a pod name is how a Logs-tab line is attributed) and other placeholders
keep the component word of what they replace (``<pod-2-transformer>``).

Stdlib only (it runs in Pyodide). Every pass is one scan of the text with a linear regex
(literal-anchored where possible, so ``re`` skips to candidates at C speed) and a Python
call per candidate only; nothing recurses over the input, and nothing raises.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote_plus, unquote_plus

from diagnoser.normalise import MAX_WRAP_SCAN_CHARS, chunks, normalise
from diagnoser.redact_rules import (
    _AWS_KEY,
    _BLOB_MASK,
    _BLOB_MIN,
    _BLOB_REST,
    _BLOB_RUN,
    _DESCRIBE_ENV,
    _DESCRIBE_ENV_LINE,
    _DIGITS,
    _EMAIL,
    _EMAIL_LOCAL_CHARS,
    _FORM_PROSE,
    _FORM_PROSE_CHARS_PER_SEPARATOR,
    _GCS_JSON_PATH,
    _HOST_CHARS,
    _HOST_END,
    _ID_SCHEMES,
    _IMAGE_SLOTS,
    _IPV4,
    _IPV6,
    _IPV6_HINT,
    _JSON_ENV,
    _JWT,
    _KEEP_QUERY_VALUE,
    _KEY_BEGIN,
    _KEY_BODY,
    _KEY_END,
    _KV,
    _KV_WORDY,
    _MERLIN_REVERSED,
    _NOT_A_SECRET,
    _PLAIN_VALUE,
    _PUBLIC_IMAGE_PREFIXES,
    _REGISTRY_HOST,
    _REGISTRY_PATH,
    _REGISTRY_REF,
    _RUNS,
    _SCHEME_CHARS,
    _SCHEMES_AUTH,
    _SECRET_QUERY_KEYS,
    _SLOTS,
    _SUFFIXED_KINDS,
    _TLDS_3,
    _TRAILING,
    _URL,
    _YAML_ENV,
    COMPONENT_WORDS,
    KEEP_NAMES,
    PUBLIC_DOMAINS,
    STORAGE_SCHEMES,
)

SECRET = "<token>"
MAX_NAMES = 4000  # learned names folded into one regex; more go through a token lookup
FEW_NAMES = 12  # up to this many learned names, one fast literal scan each
CHUNK_CHARS = 1 << 20  # one-line passes run on pieces of about this size (see _Redactor)
LEARN_OVERLAP = 4096  # learning reads a little past each piece, for slots over two lines


@dataclass(frozen=True)
class Replacement:
    """One placeholder: what kind of thing it hides and how often it was put in.

    ``original`` is kept for the user's own view (the CLI, the page's own box); it must never
    be put in anything that is shared: use ``Redaction.summary``.
    """

    placeholder: str
    kind: str
    count: int
    original: str = ""


@dataclass
class Redaction:
    """The redacted text and every placeholder in it, in order of first use."""

    text: str
    replacements: list[Replacement]

    def summary(self) -> list[dict[str, object]]:
        """What was replaced, by placeholder, kind and count: never the original values."""
        return [{"placeholder": r.placeholder, "kind": r.kind, "count": r.count} for r in self.replacements]


class _Namer:
    """Placeholders, stable within one paste: the same (kind, original) gets the same one."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], str] = {}
        self._next: dict[str, int] = {}
        self._counts: dict[str, int] = {}
        self._kinds: dict[str, str] = {}
        self._originals: dict[str, str] = {}

    def __call__(self, kind: str, original: str) -> str:
        placeholder = self.allocate(kind, original)
        self._counts[placeholder] = self._counts.get(placeholder, 0) + 1
        return placeholder

    def add(self, placeholder: str, count: int) -> None:
        """Count ``count`` more uses of ``placeholder`` (after a ``subn``)."""
        if count:
            self._counts[placeholder] = self._counts.get(placeholder, 0) + count

    def allocate(self, kind: str, original: str) -> str:
        """The placeholder for (kind, original), numbered now if new; counts no use."""
        key = (kind, original)
        placeholder = self._by_key.get(key)
        if placeholder is None:
            if kind == "secret":
                placeholder, original = SECRET, ""
            else:
                number = self._next.get(kind, 0) + 1
                self._next[kind] = number
                suffix = _component_word(original) if kind in _SUFFIXED_KINDS else ""
                placeholder = f"<{kind}-{number}{'-' + suffix if suffix else ''}>"
            self._by_key[key] = placeholder
            self._kinds.setdefault(placeholder, kind)
            self._originals.setdefault(placeholder, original)
        return placeholder

    def replacements(self) -> list[Replacement]:
        return [
            Replacement(placeholder=p, kind=self._kinds[p], count=n, original=self._originals[p])
            for p, n in self._counts.items()
            if n
        ]


def _component_word(name: str) -> str:
    lowered = name.lower()
    return next((word for word in COMPONENT_WORDS if word in lowered), "")


def _decode(data: str | bytes | bytearray) -> str:
    if isinstance(data, str):
        return data
    raw = bytes(data)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    return raw.decode("utf-8-sig", errors="replace")


def redact(data: str | bytes | bytearray) -> Redaction:
    """The paste with identities and secrets replaced by placeholders; never raises."""
    try:
        text = _decode(data)
    except Exception:  # a decode can only fail on a non-bytes object: say nothing of it
        return Redaction(text="", replacements=[])
    try:
        cuts = _terminal_cuts(text)
        return _Redactor(_unwrapped(text, cuts) if cuts else text).run()
    except Exception:  # a bug must not leak the paste: mask every word that could identify
        masked = _FALLBACK.sub(
            lambda m: "<redacted>" if _FALLBACK_MARK.search(m.group(0)) else m.group(0), text
        )
        return Redaction(text=masked, replacements=[Replacement("<redacted>", "unknown", 1)])


def _terminal_cuts(text: str) -> frozenset[int]:
    """The lines a terminal cut at its width (running text, not table rows, panels or YAML
    lines of one length). They are joined before redacting: a name cut in two ("fr" + "aud-
    team-ns") would not be recognised and would leak, and a placeholder shorter than the name
    it hides would move the cut, so the shared text would no longer read as one line."""
    if "\n" not in text or len(text) > MAX_WRAP_SCAN_CHARS:
        return frozenset()
    wrapped = normalise(text).wrapped_lines
    if not wrapped:
        return frozenset()
    lines = text.split("\n")
    return frozenset(
        number
        for number in wrapped
        if number < len(lines)
        and _prose(lines[number - 1])
        and _prose(lines[number])
        and not _STARTS_ITEM.match(lines[number])
    )


# An indented line that starts a YAML key or list item, or a JSON key: its own line, not a
# continuation (a terminal continues a cut line at its first column).
_STARTS_ITEM = re.compile(r"[ \t]{2,}(?:- |\"?[A-Za-z0-9_.-]{1,100}\"?:(?:[ \t]|$))")


def _unwrapped(text: str, wrapped: frozenset[int]) -> str:
    """The paste with ``wrapped`` lines joined to the line they continue on, as the engine
    joins them."""
    lines = text.split("\n")
    out: list[str] = []
    current: str | None = None
    for number, line in enumerate(lines, start=1):
        if current is None:
            current = line
        else:
            current += line.strip() if line.startswith("  ") else line
        if number in wrapped:
            continue
        out.append(current)
        current = None
    if current is not None:
        out.append(current)
    return "\n".join(out)


def _prose(line: str) -> bool:
    """A line of running text: no column gaps (table rows of one width are not wrapped
    lines) and no terminal-UI border."""
    return "  " not in line.strip() and "│" not in line and "┃" not in line


# An internal error's last resort: every word holding a digit, dot, hyphen, @, slash or colon
# (names, addresses, paths), each word read once.
_FALLBACK = re.compile(r"[^\s\"'()\[\]{}<>,;=]+")
_FALLBACK_MARK = re.compile(r"[0-9.@/:-]")


# ----------------------------------------------------------------------------- passes


def _rewrite(
    text: str, pattern: re.Pattern[str], handler: Callable[[re.Match[str], int], tuple[int, int, str] | None]
) -> str:
    """Replace what ``handler`` returns, (start, end, new text), for each match of ``pattern``.

    A handler may widen its span (walk back to a scheme or an email's local part) but never
    before ``last``, the end of what was already replaced; matches inside a widened span
    are skipped. One pass, output built from slices.
    """
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() < last:
            continue
        found = handler(match, last)
        if found is None:
            continue
        start, end, new = found
        start = max(start, last)
        out.append(text[last:start])
        out.append(new)
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


# A table cell: words joined by single spaces; cells are parted by two or more.
_TABLE_CELL = re.compile(r"[^ \t\n]+(?: [^ \t\n]+)*")


def _realign(before: str, after: str) -> str:
    """``after`` with each changed table row's cells back at the columns they had in
    ``before``: a placeholder shorter or longer than the name it hides must not move the
    cells after it from under their header (kubectl tables, event rows, History tables
    without boxes), or an empty cell found by position would be read as the next one.
    Only rows with the same number of cells, at least three, and no tabs are moved."""
    if before == after or "  " not in before:
        return after
    old_lines, new_lines = before.split("\n"), after.split("\n")
    if len(old_lines) != len(new_lines):
        return after
    out = []
    for old, new in zip(old_lines, new_lines, strict=True):
        out.append(new if old == new or "  " not in old or "\t" in old else _realign_row(old, new))
    return "\n".join(out)


def _realign_row(old: str, new: str) -> str:
    old_cells = list(_TABLE_CELL.finditer(old))
    new_cells = _TABLE_CELL.findall(new)
    if len(old_cells) < 3 or len(old_cells) != len(new_cells):
        return new
    parts: list[str] = []
    pos = 0
    for index, (where, cell) in enumerate(zip(old_cells, new_cells, strict=True)):
        start = where.start() if index == 0 else max(where.start(), pos + 2)
        parts.append(" " * (start - pos) + cell)
        pos = start + len(cell)
    return "".join(parts)


def _walk_back(text: str, pos: int, allowed: frozenset[str], limit: int, floor: int) -> int:
    """Start of the run of ``allowed`` characters ending at ``pos`` (at most ``limit`` long).

    Read on the reversed window with one regex match: two C calls instead of a Python loop
    per character, since this runs for every candidate of every log line.
    """
    window = text[max(floor, pos - limit) : pos]
    return pos - _RUNS[allowed].match(window[::-1]).end()


class _Learned:
    """What the slots named, gathered chunk by chunk and judged once at the end."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], None] = {}
        self.keep: set[str] = set(KEEP_NAMES)
        self.models: dict[str, None] = {}
        self.refs: dict[str, None] = {}
        self.paths: dict[str, None] = {}

    def read(self, text: str) -> None:
        """Collect slot values of one chunk (``findall`` + dedupe: no Python per log line)."""
        for pattern, kinds in _SLOTS:
            for found in dict.fromkeys(pattern.findall(text)):
                values = (found,) if isinstance(found, str) else found
                for kind, value in zip(kinds, values, strict=True):
                    if not value:
                        continue
                    if kind == "keep":
                        self.keep.add(value)
                    else:
                        self.found[(kind, value)] = None
        # Merlin names, read on the reversed text: "-<version>-r<revision>" reversed starts with
        # the literal "r-", so one fast scan finds them and captures the model name before them.
        reversed_text = text[::-1]
        for pattern in _MERLIN_REVERSED:
            self.models.update(dict.fromkeys(pattern.findall(reversed_text)))
        del reversed_text
        for pattern in _IMAGE_SLOTS:
            refs = (_repository(ref) for ref in dict.fromkeys(pattern.findall(text)))
            self.refs.update(dict.fromkeys(ref for ref in refs if _could_be_repository(ref)))
        for match in _REGISTRY_REF.finditer(text):
            start = _walk_back(text, match.start(), _HOST_CHARS, 253, 0)
            host = text[start : match.start("port")]
            if start >= 3 and text[start - 3 : start] == "://":
                continue
            if start > 0 and text[start - 1] in "/@":
                continue
            if _REGISTRY_HOST.search(host):
                self.refs[host + match.group("port") + "/" + match.group("path").rstrip(".")] = None
        self.paths.update(dict.fromkeys(_REGISTRY_PATH.findall(text)))

    def names(self) -> dict[str, str]:
        """Name -> kind, for every name to hide."""
        keep = self.keep
        names: dict[str, str] = {}
        models: set[str] = set()
        for reversed_model in self.models:
            model = reversed_model[::-1].lstrip("-")
            if len(model) >= 2 and model[0].isalpha() and model not in keep:
                models.add(model)
                names.setdefault(model, "model")

        def merlin_named(value: str) -> bool:
            dash = value.find("-")
            while dash != -1:
                if value[:dash] in models:
                    return True
                dash = value.find("-", dash + 1)
            return False

        for kind, value in self.found:
            value = value.rstrip(".-")
            if kind.endswith("?"):
                if "-" not in value.strip("-") and not any(c.isdigit() for c in value):
                    continue
                kind = kind[:-1]
            if len(value) < 3 or value in keep or value in names or not any(c.isalpha() for c in value):
                continue
            if kind != "namespace" and merlin_named(value):
                continue  # its model part is hidden and its structure kept
            names[value] = "pod" if kind == "auto" else kind
        return names

    def images(self) -> dict[str, str]:
        """Image repository (or its registry-less path) -> the repository it stands for."""
        images: dict[str, str] = {}

        def add(repository: str) -> None:
            if repository and not repository.startswith(_PUBLIC_PATHS) and "/" in repository:
                images.setdefault(repository, repository)
                registry, path = repository.split("/", 1)
                if "." in registry and "/" in path:
                    images.setdefault(path, repository)  # as the registry API names it (/v2/<path>/manifests)

        for ref in self.refs:
            add(ref)
        for path in self.paths:
            if path not in images:
                add(path)
        return images


# Public images as a registry API path names them too (/v2/caraml-dev/merlin/.../manifests).
_PUBLIC_PATHS = _PUBLIC_IMAGE_PREFIXES + tuple(
    prefix.split("/", 1)[1]
    for prefix in _PUBLIC_IMAGE_PREFIXES
    if "/" in prefix and "." in prefix.split("/", 1)[0] and prefix.split("/", 1)[1]
)


class _Redactor:
    """One redaction: the namer (placeholders) and the passes, run chunk by chunk.

    Every pass but the multi-line ones (private keys, env blocks) works on one line at a
    time, so they run on ~1 MB pieces in turn: each piece stays in the CPU cache across the
    dozens of scans, where scanning a 50 MB text dozens of times is bound by memory.
    """

    def __init__(self, text: str, namer: _Namer | None = None, nested: bool = False) -> None:
        self.text = text
        self.namer = namer or _Namer()
        self.nested = nested  # redacting the decoded text of a URL's query value (one level only)
        self._not_hosts: set[str] = set()
        self._ips: dict[str, str] = {}

    def run(self) -> Redaction:
        text = self._private_keys(self.text)
        learned = _Learned()
        for start, end in chunks(text, CHUNK_CHARS):
            learned.read(text[max(0, start - 1) : end + LEARN_OVERLAP])  # from the newline before
        if not text.startswith("\n"):  # line-start slots on the first line
            learned.read("\n" + text[:LEARN_OVERLAP])
        names, images = learned.names(), learned.images()
        text = self._env_values(text)
        image_literals = (
            _Literals(images, "A-Za-z0-9_.-", r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9]|-[a-z0-9])")
            if images
            else None
        )
        name_literals = _Literals(names, "A-Za-z0-9<", r"(?![A-Za-z0-9>])") if names else None
        pieces = []
        for start, end in chunks(text, CHUNK_CHARS):
            piece = self._secrets(text[start:end])
            if image_literals is not None:
                piece = image_literals.apply(piece, self.namer, "image")
            piece = _rewrite(piece, _URL, self._url)
            if "@" in piece:
                piece = _rewrite(piece, _EMAIL, self._email)
            if name_literals is not None:
                piece = name_literals.apply(piece, self.namer, "")
            piece = _rewrite(piece, _IPV4, self._ipv4)
            if "::" in piece or _IPV6_HINT.search(piece):
                piece = _rewrite(piece, _IPV6, self._ipv6)
            piece = _rewrite(piece, _HOST_END, self._host)
            pieces.append(_realign(text[start:end], piece))
        text = pieces[0] if len(pieces) == 1 else "".join(pieces)
        return Redaction(text=text, replacements=self.namer.replacements())

    # -- replacing ---------------------------------------------------------------------

    def _private_keys(self, text: str) -> str:
        """Each private key block, BEGIN to END (or to the end of its base64 lines), as ``<token>``."""
        if "PRIVATE KEY-----" not in text:
            return text
        out: list[str] = []
        last = 0
        end: re.Match[str] | None = None
        ends_left = True
        for begin in _KEY_BEGIN.finditer(text):
            if begin.start() < last:
                continue
            if ends_left and (end is None or end.start() < begin.end()):
                end = _KEY_END.search(text, begin.end())  # each END is searched for once
                ends_left = end is not None
            if end is not None and end.start() >= begin.end() and end.start() - begin.end() < 100_000:
                stop = end.end()
            else:
                stop = _KEY_BODY.match(text, begin.end()).end()
            out.append(text[last : begin.start()])
            out.append(self.namer("secret", ""))
            out.append("\n" * text.count("\n", begin.start(), stop))  # line numbers stay the paste's
            last = stop
        out.append(text[last:])
        return "".join(out)

    def _env_values(self, text: str) -> str:
        def value(original: str) -> str:
            stripped = original.strip()
            if _PLAIN_VALUE.fullmatch(stripped) or stripped.startswith("<"):
                return original
            return self.namer("value", stripped)

        def describe_block(match: re.Match[str]) -> str:
            block = _DESCRIBE_ENV_LINE.sub(lambda m: m.group(1) + value(m.group(2)), match.group(2))
            return match.group(0)[: match.start(2) - match.start(0)] + block

        if "Environment:" in text:
            text = _DESCRIBE_ENV.sub(describe_block, text)
        if "- name: " in text:

            def yaml_entry(match: re.Match[str]) -> str:
                whole = match.group(0)
                cut = match.start(3) - match.start(0)
                return whole[:cut] + value(match.group(3)) if match.group(3) else whole

            text = _YAML_ENV.sub(yaml_entry, text)
        if '"value"' in text:

            def json_entry(match: re.Match[str]) -> str:
                whole = match.group(0)
                cut = match.start(2) - match.start(0)
                return whole[:cut] + value(match.group(2)) + '"' if match.group(2) else whole

            text = _JSON_ENV.sub(json_entry, text)
        return text

    def _secrets(self, text: str) -> str:
        """Every secret-looking value, replaced by ``<token>`` (spans from all finders merged)."""
        spans: list[tuple[int, int]] = []
        lowered = text.lower()
        if len(lowered) != len(text):  # a rare character whose lower case is longer: no shortcut
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        for pattern, wordy in zip(_KV, _KV_WORDY, strict=True):
            for match in pattern.finditer(lowered):
                value = match.group(1)
                if value.strip("*") in _NOT_A_SECRET or value.startswith("$"):
                    continue
                raw = text[match.start(1) : match.end(1)]
                if value in ("secret", "secrets") and text.startswith(' "', match.end(1)):
                    continue  # Kubernetes naming one: 'volume "x-secret" : secret "x" not found'
                if not wordy and not (_looks_like_token(raw) or len(raw) >= 20):
                    continue  # "oauth token: unexpected status": prose after the word, not a token
                spans.append(match.span(1))
        for pattern in _SCHEMES_AUTH:
            for match in pattern.finditer(lowered):
                if _looks_like_token(text[match.start(1) : match.end(1)]):
                    spans.append(match.span(1))
        spans.extend(match.span() for match in _AWS_KEY.finditer(text))
        spans.extend(match.span() for match in _JWT.finditer(text))
        mask = text.translate(_BLOB_MASK)
        start = mask.find(_BLOB_RUN)
        while start != -1:
            end = _BLOB_REST.match(text, start + _BLOB_MIN).end()
            if _looks_random(text[start:end]):
                spans.append((start, end))
            start = mask.find(_BLOB_RUN, end)
        del mask
        if not spans:
            return text
        spans.sort()
        out: list[str] = []
        last = 0
        for start, end in spans:
            if start < last:
                last = max(last, end)
                continue
            out.append(text[last:start])
            out.append(self.namer("secret", ""))
            last = end
        out.append(text[last:])
        return "".join(out)

    def _url(self, match: re.Match[str], last: int) -> tuple[int, int, str] | None:
        text = match.string
        start = _walk_back(text, match.start(), _SCHEME_CHARS, 16, last)
        while start < match.start() and not text[start].isalpha():
            start += 1
        scheme = text[start : match.start()]
        if not scheme or scheme.lower() in _ID_SCHEMES:
            return None
        rest = match.group("rest").rstrip(_TRAILING)
        if not rest:
            return None
        end = match.start("rest") + len(rest)
        if scheme.lower() in STORAGE_SCHEMES:
            body, query = _split_query(rest)
            return start, end, f"{scheme}://{self.namer('bucket-path', body)}{self._query(query)}"
        authority_end = len(rest)
        for sep in "/?#":
            found = rest.find(sep)
            if found != -1 and found < authority_end:
                authority_end = found
        authority, tail = rest[:authority_end], rest[authority_end:]
        userinfo = ""
        if "@" in authority:
            authority = authority.rsplit("@", 1)[1]
            userinfo = self.namer("secret", "") + "@"
        host, port = _split_port(authority)
        host_text = self._host_placeholder(host)
        path, query = _split_query(tail)
        registry = _REGISTRY_PATH.match(path)
        repository = f"{host}/{registry.group(1)}" if registry else ""
        if registry and not repository.startswith(_PUBLIC_PATHS):
            # the registry API names the image: /v2/<repository>/manifests/<tag>
            image = self.namer("image", repository)
            path = f"/v2/{image}{path[registry.end(1) :]}"
        elif host_text == host:  # a public host: its path may still hold a bucket
            path = self._public_path(host.lower(), path)
        return start, end, f"{scheme}://{userinfo}{host_text}{port}{path}{self._query(query)}"

    def _host_placeholder(self, host: str) -> str:
        if not host:
            return host
        bare = host.strip("[]")
        address = _ip(bare)
        if address is not None:
            if address.is_loopback or address.is_unspecified:
                return host
            return self.namer("ip", bare)
        lowered = host.lower()
        if _public(lowered):
            bucket = _bucket_vhost(lowered)
            if bucket:
                return self.namer("bucket-path", bucket) + host[len(bucket) :]
            return host
        if lowered in ("localhost",) or host.startswith("<"):
            return host
        return self.namer("host", host)

    def _public_path(self, host: str, path: str) -> str:
        if host == "storage.googleapis.com" or host.endswith(".storage.googleapis.com"):
            gcs = _GCS_JSON_PATH.match(path)
            if gcs:
                out = gcs.group(1) + self.namer("bucket-path", gcs.group(2))
                if gcs.group(3) is not None:
                    out += gcs.group(3) + (self.namer("bucket-path", gcs.group(4)) if gcs.group(4) else "")
                return out + path[gcs.end() :]
            if len(path) > 1:
                return "/" + self.namer("bucket-path", path[1:])
        if host.startswith("s3") and host.endswith("amazonaws.com") and len(path) > 1:
            return "/" + self.namer("bucket-path", path[1:])
        return path

    def _query(self, query: str) -> str:
        if len(query) <= 1:
            return query
        pairs = []
        for pair in query[1:].split("&"):
            key, eq, found = pair.partition("=")
            if not eq or not found:
                pairs.append(pair)
            elif _SECRET_QUERY_KEYS.search(key):
                pairs.append(f"{key}={self.namer('secret', '')}")
            elif _KEEP_QUERY_VALUE.fullmatch(found):
                pairs.append(pair)
            elif not self.nested and _form_prose(found):
                pairs.append(f"{key}={self._encoded_prose(found)}")
            else:
                pairs.append(f"{key}={self.namer('value', found)}")
        return "?" + "&".join(pairs)

    def _encoded_prose(self, value: str) -> str:
        """A query value that is URL-encoded text (an incident link's ``desc=error+deploying+...``)
        is text the user pasted, not an identifier: decoded, redacted like the rest of the paste
        (names, hosts, tokens, with the same placeholders), and encoded again, so a redacted link
        still carries the error it was about."""
        decoded = unquote_plus(value)
        redacted = _Redactor(decoded, self.namer, nested=True).run().text
        return quote_plus(redacted, safe="<>")

    def _email(self, match: re.Match[str], last: int) -> tuple[int, int, str] | None:
        text = match.string
        start = _walk_back(text, match.start(), _EMAIL_LOCAL_CHARS, 64, last)
        while start < match.start() and text[start] in ".-":
            start += 1
        if start == match.start():
            return None
        return start, match.end(), self.namer("email", text[start : match.end()])

    def _ipv4(self, match: re.Match[str], last: int) -> tuple[int, int, str] | None:
        text = match.string
        start = match.start()
        floor = max(last, start - 3)
        while start > floor and text[start - 1] in _DIGITS:
            start -= 1
        if start == match.start() or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._-")):
            return None
        end = match.end()
        if end < len(text) and text[end] == "." and text[end + 1 : end + 2].isdigit():
            return None
        found = text[start:end]
        known = self._ips.get(found)
        if known is None:
            octets = found.split(".")
            public = not (
                any(int(o) > 255 for o in octets) or octets[0] in ("0", "127") or found == "255.255.255.255"
            )
            known = self._ips[found] = "ip" if public else ""
        return (start, end, self.namer("ip", found)) if known else None

    def _ipv6(self, match: re.Match[str], last: int) -> tuple[int, int, str] | None:
        found = match.group(0)
        groups = [g for g in found.replace("::", ":").split(":") if g]
        if len(groups) < 2 or not any(c.isdigit() for c in found):
            return None
        address = _ip(found)
        if address is None or address.is_loopback or address.is_unspecified:
            return None
        return match.start(), match.end(), self.namer("ip", found)

    def _host(self, match: re.Match[str], last: int) -> tuple[int, int, str] | None:
        text = match.string
        walked = _walk_back(text, match.start(), _HOST_CHARS, 253, last)
        key = text[walked : match.end() + 1]
        if key in self._not_hosts:  # the same public or non-host text, seen before (every log line)
            return None
        found = self._host_at(match, walked)
        if found is None and len(self._not_hosts) < 10_000:
            self._not_hosts.add(key)
        return found

    def _host_at(self, match: re.Match[str], walked: int) -> tuple[int, int, str] | None:
        """The host ending at ``match``, from ``walked`` (the start of its run of host characters)."""
        text = match.string
        start = walked
        while start < match.start() and text[start] in ".-":
            start += 1
        if start == match.start():
            return None
        if start > 0 and text[start - 1] in "@<":
            return None
        host = text[start : match.end()]
        labels = host.split(".")
        if "" in labels or any(len(label) > 63 for label in labels):
            return None
        minimum = 3 if match.group("tld") in _TLDS_3 else 2
        if len(labels) < minimum or labels[0][0] == "-":
            return None
        if (start > 0 and text[start - 1] == ">") or (match.end() < len(text) and text[match.end()] == "<"):
            return None
        lowered = host.lower()
        if _public(lowered):
            return None
        if not any(c.isalpha() for c in labels[0]) and labels[0].isdigit() and len(labels) == 2:
            return None
        return start, match.end(), self.namer("host", host)


# ----------------------------------------------------------------------------- helpers


class _Literals:
    """Learned literals (-> the original each stands for) and how to replace them as words.

    A few: one literal-led scan each, replaced by ``subn`` with no Python per occurrence (a
    log repeats its pod name on every line). Many: one alternation whose branches are grouped
    by first character, with a Python call per occurrence; past MAX_NAMES, a token lookup.
    Placeholders are numbered in order of first appearance. ``left``: characters that may not
    come just before a literal; ``right``: a lookahead for what may not follow it.
    """

    def __init__(self, items: dict[str, str], left: str, right: str) -> None:
        self.items = items
        ordered = sorted(items, key=len, reverse=True)
        self.few = len(ordered) <= FEW_NAMES
        if self.few:
            self.patterns = [
                (name, re.compile(re.escape(name) + "(?<![" + left + "]" + re.escape(name) + ")" + right))
                for name in ordered
            ]
            return
        folded = ordered[:MAX_NAMES]
        self.rest = set(ordered[MAX_NAMES:])
        self.pattern = _alternation(folded, "", right)
        self.excluded = re.compile("[" + left + "]")

    def apply(self, text: str, namer: _Namer, kind: str) -> str:
        """``text`` with each literal replaced; ``kind`` is fixed, or "" for the kind in ``items``."""

        def key(name: str) -> tuple[str, str]:
            return (kind, self.items[name]) if kind else (self.items[name], name)

        if self.few:
            firsts = []
            for name, pattern in self.patterns:
                first = pattern.search(text)
                if first is not None:
                    firsts.append((first.start(), name))
            if not firsts:
                return text
            for _, name in sorted(firsts):
                namer.allocate(*key(name))
            present = {name for _, name in firsts}
            for name, pattern in self.patterns:
                if name not in present:
                    continue
                placeholder = namer.allocate(*key(name))
                text, count = pattern.subn(placeholder, text)
                namer.add(placeholder, count)
            return text
        excluded = self.excluded

        def replace(match: re.Match[str]) -> str:
            found = match.group(0)
            start = match.start()
            if start > 0 and excluded.match(match.string, start - 1):  # inside a longer word
                return found
            return namer(*key(found))

        text = self.pattern.sub(replace, text)
        if self.rest:
            rest = self.rest

            def replace_token(match: re.Match[str]) -> str:
                found = match.group(0)
                return namer(*key(found)) if found in rest else found

            text = _TOKEN.sub(replace_token, text)
        return text


_TOKEN = re.compile(r"(?<![A-Za-z0-9])[a-z0-9][a-z0-9.-]{0,252}(?<![.-])")


def _alternation(names: Iterable[str], before: str, after: str) -> re.Pattern[str]:
    """One regex for many literal names, grouped by first character.

    ``re`` tries the branches of an alternation in turn but skips a branch whose first
    literal does not match, so grouping by first character keeps each position to a few
    cheap checks however many names there are.
    """
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[0], []).append(re.escape(name[1:]))
    branches = [
        re.escape(first) + ("(?:" + "|".join(rests) + ")" if len(rests) > 1 or rests[0] else "")
        for first, rests in groups.items()
    ]
    return re.compile(before + "(?:" + "|".join(branches) + ")" + after)


def _could_be_repository(repository: str) -> bool:
    """False for what no image reference can be: its path is lower case (only a registry
    host, which holds a dot or a port, may not be), so "image HTTP/1.1" names no image."""
    first, _, rest = repository.partition("/")
    path = rest if ("." in first or ":" in first or first == "localhost") else repository
    return path == path.lower()


def _repository(ref: str) -> str:
    """An image reference without its tag or digest."""
    ref = ref.split("@", 1)[0]
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    return ref[:colon] if colon > slash else ref


def _split_query(rest: str) -> tuple[str, str]:
    found = rest.find("?")
    return (rest, "") if found == -1 else (rest[:found], rest[found:])


def _split_port(authority: str) -> tuple[str, str]:
    if authority.startswith("["):
        close = authority.find("]")
        return (authority, "") if close == -1 else (authority[: close + 1], authority[close + 1 :])
    colon = authority.rfind(":")
    if colon != -1 and authority[colon + 1 :].isdigit() and authority.count(":") == 1:
        return authority[:colon], authority[colon:]
    return authority, ""


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


_PUBLIC_SET = frozenset(PUBLIC_DOMAINS)


def _public(host: str) -> bool:
    """``host`` is a public domain or one of its subdomains (a few set lookups, one per label)."""
    if host in _PUBLIC_SET:
        return True
    dot = host.find(".")
    while dot != -1:
        if host[dot + 1 :] in _PUBLIC_SET:
            return True
        dot = host.find(".", dot + 1)
    return False


def _bucket_vhost(host: str) -> str:
    """The bucket of a virtual-hosted S3 / GCS URL (``<bucket>.s3.amazonaws.com``), else ''."""
    for marker in (".s3.", ".s3-", ".storage.googleapis.com"):
        found = host.find(marker)
        if found > 0:
            return host[:found]
    return ""


def _looks_like_token(value: str) -> bool:
    """A credential, not a word: it holds a digit or base64 padding, or mixes case."""
    return any(c.isdigit() or c in "+/=" for c in value) or (
        value != value.lower() and value != value.upper()
    )


def _form_prose(value: str) -> bool:
    """Whether ``value`` is URL-encoded text (``3A+timeout+waiting+inference``): lower-case
    words joined by "+" or "%20", one at least every 16 characters. Base64 of random bytes
    has a "+" in 64 characters on average, so a token is never read as text (it would be
    kept, or split into words too short to look like one)."""
    separators = value.count("+") + value.count("%20")
    dense = separators * _FORM_PROSE_CHARS_PER_SEPARATOR >= len(value)
    return dense and _FORM_PROSE.search(value) is not None


def _looks_random(blob: str) -> bool:
    """Base64 of random bytes has upper, lower and digits, and long runs between slashes;
    never words joined by "+" (a URL-encoded text: ``3A+timeout+waiting+inference``)."""
    if _form_prose(blob) or not (
        any(c.isupper() for c in blob) and any(c.islower() for c in blob) and any(c.isdigit() for c in blob)
    ):
        return False
    slashes = blob.count("/")
    return slashes == 0 or (not blob.startswith("/") and len(blob) / (slashes + 1) >= 16)
