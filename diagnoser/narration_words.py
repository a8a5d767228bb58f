"""The reporter's cue words in the languages Merlin's users write in besides English.

Merlin's users are largely in Indonesia, India, Singapore, Vietnam and China, and they write
around the output in Bahasa Indonesia (and Jakarta slang), Vietnamese, Hinglish, Spanish,
Portuguese, German, Russian, Chinese, Japanese, Korean and Thai. ``narration`` reads a line as a
person's by English cues and by non-Latin script; a Latin-script sentence ("kemarin OOMKilled,
sudah saya naikkan memorinya") has neither, and its memories ("kemarin", "hôm qua", "ayer"),
guesses ("mungkin", "có phải", "será que") and denials ("bukan masalah GPU") went unread. The
words here are the commonest function words and cue phrases of each language; none is an
English word or a word the software in a paste prints (kubectl, kaniko, KServe, pip and Merlin
speak English), so they mark a person's words, whatever error names the line also holds.

Latin-script words are looked up by the line's words (``\\w`` is Unicode-aware, so "đã" and
"läuft" are whole words): one split of the line and a set lookup per word. CJK, kana, Hangul
and Thai phrases, written without spaces, are alternations of literals: linear-time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_TOKEN = re.compile(r"\w+")


class _Words:
    """Whole words and phrases of a Latin-script language, found by the line's words: the line
    is split into words once (one C-speed ``findall``) and each word looked up in a set, where
    an alternation of hundreds of phrases would be tried at every character of the line."""

    def __init__(self, *groups: str) -> None:
        # "_" joins the words of a phrase; a hyphenated word ("jangan-jangan") is its words too.
        phrases = {tuple(_TOKEN.findall(w.replace("_", " ").lower())) for g in groups for w in g.split()}
        self.single = frozenset(phrase[0] for phrase in phrases if len(phrase) == 1)
        self.multi: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            if len(phrase) > 1:
                self.multi.setdefault(phrase[0], []).append(phrase)

    def found(self, body: str) -> Iterator[str]:
        """Each word or phrase of ``body`` in the list, in order (case-insensitive)."""
        tokens = _TOKEN.findall(body.lower())
        for index, token in enumerate(tokens):
            if token in self.single:
                yield token
            for phrase in self.multi.get(token, ()):
                if tuple(tokens[index : index + len(phrase)]) == phrase:
                    yield " ".join(phrase)

    def search(self, body: str) -> bool:
        return next(self.found(body), None) is not None


def _words(*groups: str) -> _Words:
    """The whole words and phrases of space-separated groups ("_" for a space inside a phrase)."""
    return _Words(*groups)


def _phrases(*groups: str) -> re.Pattern[str]:
    """An alternation of phrases in scripts without spaces between words (no boundaries)."""
    phrases = sorted({w for g in groups for w in g.split()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases))


# Function words of a person's sentence in a Latin-script language: two distinct ones make a line
# a person's ("sekarang udah jalan normal kok", "em đã tăng RAM lên 6Gi").
SPEECH = _words(
    # Bahasa Indonesia and Jakarta slang
    "saya aku gw gue kami kita udah sudah masih gak nggak enggak tidak kenapa karena mungkin tapi"
    " sekarang kemarin juga aja kok deh dong sih banget bisa yang dari untuk dengan mau coba tolong"
    " makasih beres terus gimana bagaimana tetep tetap sama jadi",
    # Vietnamese
    "em anh chị mình tôi bạn đã và không của là có được bị giờ rồi nhưng vẫn cho này lỗi ạ ơi mà thì"
    " khi lên với gì sao vậy trước hôm",
    # Hinglish
    "hai hain tha thi hoga gaya gayi kya nahi nahin mein bhi phir yaar bhai toh raha rahi diya kiya"
    " lagta mera maine humne abhi theek",
    # Spanish
    "que pero porque para una los las del ayer ahora todavía ya qué cómo alguien hola gracias creo"
    " tengo mis está están estoy cuando también sigue",
    # Portuguese
    "não você vocês meu minha tá pra ontem agora ainda já foi galera pessoal obrigado valeu acho"
    " será isso esse essa",
    # German
    "ich wir mein meine nicht und ist das der ein eine auf gestern jetzt noch schon aber liegt läuft"
    " hallo danke bitte habe haben wurde kein keine vielleicht",
)
MIN_SPEECH_WORDS = 2

# A time gone by or a failure over ("kemarin", "hôm qua", "fix ho gaya", "之前", "已经解决了").
PAST_WORDS = _words(
    "kemarin kemaren sebelumnya minggu_lalu beres teratasi sudah_diperbaiki udah_fix sudah_fix"
    " udah_ilang sudah_hilang",
    "hôm_qua trước_đó trước_đây tuần_trước đã_sửa đã_được_sửa đã_giải_quyết đã_tăng đã_fix ổn_rồi",
    "kal pehle tha thi fix_ho_gaya theek_ho_gaya solve_ho_gaya",
    "ayer antes la_semana_pasada resuelto resuelta arreglado solucionado corregido",
    "ontem semana_passada resolvido resolvida corrigido corrigida consertado já_foi",
    "gestern vorher früher letzte_woche behoben gelöst repariert erledigt",
    "вчера раньше ранее починили исправили исправлено решено решили было был была",
)
PAST_PHRASES = _phrases(
    "之前 以前 昨天 上周 已经解决 解决了 修复了 已修复",
    "昨日 先週 解決しました 解決済み 直りました 修正しました",
    "어제 예전에 이전에 지난주 해결했 해결됐 고쳤",
    "เมื่อวาน ก่อนหน้านี้ แก้แล้ว หายแล้ว",
)
# Words that put the failure in the present whatever else the sentence says ("masih", "vẫn").
NOW_WORDS = _words(
    "masih tetap tetep selalu",
    "vẫn luôn",
    "abhi_bhi ab_bhi phir_bhi har_baar",
    "todavía sigue siguen cada_vez siempre",
    "ainda continua toda_vez sempre",
    "immer_noch noch_immer weiterhin ständig jedes_mal",
    "всё_ещё все_еще до_сих_пор опять снова каждый_раз",
)
NOW_PHRASES = _phrases("还是 仍然 依然 一直 每次", "まだ 今も 毎回", "아직 계속 매번", "ตลอด")
# A guess or a question about what the error is ("mungkin karena quota?", "có phải do ...").
GUESS_WORDS = _words(
    "mungkin apa_karena apakah kayaknya sepertinya jangan-jangan",
    "có_phải chắc_là có_lẽ hay_là phải_không",
    "shayad kya",
    "quizás quizá tal_vez será puede_ser creo_que",
    "será_que talvez acho_que deve_ser",
    "vielleicht liegt_das ob_das könnte wahrscheinlich",
    "может наверное возможно похоже",
)
GUESS_PHRASES = _phrases(
    "是不是 可能 怀疑 会不会", "でしょうか かもしれ ですか", "일까요 인가요 아닐까 혹시", "หรือเปล่า หรือไม่"
)
# A failure denied ("bukan masalah GPU", "không phải", "不是权限问题").
DENIAL_WORDS = _words(
    "bukan gak_ada tidak_ada nggak_ada ga_ada",
    "không_phải không_còn",
    "to_nahi toh_nahi nahi_hai nahi_lagta",
    "no_es no_creo no_hay ya_no",
    "não_é não_tem acho_que_não",
    "liegt_nicht kein_problem keine_ahnung",
    "не_в не_из-за нет",
)
DENIAL_PHRASES = _phrases("不是 没有", "ではな じゃな", "아니", "ไม่ใช่")


def speaks(body: str) -> bool:
    """True when ``body`` holds two distinct function words of one of the Latin-script
    languages above: a person's sentence, not a message the software printed."""
    seen: set[str] = set()
    for word in SPEECH.found(body):
        seen.add(word)
        if len(seen) >= MIN_SPEECH_WORDS:
            return True
    return False


def is_past(body: str) -> bool:
    """True when ``body`` tells of a time gone by or a failure over, in another language."""
    return PAST_WORDS.search(body) or PAST_PHRASES.search(body) is not None


def is_now(body: str) -> bool:
    """True when ``body`` puts the failure in the present ("still"), in another language."""
    return NOW_WORDS.search(body) or NOW_PHRASES.search(body) is not None


def is_guess_or_denial(body: str) -> bool:
    """True when ``body`` guesses at or denies the failure, in another language."""
    return (
        GUESS_WORDS.search(body)
        or DENIAL_WORDS.search(body)
        or GUESS_PHRASES.search(body) is not None
        or DENIAL_PHRASES.search(body) is not None
    )
