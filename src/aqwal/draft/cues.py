"""Cues of attribution: an inflected lexicon generated from a table of verb stems.

Each verb of saying or believing is one row (past 3rd masculine singular, imperfect stem after
the person prefix, the short past stem of a hollow verb); its forms are generated for person,
gender and number, past and imperfect (with the future `س`), and with an attached object pronoun
(`يعتبرها`). The proclitics `و`/`ف` are stripped when a word is looked up, and diacritics never
count. A cue span is the word without its proclitic (guidelines, 3.2).
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

from aqwal.draft.text import Word, key, prefix_length, words

# past 3ms | imperfect stem | short past stem (hollow verbs) | kind
# kind `say`: content after a complementiser, a colon or quotation marks;
# kind `consider`: like say, and also a bare clause after an attached pronoun (يعتبرها خطوة ...).
VERBS = """
قال قول قل say
ذكر ذكر - say
أكد ؤكد - say
أوضح وضح - say
أضاف ضيف أضف say
أشار شير أشر say
صرح صرح - say
أعلن علن - say
أفاد فيد أفد say
أبرز برز - say
تابع تابع - say
أردف ردف - say
استطرد ستطرد - say
لفت لفت - say
نوه نوه - say
شدد شدد - say
حذر حذر - say
طالب طالب - say
كشف كشف - say
جدد جدد - say
سجل سجل - say
علق علق - say
أورد ورد - say
نقل نقل - say
زعم زعم - say
اعترف عترف - say
أشاد شيد أشد say
انتقد نتقد - say
أجاب جيب أجب say
تساءل تساءل - say
أخبر خبر - say
غرد غرد - say
أعرب عرب - say
أقر قر - say
أبلغ بلغ - say
أفصح فصح - say
ناشد ناشد - say
اقترح قترح - say
اتهم تهم - say
وصف صف - consider
أوصى وصي - say
اعتبر عتبر - consider
اعتقد عتقد - say
قدر قدر - say
رجح رجح - say
توقع توقع - say
استبعد ستبعد - say
ظن ظن - say
أمل أمل - say
شكك شكك - say
أبدى بدي - say
"""
# Defective verbs, whose forms a suffix table would get wrong, listed as written.
IRREGULAR = {
    "رأى": ("consider", "رأى رأت رأيا رأتا رأوا رأين رأينا رأيت يرى ترى نرى أرى يريان تريان يرون يرين "
                        "يرونها يراها تراها نراها سيرى سترى"),
    "نفى": ("say", "نفى نفت نفيا نفتا نفوا نفين نفينا نفيت ينفي تنفي ننفي أنفي ينفيان تنفيان ينفون"),
    "دعا": ("say", "دعا دعت دعوا دعتا دعين دعونا دعوت يدعو تدعو ندعو أدعو يدعوان تدعوان يدعون"),
    "روى": ("say", "روى روت رويا روتا رووا يروي تروي يرويان ترويان يروون"),
    "ادعى": ("say", "ادعى ادعت ادعيا ادعوا يدعي تدعي يدعيان يدعون"),
}
# Prepositions and phrases that attribute (their content surrounds them or follows the source).
PHRASES = {"حسب": "according", "وفق": "according", "وفقا": "according", "حسبما": "according",
           "نقلا عن": "according", "على لسان": "according", "جاء في": "report", "ورد في": "report"}
# Words that are mostly something else: `فحسب` "only", `ردا` "in response", `عبر` "through",
# `أمل` "hope". (`بيّن` "showed" is left out: unvocalised, it is `بين` "between".)
NOT_CUES = {key(w) for w in ("فحسب", "أمل", "ردا", "عبر")}

PAST_SUFFIXES = ("", "ت", "ا", "تا", "وا")
DUAL_SUFFIXES = ("ا", "تا", "ان")
SHORT_PAST_SUFFIXES = ("ت", "ن", "نا", "تم", "تما")
IMPERFECT_PREFIXES = ("ي", "ت", "ن", "أ")
IMPERFECT_SUFFIXES = ("", "ان", "ون", "وا", "ا", "ين")
OBJECT_SUFFIXES = ("ه", "ها", "هما", "هم", "هن")
PARTICIPLE_ENDINGS = ("ا", "ة", "ين", "ون", "ان", "تين", "تان")


class Cue(NamedTuple):
    start: int
    end: int
    lemma: str
    kind: str  # say | consider | according | report | colon
    dual: bool = False


def _with_objects(form: str) -> list[str]:
    base = form[:-1] if form.endswith("وا") else form
    return [form, *(base + s for s in OBJECT_SUFFIXES)]


def verb_forms(past: str, imperfect: str, short: str) -> dict[str, bool]:
    """Every generated form of one verb (as written, before keys) -> whether it is dual."""
    forms = {past + s: s in DUAL_SUFFIXES for s in PAST_SUFFIXES}
    forms |= {(short if short != "-" else past) + s: False for s in SHORT_PAST_SUFFIXES}
    for prefix in IMPERFECT_PREFIXES:
        for suffix in IMPERFECT_SUFFIXES:
            dual = suffix in DUAL_SUFFIXES and prefix != "ن"
            forms |= {prefix + imperfect + suffix: dual, "س" + prefix + imperfect + suffix: dual}
    if past[0] in "أا" or imperfect == past:  # derived verbs: the participle is م + the stem
        participle = "م" + imperfect  # موضح, مؤكد, معتبر, مشدد
        forms |= {participle + ending: ending in ("ان", "تين", "تان") for ending in PARTICIPLE_ENDINGS}
    return {w: dual for form, dual in forms.items() for w in _with_objects(form)}


@cache
def lexicon() -> dict[str, tuple[str, str, bool]]:
    """key of a form -> (lemma, kind, dual), for every generated form of every cue verb."""
    table: dict[str, tuple[str, str, bool]] = {}
    for row in VERBS.strip().splitlines():
        past, imperfect, short, kind = row.split()
        for form, dual in sorted(verb_forms(past, imperfect, short).items()):
            table.setdefault(key(form), (past, kind, dual))
    for lemma, (kind, forms) in IRREGULAR.items():
        for form in forms.split():
            table.setdefault(key(form), (lemma, kind, form.endswith(("يا", "تا", "ان"))))
    for form in NOT_CUES:
        table.pop(form, None)
    return table


def has_object(form_key: str) -> bool:
    """Whether a cue form carries an object pronoun (`يعتبرها`): a predicate follows, not a name."""
    return any(form_key.endswith(s) and form_key[:-len(s)] in lexicon() for s in OBJECT_SUFFIXES)


@cache
def _phrases() -> list[tuple[tuple[str, ...], tuple[str, str, bool]]]:
    """(keys of the phrase's words, (phrase, kind, False)), longest phrases first."""
    table = [(tuple(key(w) for w in phrase.split()), (phrase, kind, False))
             for phrase, kind in PHRASES.items()]
    return sorted(table, key=lambda item: -len(item[0]))


def find_cues(text: str) -> list[Cue]:
    """Cues in text: phrases (longest first), then single words, proclitics `و`/`ف` (and `ب`
    before a preposition: `بحسب`) left out."""
    ws, found, skip_to = words(text), [], 0
    for i, w in enumerate(ws):
        if i < skip_to or w.key in NOT_CUES:
            continue
        for clitic in ("", "و", "ف", "ب"):
            head = w.key[len(clitic):]
            if not w.key.startswith(clitic) or len(head) < 2:
                continue
            match = _phrase_at(text, ws, i, head)
            if match is None and clitic != "ب" and head in lexicon():
                match = lexicon()[head], i
            if match is None:
                continue
            (lemma, kind, dual), last = match
            start = w.start + prefix_length(w.text, len(clitic)) if clitic else w.start
            found.append(Cue(start, ws[last].end, lemma, kind, dual))
            skip_to = last + 1
            break
    return found


def _phrase_at(text: str, ws: list[Word], i: int, head: str):
    for parts, entry in _phrases():
        if parts[0] != head or i + len(parts) > len(ws):
            continue
        following = ws[i + 1:i + len(parts)]
        if all(f.key == p and not text[a.end:f.start].strip()
               for a, f, p in zip(ws[i:], following, parts[1:], strict=False)):
            return entry, i + len(parts) - 1
    return None
