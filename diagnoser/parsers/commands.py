"""Shell commands pasted with their output: ``$ kubectl logs <pod> -c transformer`` names
the container that printed the lines below it, up to the next prompt.

A user asked for a container's log copies the command with it; without a Logs-tab prefix
it is the only thing that says whether a traceback came from the model or the transformer.
Found with ``str.find`` on "kubectl" (C speed); each command line is read once.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from diagnoser.model import Facts
from diagnoser.normalise import Document, starts_of_lines_holding

# A prompt (``$``, ``#``, ``user@host:~$``, a chat quote) before a command, or none.
# A prompt before a command; ``field_paths`` reads its commands with the same grammar.
PROMPT_SRC = r"[ \t]{0,8}(?:>[ \t]{0,4})?(?:[\w@.:~/-]{0,80}[$#%][ \t]{1,4})"
_LOGS = re.compile(PROMPT_SRC + r"?kubectl\b(?P<args>[^\n|>]{0,2000}?)[ \t]logs\b(?P<rest>[^\n|>]{0,2000})")
PROMPT_LINE = re.compile("^" + PROMPT_SRC + r"[^\s]", re.MULTILINE)
# Options of kubectl logs (and kubectl's global ones) that take a value.
_VALUED = {"-n", "--namespace", "-c", "--container", "--tail", "--since", "--since-time", "-l",
           "--selector", "--context", "--kubeconfig", "--limit-bytes", "--max-log-requests"}  # fmt: skip
MAX_COMMANDS = 200


def read(doc: Document, facts: Facts) -> None:
    """Record (first output line, container) for each ``kubectl logs`` command, and a stream
    end (None) at the next prompt line."""
    text = doc.text
    streams: list[tuple[int, str | None]] = []
    for start in starts_of_lines_holding(text, "kubectl"):
        if len(streams) >= MAX_COMMANDS:
            break
        match = _LOGS.match(text, start)
        if match is None:
            continue
        line = doc.line_of(start)
        streams.append((line + 1, _container(match.group("args") + " " + match.group("rest"))))
    if not streams:
        return
    # Where each command's output ends: the next prompt line (found in one scan).
    prompts = [doc.line_of(m.start()) for m in PROMPT_LINE.finditer(text)]
    ends = []
    for begin, _ in streams:
        following = bisect_left(prompts, begin)
        if following < len(prompts):
            ends.append((prompts[following], None))
    facts.command_streams = sorted(set(streams + ends), key=lambda stream: (stream[0], stream[1] is None))


def _container(arguments: str) -> str | None:
    """The container ``-c`` names, else the pod (its name says the component)."""
    words = arguments.split()
    pod = container = None
    index = 0
    while index < len(words):
        word = words[index]
        if word.startswith("--container="):
            container = word.split("=", 1)[1]
        elif word in ("-c", "--container") and index + 1 < len(words):
            container = words[index + 1]
        elif word.startswith("-c") and len(word) > 2 and not word.startswith("--"):
            container = word[2:]
        elif word in _VALUED:
            index += 1
        elif not word.startswith("-") and pod is None:
            pod = word.split("/", 1)[-1]
        index += 1
    if container in _GENERIC_CONTAINERS and pod and _is_transformer_pod(pod):
        return pod  # KServe names the transformer's own container kserve-container too
    return container or pod


# Containers KServe gives every component's main container, the transformer's included.
_GENERIC_CONTAINERS = frozenset({"kserve-container", "user-container"})


def _is_transformer_pod(pod: str) -> bool:
    """Whether a pod is a KServe (or Merlin) transformer's: its name holds the component
    segment ``-transformer-`` (``<isvc>-transformer-00001-deployment-...``) and no
    ``-predictor-`` (a model named ``transformer-bench`` runs in ``...-predictor-...``)."""
    name = pod.lower()
    return "-transformer-" in name and "-predictor-" not in name
