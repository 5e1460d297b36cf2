"""The package's baselines: the rules behind `aqwal new`'s proposals, for comparing systems.

Each function takes plain text and answers in offsets of that text (`end` exclusive), in the
formats the notebooks use, so a student's function and the baseline are scored by the same
code. They are rules, not learned models: deterministic, offline, and written with the seed
article in view (BENCHMARKS.md, "Drafts", has their scores on a page they never saw).

    >>> from aqwal import baselines
    >>> baselines.split_sentences("قال الوزير. وأضاف")
    [(0, 11), (12, 17)]

Documented in docs/baselines.md.
"""
from __future__ import annotations

import bisect

from aqwal.draft import cues as _cues
from aqwal.draft import marks as _marks
from aqwal.draft import segment as _segment
from aqwal.draft import text as _text
from aqwal.draft.stance import lexicon_stance

__all__ = ["attributions", "cue_lexicon", "entities", "find_cues", "lexicon_stance", "normalise", "pair_marks",
           "sections", "split_sentences"]


def normalise(text: str) -> str:
    """Notebook 02's orthographic normalisation (exercise 4), on which every baseline compares
    words: bare alef for `أ إ آ ٱ`, `ي` for `ى`, `ه` for `ة`, no tatweel, no diacritics."""
    return _text.key(text)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence records (notebook 02's rule, with abbreviations and quotations respected)."""
    return _segment.split_sentences(text)


def sections(text: str) -> list[tuple[int, int, str]]:
    """(start, end, section) of every record of a page: dateline, navigation, kicker, ..."""
    from aqwal.draft.sections import propose_sections
    lines = text.split("\n")
    per_line, starts, offset = propose_sections(lines), [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return [(a, b, per_line[bisect.bisect_right(starts, a) - 1][0] or "body")
            for a, b in split_sentences(text)]


def pair_marks(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """(pairs as (open, close) offsets, unpaired offsets) of the quotation marks, every convention
    (`«»`, `""`, `“”`, `” “`), within lines (notebook 04, exercise 1, generalised)."""
    return _marks.pair_marks(text)


def cue_lexicon() -> dict[str, tuple[str, str, bool]]:
    """The generated cue lexicon: key of a form -> (lemma, kind, dual)."""
    return dict(_cues.lexicon())


def find_cues(text: str) -> list[tuple[int, int]]:
    """(start, end) of the attribution cues of text, proclitics left out (notebook 04, ex. 3)."""
    return [(c.start, c.end) for c in _cues.find_cues(text)]


def entities(text: str, gold_dir=None) -> list[tuple[int, int, str]]:
    """(start, end, type) of the named entities of a page (notebook 03's span format), from
    CLDR's names, the patterns, and the names of the gold files in gold_dir if given."""
    from aqwal.draft.document import propose
    from aqwal.draft.gazetteer import project_gazetteer
    draft = propose(text, project_gazetteer(gold_dir))
    return [(r.start + m.start, r.start + m.end, m.type) for r in draft.records for m in r.mentions
            if m.kind == "name"]


def attributions(text: str, gold_dir=None) -> list[dict]:
    """Attributions of a page, offsets in text: {cue, source, content, type, speakers, parent}
    with spans as (start, end); speakers are the draft's entity names."""
    from aqwal.draft.document import propose
    from aqwal.draft.gazetteer import project_gazetteer
    draft = propose(text, project_gazetteer(gold_dir))
    found = []
    for r in draft.records:
        first = len(found)
        for a in r.attributions:
            found.append({
                "cue": (r.start + a.cue[0], r.start + a.cue[1]),
                "source": (r.start + a.source[0], r.start + a.source[1]) if a.source else None,
                "content": [(r.start + s, r.start + e) for s, e in a.content],
                "type": a.type, "speakers": [ref.name for ref in a.speakers],
                "parent": None if a.parent is None else first + a.parent})
    return found
