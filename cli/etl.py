"""``python -m etl``: parse arguments, call one function, print the result.

Loading goes through the action ``actions.submissions.ingest``: the person at the shell
loads as the office does (``submission.upload_any``), under the name ``--user`` gives.
Exit codes: 0 ok (warnings allowed), 1 the file has errors, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from actions.base import ActionError, Actor
from actions.submissions import DROP, KEEP, ingest
from auth.permissions import EDITOR
from cli.args import EXIT_USAGE, Parser, day_arg, month_arg
from cli.import_report import run_import_report
from core.catalog import CatalogError, load_catalog
from core.formatting import fmt_month
from core.messages import t
from core.timezone import vn_date_to_utc
from etl.model import ValidationResult
from etl.pipeline import Context, validate_upload
from etl.problems import error
from etl.template import write_template
from report import periods_text
from report.followup import unit_planned_tasks
from store.catalog_store import read_catalog, read_catalog_packed
from store.database import DatabaseNotReady, open_database

EXIT_OK, EXIT_ERRORS = 0, 1
# Said before a file is loaded (and not again after): which month, and what is odd about it.
MONTH_WARNINGS = frozenset({"month_older_than_latest", "month_has_versions",
                            "history_months_have_versions"})


def build_parser(parser_class: type[Parser] = Parser) -> argparse.ArgumentParser:
    parser = parser_class(prog="python -m etl", description=t("cli.etl_description"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=parser_class)

    p = sub.add_parser("catalog", help=t("cli.catalog_help"))
    p.add_argument("--json", action="store_true", help=t("cli.json_help"))
    p.add_argument("--file", help=t("cli.catalog_file_help"))

    p = sub.add_parser("template", help=t("cli.template_help"))
    p.add_argument("--unit", required=True, help=t("cli.unit_help"))
    p.add_argument("--month", required=True, type=month_arg, help=t("cli.month_help"))
    p.add_argument("-o", "--output", required=True, help=t("cli.output_help"))

    p = sub.add_parser("validate", help=t("cli.validate_help"))
    p.add_argument("file", help=t("cli.file_help"))
    p.add_argument("--unit", help=t("cli.unit_help"))
    p.add_argument("--month", type=month_arg, help=t("cli.month_help"))
    p.add_argument("--json", action="store_true", help=t("cli.json_help"))

    p = sub.add_parser("ingest", help=t("cli.ingest_help"))
    p.add_argument("files", nargs="+", help=t("cli.files_help"))
    p.add_argument("--unit", help=t("cli.unit_help"))
    p.add_argument("--month", type=month_arg, help=t("cli.month_help"))
    p.add_argument("--user", default="cli", help=t("cli.user_help"))
    p.add_argument("--submitted-at", type=day_arg, help=t("cli.submitted_at_help"))
    # A resubmission that lacks indicators of the previous version: keep them (carried
    # over) or drop them; without either the file is refused, nothing is guessed.
    choice = p.add_mutually_exclusive_group()
    choice.add_argument("--keep-missing", dest="missing", action="store_const", const=KEEP,
                        help=t("cli.keep_missing_help"))
    choice.add_argument("--drop-missing", dest="missing", action="store_const", const=DROP,
                        help=t("cli.drop_missing_help"))

    p = sub.add_parser("import-report", help=t("cli.import_report_help"))
    p.add_argument("file", help=t("cli.file_help"))
    p.add_argument("--month", help=t("cli.month_help"))
    p.add_argument("--period", help=t("narrative.cli_period_help"))
    p.add_argument("--json", action="store_true", help=t("cli.json_help"))
    return parser


def _print_problems(problems, out=None) -> None:
    out = out or sys.stdout  # looked up when printing: a redirected stdout is honoured
    for p in problems:
        where = ", ".join(
            part for part in (
                p.sheet and t("cli.where_sheet", sheet=p.sheet),
                p.row and t("cli.where_row", row=p.row),
                p.column and t("cli.where_column", column=p.column),
            ) if part
        )
        label = t("cli.severity_error") if p.is_error else t("cli.severity_warning")
        print(f"  [{label}] {where + ': ' if where else ''}{p.message}", file=out)


def cmd_catalog(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(args.file)
    except CatalogError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERRORS
    if args.json:
        print(json.dumps(catalog.to_json(), ensure_ascii=False, indent=2))
    else:
        print(t("cli.catalog_summary", units=len(catalog.units), sections=len(catalog.sections),
                indicators=len(catalog.indicators), targets=len(catalog.targets)))
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    engine = open_database(read_only=True)
    catalog = read_catalog(engine)
    if args.unit not in catalog.unit_by_code or catalog.unit(args.unit).kind != "unit":
        engine.dispose()
        print(t("etl.unknown_unit", unit=args.unit), file=sys.stderr)
        return EXIT_USAGE
    with engine.connect() as conn:  # the tasks the unit set for this month, to report on
        planned = unit_planned_tasks(conn, args.unit, args.month)
    engine.dispose()
    write_template(catalog, args.unit, args.month, args.output, followup=planned,
                   next_period=periods_text.starting_label(args.month))
    print(t("cli.template_written", path=args.output))
    return EXIT_OK


def _read_file(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        print(t("cli.cannot_read", path=path), file=sys.stderr)
        return None


def month_line(file: str, result: ValidationResult) -> str | None:
    """Which unit and month(s) the file would add versions to, and where the month was read
    (a sheet copied from last month keeps its old title: the operator sees it here)."""
    subs = result.submissions
    if not subs:
        return None
    if result.source == "history":
        units = ", ".join(sorted({s.unit for s in subs}))
        return t("cli.will_load_history", file=file, count=len(subs), units=units,
                 first=fmt_month(subs[0].month), last=fmt_month(subs[-1].month))
    sub = subs[0]
    found = result.month_source
    source = t("cli.month_given") if found is None else t(
        "cli.month_read", sheet=found.sheet, cell=f"{found.where[2]}{found.where[1]}",
        text=found.text)
    return t("cli.will_load", file=file, unit=sub.unit, month=fmt_month(sub.month),
             source=source)


def cmd_validate(args: argparse.Namespace) -> int:
    content = _read_file(args.file)
    if content is None:
        return EXIT_USAGE
    # Reading the database (identical file already loaded, outliers) writes nothing: the
    # connection is read-only, and a missing database is reported, never created.
    engine = open_database(read_only=True)
    with engine.connect() as conn:
        # The catalogue is read while the worker already checks and reads the file.
        result = validate_upload(content, Path(args.file).name,
                                 lambda: read_catalog_packed(conn),
                                 Context(unit=args.unit, month=args.month), conn=conn)
    engine.dispose()
    if args.json:
        result.write_json(sys.stdout)
    else:
        count = sum(len(s.values) for s in result.submissions)
        print(t("cli.validate_ok" if result.ok else "cli.validate_failed",
                file=args.file, values=count))
        line = month_line(args.file, result) if result.ok else None
        if line:
            print(line)
        _print_problems(result.problems)
    return EXIT_OK if result.ok else EXIT_ERRORS


def _progress(index: int, total: int, name: str, status: str) -> None:
    done = 20 * index // total
    print(f"[{'#' * done}{'.' * (20 - done)}] {index}/{total} {name}: {status}",
          file=sys.stderr, flush=True)


def _announce(engine, path: str, content: bytes, args: argparse.Namespace) -> None:
    """Before loading: the unit-month(s) the file will add to, and the month warnings."""
    try:
        with engine.connect() as conn:
            result = validate_upload(content, Path(path).name, lambda: read_catalog_packed(conn),
                                     Context(unit=args.unit, month=args.month), conn=conn)
    except Exception:  # the load reports what is wrong with the file or the database
        return
    line = month_line(path, result) if result.ok else None
    if line:
        print(line)
        _print_problems([p for p in result.problems if p.code in MONTH_WARNINGS])


def cmd_ingest(args: argparse.Namespace) -> int:
    engine = open_database()
    actor = Actor(args.user, EDITOR)
    submitted_at = vn_date_to_utc(args.submitted_at) if args.submitted_at else None
    failed: list[tuple[str, list]] = []
    total = len(args.files)
    loaded = 0
    for index, path in enumerate(args.files, start=1):
        name = Path(path).name
        content = _read_file(path)
        if content is None:
            failed.append((path, []))
            _progress(index, total, name, t("cli.ingest_rejected"))
            continue
        _announce(engine, path, content, args)
        try:
            outcome = ingest(engine, actor, content, name, unit=args.unit, month=args.month,
                             submitted_at=submitted_at, missing=args.missing).value
        except ActionError as refused:
            problems = list(refused.problems) or [error(
                "load_failed", file=name, detail=refused.message())]
            if refused.key == "upload.missing_choice_needed":  # say what to choose first
                print(f"- {path}: {refused.message()}")
            failed.append((path, problems))
            _progress(index, total, name, t("cli.ingest_rejected"))
            continue
        except Exception as exc:  # a database failure for one file: report it, go on
            failed.append((path, [error("load_failed", file=name, detail=type(exc).__name__)]))
            _progress(index, total, name, t("cli.ingest_rejected"))
            continue
        _progress(index, total, name, t("cli.ingest_loaded", count=len(outcome.loaded)))
        for item in outcome.loaded:
            print(t("cli.ingest_version", unit=item.unit, period=item.period,
                    version=item.version))
        loaded += len(outcome.loaded)
        warnings = [p for p in outcome.validation.problems
                    if not p.is_error and p.code not in MONTH_WARNINGS]
        if warnings:
            print(f"- {path}")
            _print_problems(warnings)
    print(t("cli.ingest_summary", files=total - len(failed), total=total, loaded=loaded))
    if failed:
        print(t("cli.ingest_failed_header", count=len(failed)))
        for path, problems in failed:
            print(f"- {path}")
            _print_problems(problems)
        return EXIT_ERRORS
    return EXIT_OK


def cmd_import_report(args: argparse.Namespace) -> int:
    code, text = run_import_report(args.file, args.month, args.json, args.period)
    print(text)
    return code


class _JsonUsageError(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class _JsonErrorParser(Parser):
    """For ``import-report … --json``: a usage error is raised, to be printed as JSON."""

    def error(self, message: str) -> None:
        raise _JsonUsageError(message)


COMMANDS = {
    "catalog": cmd_catalog, "template": cmd_template, "validate": cmd_validate,
    "ingest": cmd_ingest, "import-report": cmd_import_report,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # import-report --json answers in JSON even for a usage error (docs/import.md)
    json_errors = argv[:1] == ["import-report"] and "--json" in argv
    try:
        args = build_parser(_JsonErrorParser if json_errors else Parser).parse_args(argv)
    except _JsonUsageError as exc:
        print(json.dumps({"error": {"code": "cli.usage_error", "params": {"detail": exc.detail},
                                    "message": t("cli.usage_error", detail=exc.detail)}},
                         ensure_ascii=False, indent=2))
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except DatabaseNotReady as exc:  # no database yet, or an older schema: say what to run
        print(exc.message, file=sys.stderr)
        return EXIT_USAGE
