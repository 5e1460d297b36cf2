"""Every Arabic string a student reads is glossed where it is first used, so a student who does
not read Arabic can follow (issue 13).

What a student reads is the student notebook (`notebooks/`): its markdown, and its code cells
as generated (solutions are stubs, checks are self-checks). The first use of each Arabic string
in a notebook must come with its English:

- in prose (markdown, and comments in code): right after it, a parenthesis holding English —
  `` `بموسكو` ("in Moscow") ``, `` `قال` (*qāla*, "said") `` — or, written inside such a
  parenthesis, its English after a comma or colon — `(أقوال, "statements")` —, or in a table
  row whose other cells hold the English;
- in code: a comment with English on its line or on the line above, or, in a dict, an English
  string as its value (`{"قال": "said"}`); strings that hold English themselves (a message, a
  docstring) gloss their own Arabic as prose does.
"""
import io
import re
import tokenize

import nbformat
import pytest
from conftest import ROOT

STUDENT = sorted((ROOT / "notebooks").glob("*.ipynb"))
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN = re.compile(r"[A-Za-z]{2}")
CODE_SPAN = re.compile(r"`([^`]+)`")
# Bare Arabic in prose: a run of Arabic words (with the marks and spaces between them).
BARE = re.compile(r"[\u0600-\u06FF][\u0600-\u06FF\u064B-\u065F\u0640 ]*[\u0600-\u06FF]|[\u0600-\u06FF]")


def _key(text: str) -> str:
    return " ".join(text.split())


def _glossed_in_prose(text: str, start: int, end: int) -> bool:
    """Whether the Arabic at text[start:end] has its English next to it."""
    after = text[end:end + 300]
    if re.match(r"\s*[,:;]?\s*\(", after):  # `ar` ("gloss") or `ar`, (gloss)
        inside = after[after.index("(") + 1:]
        return bool(LATIN.search(inside.split(")")[0]))
    if re.match(r"[^()\n]{0,6}[,:]\s*[^()]*?[A-Za-z]", after) and "(" in text[max(0, start - 3):start]:
        return True  # (أقوال, "statements")
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end != -1 else len(text)]
    if line.lstrip().startswith("|"):  # a table row: English in another cell
        cells = [c for c in line.strip().strip("|").split("|")]
        return sum(bool(LATIN.search(CODE_SPAN.sub("", c))) for c in cells) >= 1 and len(cells) > 1
    return False


def prose_arabic(text: str):
    """(key, start, end) of every Arabic code span and every bare Arabic run in a text."""
    taken = []
    for m in CODE_SPAN.finditer(text):
        if ARABIC.search(m.group(1)):
            yield _key(m.group(1)), m.start(), m.end()
        taken.append((m.start(), m.end()))
    for m in BARE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            yield _key(m.group()), m.start(), m.end()


def code_arabic(source: str):
    """(key, line, glossed) of every string literal with Arabic in a code cell, and the Arabic
    of its comments (as prose)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return
    comments = {t.start[0]: t.string for t in tokens if t.type == tokenize.COMMENT}
    lines = source.splitlines()
    for i, tok in enumerate(tokens):
        if tok.type == tokenize.COMMENT and ARABIC.search(tok.string):
            for key, start, end in prose_arabic(tok.string):
                yield key, tok.start[0], _glossed_in_prose(tok.string, start, end)
        if tok.type != tokenize.STRING or not ARABIC.search(tok.string):
            continue
        if LATIN.search(ARABIC.sub("", tok.string.strip("rbfuRBFU\"'"))):  # English around it
            for key, start, end in prose_arabic(tok.string):
                yield key, tok.start[0], _glossed_in_prose(tok.string, start, end)
            continue
        row = tok.start[0]
        commented = any(LATIN.search(comments.get(r, "")) for r in (row, row - 1, tok.end[0]))
        nxt = [t for t in tokens[i + 1:i + 3] if t.type not in (tokenize.NL, tokenize.NEWLINE)]
        dict_gloss = (len(nxt) == 2 and nxt[0].string == ":" and nxt[1].type == tokenize.STRING
                      and LATIN.search(nxt[1].string))
        line = lines[row - 1] if row - 1 < len(lines) else ""
        commented = commented or ("#" in line and LATIN.search(line.split("#", 1)[1]))
        yield _key(tok.string.strip("rbfuRBFU\"'")), row, bool(commented or dict_gloss)


def unglossed(path) -> list[str]:
    """The first uses of Arabic strings in a student notebook that come without English."""
    nb = nbformat.read(path, as_version=4)
    seen, missing = set(), []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = [(key, cell.source.count("\n", 0, start) + 1, _glossed_in_prose(cell.source, start, end))
                     for key, start, end in prose_arabic(cell.source)]
        elif cell.cell_type == "code":
            found = list(code_arabic(cell.source))
        else:
            continue
        for key, line, glossed in found:
            if key in seen:
                continue
            seen.add(key)
            if not glossed:
                missing.append(f"{cell.get('id')} line {line}: {key[:40]}")
    return missing


@pytest.mark.parametrize("path", STUDENT, ids=[p.stem for p in STUDENT])
def test_every_arabic_string_is_glossed_where_it_is_first_used(path):
    missing = unglossed(path)
    assert not missing, f"{path.name}: {len(missing)} Arabic strings without English at first use:\n" + \
        "\n".join(missing)


def test_the_gloss_check_can_fail():
    """An unglossed string is caught; glossed forms pass."""
    assert not _glossed_in_prose("the token `بموسكو` is tagged", 10, 18)
    text = 'the token `بموسكو` ("in Moscow") is tagged'
    assert _glossed_in_prose(text, 10, 18)
    text = 'Aqwal (أقوال, "statements") is'
    assert _glossed_in_prose(text, 7, 12)
    assert [g for *_, g in code_arabic('CUES = ["قال"]\n')] == [False]
    assert [g for *_, g in code_arabic('CUES = ["قال"]  # "said"\n')] == [True]
    assert [g for *_, g in code_arabic('GLOSS = {"قال": "said"}\n')] == [True]
