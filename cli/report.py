"""``python -m report``: parse arguments, assemble the report, write the file.

``python -m report build (--month YYYY-MM | --period 2023-Q1|2023-H1|2023-9T|2023)
--format docx|md [--date YYYY-MM-DD] [--no-drafts] -o FILE``

Exit codes: 0 written, 1 nothing to report for that period, 2 wrong usage (or no database
yet: run ``python -m admin migrate``).
The database is the product's (``DATABASE_URL``, secrets, else ``data/app.db``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.args import EXIT_USAGE, Parser, day_arg, month_arg
from core.messages import t
from core.months import ReportPeriod
from report.assemble import assemble_report
from report.docx_export import build_docx
from report.markdown_export import build_markdown
from report.model import ReportDocument
from report.periods_text import picker_label
from store.database import DatabaseNotReady, open_database

EXIT_OK, EXIT_NOTHING = 0, 1
FORMATS = ("docx", "md")


def _month(text: str) -> ReportPeriod:
    return ReportPeriod.of_month(month_arg(text))


def _period(text: str) -> ReportPeriod:
    try:
        return ReportPeriod.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("report.cli_bad_period", value=text)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m report", description=t("report.cli_description"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    p = sub.add_parser("build", help=t("report.cli_build_help"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", type=_month, help=t("report.cli_month_help"))
    which.add_argument("--period", type=_period, help=t("report.cli_period_help"))
    p.add_argument("--format", required=True, choices=FORMATS, help=t("report.cli_format_help"))
    p.add_argument("--date", type=day_arg, help=t("report.cli_date_help"))
    p.add_argument("--no-drafts", action="store_true", help=t("report.cli_no_drafts_help"))
    p.add_argument("-o", "--output", required=True, help=t("report.cli_output_help"))
    return parser


def render(doc: ReportDocument, fmt: str) -> bytes:
    """The report file's bytes in ``fmt`` (``docx`` or ``md``)."""
    if fmt == "docx":
        return build_docx(doc)
    return build_markdown(doc).encode("utf-8")


def cmd_build(args: argparse.Namespace) -> int:
    period = args.month or args.period
    engine = open_database()
    try:
        doc = assemble_report(engine, period, day=args.date, include_drafts=not args.no_drafts)
    finally:
        engine.dispose()
    if doc is None:
        print(t("report.cli_nothing", period=picker_label(period)), file=sys.stderr)
        return EXIT_NOTHING
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render(doc, args.format))
    print(t("report.cli_written", period=picker_label(period), path=out))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"build": cmd_build}[args.command](args)
    except DatabaseNotReady as exc:  # no database yet, or an older schema: say what to run
        print(exc.message, file=sys.stderr)
        return EXIT_USAGE
