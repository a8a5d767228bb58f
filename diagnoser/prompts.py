"""The line a person typed a command on: a shell or Python prompt, then the command.

A terminal session pasted whole holds many commands and their outputs; the prompt line
says where one output ends and the next command starts, and the command says what it was
about (``kubectl describe pod <name>``) and whether it changed anything (``kubectl apply``,
``merlin.deploy(...)``). Prompts come in many shapes; one grammar reads them all:

* ``$ ``, ``% ``; ``user@host:~$ ``, ``user@host ~ $ ``, ``kenji@mbp ~/src % ``;
* ``[root@bastion ~]# ``; ``~/work/app (main*) $ ``; ``(venv) `` before any of them;
* oh-my-zsh's ``➜  ~ `` and ``➜  repo git:(branch) ✗ ``; PowerShell's ``PS C:\\path> ``;
* Python's ``>>> `` and IPython's ``In [7]: ``.

Every alternative starts with its own characters and repeats only bounded, disjoint
character classes, so a line is matched in linear time.
"""

from __future__ import annotations

import re

_VENV = r"(?:\([\w.-]{1,40}\)[ \t]{1,4})?"
_SHELL = (
    r"(?:"
    r"➜[ \t]{1,4}[^\s]{1,120}(?:[ \t]{1,4}git:\([^)\s]{1,120}\))?(?:[ \t]{1,4}✗)?[ \t]{1,4}"
    r"|PS[ \t][A-Za-z]:\\[^>\n]{0,200}>[ \t]{1,4}"
    r"|\[[\w.@-]{1,80}[ \t][^\]\n]{1,80}\][$#][ \t]{1,4}"
    r"|[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s$#%]{0,200}[ \t]?|[ \t]{1,4}[^\s$#%]{1,200}[ \t]{1,4})[$#%][ \t]{1,4}"
    r"|~[^\s$#%]{0,200}(?:[ \t]{1,4}\([^)\s]{1,80}\))?[ \t]{1,4}[$#%][ \t]{1,4}"
    r"|[$%][ \t]{1,4}"
    r")"
)
_PYTHON = r"(?:>>>[ \t]|In \[\d{1,6}\]:[ \t])"
# A prompt at a line start (after a ^C the terminal echoed), followed by a command.
PROMPT_SRC = r"(?:\^C)?[ \t]{0,4}(?:" + _VENV + _SHELL + "|" + _PYTHON + r")(?=\S)"
PROMPT = re.compile(PROMPT_SRC)
# The same at every line start of a whole text: no part of the grammar crosses a line end,
# so one search finds every prompt line of a paste at C speed.
PROMPT_LINE = re.compile("^" + PROMPT_SRC, re.MULTILINE)
PYTHON_PROMPT = re.compile(r"[ \t]{0,4}" + _PYTHON)


def command_of(line: str) -> str | None:
    """The command typed on ``line`` after its prompt, or None when it is no prompt line."""
    found = PROMPT.match(line)
    return None if found is None else line[found.end() :].strip()
