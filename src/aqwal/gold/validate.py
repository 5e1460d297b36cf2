"""Checking a gold file against its seed and the guidelines, resolving every span to offsets.

Three levels, as in docs/annotation-format.md: format (the YAML and its labels), reference
(hashes, anchoring, ids, links) and guideline (quotation marks, types, rationales). A document is
returned only when no level has a finding, so nothing downstream ever sees an unchecked span.
"""
from __future__ import annotations

import bisect
import itertools
import re
from pathlib import Path

import yaml

from aqwal import schema
from aqwal.gold import seeds, yamlfile
from aqwal.gold.anchor import AnchorError, Span, anchor, word_boundary_problem
from aqwal.gold.findings import Findings
from aqwal.gold.model import Document, Entity, Mention, Quote, Sentence
from aqwal.gold.quotemarks import inside_pair, quotation_pairs

_QUOTATION_MARK = re.compile("[" + re.escape("".join(sorted(schema.QUOTATION_MARKS))) + "]")
DOCUMENT_FIELDS = ("publisher", "publisher_en", "page_date", "url", "url_note",
                   "publication_date", "publication_date_note", "language")


def validate_file(gold_path: Path, seeds_dir: Path,
                  manifest: dict | OSError | None = None) -> tuple[Findings, Document | None]:
    """All findings for one gold file, and its resolved document when there are none.

    The fast reading has no line numbers; a file with findings is read again with them (same
    data, so the same findings), which only failing files pay for.
    """
    gold_path, seeds_dir = Path(gold_path), Path(seeds_dir)
    findings, document = _Checker(gold_path, seeds_dir, yamlfile.load, manifest).run()
    if findings.ok:
        return findings, document
    return _Checker(gold_path, seeds_dir, yamlfile.load_with_lines, manifest).run()


def gold_paths(gold_dir: Path) -> tuple[list[Path], Findings]:
    """Every `*.yaml` directly under gold_dir, in name order (a finding if there is none)."""
    findings, paths = Findings(), sorted(Path(gold_dir).glob("*.yaml"))
    if not paths:
        findings.add("format", "no-gold-files", gold_dir, None, "", "", "no *.yaml gold files")
    return paths, findings


def validate_paths(paths: list[Path], seeds_dir: Path,
                   manifest: dict | OSError | None = None) -> tuple[Findings, list[Document]]:
    findings, documents = Findings(), []
    manifest = read_manifest(Path(seeds_dir)) if manifest is None else manifest  # once, not per file
    for path in paths:
        file_findings, document = validate_file(path, seeds_dir, manifest)
        findings.extend(file_findings)
        if document is not None:
            documents.append(document)
    return findings, documents


def duplicate_doc_ids(files: list[tuple[Path, str]]) -> Findings:
    """Across files: two gold files with one doc_id would publish clashing scoped ids."""
    findings, first = Findings(), {}
    for path, doc_id in files:
        if doc_id in first:
            findings.add("reference", "duplicate-doc-id", path, None, doc_id, "doc_id",
                         f"doc_id {doc_id!r} is already used by {first[doc_id]}")
        first.setdefault(doc_id, path)
    return findings


def validate_dir(gold_dir: Path, seeds_dir: Path) -> tuple[Findings, list[Document]]:
    """Validate every gold file of gold_dir, alone and against the others."""
    paths, findings = gold_paths(gold_dir)
    file_findings, documents = validate_paths(paths, seeds_dir)
    findings.extend(file_findings)
    findings.extend(duplicate_doc_ids([(d.path, d.doc_id) for d in documents]))
    return findings, documents


def read_manifest(seeds_dir: Path) -> dict | OSError:
    """The seed manifest, or why it could not be read (a finding for every file that needs it)."""
    try:
        return seeds.read_manifest(seeds_dir)
    except OSError as error:
        return error


def _nearest_non_space(text: str, i: int, step: int) -> int | None:
    while 0 <= i < len(text) and text[i].isspace():
        i += step
    return i if 0 <= i < len(text) else None


class _Checker:
    def __init__(self, path: Path, seeds_dir: Path, load, manifest: dict | OSError | None):
        self.path, self.seeds_dir, self.load = path, seeds_dir, load
        self.manifest = read_manifest(seeds_dir) if manifest is None else manifest
        self.findings = Findings()
        self._node_of: dict[str, dict] = {}
        self._continued: dict[str, list[tuple[Sentence, Span]]] = {}

    def add(self, level, rule, node, record, field, message):
        self.findings.add(level, rule, self.path, yamlfile.line_of(node), record, field, message)

    def add_on(self, s: Sentence, level, rule, field, message):
        """A finding about a sentence record, at its line."""
        self.add(level, rule, self._node_of.get(s.id), s.id, field, message)

    # -- format helpers -------------------------------------------------------------------
    def expect(self, node, key, kind, record, field, *, required=True, choices=None):
        """The value of node[key] if it has the right kind (and is one of choices)."""
        value = node.get(key) if isinstance(node, dict) else None
        if value is None:
            if required:
                self.add("format", "missing-field", node, record, field, f"{key!r} is required")
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.add("format", "wrong-type", node, record, field,
                     f"{key!r} must be {getattr(kind, '__name__', kind)}, not {type(value).__name__}")
            return None
        if choices is not None and value not in choices:
            self.add("format", "unknown-label", node, record, field,
                     f"{value!r} is not one of {', '.join(choices)}")
            return None
        return value

    def ids(self, value, node, record, field) -> list[str] | None:
        """An id or a list of ids, as a list."""
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            self.add("format", "wrong-type", node, record, field, "must be an id or a list of ids")
            return None
        return values

    def span(self, node, text, record, field, *, allow_marks=False) -> Span | None:
        if not isinstance(node, dict) or not isinstance(node.get("text"), str):
            self.add("format", "bad-span", node, record, field, "a span is {text: ..., n: ...}")
            return None
        n = node.get("n")
        if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 1):
            self.add("format", "bad-span", node, record, f"{field}.n", "n must be a whole number >= 1")
            return None
        try:
            span = anchor(text, node["text"], n)
        except AnchorError as error:
            self.add("reference", error.rule, node, record, f"{field}.text", str(error))
            return None
        problem = word_boundary_problem(text, span)
        if problem:
            self.add("reference", "span-cuts-word", node, record, f"{field}.text",
                     f"{span.text!r} {problem}")
        if not allow_marks and set(span.text) & schema.QUOTATION_MARKS:
            self.add("guideline", "span-has-quote-mark", node, record, f"{field}.text",
                     f"{span.text!r} includes a quotation mark")
        return span

    # -- the document ---------------------------------------------------------------------
    def run(self) -> tuple[Findings, Document | None]:
        try:
            raw = self.load(self.path)
        except UnicodeDecodeError as error:
            self.add("format", "not-utf8", None, "", "", f"not UTF-8: {error}")
            return self.findings, None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark else None
            self.findings.add("format", "malformed-yaml", self.path, line, "", "",
                              " ".join(str(error).split()))
            return self.findings, None
        if not isinstance(raw, dict):
            self.add("format", "wrong-type", None, "", "", "the file must hold a mapping")
            return self.findings, None
        doc_id = self.expect(raw, "doc_id", str, "", "doc_id")
        text, sha = self.seed(doc_id, raw)
        meta = self.document_meta(raw, doc_id or "")
        entities = self.entities(raw, doc_id or "")
        sentences = self.sentences(raw, text, doc_id or "") if text is not None else []
        if doc_id and text is not None:
            self.references(raw, doc_id, entities, sentences)
            self.guidelines(sentences)
        if not self.findings.ok:
            return self.findings, None
        return self.findings, Document(doc_id, text, sha, meta, list(entities.values()), sentences,
                                        self.path)

    def seed(self, doc_id, raw) -> tuple[str | None, str | None]:
        if doc_id is None:
            return None, None
        if isinstance(self.manifest, OSError):
            self.add("reference", "seed-missing", raw, doc_id, "doc_id",
                     f"no seed manifest: {self.manifest}")
            return None, None
        entry = self.manifest.get(doc_id)
        if entry is None:
            self.add("reference", "seed-missing", raw, doc_id, "doc_id",
                     f"{doc_id!r} is not listed in {self.seeds_dir / seeds.MANIFEST}")
            return None, None
        seed_path = self.seeds_dir / entry["file"]
        if not seed_path.is_file():
            self.add("reference", "seed-missing", raw, doc_id, "doc_id", f"{seed_path} does not exist")
            return None, None
        actual = seeds.sha256_of(seed_path)
        if actual != entry["sha256"]:
            self.add("reference", "seed-hash-changed", raw, doc_id, "doc_id",
                     f"{seed_path} has SHA-256 {actual}, the manifest records {entry['sha256']}")
            return None, None
        return seeds.read_text(seed_path), actual

    def document_meta(self, raw, doc_id) -> dict:
        node = self.expect(raw, "document", dict, doc_id, "document")
        if node is None:
            return {}
        for key in DOCUMENT_FIELDS:
            if key not in node:
                self.add("format", "missing-field", node, doc_id, f"document.{key}",
                         f"{key!r} is required (null when unknown)")
        return {key: node.get(key) for key in DOCUMENT_FIELDS}

    def entities(self, raw, doc_id) -> dict[str, Entity]:
        entities: dict[str, Entity] = {}
        for i, node in enumerate(self.expect(raw, "entities", list, doc_id, "entities") or []):
            field = f"entities[{i}]"
            values = [self.expect(node, "id", str, doc_id, f"{field}.id"),
                      self.expect(node, "type", str, doc_id, f"{field}.type",
                                  choices=schema.ENTITY_TYPES),
                      self.expect(node, "name", str, doc_id, f"{field}.name"),
                      self.expect(node, "name_en", str, doc_id, f"{field}.name_en")]
            if values[0] is None:
                continue
            if values[0] in entities:
                self.add("reference", "duplicate-id", node, f"{doc_id}:{values[0]}", f"{field}.id",
                         f"entity id {values[0]!r} is defined twice")
                continue
            entities[values[0]] = Entity(*values)
        return entities

    def sentences(self, raw, text, doc_id) -> list[Sentence]:
        nodes = self.expect(raw, "sentences", list, doc_id, "sentences") or []
        paragraph_starts, offset = [], 0
        for line in text.split("\n"):
            if line.strip():
                paragraph_starts.append(offset)
            offset += len(line) + 1
        sentences, cursor, prev_paragraph, index, lost = [], 0, 0, 0, False
        for i, node in enumerate(nodes):
            record = f"{doc_id}:sentences[{i}]"
            s_text = self.expect(node, "text", str, record, "text")
            section = self.expect(node, "section", str, record, "section", choices=schema.SECTIONS)
            if s_text is None:
                continue
            start = _nearest_non_space(text, cursor, 1)
            start = len(text) if start is None else start
            if not text.startswith(s_text, start):
                found = text.find(s_text, max(0, cursor - len(s_text)))
                if found == -1:
                    self.add("reference", "sentence-not-at-anchor", node, record, "text",
                             f"the record text is not in the seed after offset {cursor}")
                    lost = True
                    continue
                if found < cursor:
                    self.add("reference", "sentence-overlap", node, record, "text",
                             f"starts at offset {found}, inside the previous record (ends at {cursor})")
                else:
                    self.add("reference", "sentence-gap", node, record, "text",
                             f"characters {start}..{found} ({text[start:found].strip()[:40]!r}) "
                             "belong to no record")
                start = found
            end = start + len(s_text)
            cursor = end
            if "\n" in s_text:
                self.add("reference", "sentence-crosses-paragraph", node, record, "text",
                         "a record may not contain a line break")
            paragraph = bisect.bisect_right(paragraph_starts, start)
            index = index + 1 if paragraph == prev_paragraph else 1
            prev_paragraph = paragraph
            sentence = Sentence(id=f"{doc_id}:p{paragraph}s{index}", paragraph=paragraph,
                                index=index, section=section or "", start=start, end=end,
                                text=s_text, text_en="")
            self._node_of[sentence.id] = node
            self.sentence_labels(node, sentence)
            sentences.append(sentence)
        rest = _nearest_non_space(text, cursor, 1)
        if rest is not None and not lost:
            self.add("reference", "sentence-gap", nodes[-1] if nodes else raw,
                     f"{doc_id}:sentences[{len(nodes) - 1}]", "text",
                     f"characters {rest}..{len(text)} ({text[rest:].strip()[:40]!r}) belong to no record")
        return sentences

    def sentence_labels(self, node, s: Sentence):
        rec = s.id
        s.text_en = self.expect(node, "text_en", str, rec, "text_en") or ""
        for i, m in enumerate(self.expect(node, "mentions", list, rec, "mentions", required=False) or []):
            field = f"mentions[{i}]"
            span = self.span(m, s.text, rec, field)
            kind = self.expect(m, "kind", str, rec, f"{field}.kind", choices=schema.MENTION_KINDS)
            ids = self.ids(m.get("entity") if isinstance(m, dict) else None, m, rec, f"{field}.entity")
            if span and kind and ids:
                s.mentions.append(Mention(span, ids, kind))
                if kind == "name" and len(ids) > 1:
                    self.add("guideline", "name-links-many", m, rec, f"{field}.entity",
                             "a name mention links to exactly one entity")
        for i, q in enumerate(self.expect(node, "quotes", list, rec, "quotes", required=False) or []):
            quote = self.quote(q, s, f"quotes[{i}]")
            if quote:
                s.quotes.append(quote)
        for i, m in enumerate(self.expect(node, "marks", list, rec, "marks", required=False) or []):
            span = self.span(m, s.text, rec, f"marks[{i}]", allow_marks=True)
            use = self.expect(m, "use", str, rec, f"marks[{i}].use", choices=schema.MARK_USES)
            if span and use:
                s.marks.append((span, use))
        self.continuations(node, s)
        s.stance = self.expect(node, "stance", str, rec, "stance", choices=schema.STANCES) or "none"
        holder = node.get("stance_holder") or []
        if not isinstance(holder, list) or not all(isinstance(h, str) for h in holder):
            self.add("format", "wrong-type", node, rec, "stance_holder", "must be a list of ids")
            holder = []
        s.stance_holder = holder
        s.stance_rationale = self.expect(node, "stance_rationale", str, rec, "stance_rationale",
                                         required=False)
        self.stance_consistency(node, rec, "", s.stance, s.stance_rationale, holder)

    def continuations(self, node, s: Sentence):
        """`continues`: content, in this record, of an attribution whose cue is in an earlier one."""
        rec = s.id
        for i, c in enumerate(self.expect(node, "continues", list, rec, "continues", required=False) or []):
            field = f"continues[{i}]"
            qid = self.expect(c, "quote", str, rec, f"{field}.quote")
            contents = self.expect(c, "content", list, rec, f"{field}.content")
            if contents == []:
                self.add("format", "missing-field", c, rec, f"{field}.content",
                         "a continuation needs at least one content span")
            spans = [self.span(x, s.text, rec, f"{field}.content[{j}]")
                     for j, x in enumerate(contents or [])]
            if qid and spans and None not in spans:
                s.continuations.append((qid, spans))

    def quote(self, q, s: Sentence, field) -> Quote | None:
        rec = s.id
        qid = self.expect(q, "id", str, rec, f"{field}.id")
        qtype = self.expect(q, "type", str, rec, f"{field}.type", choices=schema.QUOTE_TYPES)
        cue = self.span(q.get("cue") if isinstance(q, dict) else None, s.text, rec, f"{field}.cue")
        source_node = q.get("source") if isinstance(q, dict) else None
        source = self.span(source_node, s.text, rec, f"{field}.source") if source_node else None
        raw_speakers = q.get("speakers") if isinstance(q, dict) else None
        # [] : a source that is not an entity (guidelines 3.2), checked in quote_guidelines
        speakers = [] if raw_speakers == [] else self.ids(raw_speakers, q, rec, f"{field}.speakers")
        contents = self.expect(q, "content", list, rec, f"{field}.content") or []
        content = [self.span(c, s.text, rec, f"{field}.content[{j}]") for j, c in enumerate(contents)]
        parent = self.expect(q, "parent", str, rec, f"{field}.parent", required=False)
        stance = self.expect(q, "stance", str, rec, f"{field}.stance", choices=schema.STANCES)
        rationale = self.expect(q, "stance_rationale", str, rec, f"{field}.stance_rationale",
                                required=False)
        if stance:
            self.stance_consistency(q, rec, f"{field}.", stance, rationale, None)
        if None in (qid, qtype, cue, speakers, stance) or not content or None in content:
            if not contents:
                self.add("format", "missing-field", q, rec, f"{field}.content",
                         "a quotation needs at least one content span")
            return None
        if source_node and source is None:
            return None
        return Quote(qid, qtype, cue, source, speakers, content, parent, stance, rationale)

    def stance_consistency(self, node, rec, prefix, stance, rationale, holder):
        if stance != "none" and not rationale:
            self.add("guideline", "missing-rationale", node, rec, f"{prefix}stance_rationale",
                     f"stance {stance!r} needs a rationale")
        if stance == "none" and rationale:
            self.add("guideline", "rationale-without-stance", node, rec,
                     f"{prefix}stance_rationale", "stance 'none' takes no rationale")
        if holder is not None and (stance == "none") != (not holder):
            self.add("guideline", "holder-mismatch", node, rec, f"{prefix}stance_holder",
                     "a stance other than 'none' needs a holder, and 'none' has none")

    # -- across records -------------------------------------------------------------------
    def references(self, raw, doc_id, entities: dict[str, Entity], sentences: list[Sentence]):
        quotes = {}
        for s in sentences:
            node = self._node_of[s.id]
            for i, q in enumerate(s.quotes):
                if q.id in quotes:
                    self.add("reference", "duplicate-id", node, s.id, f"quotes[{i}].id",
                             f"quotation id {q.id!r} is used twice")
                quotes[q.id] = (q, s)
        mentioned = set()
        for s in sentences:
            node = self._node_of[s.id]
            for i, m in enumerate(s.mentions):
                mentioned.update(m.entity_ids)
                for eid in m.entity_ids:
                    if eid not in entities:
                        self.add("reference", "undefined-entity", node, s.id,
                                 f"mentions[{i}].entity", f"entity {eid!r} is not defined")
            for i, q in enumerate(s.quotes):
                for eid in q.speakers:
                    if eid not in entities:
                        self.add("reference", "undefined-entity", node, s.id,
                                 f"quotes[{i}].speakers", f"entity {eid!r} is not defined")
                if q.parent is not None and q.parent not in quotes:
                    self.add("reference", "undefined-record", node, s.id, f"quotes[{i}].parent",
                             f"quotation {q.parent!r} does not exist")
            for eid in s.stance_holder:
                if eid != schema.AUTHOR and eid not in entities:
                    self.add("reference", "undefined-entity", node, s.id, "stance_holder",
                             f"entity {eid!r} is not defined")
        self._continued = self.continuation_targets(sentences, quotes)
        for eid in entities:
            if eid not in mentioned:
                self.add("reference", "entity-unmentioned", raw, f"{doc_id}:{eid}", "entities",
                         f"entity {eid!r} has no mention")
        self._quotes = quotes

    def continuation_targets(self, sentences, quotes) -> dict[str, list[tuple[Sentence, Span]]]:
        """Continuation spans by attribution id, once each names an attribution cued earlier."""
        order = {s.id: i for i, s in enumerate(sentences)}
        continued: dict[str, list[tuple[Sentence, Span]]] = {}
        for s in sentences:
            node = self._node_of[s.id]
            for i, (qid, spans) in enumerate(s.continuations):
                if qid not in quotes:
                    self.add("reference", "undefined-record", node, s.id, f"continues[{i}].quote",
                             f"quotation {qid!r} does not exist")
                elif order[quotes[qid][1].id] >= order[s.id]:
                    self.add("reference", "continuation-before-cue", node, s.id,
                             f"continues[{i}].quote",
                             f"{qid} is cued in {quotes[qid][1].id}; content can only continue "
                             "into a later record")
                else:
                    continued.setdefault(qid, []).extend((s, span) for span in spans)
        return continued

    def guidelines(self, sentences: list[Sentence]):
        for s in sentences:
            editorial = s.section in schema.EDITORIAL_SECTIONS
            if not editorial and s.quotes:
                self.add_on(s, "guideline", "quote-outside-editorial", "quotes",
                            f"no quotations in a {s.section!r} record")
            if not editorial and s.stance != "none":
                self.add_on(s, "guideline", "stance-outside-editorial", "stance",
                            f"no stance in a {s.section!r} record")
            names = sorted((m.span.start, m.span.end) for m in s.mentions if m.kind == "name")
            for (_, a_end), (b_start, _) in itertools.pairwise(names):
                if b_start < a_end:
                    self.add_on(s, "guideline", "overlapping-names", "mentions",
                                f"name mentions overlap at {b_start}..{a_end}; spans are flat")
            mention_spans = {(m.span.start, m.span.end): m for m in s.mentions}
            for i, q in enumerate(s.quotes):
                self.quote_guidelines(s, q, f"quotes[{i}]", mention_spans)
            for i, (qid, spans) in enumerate(s.continuations):
                if spans != sorted(spans) or any(a.end > b.start for a, b in itertools.pairwise(spans)):
                    self.add_on(s, "guideline", "content-order", f"continues[{i}].content",
                                f"{qid}: content spans must be in text order and not overlap")
            self.marks_explained(s)

    def quote_guidelines(self, s: Sentence, q: Quote, field, mention_spans):
        pairs = quotation_pairs(s.text, [span for span, _ in s.marks])
        marked = [inside_pair(c, pairs) for c in q.content] + [
            inside_pair(span, quotation_pairs(t.text, [m for m, _ in t.marks]))
            for t, span in self._continued.get(q.id, [])]
        q.marked = any(marked)
        expected = "direct" if all(marked) else "indirect" if not any(marked) else "mixed"
        if q.type != expected:
            self.add_on(s, "guideline", "type-disagrees-with-marks", f"{field}.type",
                        f"{q.id}: typed {q.type!r}, but its content marks make it {expected!r}")
        ordered = sorted(q.content, key=lambda c: c.start)
        if ordered != q.content or any(a.end > b.start for a, b in itertools.pairwise(ordered)):
            self.add_on(s, "guideline", "content-order", f"{field}.content",
                        f"{q.id}: content spans must be in text order and not overlap")
        if any(c.start < q.cue.end and q.cue.start < c.end for c in q.content):
            self.add_on(s, "guideline", "content-overlaps-cue", f"{field}.cue",
                        f"{q.id}: the cue overlaps the content")
        if not q.speakers and q.source is None:
            self.add_on(s, "guideline", "generic-source-missing", f"{field}.source",
                        f"{q.id}: an attribution with no speakers needs its source span "
                        "(a source that is not an entity, such as 'reports')")
        mentioned = mention_spans.get((q.source.start, q.source.end)) if q.source else None
        if not q.speakers and mentioned is not None:
            self.add_on(s, "guideline", "source-not-speaker", f"{field}.speakers",
                        f"{q.id}: the source is a mention of {mentioned.entity_ids}; speakers: [] is "
                        "only for a source that is not an entity")
        if q.source is not None and q.speakers:
            inside = [m for (start, end), m in mention_spans.items()
                      if q.source.start <= start and end <= q.source.end]
            if not (any(m.span.start == q.source.start for m in inside)
                    and any(m.span.end == q.source.end for m in inside)):
                self.add_on(s, "guideline", "source-not-mention", f"{field}.source",
                            f"{q.id}: the source {q.source.text!r} is not a mention "
                            "(or a coordination of mentions)")
            linked = {eid for m in inside for eid in m.entity_ids}
            if inside and not linked & set(q.speakers):
                self.add_on(s, "guideline", "source-not-speaker", f"{field}.speakers",
                            f"{q.id}: the source links to {sorted(linked)}, none of them a speaker")
        if q.parent is not None:
            parent, parent_sentence = self._quotes.get(q.parent, (None, None))
            inside = parent is not None and parent_sentence is s and any(
                c.start <= q.cue.start and q.cue.end <= c.end for c in parent.content)
            if parent is not None and not inside:
                self.add_on(s, "guideline", "parent-does-not-contain", f"{field}.parent",
                            f"{q.id}: its cue is not inside the content of {q.parent}")

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
                            "nor listed under marks")
