"""A prediction against the gold, span by span, as exact-match scoring counts it.

A gold span the prediction has is a hit, one it lacks a miss, and a span only the prediction
has a false alarm. Spans are tuples: NER spans `(record_id, start, end, label)` with offsets
into the record's text (as `sentences.entities`), attribution parts `(role, start, end)` with
offsets into the document text (as `quotes`). Each content span is a part of its own, as in
PARC's per-role scores; a role no predicted attribution names (a cue finder gives no content)
is not compared.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping

from aqwal import schema
from aqwal.gold.findings import quoted

ROLES = ("cue", "source", "content")  # the parts of an attribution


class PredictionError(ValueError):
    """A predicted span that is malformed or does not fit its text; the message says which."""


def span(item, text: str, what: str) -> tuple[int, int]:
    """(start, end) of a span dict (`text` checked when given) or a pair, inside text."""
    if isinstance(item, Mapping):
        start, end, given = item.get("start"), item.get("end"), item.get("text")
    elif isinstance(item, (list, tuple)) and len(item) == 2:
        (start, end), given = item, None
    else:
        raise PredictionError(f"{what}: a span is {{'start', 'end'}} or (start, end), not {quoted(item)}")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        raise PredictionError(f"{what}: start and end must be integers, not {quoted(start)} and {quoted(end)}")
    if not 0 <= start < end <= len(text):
        raise PredictionError(f"{what}: ({start}, {end}) is not a non-empty span of a text of "
                              f"{len(text)} characters")
    if given is not None and given != text[start:end]:
        raise PredictionError(f"{what}: its text {quoted(given)} differs from the text at "
                              f"({start}, {end}), {quoted(text[start:end])}")
    return start, end


def entity_spans(items: Iterable, record: Callable[[str], tuple[str, str]]) -> set[tuple]:
    """Predicted NER spans. Each item is a tuple (record_id, start, end, label), a dict with
    those keys, or a `sentences` row (`id` and `entities`); record(id) gives (full id, text)."""
    spans = set()
    for n, item in enumerate(items):
        what = f"predicted entity {n}"
        if isinstance(item, Mapping) and "entities" in item:
            if not isinstance(item["entities"], (list, tuple)):
                raise PredictionError(f"{what}: `entities` must be a list, not {quoted(item['entities'])}")
            inner = [{**e, "record_id": item.get("id")} if isinstance(e, Mapping) else e for e in item["entities"]]
        else:
            inner = [item]
        for e in inner:
            if isinstance(e, Mapping):
                rid, label, offsets = e.get("record_id"), e.get("label"), e
            elif isinstance(e, (list, tuple)) and len(e) == 4:
                rid, label, offsets = e[0], e[3], e[1:3]
            else:
                raise PredictionError(f"{what}: expected (record_id, start, end, label), not {quoted(e)}")
            if label not in schema.ENTITY_TYPES:
                raise PredictionError(f"{what}: label {quoted(label)} is not one of "
                                      f"{', '.join(schema.ENTITY_TYPES)}")
            full_id, text = record(str(rid))
            spans.add((full_id, *span(offsets, text, what), label))
    return spans


def quote_parts(items: Iterable, text: str) -> tuple[set[tuple], set[str], dict[tuple, list[str]]]:
    """Predicted attribution parts, the roles predicted at all, and which attributions (their
    `id`, else their position) predicted each part. An item is a dict with any of `cue`,
    `source` (a span or None) and `content` (a list of spans, or one span)."""
    parts, roles, ids = set(), set(), defaultdict(list)
    for n, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise PredictionError(f"predicted attribution {n}: expected a dict with cue, source or content")
        for role in ROLES:
            if role not in item:
                continue
            roles.add(role)
            given = item[role]
            many = role == "content" and isinstance(given, list) and not (
                len(given) == 2 and all(isinstance(x, int) for x in given))
            for one in (given if many else [] if given is None else [given]):
                part = (role, *span(one, text, f"predicted attribution {n}, {role}"))
                parts.add(part)
                ids[part].append(str(item.get("id", n)))
    return parts, roles, dict(ids)


def compare(gold: Mapping[Hashable, tuple], predicted: set[tuple]) -> tuple[dict, list[tuple]]:
    """The status of each gold span (by its key), and the false alarms in order."""
    statuses = {key: "hit" if s in predicted else "miss" for key, s in gold.items()}
    return statuses, sorted(predicted - set(gold.values()))


def overlapping(target: tuple, spans: Iterable[tuple]) -> list[tuple]:
    """The other spans of target's record or role that share a character with it."""
    group, start, end = target[:3]
    return sorted(s for s in spans if s[0] == group and s[1] < end and start < s[2] and s != target)
