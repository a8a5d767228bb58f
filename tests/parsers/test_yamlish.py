from diagnoser.parsers.yamlish import YMap, read_yaml


def _read(text: str):
    return read_yaml(list(enumerate(text.split("\n"), 1)))


def test_yaml_records_key_lines_and_zero_indent_sequences():
    (doc,), notes = _read("a:\n  b: 1\nitems:\n- name: x\n  value: 'it''s'\n- plain\n")
    assert notes == []
    assert doc["a"]["b"] == 1 and doc.key_lines == {"a": 1, "items": 3}
    assert doc["items"][0] == {"name": "x", "value": "it's"}
    assert doc["items"][0].key_lines["value"] == 5
    assert doc["items"][1] == "plain"


def test_yaml_block_scalars_and_flow_collections():
    (doc,), _ = _read(
        'm: |\n  one\n  two\nf: >\n  a\n  b\ne: {}\nl: [a, "b"]\nq: "x\\ty"\nfm: {cpu: "1", memory: 1Gi}\n'
    )
    assert doc["m"] == "one\ntwo" and doc["f"] == "a b"
    assert doc["e"] == {} and doc["l"] == ["a", "b"] and doc["q"] == "x\ty"
    assert doc["fm"] == {"cpu": "1", "memory": "1Gi"}


def test_yaml_aliases_are_never_expanded():
    bomb = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for index, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[index]
        bomb.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb.append("merged:\n  <<: *j\n  x: 1")
    (doc,), _ = _read("\n".join(bomb))
    assert doc["j"] == ["*i"] * 9
    assert doc["merged"] == {"<<": "*j", "x": 1}


def test_yaml_anchor_on_mapping_is_ignored_not_expanded():
    (doc,), _ = _read("base: &base\n  cpu: 1\nother: *base\n")
    assert doc["base"] == {"cpu": 1} and doc["other"] == "*base"


def test_yaml_excessive_nesting_is_reported_not_raised():
    text = "\n".join(" " * (2 * i) + f"k{i}:" for i in range(300)) + "\n" + " " * 600 + "v: 1"
    docs, notes = _read(text)
    assert notes and "nested more than" in notes[0]
    assert isinstance(docs, list)


def test_yaml_multiple_documents_and_unbalanced_quotes():
    docs, _notes = _read('a: 1\n---\nb: "unterminated\n  c: 2\n---\nd: 3\n')
    assert docs[0] == {"a": 1} and docs[-1] == {"d": 3}
    assert isinstance(docs[1], YMap)


def test_block_nesting_is_read_without_recursion() -> None:
    """90 levels (under MAX_DEPTH) read with a recursion limit far below what a recursive
    reader needs for them: the nesting never reaches the call stack."""
    import sys

    depth = 90
    lines = [(n + 1, "  " * n + f"k{n}:") for n in range(depth)] + [
        (depth + 1, "  " * depth + "reason: OOMKilled")
    ]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(60)
    try:
        (document,), notes = read_yaml(lines)
    finally:
        sys.setrecursionlimit(limit)
    node = document
    for n in range(depth):
        node = node[f"k{n}"]
    assert node == {"reason": "OOMKilled"} and notes == []
