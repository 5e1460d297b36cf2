"""The stored outputs of the solved notebooks show Arabic so that no renderer can swap two
columns: checked on the files (every Arabic cell isolated) and in Chromium (where each cell lands),
for plain text as JupyterLab shows it and for a static HTML render (nbconvert)."""
import html
import re

import nbformat
import pytest
from bidi_layout import layout, photograph_arabic
from conftest import ROOT, SCREENSHOTS

from aqwal.bidi import FSI, PDI, has_rtl

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))
ISOLATED = re.compile(f"{FSI}[^{FSI}{PDI}]*{PDI}")
HTML_CELL = re.compile(r"<(t[dh])([^>]*)>([^<]*)</\1>")


def rich_outputs():
    """(notebook, cell id, data) of every execute_result and display_data with Arabic."""
    for path in ANSWERS:
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if has_rtl(data.get("text/plain", "")):
                    yield path.stem, cell.id, data


OUTPUTS = list(rich_outputs())


def test_the_answers_show_arabic_tables_and_lists():
    tables = [cell for _, cell, data in OUTPUTS if "<table" in data.get("text/html", "")]
    assert len(tables) >= 10, "the checks below would have nothing to check"
    assert {"clitic-cases", "attributions", "overview"} <= set(tables)


@pytest.mark.parametrize(("notebook", "cell", "data"), OUTPUTS, ids=[f"{n}-{c}" for n, c, _ in OUTPUTS])
def test_arabic_in_plain_text_outputs_stands_only_inside_isolates(notebook, cell, data):
    outside = ISOLATED.sub("", data["text/plain"])
    assert not has_rtl(outside), f"{notebook} {cell}: Arabic outside an isolate: {outside!r}"


@pytest.mark.parametrize(("notebook", "cell", "data"), OUTPUTS, ids=[f"{n}-{c}" for n, c, _ in OUTPUTS])
def test_every_arabic_html_table_cell_takes_its_direction_from_its_text(notebook, cell, data):
    cells = HTML_CELL.findall(data.get("text/html", ""))
    undirected = [text for _, attributes, text in cells
                  if has_rtl(html.unescape(text)) and 'dir="auto"' not in attributes]
    assert not undirected, f"{notebook} {cell}: cells without dir=auto: {undirected}"


def plain_text_page(texts) -> str:
    """The texts as JupyterLab shows text/plain: each in a <pre> of a code font."""
    pres = "\n".join(f'<pre id="out{i}">{html.escape(text)}</pre>' for i, text in enumerate(texts))
    return (f"<!doctype html><meta charset=utf-8><style>pre {{font: 13px 'DejaVu Sans Mono', monospace;"
            f" white-space: pre-wrap}}</style><body>{pres}</body>")


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    yield page
    page.close()


def test_plain_text_outputs_keep_their_columns_in_chromium(page):
    texts = [data["text/plain"] for _, _, data in OUTPUTS]
    page.set_content(plain_text_page(texts))
    page.screenshot(path=SCREENSHOTS / "answers-plain-text-outputs.png", full_page=True)
    found = layout(page, "body")
    assert found["texts"] == len(texts)
    assert found["problems"] == []


def test_without_isolates_chromium_swaps_columns_and_the_check_sees_it(page):
    """Today's outputs before the isolates, rebuilt by removing them: the check must catch the
    swaps the issue reported (03's token and name, 04's cue and source)."""
    texts = [data["text/plain"].replace(FSI, "").replace(PDI, "") for _, _, data in OUTPUTS]
    page.set_content(plain_text_page(texts))
    page.screenshot(path=SCREENSHOTS / "answers-plain-text-without-isolates.png", full_page=True)
    problems = "\n".join(layout(page, "body")["problems"])
    assert '"بموسكو" stands left of' in problems or '"موسكو" stands left of "بموسكو"' in problems
    assert '"دبلوماسي روسي" stands left of "يعتبرها"' in problems


@pytest.fixture(scope="module")
def exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter()


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_a_static_html_render_keeps_every_arabic_column(path, page, exporter, tmp_path):
    body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
    target = tmp_path / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    page.goto(target.as_uri(), wait_until="domcontentloaded")
    found = layout(page, ".jp-OutputArea-output")
    expected = sum("<table" in data.get("text/html", "") for nb, _, data in OUTPUTS if nb == path.stem)
    assert found["tables"] == expected
    assert found["problems"] == []
    assert layout(page, ".jp-MarkdownCell")["problems"] == [], "the prose's tables"
    photograph_arabic(page, ".jp-OutputArea-output", f"nbconvert-{path.stem}")
