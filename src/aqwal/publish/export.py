"""The published rows in other tools' formats: CoNLL BIO, brat standoff, Citron JSON Lines.

Every writer takes the rows of every config (`summary.loaded_rows`) and a folder, and writes
UTF-8 files with LF line ends and no timestamps: documents in id order, rows in dataset order,
mentions by offset, so two exports are byte-identical. Every reader gives the annotations back,
so the tests can show that nothing is lost on the way out. Offsets are Python string indices
(code points) into `documents.text`, which is also how brat counts.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path, PurePath

from aqwal import schema
from aqwal.files import write_bytes

DOCSTART = "-DOCSTART- -X- -X- O"
CONLL_FILE = "aqwal.conll"
CITRON_FILE = "aqwal.citron.jsonl"

EVENT = "Attribution"  # the brat event type; its trigger is the cue
NOTE = "AnnotatorNotes"  # the brat note type that brat and INCEpTION show and keep
# brat attribute name: (annotation types it marks, its values)
ATTRIBUTES = {
    "Kind": (schema.ENTITY_TYPES, schema.MENTION_KINDS),
    "Type": ([EVENT], schema.QUOTE_TYPES),
    "Stance": ([EVENT], schema.STANCES),
}
# brat event argument role: (type of its filler, optional)
ROLES = {"Source": ("Source", True), "Content": ("Content", False), "Parent": (EVENT, True)}


class UnsafePath(ValueError):
    """A file name built from the data that would not be a plain file in the output folder."""


def _file_for(out_dir: Path, name: str, suffix: str) -> Path:
    """out_dir/<name><suffix>, for a name from the data (a doc_id such as `../escaped` is refused)."""
    if name in ("", ".", "..") or PurePath(name).name != name or any(c in name for c in "\\\0"):
        raise UnsafePath(f"the document id {name[:60]!r} is not a plain file name, so "
                         f"{name[:60]!r}{suffix} would not be a file in {out_dir}; nothing was "
                         "written (the validator only accepts ids of a-z, 0-9, _ and -)")
    return out_dir / f"{name}{suffix}"


def _write(path: Path, text: str) -> Path:
    """Bytes, not text mode, so no platform ever turns LF into CRLF; never through a link."""
    return write_bytes(path, text.encode("utf-8"))


def _by_doc(rows: dict[str, list[dict]], config: str) -> dict[str, list[dict]]:
    """Rows of one config per document, documents in id order, rows in dataset order."""
    groups: dict[str, list[dict]] = {d["doc_id"]: [] for d in
                                     sorted(rows["documents"], key=lambda d: d["doc_id"])}
    for row in rows[config]:
        groups[row["doc_id"]].append(row)
    return groups


# --- CoNLL ---------------------------------------------------------------------------------

def conll_text(rows: dict[str, list[dict]]) -> str:
    """CoNLL-2003 layout with two columns, `TOKEN TAG`: what most NER trainers read.

    Tokens and tags are the dataset's own (ANERcorp convention: a proclitic stays inside its
    tagged token, `بموسكو B-GPE`), so the character spans of `entities` are not recoverable
    from this file alone.
    """
    blocks = []
    for sentences in _by_doc(rows, "sentences").values():
        blocks.append(DOCSTART)
        blocks += ["\n".join(f"{token} {tag}" for token, tag in zip(s["tokens"], s["ner_tags"], strict=True))
                   for s in sentences]
    return "\n\n".join(blocks) + "\n"


def write_conll(rows: dict[str, list[dict]], out_dir: Path) -> list[Path]:
    """One file for the corpus, `aqwal.conll`: `-DOCSTART-` separates the documents."""
    return [_write(out_dir / CONLL_FILE, conll_text(rows))]


def read_conll(path: Path) -> list[list[tuple[list[str], list[str]]]]:
    """Documents, each a list of (tokens, tags) sentences: first column token, last column tag."""
    documents: list[list] = []
    sentence: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line == DOCSTART:
            documents.append([])
        elif line:
            sentence.append(line.split(" "))
        elif sentence:
            documents[-1].append(([c[0] for c in sentence], [c[-1] for c in sentence]))
            sentence = []
    return documents


# --- brat ----------------------------------------------------------------------------------

class _Ann:
    """An .ann file being written: lines numbered per id prefix, textbounds first."""

    def __init__(self):
        self.lines: dict[str, list[str]] = {"T": [], "E": [], "A": [], "#": []}

    def add(self, prefix: str, body: str) -> str:
        ident = f"{prefix}{len(self.lines[prefix]) + 1}"
        self.lines[prefix].append(f"{ident}\t{body}")
        return ident

    def textbound(self, label: str, spans: list[dict]) -> str:
        """Discontinuous spans as `start end;start end`, their texts joined by one space."""
        offsets = ";".join(f"{s['start']} {s['end']}" for s in spans)
        return self.add("T", f"{label} {offsets}\t{' '.join(s['text'] for s in spans)}")

    def note(self, target: str, **fields: list[str]) -> None:
        """Ids brat has no place for, as `key=id,id` words in one note per annotation."""
        words = " ".join(f"{key}={','.join(ids)}" for key, ids in fields.items())
        self.add("#", f"{NOTE} {target}\t{words}")

    def text(self) -> str:
        return "".join(line + "\n" for lines in self.lines.values() for line in lines)


def _mentions(entities: list[dict]) -> list[tuple[tuple, list[str]]]:
    """One textbound per (span, type, kind), with every entity it links to.

    A plural description (`البلدين`, `المسؤولان`) is one mention of several entities.
    """
    linked: dict[tuple, list[str]] = defaultdict(list)
    for e in entities:
        for m in e["mentions"]:
            linked[(m["start"], m["end"], e["type"], m["kind"], m["text"])].append(e["entity_id"])
    return sorted(linked.items())


def brat_ann(quotes: list[dict], entities: list[dict]) -> str:
    """The .ann of one document.

    Mentions: `T` of the entity type (PER, ORG, ...), a `Kind` attribute (name, nominal,
    pronoun) and a note `entities=<entity_id>,...`. Attributions: the cue is the trigger `T` of
    an `Attribution` event (brat requires a trigger's type to be its event's type); source and
    content are `Source` and `Content` textbounds, content discontinuous when it has several
    spans; a nested attribution names its enclosing one as `Parent:E<n>`; `Type` and `Stance`
    attributes; a note `id=<quote id> speakers=<entity_id>,...`. Source and content are
    textbounds of their own even where a mention has the same span, as in PARC.
    """
    ann = _Ann()
    for (start, end, label, kind, text), entity_ids in _mentions(entities):
        tid = ann.textbound(label, [{"start": start, "end": end, "text": text}])
        ann.add("A", f"Kind {tid} {kind}")
        ann.note(tid, entities=entity_ids)
    events = {q["id"]: f"E{n}" for n, q in enumerate(quotes, 1)}
    for q in quotes:
        args = [f"{EVENT}:{ann.textbound(EVENT, [q['cue']])}"]
        if q["source"]:
            args.append(f"Source:{ann.textbound('Source', [q['source']])}")
        args.append(f"Content:{ann.textbound('Content', q['content'])}")
        if q["parent_id"]:
            args.append(f"Parent:{events[q['parent_id']]}")
        eid = ann.add("E", " ".join(args))
        ann.add("A", f"Type {eid} {q['type']}")
        ann.add("A", f"Stance {eid} {q['stance']}")
        ann.note(eid, id=[q["id"]], speakers=q["speaker_ids"])
    return ann.text()


def annotation_conf() -> str:
    """brat's type declarations: every entity type, the event with its roles, the attributes."""
    roles = ", ".join(f"{role}{'?' if optional else ''}:{filler}"
                      for role, (filler, optional) in ROLES.items())
    attributes = [f"{name}\tArg:{'|'.join(args)}, Value:{'|'.join(values)}"
                  for name, (args, values) in ATTRIBUTES.items()]
    return "\n".join([
        "# Aqwal: entity mentions and PARC attributions (see docs/guidelines.md).",
        "[entities]", *schema.ENTITY_TYPES, "Source", "Content", "",
        "[relations]", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "",
        "[events]", f"{EVENT}\t{roles}", "",
        "[attributes]", *attributes, ""])


def write_brat(rows: dict[str, list[dict]], out_dir: Path) -> list[Path]:
    """`<doc_id>.txt` (the document text, byte for byte), `<doc_id>.ann`, `annotation.conf`."""
    texts = {d["doc_id"]: d["text"] for d in rows["documents"]}
    entities = _by_doc(rows, "entities")
    documents = _by_doc(rows, "quotes")
    names = {doc_id: [_file_for(out_dir, doc_id, suffix) for suffix in (".txt", ".ann")]
             for doc_id in documents}  # every name checked before anything is written
    paths = [_write(out_dir / "annotation.conf", annotation_conf())]
    for doc_id, quotes in documents.items():
        txt, ann = names[doc_id]
        paths.append(_write(txt, texts[doc_id]))
        paths.append(_write(ann, brat_ann(quotes, entities[doc_id])))
    return paths


def read_ann(path: Path) -> dict[str, dict]:
    """Every line of an .ann by id: its type, then spans (T), args (E), target and value (A, #)."""
    parsed = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line:
            continue
        ident, body, *tail = line.split("\t")
        if ident[0] == "T":
            label, offsets = body.split(" ", 1)
            spans = [tuple(map(int, pair.split(" "))) for pair in offsets.split(";")]
            parsed[ident] = {"type": label, "spans": spans, "text": tail[0]}
        elif ident[0] == "E":
            (label, trigger), *args = [arg.split(":") for arg in body.split(" ")]
            parsed[ident] = {"type": label, "trigger": trigger, "args": dict(args)}
        else:
            label, target, *value = body.split(" ")
            parsed[ident] = {"type": label, "target": target, "value": (value or tail)[0]}
    return parsed


def _spans(t: dict) -> list[dict]:
    """A textbound's spans as dataset spans, each text cut from the joined text."""
    spans, at = [], 0
    for start, end in t["spans"]:
        spans.append({"start": start, "end": end, "text": t["text"][at:at + end - start]})
        at += end - start + 1
    return spans


def _by_target(ann: dict[str, dict], prefix: str) -> dict[str, dict[str, str]]:
    """Attribute values and notes (`#`), by target id then attribute name."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for ident, a in ann.items():
        if ident.startswith(prefix):
            found[a["target"]][a["type"]] = a["value"]
    return found


def _fields(note: str) -> dict[str, list[str]]:
    """A note written by `_Ann.note` back to {key: ids}."""
    return {k: v.split(",") if v else [] for k, v in (w.split("=", 1) for w in note.split(" "))}


def read_brat(folder: Path) -> dict[str, dict]:
    """Per document id: its text, mentions (one per linked entity) and attributions."""
    documents = {}
    for path in sorted(Path(folder).glob("*.ann")):
        ann = read_ann(path)
        attributes, notes = _by_target(ann, "A"), _by_target(ann, "#")
        quote_ids = {i: _fields(notes[i][NOTE])["id"][0] for i in ann if i[0] == "E"}
        mentions = [{**_spans(t)[0], "type": t["type"], "kind": attributes[i]["Kind"],
                     "entity_id": entity_id}
                    for i, t in ann.items() if i[0] == "T" and t["type"] in schema.ENTITY_TYPES
                    for entity_id in _fields(notes[i][NOTE])["entities"]]
        attributions = []
        for i, e in ann.items():
            if i[0] != "E":
                continue
            source = e["args"].get("Source")
            attributions.append({
                "id": quote_ids[i], "doc_id": path.stem, "type": attributes[i]["Type"],
                "cue": _spans(ann[e["trigger"]])[0],
                "source": _spans(ann[source])[0] if source else None,
                "content": _spans(ann[e["args"]["Content"]]),
                "speaker_ids": _fields(notes[i][NOTE])["speakers"],
                "parent_id": quote_ids.get(e["args"].get("Parent")),
                "stance": attributes[i]["Stance"]})
        documents[path.stem] = {"text": path.with_suffix(".txt").read_bytes().decode("utf-8"),
                                "mentions": mentions, "attributions": attributions}
    return documents


# --- Citron --------------------------------------------------------------------------------

def citron_record(quote: dict) -> dict:
    """The BBC Citron quote object (`cue`, `sources`, `contents`), then every other field.

    Unlike Citron's own data, content spans exclude the quotation marks (guidelines 3.2).
    """
    return {"cue": quote["cue"], "sources": [quote["source"]] if quote["source"] else [],
            "contents": quote["content"],
            **{k: v for k, v in quote.items() if k not in ("cue", "source", "content")}}


def write_citron(rows: dict[str, list[dict]], out_dir: Path) -> list[Path]:
    """`aqwal.citron.jsonl`: one attribution per line, offsets into the document text."""
    lines = [json.dumps(citron_record(q), ensure_ascii=False) + "\n"
             for quotes in _by_doc(rows, "quotes").values() for q in quotes]
    return [_write(out_dir / CITRON_FILE, "".join(lines))]


def read_citron(path: Path) -> list[dict]:
    """The quotes rows back: at most one source, as in the dataset."""
    rows = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line:
            record = json.loads(line)
            (source,) = record.pop("sources") or [None]
            rows.append({"cue": record.pop("cue"), "content": record.pop("contents"),
                         "source": source, **record})
    return rows


# --- entry point ---------------------------------------------------------------------------

FORMATS = {"conll": write_conll, "brat": write_brat, "citron": write_citron}


def export(rows: dict[str, list[dict]], fmt: str, out_dir: Path) -> list[Path]:
    """Write the rows in one of FORMATS into out_dir (created if needed); the paths, sorted."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return sorted(FORMATS[fmt](rows, out_dir))
