"""Checking a gold file against its seed and the guidelines, resolving every span to offsets.

Three levels, as in docs/annotation-format.md: format (the YAML, its shape: `shape.SHAPE`),
reference (hashes, anchoring, tiling, ids, links) and guideline (quotation marks, types,
rationales). The format comes first: a file whose shape is wrong is not anchored, so every
later check can trust its types. A document is returned only when no level has a finding, so
nothing downstream ever sees an unchecked span. Every finding has a line.
"""
from __future__ import annotations

import bisect
import itertools
import re
from pathlib import Path

from aqwal import schema
from aqwal.gold import seeds, shape, yamlfile
from aqwal.gold.anchor import AnchorError, Span, anchor, is_word_char, word_boundary_problem
from aqwal.gold.findings import Findings, character, position, quoted
from aqwal.gold.model import Document, Entity, Mention, Quote, Sentence
from aqwal.gold.quotemarks import inside_pair, quotation_pairs
from aqwal.gold.seeds import Manifest

_QUOTATION_MARK = re.compile("[" + re.escape("".join(sorted(schema.QUOTATION_MARKS))) + "]")
DOCUMENT_FIELDS = tuple(shape.SHAPE["document"])
GOLD_SUFFIX = ".yaml"
NOTES_SUFFIX = ".md"  # notes for people beside the files (a README, an annotator's NOTES.md)
CONTEXT = 12  # characters shown on each side of a difference
_ARABIC = re.compile("[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def validate_file(gold_path: Path, seeds_dir: Path, manifest: Manifest | None = None, *,
                  named: bool = False, translated: bool = True) -> tuple[Findings, Document | None]:
    """All findings for one gold file, and its resolved document when there are none.

    named: the file sits in a gold folder, so its name must be `<doc_id>.yaml`.
    translated: False for an independent annotation pass, which may leave text_en empty.
    """
    manifest = read_manifest(Path(seeds_dir)) if manifest is None else manifest
    return _Checker(Path(gold_path), Path(seeds_dir), manifest, named, translated).run()


def gold_paths(gold_dir: Path) -> tuple[list[Path], Findings]:
    """Every `*.yaml` file directly under gold_dir, in name order, and a finding for anything
    else there that is not a folder, hidden, or Markdown notes (a `.yml`, a dangling link, ...)."""
    gold_dir, findings, paths = Path(gold_dir), Findings(), []

    def stray(entry, rule, message):
        findings.add("format", rule, entry, None, "", "", message)

    try:
        entries = sorted(gold_dir.iterdir())
    except OSError as error:
        stray(gold_dir, "no-gold-files", f"cannot list the gold folder: {error.strerror}")
        return paths, findings
    for entry in entries:
        if entry.name.startswith(".") or (entry.suffix == NOTES_SUFFIX and entry.is_file()):
            continue
        if entry.suffix == GOLD_SUFFIX and entry.is_file():
            paths.append(entry)
        elif entry.is_symlink() and not entry.exists():
            stray(entry, "unreadable-file", "a symbolic link to a file that does not exist: "
                  "remove it or point it at the gold file")
        elif entry.is_dir() and entry.suffix == GOLD_SUFFIX:
            stray(entry, "stray-file", "a folder named like a gold file: gold files are files")
        elif not entry.is_dir():
            stray(entry, "stray-file", f"not a gold file (gold files are <doc_id>{GOLD_SUFFIX}): "
                  f"rename it to {entry.stem}{GOLD_SUFFIX} if it is one, else move it out of "
                  "the gold folder")
    if not paths and not findings:
        stray(gold_dir, "no-gold-files", f"no *{GOLD_SUFFIX} gold files")
    return paths, findings


def validate_paths(paths: list[Path], seeds_dir: Path, manifest: Manifest | None = None, *,
                   translated: bool = True) -> tuple[Findings, list[Document]]:
    """The files of a gold folder (so each named after its doc_id). The manifest's own
    findings are reported only when it is read here."""
    findings, documents = Findings(), []
    if manifest is None:  # once, not per file
        manifest = read_manifest(Path(seeds_dir))
        findings.extend(manifest.findings)
    for path in paths:
        file_findings, document = validate_file(path, seeds_dir, manifest, named=True,
                                                translated=translated)
        findings.extend(file_findings)
        if document is not None:
            documents.append(document)
    return findings, documents


def validate_dir(gold_dir: Path, seeds_dir: Path, *,
                 translated: bool = True) -> tuple[Findings, list[Document]]:
    """Validate every gold file of gold_dir (each named after its doc_id, so no two share one);
    translated=False for the folder of an annotation pass."""
    paths, findings = gold_paths(gold_dir)
    file_findings, documents = validate_paths(paths, seeds_dir, translated=translated)
    findings.extend(file_findings)
    return findings, documents


def read_manifest(seeds_dir: Path) -> Manifest:
    """The seed manifest: its well-formed rows, and findings for the others."""
    return seeds.read_manifest(seeds_dir)


def _nearest_non_space(text: str, i: int, step: int) -> int | None:
    while 0 <= i < len(text) and text[i].isspace():
        i += step
    return i if 0 <= i < len(text) else None


def difference(written: str, actual: str, at: int, names=("the file", "the seed")) -> str:
    """Where `written` and `actual` first differ, both characters named, with context: what
    makes a look-alike or invisible character (ZWNJ, RLM, Persian yeh) findable."""
    i = 0
    while i < len(written) and i < len(actual) and written[i] == actual[i]:
        i += 1
    ours, theirs = names
    if i == len(actual):
        return f"{theirs} ends at offset {at + i}, where {ours} goes on"
    found = f"{ours} has {character(written[i])}" if i < len(written) else f"{ours} ends"
    what = f"{found}, {theirs} has {character(actual[i])}"
    if written[i + 1:i + 9] == actual[i:i + 8] and i + 1 < len(written):
        what += f" (an extra character in {ours})"
    elif written[i:i + 8] == actual[i + 1:i + 9]:
        what += f" (a character missing from {ours})"
    return (f"they first differ at offset {at + i}: {what}; {ours}: "
            f"{quoted(written[max(0, i - CONTEXT):i + CONTEXT])}, {theirs}: "
            f"{quoted(actual[max(0, i - CONTEXT):i + CONTEXT])}")


def _near_miss(haystack: str, needle: str) -> str:
    """For a span that is not in its record: where its longest prefix that is ends."""
    low, high = 0, len(needle)  # needle[:low] occurs, needle[:high + 1] does not
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if needle[:mid] in haystack else (low, mid - 1)
    if low < 2:
        return ""
    at = haystack.find(needle[:low])
    return "; " + difference(needle, haystack[at:], at, ("the span", "the record"))


class _Checker:
    def __init__(self, path: Path, seeds_dir: Path, manifest: Manifest, named: bool,
                 translated: bool):
        self.path, self.seeds_dir, self.manifest, self.named = path, seeds_dir, manifest, named
        self.translated = translated
        self.findings = Findings()
        self._node_of: dict[str, dict] = {}  # sentence id -> its mapping
        self._label_node: dict[int, dict] = {}  # id(Quote or Mention) -> its mapping
        self._entity_node: dict[str, tuple[int, dict]] = {}  # entity id -> (index, mapping)
        # id(spans of a `continues` item) -> (its index under `continues`, its mapping)
        self._continuation_node: dict[int, tuple[int, dict]] = {}
        # attribution id -> (record, span) of its content continued in later records
        self._continued: dict[str, list[tuple[Sentence, Span]]] = {}
        self._incomplete = False  # a record could not be placed: what needs them all waits

    def add(self, level, rule, line, record, field, message):
        self.findings.add(level, rule, self.path, line, record, field, message)

    def add_on(self, s: Sentence, level, rule, field, message, node=None, key=None):
        """A finding about a sentence record, at the line of node[key] (default: the record)."""
        node = self._node_of[s.id] if node is None else node
        self.add(level, rule, yamlfile.line_of(node, key), s.id, field, message)

    # -- the document ---------------------------------------------------------------------
    def run(self) -> tuple[Findings, Document | None]:
        try:
            reading = yamlfile.read(self.path)
        except OSError as error:
            self.add("format", "unreadable-file", None, "", "",
                     f"cannot read the file: {error.strerror}")
            return self.findings, None
        for p in reading.problems:
            self.add("format", p.rule, p.line, p.record, p.field, p.message)
        if reading.problems:
            return self.findings, None
        raw = reading.data
        for p in shape.check(raw, self.translated):
            self.add("format", p.rule, p.line, p.record, p.field, p.message)
        if not self.findings.ok:
            return self.findings, None
        doc_id = raw["doc_id"]
        if self.named and self.path.stem != doc_id:
            self.add("reference", "file-name", yamlfile.line_of(raw, "doc_id"), doc_id, "doc_id",
                     f"the file of doc_id {doc_id!r} must be named {doc_id}{GOLD_SUFFIX}")
        text, sha = self.seed(doc_id, raw)
        if text is None:
            return self.findings, None
        entities = self.entities(raw, doc_id)
        sentences = self.sentences(raw, text, doc_id)
        self.references(raw, doc_id, entities, sentences)
        self.guidelines(sentences)
        if not self.findings.ok:
            return self.findings, None
        meta = {key: raw["document"][key] for key in DOCUMENT_FIELDS}
        return self.findings, Document(doc_id, text, sha, meta, list(entities.values()), sentences,
                                       self.path)

    def seed(self, doc_id, raw) -> tuple[str | None, str | None]:
        line = yamlfile.line_of(raw, "doc_id")

        def missing(rule, message):
            self.add("reference", rule, line, doc_id, "doc_id", message)
            return None, None

        entry = self.manifest.get(doc_id)
        if entry is None:
            usable = " (the manifest has problems of its own)" if self.manifest.findings else ""
            return missing("seed-missing", f"{doc_id!r} is not listed in {self.manifest.path}"
                           f"{usable}: add the row {doc_id}<TAB>{doc_id}.txt<TAB><sha256>")
        seed_path = self.seeds_dir / entry["file"]
        try:
            actual = seeds.sha256_of(seed_path)
        except OSError as error:
            return missing("seed-missing", f"cannot read the seed {seed_path}: {error.strerror}")
        if actual != entry["sha256"]:
            return missing("seed-hash-changed", f"{seed_path} has SHA-256 {actual}, line "
                           f"{entry['line']} of the manifest records {entry['sha256']}: seeds "
                           "are immutable; restore the file (or, for a new version of the text, "
                           "update the hash and re-check every record)")
        try:
            return seeds.read_text(seed_path), actual
        except UnicodeDecodeError as error:
            seed_line, column = position(error.object, error.start)
            return missing("seed-not-utf8", f"{seed_path} is not UTF-8: byte "
                           f"0x{error.object[error.start]:02x} at line {seed_line}, column "
                           f"{column}; a seed is the page's text saved as UTF-8")

    def entities(self, raw, doc_id) -> dict[str, Entity]:
        entities: dict[str, Entity] = {}
        for i, node in enumerate(raw["entities"]):
            eid, line = node["id"], yamlfile.line_of(node, "id")
            if eid == schema.AUTHOR:
                self.add("format", "bad-id", line, doc_id, f"entities[{i}].id",
                         f"{eid!r} is reserved for the author in stance_holder: choose another id")
            elif eid in entities:
                self.add("reference", "duplicate-id", line, f"{doc_id}:{eid}", f"entities[{i}].id",
                         f"entity id {eid!r} is defined twice")
            else:
                entities[eid] = Entity(eid, node["type"], node["name"], node["name_en"])
                self.untranslated(node, "name_en", f"{doc_id}:{eid}", f"entities[{i}].name_en")
                self._entity_node[eid] = (i, node)
        return entities

    def untranslated(self, node, key, record, field):
        """English text holds no Arabic letter (guidelines 5: names as their English form), once
        accepted: a proposal's is a guess for the reviewer (`aqwal new` may leave `شهر May`)."""
        match = _ARABIC.search(node[key])
        if match and "proposed" not in node:
            self.add("guideline", "untranslated", yamlfile.line_of(node, key), record, field,
                     f"{quoted(node[key])} holds the Arabic {character(match.group())} at "
                     f"position {match.start() + 1}: write it in English")

    # -- sentence records: the page tiled, in order ---------------------------------------
    def sentences(self, raw, text, doc_id) -> list[Sentence]:
        nodes = raw["sentences"]
        paragraph_starts, offset = [], 0
        for line in text.split("\n"):
            if line.strip():
                paragraph_starts.append(offset)
            offset += len(line) + 1
        sentences, cursor, prev_paragraph, index, lost = [], 0, 0, 0, False
        for i, node in enumerate(nodes):
            record, line = f"{doc_id}:sentences[{i}]", yamlfile.line_of(node, "text")
            written = node["text"]
            s_text = written.strip()
            if not s_text:
                self.add("reference", "empty-record", line, record, "text",
                         "a record holds text: remove the empty record, or write its text")
                continue
            if s_text != written:
                self.add("reference", "record-whitespace", line, record, "text",
                         f"{quoted(written)} starts or ends with whitespace: records begin and "
                         "end with a visible character (spaces between records are no record's)")
            start = _nearest_non_space(text, cursor, 1)
            start = len(text) if start is None else start
            if not text.startswith(s_text, start):
                found = text.find(s_text, max(0, cursor - len(s_text)))
                if found == -1:
                    self.add("reference", "sentence-not-at-anchor", line, record, "text",
                             f"the record is not the seed's text at offset {start} (after the "
                             f"previous record): {difference(s_text, text[start:], start)}")
                    lost = self._incomplete = True
                    continue
                if found < cursor:
                    self.add("reference", "sentence-overlap", line, record, "text",
                             f"starts at offset {found}, inside the previous record (ends at {cursor})")
                elif not lost:  # after a record that could not be placed, the gap is its text
                    self.add("reference", "sentence-gap", line, record, "text",
                             f"characters {start}..{found} ({quoted(text[start:found].strip(), 40)}) "
                             "belong to no record")
                start = found
            lost = False
            end = start + len(s_text)
            cursor = end
            if "\n" in s_text:
                self.add("reference", "sentence-crosses-paragraph", line, record, "text",
                         "a record may not contain a line break")
            if end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
                self.add("reference", "record-cuts-word", line, record, "text",
                         f"the record ends inside a word ({quoted(text[max(0, end - 10):end])} | "
                         f"{quoted(text[end:end + 10])}): end records at a space or punctuation")
            paragraph = bisect.bisect_right(paragraph_starts, start)
            index = index + 1 if paragraph == prev_paragraph else 1
            prev_paragraph = paragraph
            sentence = Sentence(id=f"{doc_id}:p{paragraph}s{index}", paragraph=paragraph,
                                index=index, section=node["section"], start=start, end=end,
                                text=s_text, text_en=node["text_en"])
            self._node_of[sentence.id] = node
            self.untranslated(node, "text_en", sentence.id, "text_en")
            self.sentence_labels(node, sentence)
            sentences.append(sentence)
        rest = _nearest_non_space(text, cursor, 1)
        if rest is not None and not lost:
            last = nodes[-1] if nodes else raw
            self.add("reference", "sentence-gap", yamlfile.line_of(last, "text" if nodes else
                                                                     "sentences"),
                     f"{doc_id}:sentences[{len(nodes) - 1}]", "text",
                     f"characters {rest}..{len(text)} ({quoted(text[rest:].strip(), 40)}) "
                     "belong to no record")
        return sentences

    # -- the labels of one record ---------------------------------------------------------
    def span(self, node, s: Sentence, field, *, allow_marks=False) -> Span | None:
        try:
            span = anchor(s.text, node["text"], node.get("n"))
        except AnchorError as error:
            hint = _near_miss(s.text, node["text"]) if error.rule == "span-not-at-anchor" else ""
            self.add_on(s, "reference", error.rule, f"{field}.text", f"{error}{hint}", node, "text")
            return None
        problem = word_boundary_problem(s.text, span)
        if problem:
            self.add_on(s, "reference", "span-cuts-word", f"{field}.text",
                        f"{quoted(span.text)} {problem}", node, "text")
        if not allow_marks and not schema.QUOTATION_MARKS.isdisjoint(span.text):
            self.add_on(s, "guideline", "span-has-quote-mark", f"{field}.text",
                        f"{quoted(span.text)} includes a quotation mark", node, "text")
        return span

    def ids(self, node, key, s: Sentence, field) -> list[str]:
        """An id or a list of ids, as a list; each id once."""
        value = node.get(key, [])
        values = [value] if isinstance(value, str) else value
        if len(values) < 2 or len(set(values)) == len(values):
            return values
        for eid in {v for v in values if values.count(v) > 1}:
            self.add("reference", "repeated-id", yamlfile.line_of(node, key), s.id, field,
                     f"{eid!r} is listed more than once")
        return values

    def sentence_labels(self, node, s: Sentence):
        seen: dict[tuple[int, int], int] = {}
        for i, m in enumerate(node.get("mentions", [])):
            field = f"mentions[{i}]"
            span = self.span(m, s, field)
            ids = self.ids(m, "entity", s, f"{field}.entity")
            if span is None:
                continue
            if (span.start, span.end) in seen:
                self.add_on(s, "reference", "duplicate-mention", field,
                            f"{quoted(span.text)} is already mentions[{seen[span.start, span.end]}]"
                            ": one mention per span (list several entities in one mention)", m)
                continue
            seen[span.start, span.end] = i
            mention = Mention(span, ids, m["kind"])
            self._label_node[id(mention)] = m
            s.mentions.append(mention)
            if m["kind"] == "name" and len(ids) > 1:
                self.add_on(s, "guideline", "name-links-many", f"{field}.entity",
                            "a name mention links to exactly one entity", m, "entity")
        for i, q in enumerate(node.get("quotes", [])):
            quote = self.quote(q, s, f"quotes[{i}]")
            if quote:
                self._label_node[id(quote)] = q
                s.quotes.append(quote)
        for i, c in enumerate(node.get("continues", [])):
            spans = [self.span(x, s, f"continues[{i}].content[{j}]") for j, x in enumerate(c["content"])]
            if None not in spans:
                self._continuation_node[id(spans)] = (i, c)
                s.continuations.append((c["quote"], spans))
        for i, m in enumerate(node.get("marks", [])):
            span = self.span(m, s, f"marks[{i}]", allow_marks=True)
            if span:
                s.marks.append((span, m["use"]))
        s.stance = node["stance"]
        s.stance_holder = self.ids(node, "stance_holder", s, "stance_holder")
        s.stance_rationale = node.get("stance_rationale")
        self.stance_consistency(node, s, "", s.stance, s.stance_rationale, s.stance_holder)

    def quote(self, q, s: Sentence, field) -> Quote | None:
        cue = self.span(q["cue"], s, f"{field}.cue")
        source = self.span(q["source"], s, f"{field}.source") if q.get("source") else None
        speakers = self.ids(q, "speakers", s, f"{field}.speakers")
        content = [self.span(c, s, f"{field}.content[{j}]") for j, c in enumerate(q["content"])]
        rationale = q.get("stance_rationale")
        self.stance_consistency(q, s, f"{field}.", q["stance"], rationale, None)
        if cue is None or None in content or (q.get("source") and source is None):
            return None
        return Quote(q["id"], q["type"], cue, source, speakers, content, q.get("parent"),
                     q["stance"], rationale)

    def stance_consistency(self, node, s: Sentence, prefix, stance, rationale, holder):
        if stance != "none" and not rationale:
            self.add_on(s, "guideline", "missing-rationale", f"{prefix}stance_rationale",
                        f"stance {stance!r} needs a rationale", node, "stance")
        if stance == "none" and rationale:
            self.add_on(s, "guideline", "rationale-without-stance", f"{prefix}stance_rationale",
                        "stance 'none' takes no rationale", node, "stance_rationale")
        if holder is not None and (stance == "none") != (not holder):
            self.add_on(s, "guideline", "holder-mismatch", f"{prefix}stance_holder",
                        "a stance other than 'none' needs a holder, and 'none' has none",
                        node, "stance_holder" if "stance_holder" in node else "stance")

    # -- across records -------------------------------------------------------------------
    def references(self, raw, doc_id, entities: dict[str, Entity], sentences: list[Sentence]):
        quotes = {}
        for s in sentences:
            for i, q in enumerate(s.quotes):
                if q.id in quotes:
                    self.add_on(s, "reference", "duplicate-id", f"quotes[{i}].id",
                                f"quotation id {q.id!r} is used twice", self._label_node[id(q)], "id")
                quotes[q.id] = (q, s)
        mentioned = set()
        for s in sentences:
            node = self._node_of[s.id]
            for i, m in enumerate(s.mentions):
                mentioned.update(m.entity_ids)
                for eid in m.entity_ids:
                    if eid not in entities:
                        self.add_on(s, "reference", "undefined-entity", f"mentions[{i}].entity",
                                    f"entity {eid!r} is not defined", self._label_node[id(m)],
                                    "entity")
            for i, q in enumerate(s.quotes):
                q_node = self._label_node[id(q)]
                for eid in q.speakers:
                    if eid not in entities:
                        self.add_on(s, "reference", "undefined-entity", f"quotes[{i}].speakers",
                                    f"entity {eid!r} is not defined", q_node, "speakers")
                if q.parent is not None and q.parent not in quotes and not self._incomplete:
                    self.add_on(s, "reference", "undefined-record", f"quotes[{i}].parent",
                                f"quotation {q.parent!r} does not exist", q_node, "parent")
            for eid in s.stance_holder:
                if eid != schema.AUTHOR and eid not in entities:
                    self.add_on(s, "reference", "undefined-entity", "stance_holder",
                                f"entity {eid!r} is not defined", node, "stance_holder")
        self._continued = self.continuations(sentences, quotes)
        for eid, (i, node) in self._entity_node.items():
            if eid not in mentioned and not self._incomplete:
                self.add("reference", "entity-unmentioned", yamlfile.line_of(node), f"{doc_id}:{eid}",
                         f"entities[{i}]", f"entity {eid!r} has no mention: mention it, or remove it")
        self._quotes = quotes

    def continuations(self, sentences: list[Sentence], quotes) -> dict[str, list[tuple[Sentence, Span]]]:
        """`continues`: each names an attribution cued in an earlier record; its spans by that id."""
        order = {s.id: i for i, s in enumerate(sentences)}
        continued: dict[str, list[tuple[Sentence, Span]]] = {}
        last = {qid: order[s.id] for qid, (_, s) in quotes.items()}  # the last record holding it
        for s in sentences:
            for qid, spans in s.continuations:
                i, node = self._continuation_node[id(spans)]
                field = f"continues[{i}].quote"
                if qid not in quotes:
                    if not self._incomplete:  # else it may be in the record that was not placed
                        self.add_on(s, "reference", "undefined-record", field,
                                    f"quotation {qid!r} does not exist", node, "quote")
                elif order[quotes[qid][1].id] >= order[s.id]:
                    self.add_on(s, "reference", "continuation-before-cue", field,
                                f"{qid} is cued in {quotes[qid][1].id}, not in an earlier "
                                "record: content continues only into the records after its cue's "
                                "(check the id; content in the cue's own record is its `content`)",
                                node, "quote")
                elif last[qid] != order[s.id] - 1 and not self._incomplete:
                    self.add_on(s, "reference", "continuation-gap", field,
                                f"{qid} is cued in {quotes[qid][1].id}, but the record before this "
                                f"one, {sentences[order[s.id] - 1].id}, does not continue it: content "
                                "continues only into the records right after its cue's, each "
                                "holding part of it (check the id; a new cue is a new attribution)",
                                node, "quote")
                else:
                    last[qid] = order[s.id]
                    continued.setdefault(qid, []).extend((s, span) for span in spans)
        return continued

    def guidelines(self, sentences: list[Sentence]):
        # which quotation marks pair up, in every record holding content
        self._pairs = {s.id: quotation_pairs(s.text, [span for span, _ in s.marks])
                       for s in sentences if s.quotes or s.continuations}
        for s in sentences:
            editorial = s.section in schema.EDITORIAL_SECTIONS
            if not editorial and s.quotes:
                self.add_on(s, "guideline", "quote-outside-editorial", "quotes",
                            f"no quotations in a {s.section!r} record", key="quotes")
            if not editorial and s.continuations:
                self.add_on(s, "guideline", "quote-outside-editorial", "continues",
                            f"no quotation content in a {s.section!r} record", key="continues")
            if not editorial and s.stance != "none":
                self.add_on(s, "guideline", "stance-outside-editorial", "stance",
                            f"no stance in a {s.section!r} record", key="stance")
            self.holders(s)
            self.mention_layout(s)
            self.pronouns(s)
            mention_spans = {(m.span.start, m.span.end): m for m in s.mentions}
            for i, q in enumerate(s.quotes):
                self.quote_guidelines(s, q, f"quotes[{i}]", mention_spans)
            for qid, spans in s.continuations:
                if any(a.end > b.start for a, b in itertools.pairwise(spans)):
                    i, node = self._continuation_node[id(spans)]
                    self.add_on(s, "guideline", "content-order", f"continues[{i}].content",
                                f"{qid}: content spans must be in text order and not overlap",
                                node, "content")
            self.marks_explained(s)

    def holders(self, s: Sentence):
        """The holder of a record's stance is the writer (`author`) or the speakers of the
        attributions in the record (cued or continued) that take that stance: all of them."""
        if s.stance == "none" or not s.stance_holder:
            return  # holder-mismatch says whether it has a holder
        here = s.quotes + [self._quotes[qid][0] for qid, spans in self._continued.items()
                           if any(t is s for t, _ in spans)]
        voiced = {eid: q.id for q in here if q.stance == s.stance for eid in q.speakers}
        for eid in s.stance_holder:
            if eid != schema.AUTHOR and eid not in voiced:
                self.add_on(s, "guideline", "holder-not-speaker", "stance_holder",
                            f"{eid!r} holds the record's {s.stance!r} stance but speaks in no "
                            f"{s.stance!r} attribution of this record: list the speakers whose "
                            "words carry the stance, or `author` for the writer's own words",
                            key="stance_holder")
        for eid, qid in voiced.items():
            if eid not in s.stance_holder:
                self.add_on(s, "guideline", "holder-missing-speaker", "stance_holder",
                            f"{eid!r} speaks in {qid}, which takes the record's {s.stance!r} "
                            f"stance: add {eid!r} to stance_holder (it lists every holder)",
                            key="stance_holder")

    def pronouns(self, s: Sentence):
        """An independent pronoun is a mention only as the source of an attribution (2.2)."""
        sources = [q.source for q in s.quotes if q.source is not None]
        for i, m in enumerate(s.mentions):
            if m.kind == "pronoun" and not any(
                    src.start <= m.span.start and m.span.end <= src.end for src in sources):
                self.add_on(s, "guideline", "pronoun-not-source", f"mentions[{i}].kind",
                            f"the pronoun mention {quoted(m.span.text, 30)} is no attribution's "
                            "source: a pronoun is annotated only as a source (is it a name or "
                            "a nominal?)", self._label_node[id(m)], "kind")

    def mention_layout(self, s: Sentence):
        """Names are flat; any other mention may contain a name or lie inside one, never cross."""
        ordered = sorted(s.mentions, key=lambda m: (m.span.start, -m.span.end))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if b.span.start >= a.span.end:
                    break  # ordered by start: no later mention overlaps a either
                self.overlap(s, a, b)

    def overlap(self, s: Sentence, a: Mention, b: Mention):
        """a starts first (or is the longer of two with one start) and overlaps b."""
        if a.kind == b.kind == "name":
            self.add_on(s, "guideline", "overlapping-names", "mentions",
                        f"name mentions overlap at {b.span.start}..{min(a.span.end, b.span.end)}; "
                        "spans are flat", key="mentions")
        elif b.span.end > a.span.end:
            self.add_on(s, "guideline", "crossing-mentions", "mentions",
                        f"the {a.kind} mention {quoted(a.span.text, 30)} and the {b.kind} mention "
                        f"{quoted(b.span.text, 30)} cross: one must contain the other, or they "
                        "must not overlap", key="mentions")

    def quote_guidelines(self, s: Sentence, q: Quote, field, mention_spans):
        node = self._label_node[id(q)]
        # inside quotation marks: between the two marks of one pair (quotemarks), in the cue's
        # record and in every record the content continues into
        marked = [inside_pair(c, self._pairs[s.id]) for c in q.content] + [
            inside_pair(span, self._pairs[t.id]) for t, span in self._continued.get(q.id, [])]
        q.marked = any(marked)
        expected = "direct" if all(marked) else "indirect" if not any(marked) else "mixed"
        if q.type != expected:
            self.add_on(s, "guideline", "type-disagrees-with-marks", f"{field}.type",
                        f"{q.id}: typed {q.type!r}, but its content marks make it {expected!r}",
                        node, "type")
        ordered = sorted(q.content, key=lambda c: c.start)
        if ordered != q.content or any(a.end > b.start for a, b in itertools.pairwise(ordered)):
            self.add_on(s, "guideline", "content-order", f"{field}.content",
                        f"{q.id}: content spans must be in text order and not overlap",
                        node, "content")
        if any(c.start < q.cue.end and q.cue.start < c.end for c in q.content):
            self.add_on(s, "guideline", "content-overlaps-cue", f"{field}.cue",
                        f"{q.id}: the cue overlaps the content", node, "cue")
        if not q.speakers:  # `speakers: []`: the source is not an entity (guidelines 3.2)
            self.generic_source(s, q, field, node, mention_spans)
        elif q.source is not None:
            inside = [m for (start, end), m in mention_spans.items()
                      if q.source.start <= start and end <= q.source.end]
            is_mention = (any(m.span.start == q.source.start for m in inside)
                          and any(m.span.end == q.source.end for m in inside))
            if not is_mention:
                self.add_on(s, "guideline", "source-not-mention", f"{field}.source",
                            f"{q.id}: the source {quoted(q.source.text, 40)} is not a mention "
                            "(or a coordination of mentions)", node, "source")
            # what the source refers to: its outermost mentions (not a name inside a description)
            outer = [m for m in inside if not any(o is not m and o.span.start <= m.span.start
                                                  and m.span.end <= o.span.end for o in inside)]
            unlisted = sorted({eid for m in outer for eid in m.entity_ids} - set(q.speakers))
            if unlisted:
                self.add_on(s, "guideline", "source-not-speaker", f"{field}.speakers",
                            f"{q.id}: the source refers to {unlisted}, not listed under speakers: "
                            "the speakers are who the source names or describes", node, "speakers")
            unmentioned = [eid for eid in q.speakers if eid in self._entity_node
                           and not any(eid in m.entity_ids for m in s.mentions)]
            if is_mention and unmentioned:
                self.add_on(s, "guideline", "speaker-not-mentioned", f"{field}.speakers",
                            f"{q.id}: no mention of this record links to {unmentioned}, so the "
                            "source cannot name them: check the ids, or link the source's mention",
                            node, "speakers")
        if q.parent is None:
            around = [p.id for p in s.quotes if p is not q and self.holds(p, s, q.cue)] + [
                qid for qid, _ in s.continuations
                if qid in self._quotes and self.holds(self._quotes[qid][0], s, q.cue)]
            if around:
                self.add_on(s, "guideline", "parent-missing", f"{field}.parent",
                            f"{q.id}: its cue is inside the content of {', '.join(around)}: "
                            f"give that attribution as its parent", node,
                            "parent" if "parent" in node else "id")
        else:
            parent = self._quotes.get(q.parent, (None, None))[0]
            if parent is not None and not self.holds(parent, s, q.cue):
                self.add_on(s, "guideline", "parent-does-not-contain", f"{field}.parent",
                            f"{q.id}: its cue is not inside the content of {q.parent}",
                            node, "parent")

    def holds(self, q: Quote, s: Sentence, span: Span) -> bool:
        """Whether span (of record s) lies inside q's content in s: its own, or continued."""
        held = ([*q.content] if self._quotes.get(q.id, (None, None))[1] is s else []) + [
            c for t, c in self._continued.get(q.id, []) if t is s]
        return any(c.start <= span.start and span.end <= c.end for c in held)

    def generic_source(self, s: Sentence, q: Quote, field, node, mention_spans):
        """An attribution whose source is not an entity: the source span is required, and
        must not be a mention (its entity would be the speaker)."""
        if q.source is None:
            self.add_on(s, "guideline", "generic-source-missing", f"{field}.source",
                        f"{q.id}: `speakers: []` says the source is not an entity; give its words "
                        "as the source span (such as 'reports'), or list the speakers", node,
                        "speakers")
            return
        mention = mention_spans.get((q.source.start, q.source.end))
        if mention is not None:
            self.add_on(s, "guideline", "source-not-speaker", f"{field}.speakers",
                        f"{q.id}: the source {quoted(q.source.text, 40)} is a mention of "
                        f"{mention.entity_ids}: list them as speakers (`speakers: []` is only for "
                        "a source that is not an entity)", node, "speakers")

    def marks_explained(self, s: Sentence):
        boundaries = set()
        contents = [c for q in s.quotes for c in q.content]
        for c in contents + [span for _, spans in s.continuations for span in spans]:
            boundaries.add(_nearest_non_space(s.text, c.start - 1, -1))
            boundaries.add(_nearest_non_space(s.text, c.end, 1))
        listed = [span for span, _ in s.marks]
        for match in _QUOTATION_MARK.finditer(s.text):
            i, ch = match.start(), match.group()
            if i not in boundaries and not any(span.start <= i < span.end for span in listed):
                self.add_on(s, "guideline", "mark-unexplained", "marks",
                            f"the quotation mark {ch!r} at offset {i} is neither a content boundary "
                            "nor listed under marks", key="marks")
