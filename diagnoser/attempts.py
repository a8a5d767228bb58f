"""Several attempts in one paste: the reporter fixed something and tried again.

A long paste often tells a story: "first try the pod said InvalidImageName: ... fixed to
lowercase repo, now: ...". The first failure is over; the one after the reporter's last
change is the one to fix. The reporter marks the change in their own words, on a line of
its own between the outputs: a verb of change (fixed, set, bumped, redeployed, re-logged,
asked for ...) or an attempt number ("attempt 2:", "second try"). A note that says the change
altered nothing ("changed it, same error", "bumped it, didn't help") starts no new attempt:
the failure before it is still the one to fix. A terminal session marks
it with the command that made the change: ``kubectl apply|create|patch|delete ...``,
``helm upgrade``, ``docker push``, ``gsutil iam ch``, ``merlin deploy``, a ``.deploy(...)``
or ``.create_prediction_job(...)`` call at a Python prompt (a batch job run again), a deploy
script run again. A tool that retries by itself marks it with the attempt's number in its
own log ("attempt 2/3: deploying ...", "retry 2 of 5"): the counter is the software's, so
the line may be a log record. This module finds the last such line;
the engine then sets aside a finding whose evidence lies wholly before it, when the output
after it shows a cause of its own or a deployment that works.

One regex pass finds the candidate words (C speed); each candidate's line is checked once;
prompt lines are found once each. Only pastes up to ``MAX_STORY_CHARS`` are read this way.

A reply tells the same story another way: the earlier message is quoted below it ("> " before
every line, or everything under Outlook's "-----Original Message-----"), or above it. What
the quoted message shows is the earlier attempt; the reply's own lines are now
(``quoted_lines``).
"""

from __future__ import annotations

import re
import shlex

from diagnoser.normalise import RECORD_START, Document
from diagnoser.prompts import PROMPT, PROMPT_LINE

MAX_LINE_CHARS = 400  # a reporter's note; a longer line is output
# A story of attempts is put together by hand, a few outputs and notes between them; a paste
# bigger than this is one long log, and the words of change in it are the software's.
MAX_STORY_CHARS = 256 * 1024  # the longest session in the corpus is about 100 KB
MIN_WORDS = 3

# A change the reporter made, or a new attempt they name.
# Every word of it starts with one of the lookahead's characters (a test checks it): most
# word starts are rejected on their first character instead of by 45 alternatives each.
_CHANGE = re.compile(
    r"\b(?=[AaBbCcDdEeFfGgIiLlMmNnPpRrSsTtUuWw23])"
    r"(?:[Ff]ixed|[Cc]hanged|[Bb]umped|[Rr]aised|[Ii]ncreased|[Ll]owered|[Dd]ecreased|[Ss]witched"
    r"|[Rr]e-?deployed|[Rr]etried|[Tt]ried again|[Rr]e-?logged|[Rr]e-?built|[Rr]e-?pushed|[Pp]inned"
    r"|[Uu]pgraded|[Dd]owngraded|[Aa]sked for|[Ww]aited for|[Ss]et [\w.\"'=-]{1,60} (?:to|=)"
    r"|[Ss]et [\w.]{1,60}=|[Ll]ogged (?:a new |the model as )?v\d{1,4}"
    r"|(?:[Ss]econd|[Tt]hird|[Nn]ext|[Nn]ew|2nd|3rd)"
    r" (?:try|attempt|revision|version|build|run|deploy(?:ment)?)"
    r"|[Aa]ttempt \d{1,3}|[Tt]ry \d{1,3}|[Rr]e-?deploy|[Aa]dded|[Gg]ranted|[Rr]ecreated|[Rr]emoved"
    r"|[Uu]pdated|[Ee]dited|[Pp]atched|[Rr]olled (?:it )?back|[Gg]ave it|[Ss]orted out"
    r"|[Cc]reated (?:the|a|an|it|them|our|my)|[Mm]oved (?:the|it|[A-Z]))\b"
)
# A note of a change that says, in the same line, that the change did not alter the outcome:
# "so I changed it, same error", "bumped the memory, didn't help", "redeployed, no luck". The
# failure before it is still the current one; the note starts no attempt of its own.
_SAME_OUTCOME = re.compile(
    r"\b(?:[Ss]ame (?:error|errors|result|message|failure|problem|thing|issue)|[Ss]till the same"
    r"|(?:didn't|did not|doesn't|does not|won't) (?:help|change anything|make a difference)"
    r"|[Nn]o (?:luck|difference|change)|[Nn]othing changed)\b"
)
# Lines the software prints with those words that change nothing in the deployment: kubectl
# switching to another cluster's context (a look elsewhere, not a fix here).
_NOT_A_CHANGE = re.compile(r"[ \t]{0,8}Switched to context\b")
# Commands that change what is deployed (after a prompt; a pipeline or "&&" chain counts when
# any part does). kubectl's verb is found past its options.
_KUBECTL_CHANGES = frozenset(
    {"apply", "create", "replace", "patch", "edit", "set", "delete", "scale", "label", "annotate", "drain",
     "cordon", "uncordon", "taint"}
)  # fmt: skip
# The Knative CLI's nouns and the verbs of theirs that change what is deployed.
_KN_NOUNS = frozenset({"service", "services", "svc", "ksvc", "revision", "revisions"})
_KN_CHANGES = frozenset({"create", "update", "apply", "delete"})
_KUBECTL_VALUED = frozenset({"-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-l"})
_OTHER_CHANGE = re.compile(
    r"(?:helm[ \t]{1,4}(?:install|upgrade|rollback|uninstall)"
    r"|(?:docker|podman|buildah|crane)[ \t]{1,4}push|make[ \t]{1,4}(?:push|deploy|release)"
    r"|gsutil[ \t]{1,4}(?:iam[ \t]{1,4}ch|cp|rsync)|merlin[ \t]{1,4}(?:deploy|undeploy))\b"
    r"|\bgcloud[ \t][^\n|;&]{0,300}?"
    r"\b(?:add-iam-policy-binding|remove-iam-policy-binding|delete|create|update|resize)\b"
    r"|\baws[ \t][^\n|;&]{0,300}?\b(?:put|create|update|delete|attach)-[a-z]"
    r"|\bpython3?(?:\.exe)?[ \t][^\n|;&]{0,200}?deploy[\w-]{0,40}\.py\b"
    r"|\.(?:deploy|undeploy|log_model|log_pyfunc_model|log_custom_model|create_secret|update_secret"
    r"|create_prediction_job)\("
)
_CHAIN = re.compile(r"&&|\|\||;|\|")
# What may stand before the command itself: the shell's variable assignments for it
# (``KUBE_EDITOR="sed -i ..." kubectl edit ...``, ``KUBECONFIG=prod.yaml kubectl apply``) and
# commands that run the next one (``sudo``, ``time``).
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,60}=")
_WRAPPERS = frozenset({"sudo", "time", "env", "command", "nohup", "exec"})
MAX_QUOTED_COMMAND_CHARS = 4000  # shlex reads a command typed by hand; a longer line is output
# A numbered retry a tool logs: "attempt 2/3", "attempt 2 of 5", "retry #3/4" (a counter with
# its total, so "attempt 2" in a sentence or an exit code is not one). The first attempt starts
# nothing.
_RETRY = re.compile(
    r"\b(?:[Aa]ttempt|ATTEMPT|[Rr]etry|RETRY|[Tt]ry)[ \t#]{1,2}(?:[2-9]|[1-9]\d{1,2})"
    r"[ \t]{0,2}(?:/|of)[ \t]{0,2}\d{1,3}\b"
)

# What may lead a note: a comment mark, the REPL's prompt, a caret pointing up, a quote.
_NOTE_LEAD = re.compile(r"[ \t]{0,8}(?:>>>[ \t]{1,4}|\.\.\.[ \t]{1,4})?(?:[#^>*-][ \t]{0,4}){0,3}")


# A line of an earlier message quoted in a mail: "> " (nested "> >", ">>"), not the Python
# prompt's ">>> ". In a chat, "> " quotes output as often as an earlier message, so quote
# marks count only under a mail's header of the message replied to.
_QUOTED_LINE = re.compile(r"^[ \t]{0,8}>(?!>>[ \t])", re.MULTILINE)
_WROTE_HEADER = re.compile(r"^[ \t>]{0,12}On [^\n]{4,200} wrote:[ \t]*$", re.MULTILINE)
# Outlook's header of the message replied to: every line below it belongs to that message.
_ORIGINAL_HEADER = re.compile(r"^[ \t]{0,8}-{2,10} ?Original Message ?-{2,10}[ \t]*$", re.MULTILINE)


def quoted_lines(doc: Document) -> frozenset[int]:
    """Lines of an earlier message a mail reply quotes (empty when the paste is no reply)."""
    text = doc.original
    if len(text) > MAX_STORY_CHARS:
        return frozenset()
    lines: set[int] = set()
    if _WROTE_HEADER.search(text) is not None:
        lines.update(doc.original_line_of(match.start()) for match in _QUOTED_LINE.finditer(text))
    header = _ORIGINAL_HEADER.search(text)
    if header is not None:
        lines.update(range(doc.original_line_of(header.start()), doc.last_line + 1))
    return frozenset(lines)


def attempt_starts(doc: Document) -> list[int]:
    """Lines of the reporter's notes and commands of a change, each before another attempt,
    in order (empty: one attempt)."""
    text = doc.text
    if len(text) > MAX_STORY_CHARS:
        return []
    found: set[int] = set()
    checked: set[int] = set()
    for match in _CHANGE.finditer(text):
        line = doc.line_of(match.start())
        if line in checked:
            continue
        checked.add(line)
        body = doc.line(line)
        command = _command(body)
        if _is_note(body if command is None else command.lstrip("#! \t")) and not _SAME_OUTCOME.search(body):
            found.add(line)
    for match in _RETRY.finditer(text):
        found.add(doc.line_of(match.start()))
    for line in prompt_lines(doc):
        command = _command(doc.line(line)) or _command(doc.original_line(line))
        if command and changes_something(command):
            found.add(line)
    return sorted(found)


def prompt_lines(doc: Document) -> list[int]:
    """The lines a command was typed on, in order: a prompt starts the normalised line or
    the line as pasted (normalising drops a Python prompt's ">>>" as a quote mark)."""
    lines = {doc.line_of(found.start()) for found in PROMPT_LINE.finditer(doc.text)}
    if doc.original is not doc.text:
        lines.update(doc.original_line_of(found.start()) for found in PROMPT_LINE.finditer(doc.original))
    return sorted(lines)


def last_attempt_start(doc: Document) -> int | None:
    """Line of the reporter's last note or command of a change (None: one attempt)."""
    starts = attempt_starts(doc)
    return starts[-1] if starts else None


def _command(line: str) -> str | None:
    """The command typed on ``line`` (normalising drops a Python prompt's ">>>" as a quote
    mark, so the caller also asks the line as pasted)."""
    found = PROMPT.match(line)
    return None if found is None else line[found.end() :].strip()


def changes_something(command: str) -> bool:
    """True for a command that changes what is deployed (see the module's docstring)."""
    if _OTHER_CHANGE.search(command):
        return True
    for part in _CHAIN.split(command.lstrip("!")):
        words = _words(part)
        lead = 0
        while lead < len(words) and (_ASSIGNMENT.match(words[lead]) or words[lead] in _WRAPPERS):
            lead += 1
        words = words[lead:]
        if words and words[0].rsplit("/", 1)[-1] == "kn":
            if _kn_changes(words):
                return True
            continue
        if not words or words[0].rsplit("/", 1)[-1] not in ("kubectl", "oc", "kubectl.exe"):
            continue
        index = 1
        while index < len(words) and words[index].startswith("-"):
            index += 2 if words[index] in _KUBECTL_VALUED else 1
        if index >= len(words):
            continue
        verb = words[index]
        if verb in _KUBECTL_CHANGES or (
            verb == "rollout" and index + 1 < len(words) and words[index + 1] in ("restart", "undo")
        ):
            return True
    return False


def _kn_changes(words: list[str]) -> bool:
    """Whether a Knative CLI command changes a service or revision: ``kn service update``
    (``create``, ``apply``, ``delete``), past kn's options (``kn -n ns service update``). A
    ``kn service update -e X=1`` is how a stuck RevisionMissing service is given a new revision."""
    index = 1
    while index < len(words) and words[index].startswith("-"):
        index += 2 if words[index] in _KUBECTL_VALUED else 1
    if index + 1 >= len(words):
        return False
    return words[index] in _KN_NOUNS and words[index + 1] in _KN_CHANGES


def _words(part: str) -> list[str]:
    """The words of one command of a chain, a quoted value one word (the shell's reading);
    a line with unbalanced quotes is split at spaces."""
    if ("'" not in part and '"' not in part) or len(part) > MAX_QUOTED_COMMAND_CHARS:
        return part.split()
    try:
        return shlex.split(part)
    except ValueError:
        return part.split()


def _is_note(text: str) -> bool:
    """True for a short line in a person's words: no log prefix, no table columns, no JSON."""
    body = text[_NOTE_LEAD.match(text).end() :].strip()  # type: ignore[union-attr]
    if not body or len(body) > MAX_LINE_CHARS or "  " in body or '":' in body or "\t" in body:
        return False
    if RECORD_START.match(body) or not body[0].isalpha() or _NOT_A_CHANGE.match(body):
        return False
    return len(body.split()) >= MIN_WORDS
