"""Properties of word diffs: what the compare, conflict and stale pages show can be trusted.

For any two texts, the kept and removed runs spell the old text and the kept and added runs
spell the new one (nothing dropped, nothing invented); a text compared with itself is one
unchanged run; and runs are never empty or split needlessly.
"""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.standards.diff import has_changes, word_diff

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)

# Prose-like texts (words, punctuation, spaces, new lines) and any text at all.
PROSE = st.text(alphabet=st.sampled_from(list("ab cd,.;\n\t*-é")), max_size=40)
TEXTS = st.one_of(PROSE, st.text(max_size=40))


def _spell(segments, *ops: str) -> str:
    return "".join(s.text for s in segments if s.op in ops)


@SETTINGS
@given(old=TEXTS, new=TEXTS)
def test_the_diff_spells_both_texts(old, new):
    segments = word_diff(old, new)
    assert _spell(segments, "equal", "delete") == old
    assert _spell(segments, "equal", "insert") == new
    assert has_changes(segments) == (old != new)


@SETTINGS
@given(text=TEXTS)
def test_a_text_compared_with_itself_shows_no_change(text):
    segments = word_diff(text, text)
    assert not has_changes(segments)
    assert [s.text for s in segments] == ([text] if text else [])


@SETTINGS
@given(old=TEXTS, new=TEXTS)
def test_runs_are_never_empty_and_kept_runs_are_never_split(old, new):
    segments = word_diff(old, new)
    assert all(s.text for s in segments)
    assert all(s.op in {"equal", "delete", "insert"} for s in segments)
    for first, second in itertools.pairwise(segments):
        assert not (first.op == second.op == "equal")
        assert (first.op, second.op) != ("insert", "delete"), "a removal comes before its addition"


@SETTINGS
@given(text=PROSE.filter(lambda s: not s[-1:].isspace()), suffix=PROSE)
def test_adding_a_sentence_at_the_end_removes_nothing(text, suffix):
    segments = word_diff(text, text + " " + suffix)
    assert _spell(segments, "delete") == ""
    assert _spell(segments, "equal").startswith(text)
