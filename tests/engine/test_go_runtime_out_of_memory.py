"""A Go program's own report that it ran out of memory (round bj).

kaniko (the image builder) and Merlin's standard transformer are Go programs; when the
runtime cannot map a new heap arena or allocate a block it prints its last words above a
stack dump instead of being OOMKilled by the kernel. Both wordings must read as the memory
failure they are, while Go's other fatal errors and a question about the wording do not.
"""

from __future__ import annotations

from diagnoser import diagnose


def ids(text: str) -> list[str]:
    return [f.id for f in diagnose(text).findings]


def test_go_runtime_out_of_memory_while_snapshotting_is_oomkilled() -> None:
    paste = (
        "INFO[0241] Taking snapshot of full filesystem...\n"
        "fatal error: runtime: out of memory\n\nruntime stack:\n"
        "runtime.throw({0x1a3c2f8?, 0x3b9aca00?})\n"
    )
    assert ids(paste)[:1] == ["oomkilled"]


def test_go_cannot_allocate_byte_block_is_oomkilled() -> None:
    paste = (
        "runtime: out of memory: cannot allocate 536870912-byte block (2147483648 in use)\n"
        "fatal error: out of memory\n"
    )
    assert ids(paste)[:1] == ["oomkilled"]


def test_go_thread_exhaustion_is_not_a_memory_failure() -> None:
    paste = "runtime: program exceeds 10000-thread limit\nfatal error: thread exhaustion\n"
    assert "oomkilled" not in ids(paste)


def test_question_quoting_the_go_wording_is_not_output() -> None:
    paste = 'Does kaniko print "fatal error: runtime: out of memory" when it runs out of memory?\n'
    assert "oomkilled" not in ids(paste)
