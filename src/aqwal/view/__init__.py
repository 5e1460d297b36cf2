"""The annotated-article view: one page in the browser (`aqwal show`), one object in a notebook.

    import aqwal.view
    aqwal.view.document()                          # the whole article, from the nearest data/
    aqwal.view.sentence("p9s1")                    # one record, with its translation and stance
    aqwal.view.attribution("q16")                  # one attribution and the ones nested in it
    aqwal.view.document(predicted_entities=spans)  # hits, misses and false alarms

Each returns a `View`, which a notebook shows through `_repr_html_` and `.save(path)` writes
as one self-contained page. Rows come from `rows` (every config, as `summary.loaded_rows` gives
them; a `datasets.Dataset` per config also works) or, by default, from the published data/.
"""
from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from aqwal import __version__, schema
from aqwal.files import write_bytes
from aqwal.view.compare import ROLES, PredictionError
from aqwal.view.model import LAYERS, STATUSES, TYPE_TITLES, ViewError, build

__all__ = ["LAYERS", "ROLES", "STATUSES", "PredictionError", "View", "ViewError", "attribution", "document",
           "gold_rows", "published_rows", "sentence", "write_published"]

FILENAME = "view.html"  # the gold view published in data/
FONT = "NotoNaskhArabic-Regular.woff"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("aqwal.view", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             extensions=["jinja2.ext.do"])
    # Arabic inside English lines (tooltips are plain text): a bidi isolate keeps it in place.
    env.filters["isolate"] = lambda text: f"\u2068{text}\u2069"
    env.globals.update(version=__version__, TYPE_TITLES=TYPE_TITLES,
                       STANCE_TARGET=schema.STANCE_TARGET)
    return env


@cache
def _font() -> str:
    """The embedded Arabic font (Noto Naskh Arabic, SIL OFL 1.1: see fonts/OFL.txt)."""
    return base64.b64encode((resources.files("aqwal.view") / "fonts" / FONT).read_bytes()).decode()


class View:
    """An annotated view of a document, a record or an attribution, as HTML.

    In a notebook it shows itself (`_repr_html_`: a fragment with its own scoped styles and no
    script, so it reads the same where scripts are stripped); `page()` is a whole page with the
    Arabic font embedded, `save(path)` writes it.
    """

    def __init__(self, model):
        self.model = model

    def __repr__(self) -> str:
        """Plain and stable (a notebook stores it next to the HTML, and nbval compares it)."""
        m = self.model
        what = {"document": m.document["doc_id"], "sentence": m.records[0].id,
                "attribution": m.quotes[m.shown_quotes[0]].id if m.shown_quotes else m.records[0].id}[m.kind]
        n = len(m.records)
        return f"<aqwal.view.View of {m.kind} {what}: {n} record{'s' * (n != 1)}>"

    def html(self) -> str:
        return _environment().get_template("view.html.j2").render(view=self.model)

    def _repr_html_(self) -> str:
        return self.html()

    def page(self) -> str:
        return _environment().get_template("page.html.j2").render(view=self.model, font=_font())

    def save(self, path: Path | str) -> Path:
        """Write the page (UTF-8, LF) and return its path (a symbolic link there is refused)."""
        return write_bytes(Path(path), self.page().encode("utf-8"))


def _rows(rows: Mapping | None) -> Mapping[str, list[dict]]:
    """Rows of every config; a `datasets.Dataset` is read back with its label names."""
    if rows is None:
        from aqwal.dataset.load import locate_data
        from aqwal.dataset.summary import loaded_rows
        return loaded_rows(locate_data())
    from aqwal.dataset.load import readable_rows
    return {name: readable_rows(value) if hasattr(value, "features") else value
            for name, value in rows.items()}


def document(doc_id: str | None = None, rows: Mapping | None = None, *,
             layers: Iterable[str] = LAYERS, predicted_entities=None, predicted_quotes=None,
             scope: Iterable[str] | None = None, label: str | None = None) -> View:
    """The whole page of one document (doc_id may be left out when there is one).

    predicted_entities: NER spans as (record_id, start, end, label), offsets into the record's
    text like `sentences.entities` (dicts with those keys, or whole `sentences` rows, work too).
    predicted_quotes: attributions as dicts with any of `cue`, `source` (a span or None) and
    `content` (a list of spans), offsets into the document text like `quotes`; only the parts
    given are compared. scope: the record ids that were predicted (default: all); label: the
    prediction's name in the header.
    """
    return View(build(_rows(rows), kind="document", doc_id=doc_id, layers=layers,
                      predicted_entities=predicted_entities, predicted_quotes=predicted_quotes,
                      scope=scope, label=label))


def sentence(record_id: str, rows: Mapping | None = None, *, layers: Iterable[str] = LAYERS,
             predicted_entities=None, predicted_quotes=None, label: str | None = None) -> View:
    """One record (full id, or `p9s1` when the rows hold one document), with its attributions."""
    return View(build(_rows(rows), kind="sentence", focus=record_id, layers=layers,
                      predicted_entities=predicted_entities, predicted_quotes=predicted_quotes,
                      label=label))


def attribution(quote_id: str, rows: Mapping | None = None, *,
                layers: Iterable[str] = ("attributions", "translation"),
                predicted_quotes=None, label: str | None = None) -> View:
    """One attribution (full id, or `q16`) in its record, with the attributions nested in it."""
    return View(build(_rows(rows), kind="attribution", focus=quote_id, layers=layers,
                      predicted_quotes=predicted_quotes, label=label))


def gold_rows(gold_file: Path, seeds_dir: Path) -> dict[str, list[dict]]:
    """The rows of one gold file, validated and built in memory (no data/ needed).

    Raises InvalidGold with the validator's findings when the file does not pass.
    """
    from aqwal.dataset.records import config_rows
    from aqwal.gold.findings import InvalidGold
    from aqwal.gold.validate import validate_file
    findings, document_ = validate_file(Path(gold_file), Path(seeds_dir))
    if document_ is None:
        raise InvalidGold(findings)
    return config_rows([document_])


def published_rows(tables: Mapping) -> dict[str, list[dict]]:
    """The rows of the first document (in doc_id order) of built Arrow tables, with label
    names, as `load_dataset` reads them back: the published view shows that document."""
    import pyarrow.compute as pc

    from aqwal import schema
    from aqwal.dataset.encode import as_dataset
    from aqwal.dataset.load import readable_rows
    first = min(tables["documents"].column("doc_id").to_pylist())
    return {name: readable_rows(as_dataset(table.filter(pc.equal(table["doc_id"], first)),
                                           schema.FEATURES[name]))
            for name, table in tables.items()}


def write_published(folder: Path, tables: Mapping) -> Path:
    """data/view.html: the gold view of the published data, generated by the build."""
    return document(rows=published_rows(tables)).save(Path(folder) / FILENAME)
