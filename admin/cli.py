"""``python -m admin``: demo set-up (more commands: accounts, backup, restore)."""

from __future__ import annotations

import argparse
import sys

from core.messages import t


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m admin", description=t("admin.description"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help=t("admin.demo_help"))
    return parser


def cmd_demo(_args: argparse.Namespace) -> int:
    from admin.demo import setup_demo

    def progress(done: int, total: int) -> None:
        if done == total or done % 25 == 0:
            print(t("admin.demo_progress", done=done, total=total), file=sys.stderr)

    _engine, loaded = setup_demo(progress=progress)
    print(t("admin.demo_ready", files=loaded))
    return 0


COMMANDS = {"demo": cmd_demo}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)
