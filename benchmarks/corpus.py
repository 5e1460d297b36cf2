"""Corpus benchmark: validate + build and load_dataset on 1, 10, 100 and 1,000 copies of the
gold article, each a document with its own id (so every copy validates on its own).

Run with `make bench` (not part of the test suite). Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = "000_5e3c12ae8d8c7ed7"


def make_corpus(n: int, folder: Path) -> None:
    """n copies of the seed and its gold, named doc0000.. with the manifest to match."""
    seed = (ROOT / "seeds" / f"{DOC}.txt").read_bytes()
    gold = (ROOT / "gold" / f"{DOC}.yaml").read_text(encoding="utf-8")
    sha = (ROOT / "seeds" / "manifest.tsv").read_text(encoding="utf-8").split("\n")[1].split("\t")[2]
    (folder / "seeds").mkdir(parents=True)
    (folder / "gold").mkdir()
    rows = ["doc_id\tfile\tsha256"]
    for i in range(n):
        doc_id = f"doc{i:04d}"
        (folder / "seeds" / f"{doc_id}.txt").write_bytes(seed)
        (folder / "gold" / f"{doc_id}.yaml").write_text(
            gold.replace(f"doc_id: {DOC}", f"doc_id: {doc_id}", 1), encoding="utf-8")
        rows.append(f"{doc_id}\t{doc_id}.txt\t{sha}")
    (folder / "seeds" / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    card = (ROOT / "dataset_card.md").read_text(encoding="utf-8")  # agreement is the real article's
    (folder / "card.md").write_text(card.replace("<!-- aqwal:agreement -->\n", ""), encoding="utf-8")


def measure(folder: Path) -> dict:
    """Runs in a fresh process, so peak memory (ru_maxrss) is this corpus's alone."""
    from aqwal.build import build
    from aqwal.load import load
    from aqwal import schema

    start = time.perf_counter()
    rows = build(folder / "gold", folder / "seeds", folder / "data", folder / "card.md")
    built = time.perf_counter()
    for config in schema.CONFIGS:
        load(config, folder / "data", folder / "cache")
    loaded = time.perf_counter()
    spans = sum(len(s["entities"]) for s in rows["sentences"]) + sum(
        2 + len(q["content"]) for q in rows["quotes"]) + sum(len(e["mentions"]) for e in rows["entities"])
    return {"documents": len(rows["documents"]), "sentences": len(rows["sentences"]), "spans": spans,
            "build_s": built - start, "load_s": loaded - built,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    print("| documents | sentences | spans | validate + build (s) | s per document | load_dataset, 4 configs (s) | peak memory (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"aqwal-bench-{n}-"))
        try:
            make_corpus(n, folder)
            out = subprocess.run([sys.executable, __file__, "--measure", str(folder)],
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(f"| {r['documents']:,} | {r['sentences']:,} | {r['spans']:,} | {r['build_s']:.2f} | "
                  f"{r['build_s'] / r['documents'] * 1000:.2f} ms | {r['load_s']:.2f} | {r['peak_mb']:.0f} |")
        finally:
            shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
