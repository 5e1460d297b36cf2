"""What an independent annotator of one layer is given (gold/passes/c/README.md).

The annotator of a layer gets the general rules for it (no worked examples of the article), the
page, its instruction sheet, and a YAML file to fill in: the records, plus the gold of the lower
layers only, so that each layer is compared with the gold on its own. Nothing of the layer's own
gold, of the higher layers or of the translations is in it.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

from aqwal import schema
from aqwal.gold import guidelines, seeds, yamlfile
from aqwal.gold.agreement import PASS_C_LAYERS, local_id, validated_documents
from aqwal.gold.model import Document

NOT_THIS_LAYER = "(not part of this layer)"
SHEET = re.compile(r"^## Layer: (\w+)\s*$", re.M)


class HandoutError(ValueError):
    pass


def _placeholder_marks(text: str) -> list[dict]:
    """Every quotation mark as `unpaired`, so a file without attributions validates."""
    marks, seen = [], {}
    for ch in text:
        if ch in schema.QUOTATION_MARKS:
            seen[ch] = seen.get(ch, 0) + 1
            marks.append({"text": ch, "n": seen[ch], "use": "unpaired"})
    return marks


def _without_stance(quote: dict) -> dict:
    return {**copy.deepcopy(quote), "stance": "none", "stance_rationale": None}


def given_layer(raw: dict, layer: str) -> dict:
    """The file an annotator of an annotation layer fills in, from the gold file's mapping."""
    lower = {"entities": set(), "attributions": {"entities"},
             "stance": {"entities", "attributions"}}[layer]
    records = []
    for node in raw["sentences"]:
        record = {"section": node["section"], "text": node["text"], "text_en": NOT_THIS_LAYER,
                  "mentions": copy.deepcopy(node.get("mentions") or []) if "entities" in lower else []}
        if "attributions" in lower:
            record["quotes"] = [_without_stance(q) for q in node.get("quotes") or []]
            if node.get("continues"):
                record["continues"] = copy.deepcopy(node["continues"])
            record["marks"] = copy.deepcopy(node.get("marks") or [])
        else:
            record["quotes"] = []
            record["marks"] = _placeholder_marks(node["text"]) if layer == "entities" else []
        records.append({**record, "stance": "none", "stance_holder": []})
    # The page's own facts only: the gold's English name and notes interpret the page.
    document = {**{key: NOT_THIS_LAYER for key in raw["document"]}, "publication_date": None,
                **{key: raw["document"].get(key) for key in ("language", "publisher", "page_date", "url")}}
    header = {"doc_id": raw["doc_id"], "document": document,
              "entities": copy.deepcopy(raw["entities"]) if "entities" in lower else []}
    return {**header, "sentences": records}


def given_translation(doc: Document) -> dict:
    """The review file: every record with the translation under review, and the names' rule."""
    return {"doc_id": doc.doc_id,
            "names": [{"name": e.name, "name_en": e.name_en, "type": e.type} for e in doc.entities],
            "records": [{"id": local_id(s.id), "section": s.section, "text": s.text,
                         "given_en": s.text_en, "verdict": None} for s in doc.sentences]}


def instruction_sheet(readme: str, layer: str) -> str:
    """The `## Layer: <layer>` section of gold/passes/c/README.md."""
    starts = [(m.group(1), m.start()) for m in SHEET.finditer(readme)]
    ends = [start for _, start in starts[1:]] + [len(readme)]
    for (name, start), end in zip(starts, ends, strict=True):
        if name == layer:
            return readme[start:end].strip() + "\n"
    raise HandoutError(f"the README has no section '## Layer: {layer}'")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, which also writes what `yamlfile.read` gives (dicts and lists that
    know their lines) as plain mappings and lists."""


_Dumper.add_representer(yamlfile.Mapping, _Dumper.represent_dict)
_Dumper.add_representer(yamlfile.Sequence, _Dumper.represent_list)


def _dump(data: dict, comment: str, flow: bool | None) -> str:
    """YAML for people: flow style for spans (None), or block style throughout (False)."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=flow, width=10**9)
    return "".join(f"# {line}\n" for line in comment.split("\n")) + body


def handout(layer: str, gold_dir: Path, seeds_dir: Path, readme: Path, guidelines_md: Path,
            out_dir: Path) -> list[Path]:
    """Write everything the annotator of one layer gets into out_dir; returns the paths."""
    if layer not in PASS_C_LAYERS:
        raise HandoutError(f"unknown layer {layer!r}; layers: {', '.join(PASS_C_LAYERS)}")
    docs = validated_documents(Path(gold_dir), seeds_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {
        out_dir / "guidelines.md": guidelines.for_layer(guidelines_md.read_text(encoding="utf-8"), layer),
        out_dir / "INSTRUCTIONS.md": instruction_sheet(readme.read_text(encoding="utf-8"), layer),
    }
    manifest = ["doc_id\tfile\tsha256"]
    for doc in docs:
        if not seeds.ID.fullmatch(doc.doc_id):  # validated already; the guard stays by the write
            raise HandoutError(f"{doc.path}: doc_id {doc.doc_id!r} is not a safe file name")
        written[out_dir / "seeds" / f"{doc.doc_id}.txt"] = doc.text
        manifest.append(f"{doc.doc_id}\t{doc.doc_id}.txt\t{doc.sha256}")
        if layer == "translation":
            data = given_translation(doc)
            note = (f"Aqwal pass C, translation review of {doc.doc_id}: give every record a verdict "
                    "(INSTRUCTIONS.md).")
            flow = False
        else:
            data = given_layer(yamlfile.read(doc.path).data, layer)
            note = (f"Aqwal pass C, {layer} layer of {doc.doc_id}: fill in this layer only "
                    "(INSTRUCTIONS.md).\n"
                    f"text_en, and every field of the layers above yours, hold placeholders so "
                    "that the file validates.")
            flow = None
        written[out_dir / f"{doc.doc_id}.yaml"] = _dump(data, note, flow)
    written[out_dir / "seeds" / seeds.MANIFEST] = "\n".join(manifest) + "\n"
    (out_dir / "seeds").mkdir(exist_ok=True)
    for path, text in written.items():
        path.write_bytes(text.encode("utf-8"))  # the page byte for byte: no newline translation
    return sorted(written)
