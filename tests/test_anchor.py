import pytest

from aqwal.gold.anchor import AnchorError, Span, anchor, word_boundary_problem

TEXT = "قال لافروف إن الجزائر انضمت، وأكد أن الجزائرية بالجزائر"


def test_a_unique_string_needs_no_index():
    span = anchor(TEXT, "لافروف")
    assert TEXT[span.start:span.end] == "لافروف"


def test_n_counts_raw_substring_occurrences():
    spans = [anchor(TEXT, "الجزائر", n) for n in (1, 2, 3)]
    assert [s.start for s in spans] == sorted({s.start for s in spans})
    assert all(TEXT[s.start:s.end] == "الجزائر" for s in spans)


@pytest.mark.parametrize("needle, n, rule", [
    ("الجزائر", None, "ambiguous-anchor"),
    ("الجزائر", 4, "anchor-index-out-of-range"),
    ("الجزائر", 0, "anchor-index-out-of-range"),
    ("موسكو", None, "span-not-at-anchor"),
    (" لافروف", None, "span-whitespace"),
    ("", None, "empty-span"),
])
def test_unplaceable_spans_are_errors_not_guesses(needle, n, rule):
    with pytest.raises(AnchorError) as error:
        anchor(TEXT, needle, n)
    assert error.value.rule == rule


def test_a_span_after_proclitics_is_a_whole_word():
    assert word_boundary_problem(TEXT, anchor(TEXT, "الجزائر", 2)) is not None  # in الجزائرية
    assert word_boundary_problem(TEXT, anchor(TEXT, "الجزائر", 3)) is None  # after ب


def test_a_span_may_not_start_or_end_inside_a_word():
    assert "starts inside" in word_boundary_problem(TEXT, anchor(TEXT, "فروف"))
    assert "ends inside" in word_boundary_problem(TEXT, anchor(TEXT, "لافرو"))
    assert word_boundary_problem(TEXT, anchor(TEXT, "أكد")) is None  # after و


def test_shifted_spans_keep_their_text():
    assert Span(2, 5, "abc").shifted(10) == Span(12, 15, "abc")


def test_a_proclitic_drawn_out_with_a_tatweel_stays_outside_the_span():
    text = "وصل بـالجزائر ووبـتونس ثم ـتونس"
    assert word_boundary_problem(text, anchor(text, "الجزائر")) is None
    assert word_boundary_problem(text, anchor(text, "تونس", 2)) is not None, "a tatweel alone is no proclitic"
    assert word_boundary_problem(text, anchor(text, "تونس", 1)) is not None, "three proclitics"
