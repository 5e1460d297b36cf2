import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from seqeval.metrics.sequence_labeling import get_entities

from aqwal import schema
from aqwal.dataset.summary import loaded_rows
from aqwal.gold.anchor import MAX_PROCLITICS, PROCLITICS
from aqwal.publish import export as ex

SPAN_KEYS = ("start", "end", "text")
BRAT_QUOTE_KEYS = ("id", "doc_id", "type", "cue", "source", "content", "speaker_ids", "parent_id",
                   "stance")
# The line shapes brat's standoff spec gives and INCEpTION's brat reader parses, per id prefix.
ANN_LINES = {
    "T": r"T\d+\t[A-Za-z0-9_][A-Za-z0-9_-]* \d+ \d+(;\d+ \d+)*\t[^\t]*",
    "E": r"E\d+\t[A-Za-z0-9_][A-Za-z0-9_-]+:[ET]\d+( [A-Za-z_][A-Za-z0-9_-]+:[ET]\d+)*",
    "A": r"A\d+\t[A-Za-z_][A-Za-z0-9_:-]+ [TREN]\d+ \S+",
    "#": r"#\d+\t[A-Za-z_][A-Za-z0-9_-]+ [ETR]\d+\t[^\t]*",
}


@pytest.fixture(scope="module")
def rows(tmp_path_factory) -> dict[str, list[dict]]:
    """The published rows, read back through load_dataset once for the module."""
    return loaded_rows(ROOT / "data", tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def out(rows, tmp_path_factory) -> Path:
    """Every format exported once, each into its own folder."""
    folder = tmp_path_factory.mktemp("export")
    for fmt in ex.FORMATS:
        ex.export(rows, fmt, folder / fmt)
    return folder


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under folder by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def per_doc(rows, config) -> list[list[dict]]:
    """Rows of one config per document, documents in id order: the exports' order."""
    return [[r for r in rows[config] if r["doc_id"] == d["doc_id"]]
            for d in sorted(rows["documents"], key=lambda d: d["doc_id"])]


def conf_sections(path: Path) -> dict[str, dict[str, str]]:
    """annotation.conf as {section: {name: spec}}, comments and blank lines skipped."""
    sections: dict[str, dict[str, str]] = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
        elif line and not line.startswith("#"):
            name, _, spec = line.partition("\t")
            current[name] = spec
    return sections


def test_conll_gives_back_every_sentence_tokens_and_tags_in_order(rows, out):
    """Reading the CoNLL file back gives each document's sentences, tokens and tags in order."""
    expected = [[(s["tokens"], s["ner_tags"]) for s in doc] for doc in per_doc(rows, "sentences")]
    assert expected == ex.read_conll(out / "conll" / ex.CONLL_FILE)


def test_conll_starts_each_document_with_docstart_and_a_blank_line(rows, out):
    """Each document opens with the CoNLL-2003 -DOCSTART- line and a blank line."""
    lines = (out / "conll" / ex.CONLL_FILE).read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line == ex.DOCSTART]
    assert [0] == starts[:1]
    assert len(rows["documents"]) == len(starts)
    assert [""] * len(starts) == [lines[i + 1] for i in starts]


def test_seqeval_finds_the_gold_entities_in_the_exported_tags(rows, out):
    """seqeval's spans over the read-back tags are the tokens of the gold entities, clitic aside."""
    read = [sentence for doc in ex.read_conll(out / "conll" / ex.CONLL_FILE) for sentence in doc]
    sentences = [s for doc in per_doc(rows, "sentences") for s in doc]
    for s, (_, tags) in zip(sentences, read, strict=True):
        spans = s["token_spans"]
        gold, outside = [], []
        for e in s["entities"]:
            inside = [i for i, t in enumerate(spans) if t["start"] < e["end"] and e["start"] < t["end"]]
            gold.append((e["label"], inside[0], inside[-1]))
            outside.append((s["text"][spans[inside[0]]["start"]:e["start"]],
                            s["text"][e["end"]:spans[inside[-1]]["end"]]))
        assert gold == get_entities(tags), s["id"]
        assert [] == [(before, after) for before, after in outside
                      if after or len(before) > MAX_PROCLITICS or set(before) - PROCLITICS], s["id"]


def test_brat_text_is_the_document_text_byte_for_byte(rows, out):
    """Each .txt holds exactly documents.text encoded as UTF-8."""
    for d in rows["documents"]:
        assert d["text"].encode("utf-8") == (out / "brat" / f"{d['doc_id']}.txt").read_bytes()


def test_brat_gives_back_every_mention_with_type_kind_and_entity(rows, out):
    """Every mention of every entity comes back with its offsets, text, type, kind and entity id."""
    expected = sorted((m["start"], m["end"], m["text"], e["type"], m["kind"], e["entity_id"])
                      for e in rows["entities"] for m in e["mentions"])
    actual = sorted((m["start"], m["end"], m["text"], m["type"], m["kind"], m["entity_id"])
                    for doc in ex.read_brat(out / "brat").values() for m in doc["mentions"])
    assert expected == actual


def test_brat_gives_back_every_attribution(rows, out):
    """Every attribution comes back with cue, source, content spans, type, stance, speakers, parent."""
    actual = [a for doc in ex.read_brat(out / "brat").values() for a in doc["attributions"]]
    expected = [{k: q[k] for k in BRAT_QUOTE_KEYS} for doc in per_doc(rows, "quotes") for q in doc]
    assert expected == actual


def test_every_brat_textbound_text_is_its_slice_of_the_txt(out):
    """Every T line's text is txt[start:end], fragments of a discontinuous span joined by a space."""
    for path in sorted((out / "brat").glob("*.ann")):
        text = path.with_suffix(".txt").read_bytes().decode("utf-8")
        bounds = [t for i, t in ex.read_ann(path).items() if i[0] == "T"]
        assert bounds
        assert [t["text"] for t in bounds] == [" ".join(text[s:e] for s, e in t["spans"]) for t in bounds]


def test_every_ann_line_has_a_shape_brat_and_inception_parse(out):
    """Every .ann line matches the standoff grammar of its id prefix; no other prefix is used."""
    for path in sorted((out / "brat").glob("*.ann")):
        lines = path.read_text(encoding="utf-8").split("\n")
        assert "" == lines[-1]
        assert [] == [line for line in lines[:-1]
                      if not re.fullmatch(ANN_LINES.get(line[:1], "(?!)"), line)], path.name


def test_annotation_conf_declares_everything_the_ann_files_use(out):
    """Every type, event role, attribute and value in the .ann files is declared in annotation.conf."""
    conf = conf_sections(out / "brat" / "annotation.conf")
    roles = {e: dict(arg.split(":") for arg in spec.split(", ")) for e, spec in conf["events"].items()}
    attributes = {name: [part.split(":")[1].split("|") for part in spec.split(", ")]
                  for name, spec in conf["attributes"].items()}
    for path in sorted((out / "brat").glob("*.ann")):
        ann = ex.read_ann(path)
        problems = []
        for i, a in ann.items():
            if i[0] == "T" and a["type"] not in {*conf["entities"], *conf["events"]}:
                problems.append((i, a["type"]))
            if i[0] == "E":
                declared = {role.rstrip("?*+"): filler.split("|")
                            for role, filler in roles.get(a["type"], {}).items()}
                if ann[a["trigger"]]["type"] != a["type"]:
                    problems.append((i, "trigger", ann[a["trigger"]]["type"]))
                problems += [(i, role, ann[target]["type"]) for role, target in a["args"].items()
                             if ann[target]["type"] not in declared.get(role, [])]
            if i[0] == "A":
                targets, values = attributes.get(a["type"], ([], []))
                if ann[a["target"]]["type"] not in targets or a["value"] not in values:
                    problems.append((i, a["type"], a["value"]))
            if i[0] == "#" and a["type"] != ex.NOTE:
                problems.append((i, a["type"]))
            if i[0] in "A#" and a["target"] in {e["trigger"] for e in ann.values() if "trigger" in e}:
                problems.append((i, "targets a trigger", a["target"]))
        assert [] == problems, path.name


def test_annotation_conf_declares_every_label_of_the_schema(out):
    """All entity types, mention kinds, attribution types and stances are declared, used or not."""
    conf = conf_sections(out / "brat" / "annotation.conf")
    assert {*schema.ENTITY_TYPES, "Source", "Content"} == set(conf["entities"])
    assert "Value:" + "|".join(schema.MENTION_KINDS) in conf["attributes"]["Kind"]
    assert "Value:" + "|".join(schema.QUOTE_TYPES) in conf["attributes"]["Type"]
    assert "Value:" + "|".join(schema.STANCES) in conf["attributes"]["Stance"]


def test_citron_gives_back_exactly_the_quotes_rows(rows, out):
    """Every Citron line reads back as its quotes row, spans included."""
    assert rows["quotes"] == ex.read_citron(out / "citron" / ex.CITRON_FILE)


def test_citron_lines_have_the_citron_quote_shape(rows, out):
    """Each line has Citron's cue, sources and contents, each span a {start, end, text} of the text."""
    texts = {d["doc_id"]: d["text"] for d in rows["documents"]}
    lines = (out / "citron" / ex.CITRON_FILE).read_text(encoding="utf-8").split("\n")
    records = [json.loads(line) for line in lines if line]
    assert len(rows["quotes"]) == len(records)
    for r in records:
        assert ["cue", "sources", "contents"] == list(r)[:3]
        for span in [r["cue"], *r["sources"], *r["contents"]]:
            expected = (list(SPAN_KEYS), texts[r["doc_id"]][span["start"]:span["end"]])
            assert expected == (list(span), span["text"])


def test_two_exports_are_byte_identical(rows, out, tmp_path):
    """Exporting again gives the same files, byte for byte, with LF line ends only."""
    for fmt in ex.FORMATS:
        ex.export(rows, fmt, tmp_path / fmt)
    assert folder_bytes(out) == folder_bytes(tmp_path)
    assert [] == [name for name, data in folder_bytes(out).items() if b"\r" in data]


def test_export_returns_the_sorted_paths_it_wrote(rows, tmp_path):
    """The returned paths are exactly the files in the folder, sorted."""
    paths = ex.export(rows, "brat", tmp_path)
    assert sorted(tmp_path.iterdir()) == paths


def test_an_unknown_format_is_a_clear_value_error(rows, tmp_path):
    """An unknown format names itself and the known ones, and writes nothing."""
    with pytest.raises(ValueError, match=r"unknown export format 'xml'; choose one of: conll, brat, citron"):
        ex.export(rows, "xml", tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("doc_id", ["../escaped", "/tmp/escaped", "a/b", "..", "a\\b"])
def test_brat_refuses_a_doc_id_that_would_write_outside_its_folder(rows, tmp_path, doc_id):
    """A doc_id is a file name only when it is a plain one; nothing is written otherwise."""
    renamed = {config: [{**row, "doc_id": doc_id} for row in table] for config, table in rows.items()}
    out = tmp_path / "deep" / "out"
    with pytest.raises(ex.UnsafePath, match="not a plain file name"):
        ex.export(renamed, "brat", out)
    assert [] == [p for p in tmp_path.rglob("*") if p.is_file()]


def test_the_cli_refuses_an_escaping_doc_id_with_a_message(rows, tmp_path, monkeypatch, capsys):
    from aqwal.cli import main
    from aqwal.dataset import summary
    renamed = {config: [{**row, "doc_id": "../escaped"} for row in table] for config, table in rows.items()}
    monkeypatch.setattr(summary, "loaded_rows", lambda data: renamed)
    assert 1 == main(["export", "--format", "brat", "--out", str(tmp_path / "out")])
    assert "export refused: the document id '../escaped'" in capsys.readouterr().err
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "escaped.ann").exists()


@pytest.mark.parametrize("fmt", sorted(ex.FORMATS))
def test_export_never_writes_through_a_symbolic_link(rows, tmp_path, monkeypatch, capsys, fmt):
    from aqwal.cli import main
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    name = {"conll": ex.CONLL_FILE, "citron": ex.CITRON_FILE, "brat": "annotation.conf"}[fmt]
    (out / name).symlink_to(target)
    monkeypatch.setattr("aqwal.dataset.summary.loaded_rows", lambda *a: rows)
    assert main(["export", "--format", fmt, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "symbolic link" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_export_into_a_folder_it_cannot_make_says_so(rows, tmp_path, monkeypatch, capsys):
    from aqwal.cli import main
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setattr("aqwal.dataset.summary.loaded_rows", lambda *a: rows)
    assert main(["export", "--format", "conll", "--out", str(tmp_path / "file" / "out")]) == 1
    assert "export failed" in capsys.readouterr().err
