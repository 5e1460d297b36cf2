"""The validated, offset-resolved form of one gold document, from which every config is built."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aqwal.gold.anchor import Span


@dataclass
class Entity:
    id: str
    type: str
    name: str
    name_en: str


@dataclass
class Mention:
    span: Span  # sentence-relative
    entity_ids: list[str]
    kind: str


@dataclass
class Quote:
    id: str
    type: str
    cue: Span  # sentence-relative, like every span below
    source: Span | None
    speakers: list[str]
    content: list[Span]
    parent: str | None
    stance: str
    stance_rationale: str | None
    marked: bool = False


@dataclass
class Sentence:
    id: str
    paragraph: int
    index: int
    section: str
    start: int
    end: int
    text: str
    text_en: str
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    marks: list[tuple[Span, str]] = field(default_factory=list)
    stance: str = "none"
    stance_holder: list[str] = field(default_factory=list)
    stance_rationale: str | None = None
    # `continues`: (attribution id, its content spans in this record) for an attribution cued
    # in an earlier record
    continuations: list[tuple[str, list[Span]]] = field(default_factory=list)


@dataclass
class Document:
    doc_id: str
    text: str
    sha256: str
    meta: dict
    entities: list[Entity]
    sentences: list[Sentence]
    path: Path  # the gold file, for findings that involve several documents
