"""Word diffs read as people read text."""

from curriculum.standards.diff import has_changes, word_diff


def _render(segments):
    out = []
    for s in segments:
        out.append({"equal": s.text, "delete": f"[-{s.text}-]", "insert": f"{{+{s.text}+}}"}[s.op])
    return "".join(out)


def test_identical_texts_have_no_changes():
    assert not has_changes(word_diff("Check the guards.", "Check the guards."))
    assert word_diff("", "") == []


def test_punctuation_does_not_swallow_the_word():
    assert _render(word_diff("Hazards are recorded.", "Hazards are recorded, looked up.")) == (
        "Hazards are recorded{+, looked up+}."
    )


def test_a_rewritten_phrase_reads_as_one_change():
    rendered = _render(word_diff("two adds near misses are logged", "one reports hazards logged"))
    assert rendered == "[-two adds near misses are-]{+one reports hazards+} logged"


def test_insertions_and_deletions_at_the_ends():
    assert _render(word_diff("Check guards", "Always check guards daily")) == (
        "[-Check-]{+Always check+} guards{+ daily+}"
    )
    assert _render(word_diff(None, "New text")) == "{+New text+}"
