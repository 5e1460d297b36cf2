"""Tables with Arabic that keep their columns in every renderer.

A browser lays out each line of a plain-text table with the Unicode bidi algorithm: two Arabic
cells separated only by spaces (or an Arabic cell and the numbers after it) join into one
right-to-left run and trade places. So every right-to-left cell gets its own box:

- text/html: pandas' table (a box per cell), with `dir="auto"` on each cell holding right-to-left
  text, so its punctuation and numbers sit at its right-to-left ends (JupyterLab's sanitizer keeps
  `dir`; a renderer that drops it still cannot swap two cells);
- text/plain (terminals, nbval, any renderer that shows plain text): U+2068 FIRST STRONG ISOLATE
  ... U+2069 POP DIRECTIONAL ISOLATE around each such cell, which take no room on screen, put
  into pandas' own layout so the columns stay aligned;
- strings inside printed lists, tuples and dicts are isolated the same way.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

import pandas as pd
from pandas.io.formats.printing import pprint_thing

FSI, PDI = "\u2068", "\u2069"
# Strong right-to-left letters (Hebrew, Arabic, ...) and Arabic-Indic digits, which join them.
RTL_CLASSES = frozenset({"R", "AL", "AN"})
# What pandas escapes in a cell before it measures it.
ESCAPES = ("\t", "\r", "\n")
# Placeholders for the layout pass: private-use characters, one code point wide, never spaces.
PRIVATE_USE = [*range(0xE000, 0xF900), *range(0xF0000, 0xFFFFE)]
PLACEHOLDER_RUN = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]+(?:\\.\\.\\.)?")
HTML_CELL = re.compile(r"<(t[dh])([^>]*)>([^<]*)</\1>")


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in RTL_CLASSES for char in text)


def isolate(text: str) -> str:
    """text between bidi isolates when it has right-to-left characters, so it cannot change
    places with what stands next to it on a line (use it when printing Arabic next to numbers)."""
    return f"{FSI}{text}{PDI}" if has_rtl(text) else text


def _rtl_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of right-to-left characters, with what lies between two of them
    as long as it holds no left-to-right letter or digit (spaces, `+`, Arabic punctuation), and
    the combining marks that end it (a final tanwin belongs to its word)."""
    runs: list[tuple[int, int]] = []
    for i, char in enumerate(text):
        kind = unicodedata.bidirectional(char)
        if kind in RTL_CLASSES:
            if runs and all(unicodedata.bidirectional(c) not in ("L", "EN") for c in text[runs[-1][1]:i]):
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
        elif kind == "NSM" and runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
    return runs


def isolate_runs(text: str) -> str:
    """An English line quoting Arabic (a test case's name) with each Arabic run isolated, so the
    line keeps its left-to-right order and each Arabic quotation reads right to left."""
    parts, at = [], 0
    for start, end in _rtl_runs(text):
        parts += [text[at:start], FSI, text[start:end], PDI]
        at = end
    return "".join([*parts, text[at:]])


def _shown(value) -> str:
    return pprint_thing(value, escape_chars=ESCAPES)


def _is_text(values) -> bool:
    """Columns and indexes whose cells pandas prints as text (numbers keep their own format)."""
    kind = values.dtype
    return not (pd.api.types.is_numeric_dtype(kind) or pd.api.types.is_datetime64_any_dtype(kind)
                or pd.api.types.is_timedelta64_dtype(kind))


def _printable(n: int) -> list[bool]:
    """Which of n rows pandas may print: all, or, when it cuts a long table, at most
    display.max_rows from each end (a cheap superset of its head and tail)."""
    limit = pd.get_option("display.max_rows")
    if not limit or n <= 2 * limit:
        return [True] * n
    return [True] * limit + [False] * (n - 2 * limit) + [True] * limit


def _map_values(values: pd.Series | pd.Index, cell: Callable, rows: bool = True) -> pd.Series | pd.Index:
    """values with cell() applied (to the printable ones when they are rows), in their own dtype:
    map() would infer a new one (None to NaN). Unchanged when no cell holds right-to-left text."""
    if not _is_text(values):
        return values
    if isinstance(values.dtype, pd.CategoricalDtype):  # map the categories; stays categorical
        categories = values.dtype.categories
        return values.map(cell) if any(has_rtl(_shown(c)) for c in categories) else values
    printable = _printable(len(values)) if rows else [True] * len(values)
    originals = values.to_numpy(dtype=object)
    mapped = [cell(v) if p else v for v, p in zip(originals, printable, strict=True)]
    if all(m is v for m, v in zip(mapped, originals, strict=True)):
        return values
    if isinstance(values, pd.Index):
        return pd.Index(mapped, dtype=object).astype(values.dtype)
    return pd.Series(mapped, index=values.index, name=values.name, dtype=object).astype(values.dtype)


def _map_index(index: pd.Index, cell: Callable, rows: bool) -> pd.Index:
    names = [cell(name) for name in index.names]
    if isinstance(index, pd.MultiIndex):
        levels = [_map_values(level, cell, rows=False) for level in index.levels]
        return index.set_levels(levels).set_names(names)
    return _map_values(index, cell, rows).set_names(names)


def _map_cells(obj: pd.DataFrame | pd.Series, cell: Callable) -> pd.DataFrame | pd.Series:
    """A copy of obj with cell() applied to every printable text cell, label and name; columns
    without right-to-left text keep their dtype and format."""
    if isinstance(obj, pd.Series):
        mapped = _map_values(obj, cell).copy()
        mapped.name = cell(obj.name)
    else:
        mapped = pd.concat([_map_values(obj.iloc[:, i], cell) for i in range(obj.shape[1])], axis=1,
                           ignore_index=True) if obj.shape[1] else obj.copy()
        mapped.columns = _map_index(obj.columns, cell, rows=False)
    mapped.index = _map_index(obj.index, cell, rows=True)
    return mapped


def _placeholders() -> Callable:
    """A cell function: right-to-left text becomes a run of one private-use character as long as
    pandas shows it (distinct texts, distinct characters); anything else stays."""
    codes: dict[str, str] = {}

    def cell(value):
        if value is None or not has_rtl(shown := _shown(value)):
            return value
        if shown not in codes:
            codes[shown] = chr(PRIVATE_USE[len(codes) % len(PRIVATE_USE)])
        return codes[shown] * len(shown)

    return cell


def _isolate_runs(text: str, layout: str) -> str | None:
    """text with an isolate around every placeholder run of layout (the same table printed with
    placeholders), or None when the two do not share their layout character for character."""
    lines, layout_lines = text.split("\n"), layout.split("\n")
    if [len(line) for line in lines] != [len(line) for line in layout_lines]:
        return None
    out = []
    for line, shape in zip(lines, layout_lines, strict=True):
        pieces, last = [], 0
        for run in PLACEHOLDER_RUN.finditer(shape):
            if line[last:run.start()] != shape[last:run.start()]:
                return None
            pieces += [line[last:run.start()], FSI, line[run.start():run.end()], PDI]
            last = run.end()
        if line[last:] != shape[last:]:
            return None
        out.append("".join(pieces) + line[last:])
    return "\n".join(out)


def _isolated_cell(value):
    """The fallback's cell: isolated, and short enough that pandas never cuts off its PDI (it
    cuts cells longer than display.max_colwidth, counting the space it puts before each)."""
    if value is None or not has_rtl(shown := _shown(value)):
        return value
    width = pd.get_option("display.max_colwidth")
    if width is not None and len(shown) + 3 > width:
        shown = shown[:max(width - 6, 1)] + "..."
    return isolate(shown)


def plain_table(obj: pd.DataFrame | pd.Series) -> str:
    """pandas' text of obj with every right-to-left cell, label and name isolated."""
    text = repr(obj)
    if not has_rtl(text):
        return text
    isolated = _isolate_runs(text, repr(_map_cells(obj, _placeholders())))
    if isolated is not None:
        return isolated
    # Layouts differ (not seen so far): isolate inside the cells; alignment may be off, order is right.
    return repr(_map_cells(obj, _isolated_cell))


def _directed(match: re.Match) -> str:
    tag, attributes, content = match.groups()
    if not has_rtl(html.unescape(content)):
        return match.group(0)
    return f'<{tag} dir="auto"{attributes}>{content}</{tag}>'


def html_table(frame: pd.DataFrame) -> str | None:
    """pandas' notebook HTML of frame, with dir="auto" on each cell holding right-to-left text."""
    table = frame._repr_html_()
    return None if table is None else HTML_CELL.sub(_directed, table)


def _pretty_table(obj: pd.DataFrame | pd.Series, printer, cycle: bool) -> None:
    printer.text(plain_table(obj))


def _pretty_str(text: str, printer, cycle: bool) -> None:
    printer.text(isolate(repr(text)))


def register(shell) -> None:
    """Make an IPython shell display DataFrames, Series and strings (also inside lists, tuples
    and dicts) as above."""
    plain, rich = shell.display_formatter.formatters["text/plain"], shell.display_formatter.formatters["text/html"]
    plain.for_type(pd.DataFrame, _pretty_table)
    plain.for_type(pd.Series, _pretty_table)
    plain.for_type(str, _pretty_str)
    rich.for_type(pd.DataFrame, html_table)
