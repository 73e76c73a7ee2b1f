"""Spreadsheet import (reader, mapping guess, preview with near-duplicates) and CSV/XLSX export."""

from __future__ import annotations

import io
import random

import pytest
from openpyxl import Workbook, load_workbook

from curriculum.interop import package, spreadsheet_preview
from curriculum.interop.package import ImportRejected
from curriculum.interop.spreadsheet_preview import near_duplicates, preview
from curriculum.interop.spreadsheet_read import columns, guess_mapping
from curriculum.interop.spreadsheet_write import HEADERS
from curriculum.interop.writers import write
from curriculum.standards.models import Level, SkillCategory, StandardKind

MAPPING = {
    "code": "Code",
    "parent_code": "Parent code",
    "kind": "Kind",
    "title": "Title",
    "statement": "Statement",
    "level": "Level",
}

GOOD = [
    ["Code", "Parent code", "Kind", "Title", "Statement", "Level"],
    ["A", "", "Critical work function", "Machine parts", "", ""],
    ["A.1", "A", "key_activity", "Set up the lathe", "Sets up a lathe safely.", ""],
    ["A.1.1", "A.1", "PERFORMANCE INDICATOR", "Checks tooling", "Checks tooling wear.", "baseline"],
    ["A.1.2", "A.1", "Skill", "Reads drawings", "Reads engineering drawings.", "Mastery"],
    ["A.2", "A", "Key activity", "Inspect parts", "Inspects finished parts.", ""],
]


def to_csv(rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> bytes:
    text = "\r\n".join(delimiter.join(cells) for cells in rows) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def to_xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shape(items: list[package.Item]) -> list[tuple]:
    return [(i.code, i.parent, i.kind, i.title, i.statement, i.level) for i in items]


EXPECTED = [
    ("A", None, StandardKind.CRITICAL_WORK_FUNCTION, "Machine parts", "", None),
    ("A.1", "A", StandardKind.KEY_ACTIVITY, "Set up the lathe", "Sets up a lathe safely.", None),
    ("A.1.1", "A.1", StandardKind.PERFORMANCE_INDICATOR, "Checks tooling", "Checks tooling wear.",
     Level.BASELINE),
    ("A.1.2", "A.1", StandardKind.SKILL, "Reads drawings", "Reads engineering drawings.",
     Level.MASTERY),
    ("A.2", "A", StandardKind.KEY_ACTIVITY, "Inspect parts", "Inspects finished parts.", None),
]  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(to_csv(GOOD), id="csv"),
        pytest.param(to_csv(GOOD, bom=True), id="csv-bom"),
        pytest.param(to_csv(GOOD, ";"), id="csv-semicolons"),
        pytest.param(to_csv(GOOD, "\t", bom=True), id="csv-tabs"),
    ],
)
def test_csv_reads_a_tree_in_order_with_kinds_and_levels_by_value_or_label(data):
    found = package.read("csv", data, {"mapping": MAPPING})
    assert found.format == "csv" and found.identifier is None
    assert shape(found.items) == EXPECTED
    assert [i.identifier for i in found.items] == ["A", "A.1", "A.1.1", "A.1.2", "A.2"]
    assert columns(data, "csv") == GOOD[0]


def test_xlsx_reads_the_first_sheet_with_cells_as_text():
    rows: list[list[object]] = [list(r) for r in GOOD]
    rows[1][0] = 7  # a number typed into a code cell reads as "7"
    rows[2][1] = rows[5][1] = 7
    rows.insert(3, [None] * 6)  # a blank row is skipped
    data = to_xlsx(rows)
    found = package.read("xlsx", data, {"mapping": MAPPING})
    assert [i.code for i in found.items] == ["7", "A.1", "A.1.1", "A.1.2", "A.2"]
    assert found.items[1].parent == "7"


def test_children_listed_before_their_parent_still_come_in_tree_order():
    rows = [GOOD[0], GOOD[3], GOOD[2], GOOD[1], GOOD[5], GOOD[4]]
    found = package.read("csv", to_csv(rows), {"mapping": MAPPING})
    assert [i.code for i in found.items] == ["A", "A.1", "A.1.1", "A.1.2", "A.2"]


def test_latin1_file_is_read_with_a_fix():
    data = "Code,Title\nA,Sécurité\n".encode("latin-1")
    found = package.read("csv", data, {"mapping": {"code": "Code", "title": "Title"}})
    assert found.items[0].title == "Sécurité"
    assert any("not UTF-8" in f.message for f in found.fixes)


def test_missing_kind_is_guessed_from_the_parent_where_the_format_says():
    rows = [
        ["Code", "Parent code", "Kind", "Title"],
        ["A", "", "Critical work function", "Function"],
        ["A.1", "A", "", "Activity"],  # under a critical work function: a key activity
        ["A.1.1", "A.1", "", "Indicator or skill?"],  # several kinds fit: item
        ["B", "", "", "Top"],  # no kind given at the top: item
    ]
    mapping = {"code": "Code", "parent_code": "Parent code", "kind": "Kind", "title": "Title"}
    found = package.read("csv", to_csv(rows), {"mapping": mapping})
    kinds = [i.kind for i in found.items]
    assert kinds == [
        StandardKind.CRITICAL_WORK_FUNCTION,
        StandardKind.KEY_ACTIVITY,
        StandardKind.ITEM,
        StandardKind.ITEM,
    ]
    assert [f.where for f in found.fixes] == ["row 3, column Kind"]


def test_item_kind_keeps_its_own_type_name_and_category_and_identifier_are_read():
    rows = [
        ["Code", "Title", "Kind", "Category", "Identifier"],
        ["D1", "Numbers", "Item: Domain", "", "urn:x:1"],
        ["K1", "Fractions", "item", "Occupational / technical", ""],
    ]
    mapping = {"code": "Code", "title": "Title", "kind": "Kind", "category": "Category"}
    found = package.read("csv", to_csv(rows), {"mapping": mapping | {"identifier": "Identifier"}})
    first, second = found.items
    assert (first.kind, first.item_type) == (StandardKind.ITEM, "Domain")
    assert first.identifier == "urn:x:1"
    assert (second.category, second.identifier) == (SkillCategory.OCCUPATIONAL, "K1")


def test_title_from_statement_when_the_title_is_empty():
    rows = [["Code", "Title", "Statement"], ["A", "", "Operates a lathe " * 40]]
    mapping = {"code": "Code", "title": "Title", "statement": "Statement"}
    found = package.read("csv", to_csv(rows), {"mapping": mapping})
    assert found.items[0].title == package.title_from("Operates a lathe " * 40)
    assert found.fixes[0].where == "row 2, column Title"


def problems_of(rows: list[list[str]], mapping=MAPPING) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        package.read("csv", to_csv(rows), {"mapping": mapping})
    return [f"{p.where}: {p.message}" for p in caught.value.problems]


def test_every_failing_row_is_named_with_its_column_and_reason():
    rows = [
        GOOD[0],
        ["A", "", "Critical work function", "Machine parts", "", ""],
        ["", "A", "Key activity", "No code", "", ""],
        ["A.1", "A", "Key activity", "", "", ""],
        ["A", "", "Key activity", "Again", "", ""],
        ["A.2", "A", "Widget", "Bad kind", "", ""],
        ["A.3", "A", "Key activity", "Bad level", "", "expert"],
        ["B.1", "B.9", "Key activity", "Orphan", "", ""],
        ["C.1", "C.2", "Key activity", "Loop one", "", ""],
        ["C.2", "C.1", "Key activity", "Loop two", "", ""],
        ["X" * 33, "A", "Key activity", "Long code", "", ""],
        ["A.4", "A", "Key activity", "T" * 301, "", ""],
        ["B.1.1", "B.1", "Performance indicator", "Under the orphan", "", ""],
    ]
    found = problems_of(rows)
    assert found == [
        "row 3, column Code: the code is missing",
        "row 4, column Title: the title is missing",
        "row 5, column Code: the code A is already used on row 2",
        "row 6, column Kind: unknown kind 'Widget': use one of Critical work function, "
        "Key activity, Performance indicator, Knowledge, Skill, Item, or “Item: Widget” to keep "
        "your own type name",
        "row 7, column Level: unknown level 'expert': use one of Baseline, Intermediate, Mastery",
        "row 8, column Parent code: no row has the code B.9",
        "row 9, column Parent code: the parent codes from C.1 up lead back to it (a cycle)",
        "row 10, column Parent code: the parent codes from C.2 up lead back to it (a cycle)",
        f"row 11, column Code: the code {'X' * 33} is longer than 32 characters",
        "row 12, column Title: the title is longer than 300 characters",
        "row 13, column Parent code: its parent B.1 (row 8) has no place in the tree",
    ]


def test_a_mapping_that_does_not_fit_the_file_is_refused():
    assert problems_of(GOOD, {"code": "Number", "title": "Title"}) == [
        "mapping: The file has no column named 'Number'.",
    ]
    assert problems_of(GOOD, {"title": "Title"}) == [
        "mapping: Choose the column that holds each standard's code."
    ]


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"", "csv", "The file is empty"),
        (b"PK\x03\x04 not really", "xlsx", "not an Excel workbook"),
        (b"Code,Title\x00\n", "csv", "binary data"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(data, fmt, message):
    with pytest.raises(ImportRejected, match=message):
        package.read(fmt, data, {"mapping": MAPPING})


def test_guess_mapping_reads_common_headers():
    assert guess_mapping(HEADERS) == {
        "code": "Code",
        "parent_code": "Parent code",
        "kind": "Kind",
        "title": "Title",
        "statement": "Statement",
        "level": "Level",
        "category": "Category",
        "identifier": "Identifier",
    }
    names = ["humanCodingScheme", "Full statement", "Name", "PARENT_CODE", "Notes"]
    assert guess_mapping(names) == {
        "code": "humanCodingScheme",
        "statement": "Full statement",
        "title": "Name",
        "parent_code": "PARENT_CODE",
    }


# --- Preview and near-duplicates ------------------------------------------------------------


def test_preview_shows_the_nested_tree_and_the_failing_rows():
    rows = GOOD + [["B.1", "B.9", "Key activity", "Orphan", "", ""]]
    seen = preview(to_csv(rows), "csv", MAPPING)
    assert [n.item.code for n in seen.tree] == ["A"]
    assert [n.item.code for n in seen.tree[0].children] == ["A.1", "A.2"]
    assert [n.item.code for n in seen.tree[0].children[0].children] == ["A.1.1", "A.1.2"]
    assert seen.count == 6 and not seen.importable
    assert [(r.number, [p.message for p in r.problems]) for r in seen.failing] == [
        (7, ["no row has the code B.9"])
    ]


def test_near_duplicates_of_the_framework_and_of_other_rows_are_flagged(factory, partnership):
    framework = factory.framework(partnership)
    cwf = factory.standard(framework, None, "critical_work_function", "Machining")
    ka = factory.standard(framework, cwf, "key_activity", "Set up", "Sets up the lathe for a job.")
    factory.standard(framework, ka, "skill", "Gauges", "Measures parts with calipers and gauges.")
    rows = [
        ["Code", "Title", "Statement"],
        ["N.1", "Measuring", "Measure part with a caliper and gauges."],  # close to the skill
        ["N.2", "Safety", "Wears safety glasses in the shop at all times."],
        ["N.3", "Safety again", "Wear safety glasses in the shop at all time."],  # close to N.2
        ["N.4", "Different", "Sets up the robot cell for a new job."],  # shares words only
        ["N.5", "Lathe", "Programs the CNC lathe."],
    ]
    mapping = {"code": "Code", "title": "Title", "statement": "Statement"}
    seen = preview(to_csv(rows), "csv", mapping, framework)
    messages = [d.message for d in seen.near_duplicates]
    assert len(messages) == 2
    assert messages[0].startswith("row 2 “Measure part with a caliper and gauges.” is close to ")
    assert "“Measures parts with calipers and gauges.” (9" in messages[0]
    assert messages[1].startswith(
        "row 4 “Wear safety glasses in the shop at all time.” is close to row 3"
    )


def test_reimporting_a_standard_is_not_its_own_near_duplicate():
    existing = [("A.1", "Sets up the lathe.", "uuid-1")]
    assert near_duplicates([(2, "Sets up the lathe.", "uuid-1", "A.1")], existing) == []
    assert near_duplicates([(2, "Sets up the lathe.", "A.9", "A.9")], existing) != []


def test_near_duplicates_compare_few_pairs_on_a_large_framework(monkeypatch):
    """1,600 standards and 300 rows of 8 to 16 words drawn from a vocabulary of 2,000 (some
    words much more common than others, as in real statements): the rare-word prefilter leaves
    difflib a small share of the 480,000 pairs (about 0.15 s of CPU on a laptop; counted, not
    timed, so a busy machine cannot fail it)."""
    compared = []
    measure = spreadsheet_preview._ratio

    def counted(*args):
        compared.append(1)
        return measure(*args)

    monkeypatch.setattr(spreadsheet_preview, "_ratio", counted)
    draw = random.Random(13)
    vocabulary = [
        "".join(draw.choices("abcdefghijklmnopqrstuvwxyz", k=draw.randint(3, 10)))
        for _ in range(2000)
    ]
    weights = [1 / (rank + 1) for rank in range(2000)]

    def statement() -> str:
        return " ".join(draw.choices(vocabulary, weights, k=draw.randint(8, 16)))

    existing = [(f"S.{i}", statement(), f"u{i}") for i in range(1600)]
    rows = [(i + 2, statement(), f"r{i}", f"R.{i}") for i in range(300)]
    copied = existing[700][1]
    rows[10] = (12, copied.replace(" ", "  ", 1) + "s", "r10", "R.10")  # near the copy
    found = near_duplicates(rows, existing)
    assert (12, "S.700") in [(d.row, d.other) for d in found]
    assert 0 < len(compared) < 0.01 * len(rows) * len(existing)


# --- Export ---------------------------------------------------------------------------------


def small_framework(factory, partnership):
    framework = factory.framework(partnership, "Spreadsheet Tech")
    cwf = factory.standard(framework, None, "critical_work_function", "Machining")
    ka = factory.standard(framework, cwf, "key_activity", "Set up", "=SUM(A1:A9) is not a formula")
    factory.standard(framework, ka, "skill", "Gauges", "- Measures parts\n- with calipers")
    factory.standard(framework, ka, "knowledge", "'=quoted", "+1 and @me")
    return framework


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reads_back_as_the_same_tree_and_content(factory, partnership, fmt):
    framework = small_framework(factory, partnership)
    data = write(framework, fmt, drafts=True)
    names = columns(data, fmt)
    assert names == HEADERS
    found = package.read(fmt, data, {"mapping": guess_mapping(names)})
    standards = sorted(framework.standards, key=lambda s: s.id)
    assert [(i.identifier, i.code, i.kind, i.category) for i in found.items] == [
        (s.identifier, s.code, s.kind, s.category) for s in standards
    ]
    assert [(i.title, i.statement, i.level) for i in found.items] == [
        (s.current_version.title, s.current_version.statement, s.current_version.level)
        for s in standards
    ]
    by_id = {s.id: s for s in standards}
    assert [i.parent for i in found.items] == [
        by_id[s.parent_id].identifier if s.parent_id else None for s in standards
    ]
    assert found.fixes == []


def test_csv_export_guards_formulas_and_xlsx_keeps_them_as_text(factory, partnership):
    framework = small_framework(factory, partnership)
    text = write(framework, "csv", drafts=True).decode("utf-8")
    assert text.startswith("\ufeffCode,Parent code,Kind,")
    assert "'=SUM(A1:A9) is not a formula" in text
    assert "''=quoted" in text and "'+1 and @me" in text
    book = load_workbook(io.BytesIO(write(framework, "xlsx", drafts=True)))
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "=SUM(A1:A9) is not a formula" in values
    assert all(c.data_type != "f" for row in book.worksheets[0].iter_rows() for c in row)


def test_export_without_drafts_shows_only_published_content(factory, partnership):
    framework = factory.framework(partnership, "Published only")
    cwf = factory.standard(framework, None, "critical_work_function", "Draft function")
    ka = factory.standard(framework, cwf, "key_activity", "Published activity")
    factory.publish(ka)
    text = write(framework, "csv", drafts=False).decode("utf-8-sig")
    assert "Draft function" not in text and "Published activity" in text
    assert text.splitlines()[1].startswith(f"{cwf.code},,Critical work function,,,")


# --- Round trips through the import engine ------------------------------------------------


def content(framework) -> list[tuple]:
    """The framework's tree and content, in tree order, with parents by code."""
    from curriculum.standards.outline import load_tree

    nodes = load_tree(framework, drafts=True)
    codes = {n.standard.id: n.standard.code for n in nodes}
    return [
        (
            n.depth,
            n.standard.code,
            codes.get(n.standard.parent_id),
            n.standard.kind,
            n.standard.item_type,
            n.standard.category,
            n.shown.title,
            n.shown.statement,
            n.shown.level,
        )
        for n in nodes
    ]


def leveled_framework(factory, partnership):
    from curriculum.standards import tree

    framework = small_framework(factory, partnership)
    ka = next(s for s in framework.standards if s.kind == StandardKind.KEY_ACTIVITY)
    tree.add_standard(framework, ka, "performance_indicator", "Levels", "Ok", level="mastery")
    tree.add_standard(framework, ka, "skill", "Academic", "Maths", category="academic")
    factory._done()
    return framework


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_imports_losslessly_into_a_new_framework_and_changes_nothing_in_its_own(
    factory, partnership, db, fmt
):
    from curriculum.interop import engine

    framework = leveled_framework(factory, partnership)
    user = factory.member(partnership, "convener")
    data = write(framework, fmt, drafts=True)
    options = {"mapping": guess_mapping(columns(data, fmt)), "filename": f"copy.{fmt}"}
    summary = engine.apply(
        package.read(fmt, data, options),
        partnership,
        mode="draft",
        dry_run=False,
        user=user,
        filename=f"copy.{fmt}",
    )
    db.session.commit()
    assert summary["created"] == len(framework.standards) == 6
    copy = db.session.get(type(framework), summary["framework_id"])
    assert copy.title == "copy"
    assert content(copy) == content(framework)

    again = engine.apply(
        package.read(fmt, data, options),
        partnership,
        mode="draft",
        dry_run=False,
        user=user,
        filename=f"copy.{fmt}",
        framework=framework,
    )
    assert (again["created"], again["updated"], again["retired"]) == (0, 0, 0)
    assert again["unchanged"] == 6
