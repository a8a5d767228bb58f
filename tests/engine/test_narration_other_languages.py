"""The reporter's words in the other languages Merlin's users write in (Bahasa Indonesia,
Vietnamese, Hinglish, Spanish, Portuguese, German, Russian...) and chat apps' message leads are
read as narration: a memory or a denial in them is no current failure, and output they wrap
is still output."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.narration import is_narration, tells_of_now

RUNNING = (
    "NAME                                                   READY   STATUS    RESTARTS   AGE\n"
    "harga-7-r2-predictor-00001-deployment-6c5b8d7f9-r4kp2  2/2     Running   0          26m\n"
)


def test_a_latin_script_sentence_in_another_language_is_narration() -> None:
    assert is_narration("kemarin OOMKilled, sudah saya naikkan memorinya jadi 8Gi")
    assert is_narration("Trước đó pod bị OOMKilled, em đã tăng RAM lên 6Gi và giờ ổn rồi")
    assert is_narration("Gestern hatte ich noch OOMKilled, das habe ich aber schon behoben")
    assert not is_narration('Error: secret "loan-score-db-creds" not found')
    assert not is_narration("RuntimeError: no se pudo cargar el modelo que está en la ruta")


def test_a_chat_apps_lead_is_read_past_and_output_after_it_stays_output() -> None:
    assert is_narration("[10.42, 4/12/2026] Budi Santoso: kemarin OOMKilled udah beres kok")
    assert is_narration("[14:22, 03/12/2026] João Pereira: o erro de cota já foi resolvido, valeu")
    assert not is_narration("[오후 2:31] 김민수: timeout building pyfunc image")


def test_memories_guesses_and_denials_in_other_languages_tell_of_no_current_failure() -> None:
    assert not tells_of_now("kemarin OOMKilled, sudah saya naikkan memorinya")
    assert not tells_of_now("mungkin karena quota? pod pending terus")
    assert not tells_of_now("bukan masalah GPU ya, model saya CPU aja")
    assert not tells_of_now("Раньше был OOMKilled, теперь всё ок")
    assert not tells_of_now("之前的 ImagePullBackOff 已经解决了")
    assert tells_of_now("kemarin OOMKilled, sekarang masih OOMKilled terus")


def test_a_past_failure_told_in_another_language_gives_way_to_healthy_output() -> None:
    text = "[09.12, 4/12/2026] Budi: update: kemarin OOMKilled, sudah saya naikkan memorinya\n" + RUNNING
    assert diagnose(text).findings == []
    text = "update: CrashLoopBackOff aa raha tha kal, ab fix ho gaya. ab logs dekho:\n" + RUNNING
    assert diagnose(text).findings == []
