"""Small random edits of the kind a careless editor (or a bad tool) makes to gold files and
seeds: stray control and invisible characters, look-alike letters, broken quotes and
indentation, YAML 1.1 traps, misspelt and repeated keys, changed ids and counts. Seeded, so a
failure names an edit that can be replayed: `mutate(text, random.Random(seed))`.
"""
from __future__ import annotations

import random
import re

# C0 and C1 controls, NEL, line and paragraph separators, BOM, non-characters, invisible and
# bidirectional marks, look-alikes of Arabic letters, quotes and YAML indicators.
CHARACTERS = ("\x00\x01\x07\x08\t\x0b\x0c\r\x1b\x7f\x80\x85\x9f\xa0\xad\u061c\u0640\u06cc\u06a9"
              "\u0649\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202e\u2066\ufeff\ufffe"
              "\uffff\U0001f600'\"\u201c\u201d\u00ab\u00bb\\:#&*!|>%@`{}[],-? \n")
LOOK_ALIKES = {"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u064a", " ": "\xa0",
               "\u201d": '"', "\u0627": "\u0623", "\u0647": "\u0629", "\u060c": ","}
INVISIBLE = "\u200c\u200d\u200e\u200f\u0640\u00ad\u2066\ufeff"
VALUES = ["yes", "no", "on", "off", "~", "null", "", '""', "' '", '"  "', "2018-01-15",
          "2018-01-15 10:00:00", "1e3", "0x1F", "017", "1_0", "1.5", ".nan", "{}", "[]", "[x]",
          "{text: x}", "&a x", "*a", "!!str x", "!!binary aGk=", "<<", "=", "-1", "0", "true",
          '"\\ud800"', '"\\x85"', '"a\\u2028b"', '"\\N"', "|\n  x", "> \n  y", "x # c", "'x",
          '"x', "[1, 2", "author", "q01", "algeria", "name", "body", "favor", "PER", "'1'"]
KEYS = ["doc_id", "document", "entities", "sentences", "section", "text", "text_en", "mentions",
        "quotes", "marks", "stance", "stance_holder", "stance_rationale", "id", "type", "cue",
        "source", "speakers", "content", "parent", "n", "entity", "kind", "use", "name",
        "name_en", "proposed", "url", "language", "page_date", "publication_date"]
_KEY = re.compile(r"([A-Za-z_]+): ")
_VALUE = re.compile(r": ([^\n,}]+)")
_QUOTED = re.compile(r'"([^"\n]*)"')
_FLOW_KEY = re.compile(r"(?<=[{ ])\w+: (?=[^\n]*\})")
_N = re.compile(r"n: (\d+)")


def _at(text: str, rng: random.Random) -> int:
    return rng.randrange(len(text) + 1)


def _line(text: str, rng: random.Random) -> tuple[list[str], int]:
    lines = text.split("\n")
    return lines, rng.randrange(len(lines))


def _match(pattern: re.Pattern, text: str, rng: random.Random):
    matches = list(pattern.finditer(text))
    return rng.choice(matches) if matches else None


def _replace(text: str, match, new: str) -> str:
    """text with match's first group replaced by new (text itself if nothing matched)."""
    return text[:match.start(1)] + new + text[match.end(1):] if match else text


def _in_quoted(text: str, rng: random.Random, edit) -> str:
    """text with one double-quoted value v replaced by edit(v, a random index of v)."""
    match = _match(_QUOTED, text, rng)
    if not match or not match.group(1):
        return text
    return _replace(text, match, edit(match.group(1), rng.randrange(len(match.group(1)))))


def insert_character(t, r):
    i = _at(t, r)
    return t[:i] + r.choice(CHARACTERS) + t[i:]


def replace_character(t, r):
    i = _at(t, r)
    return t[:i] + r.choice(CHARACTERS) + t[i + 1:]


def delete_characters(t, r):
    i = _at(t, r)
    return t[:i] + t[i + r.randint(1, 3):]


def duplicate_line(t, r):
    lines, i = _line(t, r)
    return "\n".join(lines[:i + 1] + lines[i:])


def delete_line(t, r):
    lines, i = _line(t, r)
    return "\n".join(lines[:i] + lines[i + 1:])


def swap_lines(t, r):
    lines, i = _line(t, r)
    return "\n".join(lines[:i] + lines[i + 1:i + 2] + lines[i:i + 1] + lines[i + 2:])


def reindent_line(t, r):
    lines, i = _line(t, r)
    lines[i] = r.choice([" ", "  ", "\t"]) + lines[i] if r.random() < 0.5 else lines[i][r.randint(1, 2):]
    return "\n".join(lines)


def replace_value(t, r):
    return _replace(t, _match(_VALUE, t, r), r.choice(VALUES))


def misspell_key(t, r):
    match = _match(_KEY, t, r)
    if not match:
        return t
    word, i = match.group(1), r.randrange(len(match.group(1)))
    typo = r.choice([word[:i] + word[i + 1:], word[:i] + r.choice("aeinrst_") + word[i:],
                     word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:], word.upper(),
                     r.choice(KEYS)])
    return _replace(t, match, typo or word + "x")


def repeat_key(t, r):
    """A key of a flow mapping written again at its end, with another value."""
    match = _match(_FLOW_KEY, t, r)
    if not match or "}" not in t[match.end():]:
        return t
    end = t.index("}", match.end())
    return t[:end] + ", " + match.group() + r.choice(VALUES) + t[end:]


def swap_look_alike(t, r):
    return _in_quoted(t, r, lambda v, i: v[:i] + LOOK_ALIKES.get(v[i], r.choice(INVISIBLE) + v[i])
                      + v[i + 1:])


def insert_invisible(t, r):
    return _in_quoted(t, r, lambda v, i: v[:i] + r.choice(INVISIBLE) + v[i:])


def pad_value(t, r):
    return _in_quoted(t, r, lambda v, i: r.choice([" ", "", "\t"]) + v + r.choice([" ", "  ", ""]))


def cut_value(t, r):
    return _in_quoted(t, r, lambda v, i: r.choice(["", " ", v[:i]]))


def change_n(t, r):
    return _replace(t, _match(_N, t, r), r.choice(["0", "1", "2", "3", "-1", "9", "2.0"]))


EDITS = [insert_character, replace_character, delete_characters, duplicate_line, delete_line,
         swap_lines, reindent_line, replace_value, misspell_key, repeat_key, swap_look_alike,
         insert_invisible, pad_value, cut_value, change_n]


def mutate(text: str, rng: random.Random, edits: int = 1) -> tuple[str, list[str]]:
    """text with `edits` random edits, and their names."""
    names = []
    for _ in range(edits):
        edit = rng.choice(EDITS)
        text = edit(text, rng)
        names.append(edit.__name__)
    return text, names
