"""`flask interop import` and `flask interop export`: the same services as the pages."""

from __future__ import annotations

import json

import sqlalchemy as sa

from curriculum.interop import writers
from curriculum.interop.models import ImportJob
from curriculum.standards.models import Framework, Standard
from tests.interop import tiny


def test_import_dry_run_then_for_real_prints_the_summary(runner, partnership, db, tmp_path):
    path = tmp_path / "tiny.case.json"
    path.write_bytes(tiny.data())
    args = ["interop", "import", str(partnership.id), str(path), "--format", "case"]
    dry = runner.invoke(args=[*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.startswith("Dry run: 3 would be created")
    summary = json.loads(dry.output.split("\n", 1)[1])
    assert summary["created"] == 3 and summary["state"] == "done"
    assert db.session.scalar(sa.select(sa.func.count(Framework.id))) == 0
    real = runner.invoke(args=[*args, "--mode", "reference"])
    assert real.exit_code == 0, real.output
    framework = db.session.scalar(sa.select(Framework))
    assert framework is not None and framework.is_reference
    assert db.session.scalar(sa.select(sa.func.count(Standard.id))) == 3
    assert db.session.scalar(sa.select(ImportJob.requested_by_id).limit(1)) is None


def test_import_refusals_exit_non_zero(runner, partnership, db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_bytes(b"not json")
    failed = runner.invoke(args=["interop", "import", str(partnership.id), str(path)])
    assert failed.exit_code == 1 and "nothing was written" in failed.output
    unknown = runner.invoke(
        args=["interop", "import", str(partnership.id), str(path), "--format", "doc"]
    )
    assert unknown.exit_code != 0 and "Choose the format" in unknown.output
    missing = runner.invoke(args=["interop", "import", "999999", str(path)])
    assert missing.exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count(Framework.id))) == 0


def test_export_writes_a_registered_format(runner, factory, partnership, tmp_path):
    framework = factory.framework(partnership, "Welding Technician")
    writers.writer("names", label="Names", media_type="text/plain", extension="txt")(
        lambda snap: snap.framework.title.encode()
    )
    try:
        out = runner.invoke(args=["interop", "export", str(framework.id), "--format", "names"])
        assert out.exit_code == 0 and out.stdout_bytes == b"Welding Technician"
        target = tmp_path / "f.txt"
        written = runner.invoke(
            args=["interop", "export", str(framework.id), "--format", "names", "-o", str(target)]
        )
        assert written.exit_code == 0 and target.read_bytes() == b"Welding Technician"
    finally:
        writers.WRITERS.pop("names", None)
    bad = runner.invoke(args=["interop", "export", str(framework.id), "--format", "names"])
    assert bad.exit_code != 0 and "no writer named 'names'" in bad.output
