"""Names to look up: the project's gold entities, CLDR's Arabic place names, and nationality
adjectives generated from the country names.

CLDR (through Babel) gives the names Arabic news uses: countries (`الجزائر`, `روسيا`), world
regions (`شمال أفريقيا`), organisations (`الأمم المتحدة`) and the cities of its time zones
(`موسكو`, `القاهرة`), each with its English name. A few tables add what CLDR lacks (regions and
organisations that news names often, long official forms). Lookup is by comparison keys, longest
match first, with a proclitic stripped only when what remains is a name (notebook 03).
"""
from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale

from aqwal import schema
from aqwal.draft.text import key, prefix_length, readings, words
from aqwal.gold import yamlfile


@dataclass(frozen=True)
class EntityRef:
    """A candidate entity: what a mention links to until the reviewer renames it."""

    key: str  # groups mentions: one key, one entity
    type: str
    name: str
    name_en: str
    rule: str  # the rule that proposed it
    gold_id: str | None = None  # the id it has in the project's gold, when it comes from there


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    ref: EntityRef
    rule: str


# Regions and organisations that news names often and CLDR does not list (Arabic, English, type).
EXTRA_NAMES = [
    ("الشرق الأوسط", "Middle East", "LOC"), ("الشرق الأدنى", "Near East", "LOC"),
    ("الشرق الأقصى", "Far East", "LOC"), ("المغرب العربي", "Maghreb", "LOC"),
    ("الخليج العربي", "Persian Gulf", "LOC"), ("الساحل", "Sahel", "LOC"),
    ("الصحراء الكبرى", "Sahara", "LOC"), ("البحر الأبيض المتوسط", "Mediterranean Sea", "LOC"),
    ("البحر المتوسط", "Mediterranean Sea", "LOC"), ("البحر الأحمر", "Red Sea", "LOC"),
    ("القرن الإفريقي", "Horn of Africa", "LOC"), ("شبه الجزيرة العربية", "Arabian Peninsula", "LOC"),
    ("آسيا الوسطى", "Central Asia", "LOC"), ("إفريقيا الشمالية", "North Africa", "LOC"),
    ("غرب إفريقيا", "West Africa", "LOC"), ("القوقاز", "Caucasus", "LOC"), ("البلقان", "Balkans", "LOC"),
    ("سيناء", "Sinai", "LOC"), ("أوروبا الشرقية", "Eastern Europe", "LOC"),
    ("حلف شمال الأطلسي", "NATO", "ORG"), ("حلف الناتو", "NATO", "ORG"), ("الناتو", "NATO", "ORG"),
    ("الاتحاد الإفريقي", "African Union", "ORG"), ("جامعة الدول العربية", "Arab League", "ORG"),
    ("مجلس الأمن الدولي", "UN Security Council", "ORG"), ("منظمة الصحة العالمية", "World Health Organization", "ORG"),
    ("صندوق النقد الدولي", "International Monetary Fund", "ORG"), ("البنك الدولي", "World Bank", "ORG"),
    ("منظمة التعاون الإسلامي", "Organisation of Islamic Cooperation", "ORG"), ("الإنتربول", "Interpol", "ORG"),
    ("أوبك", "OPEC", "ORG"), ("رويترز", "Reuters", "ORG"), ("فرانس برس", "AFP", "ORG"),
    ("وكالة الأنباء الفرنسية", "Agence France-Presse", "ORG"), ("أسوشيتد برس", "Associated Press", "ORG"),
    ("تاس", "TASS", "ORG"), ("سبوتنيك", "Sputnik", "ORG"), ("روسيا اليوم", "Russia Today", "ORG"),
    ("بي بي سي", "BBC", "ORG"),
]
# Long and official forms of country names (Arabic, ISO code).
COUNTRY_VARIANTS = [
    ("روسيا الاتحادية", "RU"), ("الاتحاد الروسي", "RU"), ("فيدرالية روسيا", "RU"),
    ("الولايات المتحدة الأمريكية", "US"), ("الولايات المتحدة الأميركية", "US"), ("أمريكا", "US"),
    ("أميركا", "US"), ("الجمهورية الجزائرية", "DZ"), ("السعودية", "SA"), ("الإمارات", "AE"),
    ("بريطانيا", "GB"), ("فلسطين", "PS"), ("الكونغو الديمقراطية", "CD"), ("كوريا الجنوبية", "KR"),
    ("كوريا الشمالية", "KP"), ("هولندا", "NL"), ("إفريقيا الوسطى", "CF"),
]
# Nationality stems (the adjective without its `ي`) where the country name does not give one,
# and broken plurals that no suffix makes.
NISBA_STEMS = {"US": ["أمريك", "أميرك"], "GB": ["بريطان"], "AE": ["إمارات"], "SA": ["سعود"],
               "PS": ["فلسطين"], "KR": [], "KP": [], "CF": []}
BROKEN_PLURALS = {"RU": ["الروس", "روس"], "TR": ["الأتراك", "أتراك"], "DE": ["الألمان", "ألمان"],
                  "AF": ["الأفغان"], "US": ["الأمريكان", "الأميركان"], "GB": ["الإنجليز", "البريطانيون"]}
NISBA_ENDINGS = ("ي", "ية", "يون", "يين", "يان", "يتان", "يات")
# Country and city names that are also common words.
NOT_NAMES = {key(w) for w in ("مالي", "ماهي", "ترك", "واك", "نوم", "سنتر", "بلم", "ثيل", "سمراء", "كناري",
                              "سيتا", "جوني", "أندير", "جامايكا", "الفاتيكان")}
SKIPPED_TERRITORIES = {"ZZ", "QO", "EZ", "XA", "XB", "001", "UN", "EU"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _nisba_stem(name: str) -> str | None:
    bare = name[2:] if name.startswith("ال") else name
    if " " in bare or len(bare) < 3:
        return None
    for ending in ("يا", "ا", "ة"):
        if bare.endswith(ending) and len(bare) - len(ending) >= 2:
            return bare[:-len(ending)]
    return None if bare.endswith("ي") else bare


class Gazetteer:
    """Names by the key of their first word; the first source to add a name wins."""

    def __init__(self):
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], EntityRef, str]]] = defaultdict(list)
        self._seen: set[tuple[str, ...]] = set()
        self.readings: dict[tuple[str, ...], dict[str, EntityRef]] = defaultdict(dict)
        self.titles: dict[str, EntityRef] = {}  # a page's titles -> the person each introduced

    def add(self, name: str, ref: EntityRef, rule: str) -> bool:
        ws = words(name)
        tokens = tuple(w.key for w in ws)
        if not tokens or " ".join(tokens) in NOT_NAMES:
            return False
        self.readings[tokens].setdefault(ref.type, ref)
        if tokens in self._seen:
            return False
        gaps = tuple(" ".join(name[a.end:b.start].split()) for a, b in itertools.pairwise(ws))
        self._seen.add(tokens)
        self._by_first[tokens[0]].append((tokens, gaps, ref, rule))
        return True

    def copy(self) -> Gazetteer:
        other = Gazetteer()
        other._by_first = defaultdict(list, {k: list(v) for k, v in self._by_first.items()})
        other._seen = set(self._seen)
        other.readings = defaultdict(dict, {k: dict(v) for k, v in self.readings.items()})
        return other

    def reading(self, name: str, type_: str) -> EntityRef | None:
        """The entity a name has with the given type, if any source gave it that type."""
        return self.readings.get(tuple(w.key for w in words(name)), {}).get(type_)

    def match(self, text: str) -> list[Match]:
        """Longest matches, left to right; a proclitic is stripped only before a known name."""
        ws, found, i = words(text), [], 0
        while i < len(ws):
            best = None
            for clitic, rest in readings(ws[i].key):
                for tokens, gaps, ref, rule in self._by_first.get(rest, ()):
                    n = len(tokens)
                    if i + n > len(ws) or any(
                            ws[i + j].key != tokens[j] or " ".join(text[ws[i + j - 1].end:ws[i + j].start].split())
                            != gaps[j - 1] for j in range(1, n)):
                        continue
                    if best is None or (n, not clitic) > (best[0], not best[1]):
                        best = (n, clitic, ref, rule)
            if best is None:
                i += 1
                continue
            n, clitic, ref, rule = best
            start = ws[i].start + (prefix_length(ws[i].text, len(clitic)) if clitic else 0)
            found.append(Match(start, ws[i + n - 1].end, ref, rule))
            i += n
        return found


@cache
def cldr_gazetteer() -> Gazetteer:
    """CLDR's Arabic countries, regions, organisations and cities, with nationality adjectives."""
    ar, en = Locale("ar"), Locale("en")
    gazetteer = Gazetteer()
    countries = {}
    for code, name in sorted(ar.territories.items()):
        if code in SKIPPED_TERRITORIES or code not in en.territories:
            continue
        kind = "GPE" if code.isalpha() else "LOC"
        ref = EntityRef(f"{kind.lower()}:{code}", kind, name, en.territories[code], f"cldr-{kind.lower()}")
        gazetteer.add(name, ref, ref.rule)
        if kind == "GPE":
            countries[code] = ref
    for code in ("UN", "EU"):
        ref = EntityRef(f"org:{code}", "ORG", ar.territories[code], en.territories[code], "cldr-org")
        gazetteer.add(ar.territories[code], ref, ref.rule)
    for name, code in COUNTRY_VARIANTS:
        gazetteer.add(name, countries[code], "country-variant")
    for name, name_en, type_ in EXTRA_NAMES:
        gazetteer.add(name, EntityRef(f"{type_.lower()}:{_slug(name_en)}", type_, name, name_en,
                                      "name-list"), "name-list")
    _add_cities(gazetteer, ar, en)
    _add_nationalities(gazetteer, countries)
    return gazetteer


def _add_cities(gazetteer: Gazetteer, ar: Locale, en: Locale) -> None:
    for tz, names in sorted(ar.time_zones.items()):
        city = names.get("city")
        if not city or not re.fullmatch(r"[\u0600-\u06FF ]+", city) or len(key(city)) < 4:
            continue
        city_en = en.time_zones.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " ")
        gazetteer.add(city, EntityRef(f"gpe:city:{_slug(city_en)}", "GPE", city, city_en, "cldr-city"),
                      "cldr-city")


def _add_nationalities(gazetteer: Gazetteer, countries: dict[str, EntityRef]) -> None:
    for code, country in sorted(countries.items()):
        stems = NISBA_STEMS.get(code)
        if stems is None:
            stem = _nisba_stem(country.name)
            stems = [stem] if stem else []
        plurals = BROKEN_PLURALS.get(code, [])
        if not stems and not plurals:
            continue
        name = plurals[0] if plurals else "ال" + stems[0] + "يون"
        ref = EntityRef(f"norp:{code}", "NORP", name, f"people of {country.name_en}", "nationality")
        for stem in stems:
            for ending in NISBA_ENDINGS:
                for form in (stem + ending, "ال" + stem + ending):
                    gazetteer.add(form, ref, "nationality")
        for form in plurals:
            gazetteer.add(form, ref, "nationality")


def project_gazetteer(gold_dir: Path | None, exclude: str | None = None) -> Gazetteer:
    """CLDR's names under the name mentions of the project's gold files (their entity ids,
    names and English names), the most frequent reading of a name first."""
    base = cldr_gazetteer()
    if gold_dir is None or not Path(gold_dir).is_dir():
        return base
    counts: Counter = Counter()
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        counts.update(_gold_names(path, exclude))
    gazetteer = Gazetteer()
    order = sorted(counts.items(), key=lambda item: (-item[1], schema.ENTITY_TYPES.index(item[0][1].type)
                                                     if item[0][1].type in schema.ENTITY_TYPES else 99))
    for (text, ref), _ in order:
        gazetteer.add(text, ref, "project-gold")
    for first, entries in base._by_first.items():
        for tokens, gaps, ref, rule in entries:
            if tokens not in gazetteer._seen:
                gazetteer._seen.add(tokens)
                gazetteer._by_first[first].append((tokens, gaps, ref, rule))
    for tokens, by_type in base.readings.items():
        for type_, ref in by_type.items():
            gazetteer.readings[tokens].setdefault(type_, ref)
    return gazetteer


def _gold_names(path: Path, exclude: str | None) -> Counter:
    """(mention text, EntityRef) of every name mention of one gold file; nothing if it is not
    readable (the validator reports why)."""
    try:
        raw = yamlfile.read(path).data
        if raw.get("doc_id") == exclude:
            return Counter()
        entities = {e["id"]: e for e in raw["entities"]}
        found = Counter()
        for s in raw["sentences"]:
            for m in s.get("mentions") or []:
                ids = [m["entity"]] if isinstance(m["entity"], str) else m["entity"]
                e = entities[ids[0]]
                if m["kind"] == "name" and len(ids) == 1 and e["type"] in schema.ENTITY_TYPES:
                    ref = EntityRef(f"gold:{e['id']}:{e['type']}", e["type"], e["name"], e["name_en"],
                                    "project-gold", e["id"])
                    found[(m["text"], ref)] += 1
        return found
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Counter()
