"""Where Chromium puts the cells of tables with Arabic: the check the browser tests share.

A table reads right when, in every row, its cells stand from left to right in data order and
each cell's text stays in its own box. For plain text in a <pre> (how notebooks show text/plain),
a line's cells are its bidi isolates and the pieces between column gaps (two or more spaces); they
must stand from left to right in the order they are written. A right-to-left run that swallowed
two Arabic cells puts the second one first, on the left.
"""
from __future__ import annotations

from conftest import SCREENSHOTS

from aqwal.bidi import has_rtl

# Runs in the page: the problems found under each element matching the selector, and what was checked.
LAYOUT_JS = r"""
(roots) => {
  const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
  const problems = [];
  let tables = 0, texts = 0;
  const short = (text) => JSON.stringify(text.trim().slice(0, 40));
  const rangeRect = (range) => range.getBoundingClientRect();
  const contentRect = (el) => { const r = document.createRange(); r.selectNodeContents(el); return rangeRect(r); };

  function checkTable(table) {
    tables += 1;
    for (const row of table.rows) {
      let before = null;
      for (const cell of row.cells) {
        const box = cell.getBoundingClientRect();
        if (before && box.left < before.right - 1) {
          problems.push(`table row ${row.rowIndex}: ${short(cell.textContent)} stands left of ${short(before.text)}`);
        }
        if (RTL.test(cell.textContent)) {
          const text = contentRect(cell);
          if (text.left < box.left - 1 || text.right > box.right + 1) {
            problems.push(`table row ${row.rowIndex}: ${short(cell.textContent)} leaves its cell`);
          }
        }
        before = {right: box.right, text: cell.textContent};
      }
    }
  }

  // A <pre>'s characters with the text node and offset of each, so a range can cover any piece.
  function characters(pre) {
    const chars = [];
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) chars.push({ch: node.data[i], node, i});
    }
    return chars;
  }

  function checkText(pre) {
    const chars = characters(pre);
    const text = chars.map(c => c.ch).join('');
    if (!RTL.test(text)) return;
    texts += 1;
    // pieces: isolated runs, and maximal runs without a column gap (2+ spaces) or a newline
    const piece = /\u2068[^\u2069]*\u2069|[^\n\u2068\u2069 ]+(?: [^\n\u2068\u2069 ]+)*/g;
    let line = null, before = null;
    for (const m of text.matchAll(piece)) {
      const start = chars[m.index], end = chars[m.index + m[0].length - 1];
      const range = document.createRange();
      range.setStart(start.node, start.i);
      range.setEnd(end.node, end.i + 1);
      const box = rangeRect(range);
      const lineNo = text.slice(0, m.index).split('\n').length;
      if (lineNo !== line) { line = lineNo; before = null; }
      if (before && box.top < before.bottom - 1 && box.left < before.right - 1) {
        problems.push(`text line ${lineNo}: ${short(m[0])} stands left of ${short(before.text)}`);
      }
      before = {right: box.right, bottom: box.bottom, text: m[0]};
    }
  }

  for (const root of roots) {
    for (const table of root.querySelectorAll('table')) if (RTL.test(table.textContent)) checkTable(table);
    for (const pre of root.querySelectorAll('pre')) checkText(pre);
  }
  return {problems, tables, texts};
}
"""


def layout(page, selector: str) -> dict:
    """{problems: [...], tables: n, texts: n} for the tables and <pre> texts with Arabic under
    every element matching selector."""
    return page.locator(selector).evaluate_all(LAYOUT_JS)


def photograph_arabic(page, selector: str, prefix: str) -> int:
    """A screenshot of each element matching selector that shows Arabic, as
    build/screenshots/<prefix>-arabic-NN.png; returns how many."""
    elements = page.locator(selector)
    shown = [i for i, text in enumerate(elements.all_inner_texts()) if has_rtl(text)]
    for k, i in enumerate(shown, start=1):
        elements.nth(i).screenshot(path=SCREENSHOTS / f"{prefix}-arabic-{k:02d}.png")
    return len(shown)
