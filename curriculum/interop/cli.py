"""`flask interop import <partnership-id> <file>` and `flask interop export <framework-id>`:
the same services as the import form and the download links, for people and benchmarks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from curriculum.errors import DomainError, Refused
from curriculum.extensions import db

interop_cli = AppGroup("interop", help="Import and export frameworks (CASE, spreadsheets, RSD).")


@interop_cli.command("import")
@click.argument("partnership_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", default="case", show_default=True, help="A reader's name.")
@click.option(
    "--mode",
    type=click.Choice(["reference", "draft"]),
    default="reference",
    show_default=True,
    help="reference: read-only here; draft: a partnership framework of drafts.",
)
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option("--mapping", default=None, help="A spreadsheet's column mapping, as JSON.")
@click.option("--framework", "framework_id", type=int, default=None, help="Import into this one.")
def import_command(
    partnership_id: int,
    file: Path,
    fmt: str,
    mode: str,
    dry_run: bool,
    mapping: str | None,
    framework_id: int | None,
) -> None:
    """Import FILE into partnership PARTNERSHIP_ID (runs here, not in a worker) and print the
    summary as JSON."""
    from curriculum.interop import importing, services
    from curriculum.partnerships.services import get_partnership
    from curriculum.standards.frameworks import get_framework

    options = {}
    if mapping:
        try:
            options["mapping"] = json.loads(mapping)
        except ValueError as exc:
            raise click.BadParameter(
                "give the mapping as a JSON object", param_hint="--mapping"
            ) from exc
    try:
        partnership = get_partnership(partnership_id)
        framework = get_framework(framework_id) if framework_id is not None else None
        job = services.start_import(
            partnership,
            None,
            format=fmt,
            mode=mode,
            dry_run=dry_run,
            filename=file.name,
            data=file.read_bytes(),
            options=options,
            framework=framework,
        )
    except (DomainError, Refused) as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    if not services.is_ready(job):
        raise click.ClickException(f"{job.message}: give it with --mapping.")
    importing.run_import(job.id)  # here, whatever EXPORT_RUNNER says
    db.session.expire_all()
    job = services.get_import(job.id)
    click.echo(job.message)
    click.echo(json.dumps({**job.summary, "job": job.id, "state": job.state.value}, indent=2))
    if job.state.value != "done":
        sys.exit(1)


@interop_cli.command("export")
@click.argument("framework_id", type=int)
@click.option("--format", "fmt", default="case", show_default=True, help="A writer's name.")
@click.option("--drafts", is_flag=True, help="Include drafts (published versions otherwise).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export_command(framework_id: int, fmt: str, drafts: bool, output: Path | None) -> None:
    """Write framework FRAMEWORK_ID in a registered format to standard output (or --output)."""
    from curriculum.interop import writers
    from curriculum.standards.frameworks import get_framework

    if fmt not in writers.WRITERS:
        offered = ", ".join(writers.WRITERS) or "none yet"
        raise click.BadParameter(
            f"no writer named {fmt!r}; use one of: {offered}", param_hint="--format"
        )
    try:
        framework = get_framework(framework_id)
    except Refused as exc:
        raise click.ClickException(f"There is no framework {framework_id}.") from exc
    data = writers.write(framework, fmt, drafts=drafts)
    if output is not None:
        output.write_bytes(data)
        click.echo(
            f"{writers.filename(framework, fmt)}: {len(data):,} bytes written to {output}", err=True
        )
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
