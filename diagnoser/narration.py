"""The reporter's own words around what they pasted: "After the OOMKilled last week I bumped
the memory", "maybe it's the quota?", "Hi all, kubectl says:".

Issue threads and chat messages mix narration with output. The output is the evidence; a
sentence is a memory, a guess or a question, often about something that is over. So a
finding that only narration supports is dropped when the paste holds output the engine
read as structure (a describe, a table, a status) or output that supports another finding,
and kept at low confidence when the narration is all there is.

A line is narration when it reads as a sentence a person wrote: several words, no log
prefix or table columns, and a first person, a question or a greeting. What leads a person's
line in a mail, a chat or a ticket is read past first: quote marks ("> "), a list bullet
("* ", "- ", "• ", "1. "), a timeline's clock ("10:42 "). A bullet with a clock is a timeline
entry ("* 10:42 pod OOMKilled, limit was 3Gi"): a person's record of what happened.

A sentence alone tells of a current failure only when it states one: a guess ("maybe it's
the quota?", "is it OOMKilled?"), a denial ("we are not hitting Insufficient nvidia.com/gpu"),
a memory ("it was OOMKilled last week") or a plan to avoid one ("we want to avoid the usual
OOMKilled stories") does not (``tells_of_now``).
"""

from __future__ import annotations

import re

from diagnoser import narration_words as words
from diagnoser.normalise import RECORD_START

MIN_WORDS = 5
MAX_CHARS = 2_000  # a person's sentence; a longer line is output
# A first-person word standing alone ("I bumped", "my pod", "we're"), not "I1202" or "I/O".
_FIRST_PERSON = re.compile(
    r"(?:^|[\s(\"'*_])(?:I|I'm|I've|I'd|I'll|[Ww]e|[Ww]e're|[Ww]e've|[Mm]y|[Oo]ur|[Mm]e)(?=[\s,.!?:;)\"'*_]|$)"
)
# What leads a person's line: mail or chat quote marks, then a list bullet or a numbered
# item, then a timeline's clock (no seconds: "10:42", "[10:42]", "4:40 PM").
_QUOTE_LEAD = re.compile(r"[ \t]{0,8}(?:>[ \t]{0,2}){0,4}")
# A chat app's copy of one message: WhatsApp "[10.42, 4/12/2026] Budi Santoso: ", "[14:22,
# 03/12/2026] João: ", KakaoTalk "[오후 2:31] 김민수: ": the time (with the date, or with a
# morning/afternoon word before it) in brackets, then the sender's name and a colon.
_CHAT_LEAD = re.compile(
    r"\[(?:\d{1,2}[.:][0-5]\d(?:[ \t]?[AaPp][Mm])?,[ \t]?\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
    r"|[^\W\d_]{1,4}[ \t]\d{1,2}:[0-5]\d)\][ \t]{1,3}[^\s:\[\]][^:\n\[\]]{0,40}:[ \t]{1,3}"
)
_BULLET = re.compile(r"(?:[*•+-]|\d{1,2}[.)])[ \t]{1,4}")
_CLOCK = re.compile(r"\[?\d{1,2}:[0-5]\d(?:[ \t]?[AaPp][Mm])?\]?[ \t]{1,4}(?=[A-Za-z])")
# Markdown emphasis opening the line: "*I want* ...", "**We** rolled back ...".
_EMPHASIS = re.compile(r"(?:\*{1,2}|_{1,2})(?=[A-Za-z])")
# A clock with seconds near the start: a log record's time ("(raylet) [2026-10-06 01:02:54,871 E"),
# never a person's.
_LOG_CLOCK = re.compile(r"\b\d{1,2}:[0-5]\d:[0-5]\d\b")
# A question in the middle of a line ("is 8Gi still not enough? (no OOM since 10:50)").
_INNER_QUESTION = re.compile(r"[a-z]\? {1,3}\S")
# A guess or a question about what the error is, not a statement that it happened.
_GUESS = re.compile(
    r"(?:^|\W)(?:[Ii]s (?:it|this|that)|[Cc]ould (?:it|this|that) be|[Mm]aybe|[Pp]erhaps|[Pp]robably"
    r"|[Mm]ight be|I (?:think|guess|suspect|assume|wonder)|[Dd]oes (?:it|this|that) mean|[Ww]hat happens"
    r"|[Ww]ill (?:it|we|I|the)|[Ss]hould I|[Dd]o I need|[Cc]an (?:it|this) be"
    r"|[Aa]sked (?:me |us )?(?:why|whether|if|about))\b"  # a question someone else put
)
# A failure denied: "we are not hitting ...", "I don't see OOMKilled anywhere".
_DENIAL = re.compile(
    r"\b(?:not|never|no longer|don't|doesn't|didn't|haven't|hasn't|isn't|aren't|wasn't|weren't)"
    r" (?:\w{1,12} ){0,2}?(?:hitting|seeing|getting|had|seen|hit|see|get|happen(?:ed|ing)?)\b"
    r"|\b(?:it's|it is|that's|that is|its) not\b"  # "so it's not exec format error"
    r"|\b[Nn]o [\w/-]{1,40} (?:anywhere|at all)\b"  # "no OOMKilled anywhere"
)
# The error's own words negated just before them: "Reason `Error`, not `OOMKilled`", "exit 137
# without OOMKilled", "a timeout rather than a 403". Tried on the few characters before the words.
_NEGATED_WORDS = re.compile(
    r"\b(?:[Nn]ot|[Nn]o|[Nn]ever|[Ww]ithout|rather than|instead of)[ \t]{1,3}[`'\"*_]{0,2}\Z"
)
NEGATION_REACH = 16
# A failure the reporter means to prevent, not one they have: "I want to avoid the usual
# OOMKilled stories", "how do we prevent CrashLoopBackOff", "so that it won't get evicted".
# A plan or a design question states no current failure. ("In case it helps, ..." and a
# consequence's "so it won't start" state one, so neither is here.)
_AVOIDANCE = re.compile(
    r"\b(?:[Aa]void(?:s|ed|ing)?|[Pp]revent(?:s|ed|ing)?"
    r"|[Ss]o that (?:it|they|we|the pods?|the model) (?:won't|wouldn't|doesn't|don't|never))\b"
)
# A time gone by or a failure over: "last week", "yesterday", "in October", "was fixed".
_PAST = re.compile(
    r"\b(?:[Ll]ast (?:week|night|time|month|quarter|year|sprint|friday|monday|tuesday|wednesday|thursday)"
    r"|[Yy]esterday|ago|[Uu]sed to|[Pp]reviously|[Ee]arlier (?:today|this week)|[Ww]ent away"
    r"|in (?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?:is|was|were|got|been) (?:fixed|solved|resolved|gone)|[Ff]ixed|[Ss]olved|[Rr]esolved)\b"
)
# Words that put the failure in the present, whatever else the sentence says.
_NOW = re.compile(r"\b(?:now|still|currently|keeps?|every time|right after|each time|always)\b")
# Where a sentence ends: its stop, question or exclamation mark and the space after it.
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
# Output quoted inside the sentence: `Error: couldn't find key ...`.
_INLINE_CODE = re.compile(r"`[^`\n]{8,400}`")
_GREETING = re.compile(r"(?:Hi|Hello|Hey|Thanks|Thank you|Any idea|Can (?:someone|anyone)|Has anyone)\b")
# Words of a conversation about the output, never printed by the software itself: a time
# in the past, a reference to an issue or the thread, a correction, an update, what an
# earlier revision did ("r2 was OOMKilled", "it was OOMKilled again this morning").
_DISCOURSE = re.compile(
    r"\b(?:[Tt]o be clear|[Ll]ast (?:week|night|time|month)|[Yy]esterday|[Ee]arlier today|[Uu]pdate:"
    r"|[Ll]ike in #\d{1,7}|[Aa]ny (?:idea|help|pointers)|[Tt]hank(?:s| you)|[Ss]ee above"
    r"|in (?:the|this) thread|(?:^|\s)[RrVv]\d{1,4} (?:was|were|had|kept|got)\b"
    r"|\b[Tt]his (?:morning|afternoon|evening)\b|\b(?:was|were|got) [A-Z][A-Za-z]{2,40} again\b)"
)


def _body(text: str) -> tuple[str, bool]:
    """The words of a line past its quote marks, bullet and clock; and whether it is a
    timeline entry (a bullet and a clock)."""
    body = text[: MAX_CHARS + 100]
    body = body[_QUOTE_LEAD.match(body).end() :]  # type: ignore[union-attr]
    chat = _CHAT_LEAD.match(body)
    if chat is not None:
        body = body[chat.end() :]
    bullet = _BULLET.match(body)
    if bullet is not None:
        body = body[bullet.end() :]
    clock = _CLOCK.match(body)
    if clock is not None:
        body = body[clock.end() :]
    emphasis = _EMPHASIS.match(body)
    if emphasis is not None:
        body = body[emphasis.end() :]
    return body.strip(), bullet is not None and clock is not None


# Letters of the scripts the software in a paste never writes its own messages in (Kubernetes,
# KServe, Knative, kaniko, pip and Merlin speak English): Greek, Cyrillic, Hebrew, Arabic,
# Devanagari, Thai, CJK punctuation, kana, CJK ideographs, Hangul, full-width forms.
_PERSONS_SCRIPT = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
    r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff01-\uff5e]"
)
MIN_SCRIPT_CHARS = 4
# A line the software starts with a label of its own ("RuntimeError: モデルの読み込みに失敗しました",
# "ERROR: ...", "Message: ..."): output, whatever language its message is in.
_LABEL_LEAD = re.compile(r"[A-Za-z_][\w.]{0,80}:")


def _in_a_persons_script(body: str) -> bool:
    """True when a quarter of the line's visible characters are in a script no software
    message uses: a person writing in their own language ("之前 OOMKilled 的问题已经解决了")."""
    if body.isascii():
        return False
    count = len(_PERSONS_SCRIPT.findall(body))
    return count >= MIN_SCRIPT_CHARS and count * 4 >= len(body) - body.count(" ")


def _sentence_shaped(body: str) -> bool:
    """True when a line's words are shaped like a sentence: long enough, several words, no
    log record's start or clock, no table columns (two spaces) and no JSON key."""
    if not 20 <= len(body) <= MAX_CHARS or RECORD_START.match(body) or "  " in body or '":' in body:
        return False
    return len(body.split()) >= MIN_WORDS and not _LOG_CLOCK.search(body, 0, 60)


def is_narration(text: str) -> bool:
    """True when ``text`` (one line) reads as the reporter's own sentence, in English or in
    a script no software message is written in."""
    if len(text.strip()) > MAX_CHARS:
        return False
    body, timeline = _body(text)
    labelled = _LABEL_LEAD.match(body) is not None  # the software's own label leads the line
    if not labelled and not RECORD_START.match(body) and _in_a_persons_script(body):
        return True
    if not _sentence_shaped(body):
        return False
    return bool(
        (not labelled and words.speaks(body))
        or timeline
        or _FIRST_PERSON.search(body)
        or body.endswith(("?", "\uff1f"))
        or _INNER_QUESTION.search(body)
        or _GREETING.match(body)
        or _DISCOURSE.search(body)
    )


# A person passing on what the output said: "the logs say", "kubectl shows", "I get", "it dies with".
_REPORTING = re.compile(
    r"\b(?:says?|said|shows?|showed|shown|prints?|printed|reports?|reported|gives?|gave|I get|I got"
    r"|I'm getting|I am getting|I see|I saw|(?:fails?|failed|failing|dies|died|crash(?:es|ed)|ends?|ended)"
    r" with)\b"
)


def reports_output(text: str, at: int | None) -> bool:
    """True when the sentence of ``text`` holding offset ``at`` passes on, now, what the
    output said there ("kubectl logs --previous only shows exec format error"): a reporting
    verb before the words, and ``tells_of_now`` of that sentence. Without ``at`` (the words
    cannot be placed) nothing says what was passed on."""
    if at is None or not 0 <= at < len(text) <= MAX_CHARS:
        return False
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    return _REPORTING.search(text, start, at) is not None and tells_of_now(text, at)


def tells_of_now(text: str, at: int | None = None) -> bool:
    """True when a narrated line states a failure as it is now: it quotes output inline, or it
    is no guess, no denial and no memory (unless a word puts it in the present: "still",
    "now", "keeps", "every time"). With ``at`` (where the error's words start in ``text``)
    only the sentence holding them is judged: "It fails every night with X. I guess that's
    the new package?" states X; the guess is about something else. Words negated right before
    them ("Reason `Error`, not `OOMKilled`") are denied, whatever the sentence quotes inline."""
    if at is not None and 0 <= at < len(text) <= MAX_CHARS:
        if _NEGATED_WORDS.search(text, max(0, at - NEGATION_REACH), at):
            return False  # the sentence denies these very words
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
        after = _SENTENCE_END.search(text, at)
        text = text[start : after.start() + 1 if after else len(text)]
    body, timeline = _body(text)
    if _INLINE_CODE.search(body):
        return True
    if _GUESS.search(body) or _DENIAL.search(body) or _AVOIDANCE.search(body):
        return False
    if words.is_guess_or_denial(body):
        return False
    past = timeline or _PAST.search(body) or words.is_past(body)
    return not (past and not (_NOW.search(body) or words.is_now(body)))
