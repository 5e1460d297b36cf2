"""A careless editor, seeded: a few hundred random edits of the real gold file, its seed, the
manifest and the gold folder. The only allowed outcomes: PASSED with rows whose every string is
what PyYAML reads in the file, or FAILED with findings that each name file, line, record or
field, and rule. Never a traceback, never a hang, and data/ byte for byte as it was."""
import hashlib
import random
import shutil
import signal
from contextlib import contextmanager

import pytest
import yaml
from conftest import ROOT
from mutations import INVISIBLE, LOOK_ALIKES, mutate
from test_build import folder_bytes
from test_validate import assert_addressed

from aqwal import schema
from aqwal.dataset import corpus
from aqwal.dataset.build import build
from aqwal.dataset.records import config_rows
from aqwal.gold import seeds, yamlfile
from aqwal.gold.findings import InvalidGold
from aqwal.gold.validate import DOCUMENT_FIELDS, validate_dir

EDITS, SEED, SECONDS_EACH = 300, 11, 10
DOC = "000_5e3c12ae8d8c7ed7"
GOLD = (ROOT / "gold" / f"{DOC}.yaml").read_bytes()
TEXT = (ROOT / "seeds" / f"{DOC}.txt").read_bytes()
MANIFEST = (ROOT / "seeds" / seeds.MANIFEST).read_bytes()


def _with_hash(text: bytes) -> dict[str, bytes]:
    """A new version of the seed, listed with its own hash (so the records are checked)."""
    old, new = (hashlib.sha256(t).hexdigest().encode() for t in (TEXT, text))
    return {"seed": text, "manifest": MANIFEST.replace(old, new)}


def edit_seed(rng: random.Random) -> dict:
    text = TEXT.decode("utf-8")
    i = rng.randrange(len(text))
    new = rng.choice([LOOK_ALIKES.get(text[i], text[i] + rng.choice(INVISIBLE)),
                      rng.choice(INVISIBLE) + text[i], "", text[i] + "\n", " " + text[i]])
    return _with_hash((text[:i] + new + text[i + 1:]).encode("utf-8"))


EDITS_OF_THE_REST = {
    "a seed edited, its hash kept": lambda r: {"seed": TEXT.replace("ال".encode(), "آل".encode(), 1)},
    "a seed edited, its hash updated": edit_seed,
    "a seed that is not UTF-8": lambda r: _with_hash(TEXT[:100] + b"\xff" + TEXT[100:]),
    "a manifest with a BOM": lambda r: {"manifest": b"\xef\xbb\xbf" + MANIFEST},
    "a manifest with spaces": lambda r: {"manifest": MANIFEST.replace(b"\t", b" ")},
    "a manifest with CR LF": lambda r: {"manifest": MANIFEST.replace(b"\n", b"\r\n")},
    "a manifest row twice": lambda r: {"manifest": MANIFEST + MANIFEST.split(b"\n")[1] + b"\n"},
    "a manifest row leading out": lambda r: {"manifest": MANIFEST.replace(
        f"{DOC}.txt".encode(), b"../gold/x.txt")},
    "no manifest": lambda r: {"manifest": None},
    "a gold file named .yml": lambda r: {"name": f"{DOC}.yml"},
    "a gold file named after another id": lambda r: {"name": "other.yaml"},
    "an empty gold file": lambda r: {"gold": b""},
    "a gold file of comments": lambda r: {"gold": b"# nothing yet\n\n"},
    "a folder named like a gold file": lambda r: {"extra": "folder"},
    "a link to nothing": lambda r: {"extra": "link"},
    "a gold file with a byte that is not UTF-8": lambda r: {"gold": GOLD[:5000] + b"\xe9" + GOLD[5000:]},
}


def random_edit(rng: random.Random) -> tuple[str, dict]:
    """(what was done, the files that differ from the real ones)."""
    if rng.random() < 0.8:
        text, names = mutate(GOLD.decode("utf-8"), rng, rng.choice([1, 1, 1, 2, 3]))
        return ", ".join(names), {"gold": text.encode("utf-8")}
    name = rng.choice(sorted(EDITS_OF_THE_REST))
    return name, EDITS_OF_THE_REST[name](rng)


def write_inputs(folder, files: dict):
    (folder / "gold").mkdir(parents=True)
    (folder / "seeds").mkdir()
    (folder / "gold" / files.get("name", f"{DOC}.yaml")).write_bytes(files.get("gold", GOLD))
    (folder / "seeds" / f"{DOC}.txt").write_bytes(files.get("seed", TEXT))
    if files.get("manifest", MANIFEST) is not None:
        (folder / "seeds" / seeds.MANIFEST).write_bytes(files.get("manifest", MANIFEST))
    if files.get("extra") == "folder":
        (folder / "gold" / "old.yaml").mkdir()
    elif files.get("extra") == "link":
        (folder / "gold" / "gone.yaml").symlink_to(folder / "missing.yaml")


def pyyaml_rows(text: bytes) -> dict:
    """Every published string, read from the file by PyYAML alone (the reference)."""
    raw = yaml.load(text.decode("utf-8"), Loader=yamlfile.REFERENCE)
    doc = raw["doc_id"]

    def scoped(ids):
        ids = [ids] if isinstance(ids, str) else ids
        return [i if i == schema.AUTHOR else f"{doc}:{i}" for i in ids]
    sentences = [(s["section"], s["text"], s["text_en"], s["stance"], scoped(s.get("stance_holder", [])),
                  s.get("stance_rationale"),
                  sorted((m["text"], *scoped(m["entity"])) for m in s.get("mentions", []) if m["kind"] == "name"))
                 for s in raw["sentences"]]
    continued = {}  # content continued into later records (`continues`), published last
    for s in raw["sentences"]:
        for c in s.get("continues", []):
            continued.setdefault(c["quote"], []).extend(span["text"] for span in c["content"])
    quotes = sorted((f"{doc}:{q['id']}", q["type"], q["cue"]["text"], (q.get("source") or {}).get("text"),
                     [c["text"] for c in q["content"]] + continued.get(q["id"], []), scoped(q["speakers"]),
                     q.get("parent") and f"{doc}:{q['parent']}", q["stance"], q.get("stance_rationale"))
                    for s in raw["sentences"] for q in s.get("quotes", []))
    entities = sorted((f"{doc}:{e['id']}", e["type"], e["name"], e["name_en"], sorted(
        (m["text"], m["kind"]) for s in raw["sentences"] for m in s.get("mentions", [])
        if e["id"] in ([m["entity"]] if isinstance(m["entity"], str) else m["entity"])))
        for e in raw["entities"])
    return {"documents": [(doc, sorted(raw["document"].items()))],
            "sentences": sentences, "quotes": quotes, "entities": entities}


def published_rows(documents) -> dict:
    rows = config_rows(documents)
    return {
        "documents": [(d["doc_id"], sorted((k, d[k]) for k in DOCUMENT_FIELDS)) for d in rows["documents"]],
        "sentences": [(s["section"], s["text"], s["text_en"], s["stance"], s["stance_holder"],
                       s["stance_rationale"], sorted((e["text"], e["entity_id"]) for e in s["entities"]))
                      for s in rows["sentences"]],
        "quotes": sorted((q["id"], q["type"], q["cue"]["text"], (q["source"] or {}).get("text"),
                          [c["text"] for c in q["content"]], q["speaker_ids"], q["parent_id"],
                          q["stance"], q["stance_rationale"]) for q in rows["quotes"]),
        "entities": sorted((e["entity_id"], e["type"], e["name"], e["name_en"],
                            sorted((m["text"], m["kind"]) for m in e["mentions"])) for e in rows["entities"]),
    }


@contextmanager
def time_limit(seconds: int):
    def stop(signum, frame):
        raise TimeoutError(f"no answer in {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A data/ folder built from the real gold, which no refused build may touch."""
    folder = tmp_path_factory.mktemp("fuzz")
    write_inputs(folder / "real", {})
    build(folder / "real" / "gold", folder / "real" / "seeds", folder / "data", ROOT / "dataset_card.md",
          ROOT / "gold" / "passes")
    return folder / "data"


def test_careless_edits_pass_with_pyyaml_s_strings_or_fail_with_addressed_findings(data, tmp_path):
    before, rng, outcomes, problems = folder_bytes(data), random.Random(SEED), {}, []
    for i in range(EDITS):
        what, files = random_edit(rng)
        folder = tmp_path / f"edit{i}"
        write_inputs(folder, files)
        gold, seeds_dir = folder / "gold", folder / "seeds"
        try:
            with time_limit(SECONDS_EACH):
                findings, documents = validate_dir(gold, seeds_dir)  # `aqwal validate`
                findings.report()
                if findings:
                    assert_addressed(findings)
                    with pytest.raises(InvalidGold) as refused:  # `aqwal build`
                        build(gold, seeds_dir, data, ROOT / "dataset_card.md")
                    assert [str(f) for f in refused.value.findings] == [str(f) for f in findings]
                    assert folder_bytes(data) == before
                else:
                    assert corpus.compile_gold(gold, seeds_dir, jobs=1).findings == []
                    assert published_rows(documents) == pyyaml_rows(files.get("gold", GOLD))
            outcomes[bool(findings)] = outcomes.get(bool(findings), 0) + 1
        except Exception as error:  # every kind of failure (a traceback, a hang) is reported
            problems.append(f"edit {i} ({what}): {type(error).__name__}: {str(error)[:300]}")
        shutil.rmtree(folder)
    assert [] == problems
    assert outcomes[True] > EDITS / 3 and outcomes[False] > 10, outcomes  # both outcomes exercised
