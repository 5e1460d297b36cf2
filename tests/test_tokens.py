from aqwal.dataset.tokens import bio_tags, decode, tokenize
from aqwal.gold.anchor import anchor


def test_tokens_split_punctuation_but_not_proclitics_or_diacritics():
    text = "ويُرجح بموسكو، الـ31 إسلام.ك”"
    assert [t.text for t in tokenize(text)] == ["ويُرجح", "بموسكو", "،", "الـ31", "إسلام", ".", "ك", "”"]


def test_a_name_after_a_proclitic_tags_the_whole_token():
    text = "التقى لافروف بموسكو"
    tokens = tokenize(text)
    tags = bio_tags(tokens, [(anchor(text, "موسكو"), "GPE"), (anchor(text, "لافروف"), "PER")])
    assert tags == ["O", "B-PER", "B-GPE"]


def test_adjacent_entities_of_one_type_stay_apart():
    text = "الجزائر روسيا"
    tokens = tokenize(text)
    tags = bio_tags(tokens, [(anchor(text, "الجزائر"), "GPE"), (anchor(text, "روسيا"), "GPE")])
    assert tags == ["B-GPE", "B-GPE"]
    assert [s.text for s, _ in decode(tokens, tags, text)] == ["الجزائر", "روسيا"]


def test_decode_joins_inside_tokens_and_restarts_after_o():
    text = "سيرغي لافروف قال ألكسندر"
    tokens = tokenize(text)
    spans = decode(tokens, ["B-PER", "I-PER", "O", "I-PER"], text)
    assert [(s.text, label) for s, label in spans] == [("سيرغي لافروف", "PER"), ("ألكسندر", "PER")]
