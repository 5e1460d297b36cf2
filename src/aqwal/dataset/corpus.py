"""Every gold file to Arrow tables, in chunks spread over the cores.

A worker validates its chunk of files, builds their rows, re-checks every span, counts the
labels and encodes the tables; the main process only joins them in file order, so the result
does not depend on the number of workers. Workers are forked: they start in milliseconds, where
a fresh interpreter would spend 2 s importing `datasets`. Only Arrow tables and counters travel
back (pickling the rows as Python objects cost more than building them).
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import pyarrow as pa

from aqwal import schema
from aqwal.dataset import stats
from aqwal.dataset.encode import to_table
from aqwal.dataset.records import config_rows
from aqwal.dataset.verify import span_mismatches
from aqwal.gold.findings import Findings
from aqwal.gold.validate import gold_paths, read_manifest, validate_paths

CHUNKS_PER_JOB = 16  # small chunks even out the workers' loads


@dataclass
class Compiled:
    findings: Findings
    tables: dict[str, pa.Table] = field(default_factory=dict)
    counts: dict[str, Counter] = field(default_factory=dict)
    files: list[tuple[Path, str]] = field(default_factory=list)  # (gold file, doc_id)


def default_jobs() -> int:
    """The cores this process may use; 1 where workers cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def compile_gold(gold_dir: Path, seeds_dir: Path, jobs: int | None = None) -> Compiled:
    """Findings for every file; tables and counts only when there are none."""
    paths, findings = gold_paths(gold_dir)
    manifest = read_manifest(Path(seeds_dir))
    findings.extend(manifest.findings)
    jobs = max(1, min(jobs or default_jobs(), len(paths)))
    size = -(-len(paths) // (jobs * CHUNKS_PER_JOB)) if paths else 1
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    if jobs == 1:
        parts = [compile_chunk(chunk, seeds_dir, manifest) for chunk in chunks]
    else:
        # Frozen objects are never visited by a collection, so the workers do not copy the
        # pages they share with this process just to scan them (copy-on-write).
        gc.freeze()
        try:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                     initializer=gc.disable) as pool:
                parts = list(pool.map(compile_chunk, chunks, repeat(seeds_dir), repeat(manifest)))
        finally:
            gc.unfreeze()
    for part in parts:
        findings.extend(part.findings)
    if not findings.ok:
        return Compiled(findings)
    tables = {name: pa.concat_tables([p.tables[name] for p in parts]).combine_chunks()
              for name in schema.CONFIGS}
    return Compiled(findings, tables, stats.total([p.counts for p in parts]))


def compile_chunk(paths: list[Path], seeds_dir: Path, manifest) -> Compiled:
    with paused_gc():
        findings, documents = validate_paths(paths, seeds_dir, manifest)
        files = [(d.path, d.doc_id) for d in documents]
        if not findings.ok:
            return Compiled(findings, files=files)
        rows = config_rows(documents)
        path_of = {doc_id: path for path, doc_id in files}
        for m in span_mismatches(rows):
            findings.add("reference", "offset-mismatch", path_of[m.doc_id], None, m.record,
                         m.field, m.message)
        if not findings.ok:
            return Compiled(findings, files=files)
        tables = {name: to_table(rows[name], schema.FEATURES[name]) for name in schema.CONFIGS}
        return Compiled(findings, tables, stats.count(rows), files)


@contextmanager
def paused_gc():
    """The build makes millions of small acyclic objects; the collector's repeated full passes
    over them made build time grow faster than the number of documents."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
