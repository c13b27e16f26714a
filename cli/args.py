"""Argument parsing shared by the ``python -m …`` commands: Vietnamese usage errors, exit 2."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from core.messages import t
from core.months import Month

EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """argparse with the usage error in Vietnamese (and the usual exit code 2)."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        print(t("cli.usage_error", detail=message), file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def month_arg(text: str) -> Month:
    """``--month 2023-01`` (also ``01/2023``)."""
    try:
        return Month.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_month", value=text)) from None


def day_arg(text: str) -> date:
    """``--date 2023-02-05``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=text)) from None
