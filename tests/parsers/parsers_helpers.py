"""Shared helpers for the parser tests: load a sample paste, run recognise + parse."""

from __future__ import annotations

from pathlib import Path

from diagnoser.model import Facts, Segment
from diagnoser.normalise import Document, normalise
from diagnoser.parsers import parse
from diagnoser.recognise import recognise

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def run(text: str) -> tuple[Document, list[Segment], Facts]:
    doc = normalise(text)
    segments = recognise(doc)
    return doc, segments, parse(doc, segments)


def facts_of(text: str) -> Facts:
    return run(text)[2]


def kinds_of(text: str) -> list[tuple[str, int, int]]:
    return [(s.kind, s.start, s.end) for s in run(text)[1]]
