"""A page's proposals, layer by layer: records and sections, mentions, attributions, marks.

`propose` is the whole pre-annotation of one page; it only reads the text and a gazetteer, so
it is what the baselines and the benchmark run too.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from aqwal import schema
from aqwal.draft.dates import MONTHS, iso_date
from aqwal.draft.entities import Mention, dual_mentions, page_gazetteer, romanise, tag
from aqwal.draft.gazetteer import EntityRef, Gazetteer
from aqwal.draft.marks import pair_line
from aqwal.draft.quotes import Attribution, Context, attributions, name_pairs
from aqwal.draft.sections import propose_sections
from aqwal.draft.segment import split_sentences
from aqwal.draft.text import key, keyed, span_of, words

PAGE_DATE = "page_date"
RESERVED_IDS = {schema.AUTHOR}


@dataclass
class Record:
    start: int
    end: int
    text: str
    section: str
    rule: str
    mentions: list[Mention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    marks: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, use, rule


@dataclass
class Draft:
    text: str
    records: list[Record]
    entity_ids: dict[str, str]  # EntityRef.key -> id
    entities: dict[str, EntityRef]  # id -> the entity
    page_date: str | None


def propose(text: str, gazetteer: Gazetteer) -> Draft:
    """Every proposal for the page `text`."""
    page = page_gazetteer(text, gazetteer)
    lines = text.split("\n")
    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    sections = propose_sections(lines)
    ctx, recent, records = Context(titles=page.titles), {"PER": [], "GPE": []}, []
    for a, b in split_sentences(text):
        section, rule = sections[bisect.bisect_right(line_starts, a) - 1]
        record = Record(a, b, text[a:b], section or "body", rule or "default")
        _label(record, page, ctx, recent)
        records.append(record)
    _same_descriptions(records)
    entity_ids, entities = entity_table(records)
    dateline = next((r for r in records if r.section == "dateline"), None)
    return Draft(text, records, entity_ids, entities, iso_date(dateline.text) if dateline else None)


def _label(record: Record, page: Gazetteer, ctx: Context, recent: dict[str, list[EntityRef]]) -> None:
    text = record.text
    mentions = tag(text, page, _date_ref if record.section != "dateline" else _page_date_ref)
    pairs, unpaired = pair_line(text)
    names = name_pairs(text, pairs, mentions)
    mentions = _names_in_marks(text, names, mentions, page)
    mentions += [d for d in dual_mentions(text, mentions, recent)
                 if not any((x.start, x.end) == (d.start, d.end) for x in mentions)]
    if record.section in schema.EDITORIAL_SECTIONS:
        record.attributions, added = attributions(text, mentions, pairs, names, ctx, unpaired)
        mentions += added
    record.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    record.marks = _unexplained_marks(text, record.attributions, pairs, names, unpaired)


def _names_in_marks(text: str, names, mentions: list[Mention], page: Gazetteer) -> list[Mention]:
    """A name in quotation marks after a media head is an organisation's (`لـ “الجزائر”` is the
    newspaper): its mention replaces whatever was found inside the marks."""
    for a, b in sorted(names):
        inner = text[a + 1:b]
        s = a + 1 + len(inner) - len(inner.lstrip())
        e = b - (len(inner) - len(inner.rstrip()))
        exact = next((m for m in mentions if (m.start, m.end) == (s, e) and m.kind == "name"), None)
        if exact is not None and exact.type == "ORG":
            continue
        ref = page.reading(text[s:e], "ORG") or EntityRef(f"org:{key(text[s:e])}", "ORG", text[s:e],
                                                          romanise(text[s:e]), "name-in-marks")
        mentions = [m for m in mentions if m.end <= s or e <= m.start or m.kind != "name"]
        mentions.append(Mention(s, e, [ref], "name", "name-in-marks"))
    return mentions


def _unexplained_marks(text: str, found: list[Attribution], pairs, names, unpaired) -> list[tuple]:
    """Marks that bound no content: names, quotations without a cue, unpaired marks."""
    boundaries = set()
    for attribution in found:
        for s, e in attribution.content:
            before = s - 1
            while before >= 0 and text[before].isspace():
                before -= 1
            after = e
            while after < len(text) and text[after].isspace():
                after += 1
            boundaries |= {before, after}
    marks = []
    for a, b in pairs:
        if (a, b) in names:
            if not {a, b} <= boundaries:
                marks.append((a, b + 1, "name", "name-in-marks"))
        else:
            marks += [(i, i + 1, "unpaired", "quotation-without-cue") for i in (a, b) if i not in boundaries]
    marks += [(i, i + 1, "unpaired", "unpaired-mark") for i in unpaired if i not in boundaries]
    return sorted(marks)


def _same_descriptions(records: list[Record]) -> None:
    """An unnamed source's description elsewhere on the page is a mention of it too (the
    breadcrumb repeats the kicker's `دبلوماسي روسي`)."""
    described = {}
    for r in records:
        for m in r.mentions:
            if m.rule == "unnamed-source":
                described.setdefault(key(r.text[m.start:m.end]), m.refs)
    for r in records:
        taken = {(m.start, m.end) for m in r.mentions}
        k = key(r.text)
        for phrase, refs in described.items():
            for match in re.finditer(re.escape(phrase), k):
                span = _key_span(r.text, match.start(), match.end())
                if span and span not in taken:
                    r.mentions.append(Mention(*span, refs, "nominal", "same-description"))
                    taken.add(span)
        r.mentions.sort(key=lambda m: (m.start, -m.end))


def _key_span(text: str, k_start: int, k_end: int) -> tuple[int, int] | None:
    """Offsets in text of a match found in key(text), if it falls on word boundaries."""
    _, origin = keyed(text)
    start, end = span_of(text, origin, k_start, k_end)
    ws = words(text)
    if any(w.start == start for w in ws) and any(w.end == end for w in ws):
        return start, end
    return None


def entity_table(records: list[Record]) -> tuple[dict[str, str], dict[str, EntityRef]]:
    ids: dict[str, str] = {}
    entities: dict[str, EntityRef] = {}
    for r in records:
        for m in r.mentions:
            for ref in m.refs:
                if ref.key in ids:
                    continue
                base = PAGE_DATE if ref.key == PAGE_DATE else ref.gold_id or _slug(ref)
                candidate, n = base, 1
                while candidate in entities or candidate in RESERVED_IDS:
                    n += 1
                    candidate = f"{base}_{n}"
                ids[ref.key] = candidate
                entities[candidate] = ref
    return ids, entities


def _slug(ref: EntityRef) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", ref.name_en.lower()).strip("_")[:40].strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"{ref.type.lower()}_{slug}".strip("_")
    return slug


ENGLISH_DATE_WORDS = {key(w): e for w, e in (
    ("الماضي", "last"), ("الماضية", "last"), ("الفارط", "last"), ("الفارطة", "last"), ("المنصرم", "last"),
    ("المقبل", "next"), ("المقبلة", "next"), ("القادم", "next"), ("القادمة", "next"), ("الجاري", "this"),
    ("الجارية", "this"), ("هذا", "this"), ("هذه", "this"), ("السنة", "year"), ("العام", "year"),
    ("عام", "year"), ("سنة", "year"), ("الشهر", "month"), ("شهر", "month"), ("الأسبوع", "week"), ("و", "and"),
    ("من", "of"), ("يوم", "day"), ("يومي", "days"), ("أسبوعين", "two weeks"), ("شهرين", "two months"),
    ("يومين", "two days"), ("عامين", "two years"), ("سنتين", "two years"), ("أيام", "days"),
    ("أسابيع", "weeks"), ("أشهر", "months"), ("سنوات", "years"), ("أعوام", "years"),
    ("السبت", "Saturday"), ("الأحد", "Sunday"), ("الاثنين", "Monday"), ("الإثنين", "Monday"),
    ("الثلاثاء", "Tuesday"), ("الأربعاء", "Wednesday"), ("الخميس", "Thursday"), ("الجمعة", "Friday"))}
ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]


def english_date(text: str) -> str:
    """A word-by-word English reading of a date (`أكتوبر من عام 2017` -> `October of year 2017`),
    for the reviewer to polish."""
    months = {key(m): ENGLISH_MONTHS[n - 1] for m, n in MONTHS.items()}
    out = []
    for w in words(text):
        k = w.key[2:] if w.key.startswith("ال") and w.key[2:].isdigit() else w.key
        out.append(months.get(k) or ENGLISH_DATE_WORDS.get(k) or k)
    return " ".join(out)


def _date_ref(text: str) -> EntityRef:
    return EntityRef(f"date:{key(text)}", "DATE", text, english_date(text), "date-pattern")


def _page_date_ref(text: str) -> EntityRef:
    return EntityRef(PAGE_DATE, "DATE", text, english_date(text), "date-line")
