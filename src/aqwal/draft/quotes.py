"""Attributions: cue, source, content and speakers from a record's cues, marks and mentions.

Arabic news puts the verb first (`قال وزير الخارجية سيرغي لافروف إن ...`), so the source is
looked for between the cue and the content first, and only then before the cue, in its clause
(`أن موسكو تعتقد أن ...`, `دبلوماسي روسي يعتبرها ...`). The content starts after a complementiser
(`أن`, `إن`, `بأن`), a colon, or at the first quotation that is not a name, and runs to the end
of the clause; it is cut at quotation marks, so the type follows from the marks as the
guidelines define it. A cue with nothing to attribute proposes nothing.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from aqwal import schema
from aqwal.draft.cues import Cue, find_cues, has_object
from aqwal.draft.entities import ANAPHORS, UNNAMED_HEADS, UNNAMED_MODIFIERS, Mention, romanise
from aqwal.draft.gazetteer import EntityRef, cldr_gazetteer
from aqwal.draft.text import key, prefix_length, readings, words


def _keys(text: str) -> frozenset[str]:
    return frozenset(key(w) for w in text.split())


COMPLEMENTISERS = _keys("أن إن بأن أنه أنها أنهم أنهما بأنه بأنها بأنهم بأنهما إنه إنها إنهم إنهما")
MEDIA_HEADS = _keys("وكالة قناة صحيفة جريدة موقع إذاعة مجلة تلفزيون يومية أسبوعية شبكة")
GENITIVE_HEADS = _keys("بيان تقرير بلاغ رسالة وثيقة مذكرة بيانا")
SPEAKER_RANK = {("PER", "name"): 0, ("PER", "nominal"): 1, ("ORG", "name"): 2, ("ORG", "nominal"): 2,
                ("GPE", "name"): 3}
CLAUSE_ENDS = "،,؛;"
TRIM = " \t،,.:؛;!?؟-–"
MARKS = "".join(sorted(schema.QUOTATION_MARKS))
MAX_NAME_QUOTE_WORDS = 4
MAX_WORDS_BEFORE_SOURCE = 2  # `حسب وكالة الأنباء`, `نقلا عن صحيفة ” الخبر ”`


@dataclass
class Attribution:
    cue: tuple[int, int]
    source: tuple[int, int] | None
    speakers: list[EntityRef]
    content: list[tuple[int, int]]
    type: str
    rule: str
    parent: int | None = None


@dataclass
class Context:
    """What the attributions of earlier records tell later ones (who spoke last)."""

    speakers: list[list[EntityRef]] = field(default_factory=list)
    titles: dict[str, EntityRef] = field(default_factory=dict)  # `الوزيرة` -> the minister named


def _next_non_space(text: str, i: int, step: int) -> int | None:
    while 0 <= i < len(text) and (text[i].isspace() or text[i] == "\u0640"):
        i += step
    return i if 0 <= i < len(text) else None


def is_marked(text: str, start: int, end: int, marks: str) -> bool:
    """Quotation marks (spaces skipped) on both sides: the guidelines' test for `marked`."""
    before, after = _next_non_space(text, start - 1, -1), _next_non_space(text, end, 1)
    return before is not None and after is not None and text[before] in marks and text[after] in marks


def name_pairs(text: str, pairs: list[tuple[int, int]], mentions: list[Mention]) -> set[tuple[int, int]]:
    """Pairs of marks that wrap a name: exactly a name mention, or a short text after a media
    head (`وكالة ” تاس ”`) or after `لـ` (`في تصريح لـ ” الجزائر ”`)."""
    found = set()
    for a, b in pairs:
        s, e = _trimmed(text, a + 1, b, " ")
        inner = words(text[s:e])
        if not inner or len(inner) > MAX_NAME_QUOTE_WORDS or any(a < x < b for x, y in pairs if (x, y) != (a, b)):
            continue
        exact = any(m.start == s and m.end == e and m.kind == "name" for m in mentions)
        before = [w for w in words(text[:a]) if w.end <= a]
        head = before[-1].key if before and not text[before[-1].end:a].strip(" \u0640") else ""
        media = head == "ل" or any(r in MEDIA_HEADS for _, r in readings(head)) or head in MEDIA_HEADS
        if exact or media:
            found.add((a, b))
    return found


def _trimmed(text: str, start: int, end: int, chars: str = TRIM) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _pieces(text: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """The stretch start..end cut at the given mark offsets, each piece trimmed (marks kept out);
    a piece outside the marks loses a leading complementiser (`، كما أن انضمام` -> `انضمام`)."""
    bounds = [start, *sorted(c for c in cuts if start <= c < end), end]
    pieces, previous = [], start
    for c in bounds[1:]:
        a, b = _trimmed(text, previous, c)
        if a < b and not is_marked(text, a, b, MARKS):
            a = _after_complementiser(text, a, b)
        if a < b and any(ch.isalnum() for ch in text[a:b]):
            pieces.append((a, b))
        previous = c + 1
    return pieces


def _is_complementiser(word_key: str) -> bool:
    """`أن`, `بأن`, and with a conjunction: `وأن`, `فإن`."""
    return any(rest in COMPLEMENTISERS for clitic, rest in readings(word_key) if clitic in ("", "و", "ف"))


def _after_complementiser(text: str, a: int, b: int) -> int:
    ws = words(text[a:b])[:2]
    if len(ws) == 2 and ws[0].key == "كما" and _is_complementiser(ws[1].key):
        return _trimmed(text, a + ws[1].end, b)[0]
    if ws and _is_complementiser(ws[0].key) and len(words(text[a:b])) > 1:
        return _trimmed(text, a + ws[0].end, b)[0]
    return a


def _addressee(text: str, m: Mention) -> bool:
    """`لوكالة ” تاس ”`, `لـ “الجزائر”`, `لمصادر`: said *to* someone, not by them (but
    `بيان لمجلس الأمن`, a statement *of* the council, names its source)."""
    ws = [w for w in words(text[:m.end]) if w.start <= m.start]
    if not ws:
        return False
    own = ws[-1]
    if own.start < m.start < own.end:  # a proclitic on the mention itself
        clitic = text[own.start:m.start]
        previous = ws[-2].key if len(ws) > 1 else ""
        return key(clitic).endswith("ل") and previous not in GENITIVE_HEADS
    previous = [w for w in ws if w.end <= m.start]
    if not previous or text[previous[-1].end:m.start].strip(" \u0640“”«»\""):
        return False
    head = previous[-1].key
    return head == "ل" or any(c.endswith("ل") and r in MEDIA_HEADS for c, r in readings(head))


def _source(text: str, mentions: list[Mention], lo: int, hi: int, pick: str):
    """(span, mentions) of the speaker mention inside lo..hi that `pick` chooses (`best`: the
    first of the best rank; `nearest`: the last of the best rank; `first`: the first), a
    coordination of two names (`باتروشيف ومساهل`) taken whole; None if there is none."""
    ranked = sorted((m for m in mentions if lo <= m.start and m.end <= hi and (m.type, m.kind) in SPEAKER_RANK
                     and not _addressee(text, m)), key=lambda m: m.start)
    if not ranked:
        return None
    best_rank = min(SPEAKER_RANK[m.type, m.kind] for m in ranked)
    best = [m for m in ranked if SPEAKER_RANK[m.type, m.kind] == best_rank]
    m = ranked[0] if pick == "first" else best[-1] if pick == "nearest" else best[0]
    partner = next((o for o in mentions if o is not m and o.type == m.type and o.kind == m.kind
                    and key(text[m.end:o.start]).strip() == "و"), None)
    if partner is not None and partner.end <= hi:
        return (m.start, partner.end), [m, partner]
    return (m.start, m.end), [m]


_NAMED = key("باسم")  # "in the name of": what follows a description is then its title
# the anaphors by their first word, in ANAPHORS' order: a word is compared with its own only
_ANAPHORS_BY_HEAD = {head: [p for p in ANAPHORS if p[0] == head] for head in dict.fromkeys(p[0] for p in ANAPHORS)}


@functools.lru_cache(maxsize=64)
def _words(text: str) -> tuple:
    """A record's words, kept: each cue of a record scans them again."""
    return tuple(words(text))


def _described_source(text: str, lo: int, hi: int, ctx: Context, anaphor_only: bool):
    """A description that speaks: `المتحدث` (the last speaker), or an unnamed person
    (`دبلوماسي روسي كبير`), as a new nominal mention; None if there is none in lo..hi."""
    ws = [w for w in _words(text) if lo <= w.start and w.end <= hi]
    for i, w in enumerate(ws):
        for clitic, rest in readings(w.key):
            if clitic not in ("", "و", "ف"):
                continue
            start = w.start + (prefix_length(w.text, len(clitic)) if clitic else 0)
            for phrase in _ANAPHORS_BY_HEAD.get(rest, ()):
                tail = [x.key for x in ws[i + 1:i + len(phrase) + 1]]
                titled = len(tail) >= len(phrase) and tail[len(phrase) - 1] == _NAMED  # a title
                if (rest, *tail[:len(phrase) - 1]) == phrase and ctx.speakers and not titled:
                    return Mention(start, ws[i + len(phrase) - 1].end, list(ctx.speakers[-1]), "nominal",
                                   "source-description")
            title = ctx.titles.get(rest.removeprefix("ال"))
            if title is not None:
                end = i
                while end + 1 < len(ws) and end - i < 3 and ws[end + 1].text.startswith("ال") and not text[
                        ws[end].end:ws[end + 1].start].strip():
                    end += 1
                return Mention(start, ws[end].end, [title], "nominal", "title-description")
            if rest in UNNAMED_HEADS and not anaphor_only:
                end = i
                while end + 1 < len(ws) and end - i < 2 and not text[ws[end].end:ws[end + 1].start].strip() and (
                        ws[end + 1].key in UNNAMED_MODIFIERS or _nationality(ws[end + 1].text)):
                    end += 1
                phrase = text[start:ws[end].end]
                ref = EntityRef(f"unnamed:{rest}:{_nationality(text[start:ws[end].end]) or ''}", "PER", phrase,
                                f"unnamed {romanise(phrase)}", "unnamed-source")
                return Mention(start, ws[end].end, [ref], "nominal", "unnamed-source")
    return None


_NATIONALITY: dict[str, str | None] = {}


def _nationality(text: str) -> str | None:
    """The nationality a phrase names (the group entity's key), if any."""
    if text not in _NATIONALITY:
        _NATIONALITY[text] = next((m.ref.key for m in cldr_gazetteer().match(text) if m.ref.type == "NORP"), None)
    return _NATIONALITY[text]


def _speaker_in(text, mentions, lo: int, hi: int, pick: str, ctx: Context):
    """(source, new mention) in lo..hi: the best-ranked of the mentions there and of a
    description that speaks (a new nominal mention), (None, None) if neither."""
    source = _source(text, mentions, lo, hi, pick)
    described = _described_source(text, lo, hi, ctx, anaphor_only=False)
    if described is not None and not any(m.start <= described.start < m.end for m in mentions if m.kind == "nominal"):
        rank = SPEAKER_RANK[described.type, "nominal"]
        if source is None or rank < min(SPEAKER_RANK[m.type, m.kind] for m in source[1]):
            return ((described.start, described.end), [described]), described
    return source, None


def _opener(text: str, lo: int, hi: int, pairs, names) -> tuple[str, int, int] | None:
    """Where the content starts after the cue: (how, offset of the opener, content start)."""
    quoted = [p for p in pairs if p not in names]
    candidates = []
    for w in words(text[lo:hi]):
        a = lo + w.start
        if w.key in COMPLEMENTISERS and not any(x < a < y for x, y in quoted):
            candidates.append(("that", a, lo + w.end))
            break
    colon = next((i for i in range(lo, hi) if text[i] == ":" and not any(x < i < y for x, y in quoted)
                  and words(text[i + 1:hi])), None)
    if colon is not None:
        candidates.append(("colon", colon, colon + 1))
    opening = next((a for a, b in quoted if lo <= a < hi), None)
    if opening is not None:
        candidates.append(("marks", opening, opening))
    return min(candidates, key=lambda c: c[1]) if candidates else None


def _word_start(text: str, cue: Cue) -> int:
    """Where the cue's word starts, its proclitic included (`وقال`)."""
    word_start = cue.start
    while word_start > 0 and text[word_start - 1] in "وفب":
        word_start -= 1
    return word_start


def _coordinated(text: str, cue: Cue) -> bool:
    """A cue that starts a new clause (`“، وقال`, `. وأضاف`), not one inside a reported one."""
    word_start = _word_start(text, cue)
    before = _next_non_space(text, word_start - 1, -1)
    return before is None or text[before] in CLAUSE_ENDS + "." or (
        word_start < cue.start and text[before] in "“”«»\"")


def colon_cues(text: str, verb_cues: list[Cue], pairs, names) -> list[Cue]:
    """A colon before a quotation, with no verb of saying before it in its clause: the headline
    colon of `أكرم خريف لـ “الجزائر”: “...”`."""
    found = []
    for i, ch in enumerate(text):
        if ch != ":" or any(a < i < b for a, b in pairs):
            continue
        after = _next_non_space(text, i + 1, 1)
        opens = after is not None and any(a == after for a, b in pairs if (a, b) not in names)
        clause = max([0, *(j + 1 for j in range(i) if text[j] in CLAUSE_ENDS + ".")])
        if opens and not any(clause <= c.start < i for c in verb_cues):
            found.append(Cue(i, i + 1, ":", "colon"))
    return found


def attributions(text: str, mentions: list[Mention], pairs, names, ctx: Context,
                 unpaired: list[int]) -> tuple[list[Attribution], list[Mention]]:
    """The attributions of one editorial record and the nominal mentions their sources add."""
    verb_cues = [c for c in find_cues(text) if not any(a < c.start < b for a, b in names)]
    cues = sorted(verb_cues + colon_cues(text, verb_cues, pairs, names))
    found, added = [], []
    for n, cue in enumerate(cues):
        ends = [_word_start(text, c) for c in cues[n + 1:] if _coordinated(text, c)]
        window = min([len(text), *ends])
        result = _one(text, cue, window, mentions + added, pairs, names, ctx, unpaired)
        if result is not None:
            attribution, new_mention = result
            found.append(attribution)
            ctx.speakers.append(attribution.speakers)
            if new_mention is not None:
                added.append(new_mention)
    for i, a in enumerate(found):
        containing = [j for j, p in enumerate(found) if j != i and any(
            s <= a.cue[0] and a.cue[1] <= e for s, e in p.content)]
        if containing:
            a.parent = min(containing, key=lambda j: sum(e - s for s, e in found[j].content))
    return found, added


def _one(text, cue: Cue, window: int, mentions, pairs, names, ctx: Context, unpaired):
    if cue.kind == "according":
        return _according(text, cue, window, mentions, pairs, names, unpaired)
    opener = _opener(text, cue.end, window, pairs, names)
    source, new = _speaker_in(text, mentions, cue.end, opener[1] if opener else window, "best", ctx)
    if source is None:
        clause = _clause_start(text, cue.start, [p for p in pairs if p not in names])
        source, new = _speaker_in(text, mentions, clause, cue.start, "nearest", ctx)
    after_source = max(cue.end, source[0][1]) if source else cue.end
    if opener is None:
        bare = cue.kind == "consider" and has_object(key(text[cue.start:cue.end]))
        if not bare:
            return None
        content = _pieces(text, after_source, _stop(text, after_source, window, unpaired), _marks_in(pairs))
        rule = "bare-clause"
    elif opener[0] == "marks":
        pair = next(p for p in pairs if p[0] == opener[1])
        content = _pieces(text, pair[0] + 1, pair[1], _marks_in(pairs))
        rule = "quotation-after-cue"
    else:
        start = opener[2]
        quoted = [p for p in pairs if p not in names]
        content = _pieces(text, start, _stop(text, start, window, unpaired, quoted), _marks_in(pairs))
        rule = "complementiser" if opener[0] == "that" else "colon"
    right_before = opener is not None and not words(text[cue.end:opener[1]].replace("إلى", ""))
    speakers = ([ref for m in source[1] for ref in m.refs] if source
                else _pro_drop(cue, ctx) if right_before or cue.dual else [])
    if not content or not speakers:
        return None
    return Attribution((cue.start, cue.end), source[0] if source else None, _unique(speakers), content,
                       _type(text, content), f"{cue.kind}-{rule}"), new


def _according(text, cue: Cue, window: int, mentions, pairs, names, unpaired):
    """`حسب X` / `نقلا عن X`: the source follows the cue, the content is the rest of the clause
    around them."""
    source = _source(text, mentions, cue.end, window, "first")
    if source is None or len(words(text[cue.end:source[0][0]])) > MAX_WORDS_BEFORE_SOURCE:
        return None
    clause = _clause_start(text, cue.start, [p for p in pairs if p not in names])
    first = [w for w in words(text) if w.start >= clause]
    lead = clause
    if first and first[0].key[:1] in "وف" and first[0].key[1:2] in "يتن" and len(first[0].key) >= 4:
        lead = first[0].start + prefix_length(first[0].text, 1)  # `ويعقد` -> `يعقد`
    cut_before = max(lead, _word_start(text, cue))  # `وبحسب`
    marks = _marks_in(pairs)
    content = _pieces(text, lead, cut_before, marks) + _pieces(
        text, source[0][1], _stop(text, source[0][1], window, unpaired), marks)
    speakers = [ref for m in source[1] for ref in m.refs]
    if not content:
        return None
    return Attribution((cue.start, cue.end), source[0], _unique(speakers), content, _type(text, content),
                       "according"), None


def _clause_start(text: str, at: int, pairs) -> int:
    """Where the clause holding offset `at` starts: after the last complementiser, clause
    punctuation or closing mark before it."""
    start = 0
    for w in words(text[:at]):
        if w.key in COMPLEMENTISERS:
            start = w.end
    for i in range(start, at):
        if text[i] in CLAUSE_ENDS + ".:" or any(b == i for a, b in pairs):
            start = i + 1
    return start


def _stop(text: str, start: int, window: int, unpaired: list[int], pairs=()) -> int:
    """The content's end: the window's, an unpaired mark's (never inside a content span), or
    a closing mark's after which the sentence goes on with something else than a complementiser
    (`بأن "..."، غير أن الطرفين ...` ends at the mark; `"..."، وأن المشروع ...` goes on)."""
    end = min([window, *(u for u in unpaired if start <= u < window)])
    for _, close in sorted(pairs):
        if start < close < end:
            rest = words(text[close + 1:end])[:2]
            goes_on = rest and (_is_complementiser(rest[0].key) or (
                rest[0].key == "كما" and len(rest) > 1 and _is_complementiser(rest[1].key)))
            if text[close + 1:end].strip()[:1] in CLAUSE_ENDS and not goes_on:
                return close + 1
    return end


def _marks_in(pairs) -> list[int]:
    return [i for pair in pairs for i in pair]


def _type(text: str, content: list[tuple[int, int]]) -> str:
    marked = [is_marked(text, a, b, MARKS) for a, b in content]
    return "direct" if all(marked) else "indirect" if not any(marked) else "mixed"


def _pro_drop(cue: Cue, ctx: Context) -> list[EntityRef]:
    """No source in the sentence (`وأشارا إلى ...`): the last speakers, of the cue's number."""
    for speakers in reversed(ctx.speakers):
        if (len(speakers) == 2) == cue.dual:
            return speakers
    return []


def _unique(refs: list[EntityRef]) -> list[EntityRef]:
    return list(dict.fromkeys(refs))
