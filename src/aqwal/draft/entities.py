"""Entity mentions: gazetteer names, names found by patterns, dates, and the descriptions that
refer to two entities at once.

Patterns find the names no list has: a person's name after a title (`وزير الخارجية الروسي سيرغي
لافروف`), before an appositive title (`أكرم خريف الخبير`), or right after a verb of saying
(`أوضح أكرم خريف`); an organisation's official name after its head noun (`وكالة الأنباء
الجزائرية`, `مجلس الأمن الروسي`). A person's last name then finds the short mentions (`خريف`).
"""
from __future__ import annotations

from dataclasses import dataclass

from aqwal.draft import cues as cue_rules
from aqwal.draft.dates import DAYS, MONTHS, find_dates
from aqwal.draft.gazetteer import EntityRef, Gazetteer, cldr_gazetteer
from aqwal.draft.text import Word, has_arabic, key, prefix_length, readings, words


def _keys(text: str) -> frozenset[str]:
    return frozenset(key(w) for w in text.split())


TITLES = _keys("وزير الوزير وزيرة الوزيرة رئيس الرئيس رئيسة الرئيسة مدير المدير مديرة أمين الأمين سفير "
               "السفير سفيرة المشير الجنرال العقيد اللواء العميد الفريق النقيب الرائد المقدم الدكتور د "
               "الأستاذ الشيخ السيد السيدة النائب نائب قائد القائد زعيم الزعيم المتحدث الناطق متحدث ناطق "
               "الخبير خبير المحلل محلل الباحث باحث نظير نظيره نظيرته مستشار المستشار سكرتير السكرتير "
               "الملك الأمير الكاتب الصحفي الصحفية المراسل مراسل المبعوث مبعوث المفوض ممثل الممثل عضو "
               "العضو القاضي محافظ المحافظ والي الوالي عمدة البروفيسور")
APPOSITIVES = _keys("الخبير الخبيرة المحلل المحللة الباحث الباحثة المتحدث المتحدثة الناطق الأمين "
                    "المستشار الأستاذ الصحفي الكاتب المختص")
# Words that are not names: function words, and nouns that stand in a title's construct chain.
FUNCTION_WORDS = _keys("في من إلى الى على عن مع أن إن بأن أنه أنها لأن التي الذي الذين اللذين اللتين هذا "
                       "هذه ذلك تلك هؤلاء خلال بعد قبل حول بين عبر حيث كما لكن ثم أو أي كل بعض غير لا لم "
                       "لن قد هو هي هم هما نحن أنا كان كانت يكون تكون ليس إلا منذ عند لدى ضد نحو دون لدى "
                       "أيضا أمس اليوم غدا حين بينما وقد فقد وقال إذ إذا لو ما ماذا لماذا كيف متى أين "
                       "جدا فقط حتى تم يتم باسم بشأن إزاء وسط عام شؤون العام ذات نفس ذاته نفسه ذاتها "
                       "نفسها")
CONSTRUCT_NOUNS = _keys("قوات حفظ لجنة حزب جهاز هيئة مجلس وزارة دائرة مديرية مصلحة قيادة أركان إدارة "
                        "جامعة منظمة حركة جبهة شركة مؤسسة بنك صندوق وكالة قناة صحيفة جريدة موقع مركز معهد "
                        "ديوان مكتب بلدية ولاية دولة حكومة برلمان جمهورية مملكة إمارة منطقة مدينة قرية "
                        "محافظة خارجية داخلية دفاع عدل مالية تجارة صحة تعليم شرطة جيش أمن مخابرات "
                        "استخبارات الأمم تصريح حوار حديث مقابلة بيان تقرير لقاء اجتماع مؤتمر زيارة "
                        "إذاعة تلفزيون مجلة يومية")
NAME_PARTICLES = _keys("عبد أبو أبي ابن بن بنت آل ولد")
UNNAMED_HEADS = _keys("دبلوماسي مسؤول مصدر خبير محلل ضابط متحدث ناطق دبلوماسيون مسؤولون مصادر "
                      "مراقبون مسؤولة مصدرا مسؤولا دبلوماسيا")
UNNAMED_MODIFIERS = _keys("كبير رفيع بارز مطلع مطلعة عسكري أمني حكومي رسمي مقرب سابق رفيعة مطلعون "
                          "عسكريا أمنيا حكوميا رسميا كبيرا")
# Organisation heads whose official name follows them (the head is part of the name).
ORG_HEADS = _keys("وكالة الوكالة وزارة مجلس المجلس هيئة منظمة جامعة حزب حركة جبهة الاتحاد البنك "
                  "صندوق مؤسسة شركة جمعية لجنة اللجنة دائرة جهاز مديرية المديرية القوات الجيش "
                  "الحرس البرلمان محكمة المحكمة الديوان مصلحة الشرطة المخابرات")
# Words after an organisation's name that are not part of it.
ORG_NAME_ENDS = _keys("الخاص الخاصة التابع التابعة المكلف المكلفة الجديد الجديدة المذكور المذكورة "
                      "نفسه نفسها ذاته ذاتها الأخيرة الأخير")
# Descriptions that refer to two annotated entities (guidelines, 2.3).
DUAL_PERSONS = _keys("المسؤولان الجانبان الجانبين")  # not `المسؤولين`, also "officials"
DUAL_COUNTRIES = _keys("البلدين البلدان الدولتين الدولتان الطرفان الطرفين")
# Descriptions that refer back to a source already named (a `nominal` source).
ANAPHORS = [tuple(key(w) for w in phrase.split()) for phrase in (
    "المتحدث", "المصدر ذاته", "المصدر نفسه", "ذات المصدر", "نفس المصدر", "ذات الخبير", "الخبير ذاته",
    "الخبير نفسه", "ذات المتحدث", "المتحدث ذاته", "المسؤول ذاته", "الدبلوماسي ذاته", "المتحدثة")]
NOT_NAME_WORDS = (FUNCTION_WORDS | CONSTRUCT_NOUNS | TITLES | UNNAMED_HEADS | UNNAMED_MODIFIERS
                  | {key(d) for d in DAYS} | {key(m) for m in MONTHS})
TITLE_MODIFIERS = _keys("عام شؤون العام باسم في")  # `المتحدث باسم`, `الخبير في شؤون الطاقة`
MAX_NAME_WORDS = 3


@dataclass
class Mention:
    start: int
    end: int
    refs: list[EntityRef]
    kind: str
    rule: str

    @property
    def type(self) -> str:
        return self.refs[0].type


class _Names:
    """Whether a word can be part of a person's name (memoised: a long page asks often)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer, self.memo = gazetteer, {}
        self.titles: dict[str, EntityRef] = {}  # title key -> the person it introduced last

    def word(self, w: Word, article: bool = False) -> bool:
        """Whether w can be a word of a name; with `article`, also a word with the article
        (`القادر` after `عبد`, a family name `الفرجاني`)."""
        k = w.key
        if (k, article) not in self.memo:
            definite = is_definite(w.text) and not article  # `ألكسندر` is not definite
            cue = any(rest in cue_rules.lexicon() for clitic, rest in readings(k) if clitic in ("", "و", "ف"))
            self.memo[k, article] = not (
                not has_arabic(w.text) or len(k) < 2 or k in NOT_NAME_WORDS or definite or cue
                or (w.text[:1] in "وفبلك" and is_definite(w.text[1:]))
                or any(clitic and rest in NOT_NAME_WORDS for clitic, rest in readings(k))
                or any(c.isdigit() for c in k) or self.gazetteer.match(w.text))
        return self.memo[k, article]

    def run(self, text: str, ws: list[Word], i: int) -> int:
        """How many words from ws[i] make a person's name (0 when fewer than two name words)."""
        n = names = 0
        while i + n < len(ws):
            w = ws[i + n]
            if n and text[ws[i + n - 1].end:w.start].strip():
                break
            if w.key in NAME_PARTICLES:
                n += 1
                continue
            after_particle = n > 0 and ws[i + n - 1].key in NAME_PARTICLES
            coordinated = n > 0 and w.key.startswith("و")  # `باتروشيف ومساهل`: two names
            # a family name with the article ends a two-word name (`سلمى الفرجاني`)
            family = names == 1 and not after_particle and w.text.startswith("ال") and self.word(w, True)
            after_particle = after_particle and self.word(w, True)
            if names == MAX_NAME_WORDS or coordinated or not (family or after_particle or self.word(w)):
                break
            n, names = n + 1, names + 1
            if family:
                break
        while n and ws[i + n - 1].key in NAME_PARTICLES:
            n -= 1
        return n if names >= 2 else 0


def is_definite(text: str) -> bool:
    return text.startswith(("ال", "لل"))


def _person(name: str, rule: str) -> tuple[str, EntityRef]:
    return name, EntityRef(f"per:{key(name)}", "PER", name, romanise(name), rule)


def _title_key(word_key: str) -> str:
    """`ووزيرة`, `الوزيرة` -> `وزيره`: a title without proclitic or article."""
    rest = next((r for c, r in readings(word_key) if r.removeprefix("ال") in TITLES or r in TITLES), word_key)
    return rest.removeprefix("ال")


def discover(text: str, gazetteer: Gazetteer) -> tuple[list[tuple[str, EntityRef]], dict[str, EntityRef]]:
    """(name, entity) of the person and organisation names of the page that no list has, and
    the persons its titles introduced (`وزيرة ... سلمى الفرجاني`: title key -> her)."""
    found, names = [], _Names(gazetteer)
    for line in text.split("\n"):
        ws = words(line)
        for i, w in enumerate(ws):
            clitic, head = _head(w)
            if head in TITLES:
                found += _after_title(line, ws, i, names)
            elif head in ORG_HEADS:
                found += _organisation(line, ws, i, names, clitic)
            if (head in cue_rules.lexicon() and not cue_rules.has_object(head) and i + 1 < len(ws)
                    and not line[w.end:ws[i + 1].start].strip()):
                n = names.run(line, ws, i + 1)
                if n:
                    found.append(_person(line[ws[i + 1].start:ws[i + n].end], "name-after-cue"))
            n = names.run(line, ws, i)
            if n and i + n < len(ws) and ws[i + n].key in APPOSITIVES and not (i and names.run(line, ws, i - 1)):
                found.append(_person(line[w.start:ws[i + n - 1].end], "name-before-title"))
    return found, names.titles


def _head(w: Word) -> tuple[str, str]:
    """(proclitic, rest) of a word whose rest is a title or an organisation head (`ووزير`,
    `لمجلس`), else ("", the word's key)."""
    return next(((c, r) for c, r in readings(w.key) if c and r in TITLES | ORG_HEADS), ("", w.key))


def _after_title(line: str, ws: list[Word], i: int, names: _Names) -> list[tuple[str, EntityRef]]:
    """The first name within a few words after a title (its modifiers skipped)."""
    for j in range(i + 1, min(i + 8, len(ws))):
        if line[ws[j - 1].end:ws[j].start].strip(" \t،,\u0640"):
            return []
        n = names.run(line, ws, j)
        if n:
            name, ref = _person(line[ws[j].start:ws[j + n - 1].end], "title-name")
            names.titles[_title_key(ws[i].key)] = ref
            return [(name, ref)]
        if ws[j].key in FUNCTION_WORDS - TITLE_MODIFIERS:
            return []
    return []


def _organisation(line: str, ws: list[Word], i: int, names: _Names,
                  clitic: str) -> list[tuple[str, EntityRef]]:
    """`مجلس الأمن الروسي`, `وكالة الأنباء الجزائرية`: the head and the definite words after it,
    up to a nationality adjective (which ends such names)."""
    last = i
    for j in range(i + 1, min(i + 6, len(ws))):
        gap = line[ws[j - 1].end:ws[j].start]
        definite = any(rest.startswith("ال") for clitic, rest in readings(ws[j].key) if clitic in ("", "ل"))
        if gap.strip() not in ("", "-") or not definite or ws[j].key in FUNCTION_WORDS | ORG_NAME_ENDS:
            break
        last = j
        if any(m.ref.type == "NORP" for m in names.gazetteer.match(ws[j].text)):
            break
    if last == i:
        return []
    name = line[ws[i].start + prefix_length(ws[i].text, len(clitic)):ws[last].end]
    return [(name, EntityRef(f"org:{key(name)}", "ORG", name, romanise(name), "organisation-head"))]


def page_gazetteer(text: str, gazetteer: Gazetteer) -> Gazetteer:
    """The project's gazetteer plus the names the patterns found on this page and the last names
    of its persons."""
    page = gazetteer.copy()
    found, page.titles = discover(text, gazetteer)
    for name, ref in found:
        page.add(name, ref, ref.rule)
    for name, ref in found:
        parts = words(name)
        if ref.type == "PER" and len(parts) >= 2 and len(parts[-1].key) >= 3:
            page.add(parts[-1].text, ref, "last-name")
    return page


def tag(text: str, gazetteer: Gazetteer, date_ref) -> list[Mention]:
    """Flat name mentions of one record: gazetteer matches and dates, longest first."""
    candidates = [(m.start, m.end, m.ref, m.rule) for m in gazetteer.match(text)]
    candidates += [(a, b, date_ref(text[a:b]), "date-pattern") for a, b in find_dates(text)]
    kept: list[Mention] = []
    for a, b, ref, rule in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(b <= m.start or m.end <= a for m in kept):
            kept.append(Mention(a, b, [ref], "name", rule))
    return sorted(kept, key=lambda m: m.start)


def dual_mentions(text: str, mentions: list[Mention], recent: dict[str, list[EntityRef]]) -> list[Mention]:
    """`البلدين`, `المسؤولان`: nominal mentions of the last two countries or persons named before
    them; `recent` (type -> entities, last named last) is updated with the record's names."""
    names = sorted((m for m in mentions if m.kind == "name" and m.type in recent), key=lambda m: m.start)
    found, k = [], 0
    for w in words(text):
        while k < len(names) and names[k].end <= w.start:
            _remember(recent, names[k])
            k += 1
        for clitic, rest in readings(w.key):
            group = "GPE" if rest in DUAL_COUNTRIES else "PER" if rest in DUAL_PERSONS else None
            if group and len(recent[group]) >= 2:
                start = w.start + (prefix_length(w.text, len(clitic)) if clitic else 0)
                found.append(Mention(start, w.end, list(recent[group][-2:]), "nominal", "dual-description"))
                break
    for m in names[k:]:
        _remember(recent, m)
    return found


def _remember(recent: dict[str, list[EntityRef]], m: Mention) -> None:
    if m.type == "GPE" and not _is_country(m.refs[0]):
        return
    refs = recent[m.type]
    if m.refs[0] in refs:
        refs.remove(m.refs[0])
    refs.append(m.refs[0])


def _is_country(ref: EntityRef) -> bool:
    """A country (the two sides of `البلدين`), not a city."""
    if ref.gold_id is None:
        return not ref.key.startswith("gpe:city:")
    cldr = cldr_gazetteer().reading(ref.name, "GPE")
    return cldr is not None and not cldr.key.startswith("gpe:city:")


ROMAN = dict(zip("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآؤئ",
                 ["a", "b", "t", "th", "j", "h", "kh", "d", "dh", "r", "z", "s", "sh", "s", "d", "t", "z",
                  "a", "gh", "f", "q", "k", "l", "m", "n", "h", "w", "y", "a", "a", "", "a", "i", "a", "w", "y"],
                 strict=True))


def romanise(name: str) -> str:
    """A rough Latin spelling (consonants only) for an English name the reviewer corrects."""
    out = "".join(ROMAN.get(ch, ch if ch.isascii() else "") for ch in key(name))
    return " ".join(part.capitalize() for part in out.split()) or "?"
