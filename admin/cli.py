"""``python -m admin``: database set-up, demo, sample files, first admin, accounts, backup
and restore.

Each command parses its arguments and calls one action (``actions.database``,
``actions.accounts``, ``actions.backup``); the person at the server's shell acts as an
admin, audited as ``cli:<os user>``. Passwords are asked for (never echoed) or read from
standard input with ``--password-stdin``; they are never printed or logged.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from actions import accounts
from actions import backup as backups
from actions.base import ActionError, Done, operator
from actions.database import migrate_database
from admin.demo import setup_demo
from auth.permissions import ADMIN, ROLES
from core.formatting import fmt_datetime_vn
from core.messages import t
from demo.sample import write_sample_files
from store.database import DatabaseNotReady, open_database
from store.engine import make_engine
from store.sso_identities import list_links
from store.users import count_active_with_role, list_users

EXIT_OK, EXIT_FAILED = 0, 1


def _read_password(args: argparse.Namespace) -> str:
    """The new password from stdin (first line) or asked twice on the terminal."""
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("admin.ask_password"))
    second = getpass.getpass(t("admin.ask_password_again"))
    if first != second:
        raise ActionError("admin.password_mismatch")
    return first


def _engine() -> Engine:
    return open_database()


def _done(done: Done) -> int:
    print(done.message())
    return EXIT_OK


def cmd_migrate(_args: argparse.Namespace) -> int:
    return _done(migrate_database(actor=operator()))


def cmd_demo(_args: argparse.Namespace) -> int:
    def progress(done: int, total: int) -> None:
        if done == total or done % 25 == 0:
            print(t("admin.demo_progress", done=done, total=total), file=sys.stderr)

    _, loaded = setup_demo(progress=progress)
    print(t("admin.demo_ready", files=loaded))
    return EXIT_OK


def cmd_sample(args: argparse.Namespace) -> int:
    paths = write_sample_files(Path(args.output))
    print(t("admin.sample_written", count=len(paths), path=args.output))
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    engine = _engine()
    with engine.connect() as conn:  # refuse before asking for a password
        if count_active_with_role(conn, ADMIN):
            raise ActionError("admin.init_has_admin")
    password = _read_password(args)
    return _done(accounts.create_first_admin(engine, operator(), args.username, password,
                                             args.name or ""))


def cmd_users_add(args: argparse.Namespace) -> int:
    password = None if args.sso_only else _read_password(args)
    return _done(accounts.create_account(_engine(), operator(), args.username, password,
                                         args.role, args.name or "", args.unit))


def cmd_users_set_password(args: argparse.Namespace) -> int:
    password = _read_password(args)
    return _done(accounts.set_password(_engine(), operator(), args.username, password))


def cmd_users_set_role(args: argparse.Namespace) -> int:
    return _done(accounts.set_role(_engine(), operator(), args.username, args.role, args.unit))


def _set_active(args: argparse.Namespace, active: bool) -> int:
    change = accounts.enable if active else accounts.disable
    return _done(change(_engine(), operator(), args.username))


def cmd_users_unlock(args: argparse.Namespace) -> int:
    return _done(accounts.unlock(_engine(), operator(), args.username, args.source))


def cmd_users_link_sso(args: argparse.Namespace) -> int:
    return _done(accounts.link_sso(_engine(), operator(), args.username, args.issuer,
                                   args.subject))


def cmd_users_unlink_sso(args: argparse.Namespace) -> int:
    return _done(accounts.unlink_sso(_engine(), operator(), args.issuer, args.subject))


def cmd_users_sso_list(args: argparse.Namespace) -> int:
    with _engine().connect() as conn:
        for link in list_links(conn, args.username):
            print("\t".join([link.username, link.issuer, link.subject, link.linked_by,
                             fmt_datetime_vn(link.linked_at)]))
    return EXIT_OK


def cmd_users_list(_args: argparse.Namespace) -> int:
    for row in list_users(_engine()):
        state = t("admin.state_active") if row["active"] else t("admin.state_disabled")
        print("\t".join([row["username"], t(f"auth.role_{row['role']}"),
                         row["unit_code"] or "", state, row["display_name"]]))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    # The plain engine: a backup copies the database as it is, even at an older schema.
    return _done(backups.backup(make_engine(), operator(), args.output))


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.yes:
        answer = input(t("admin.restore_confirm", file=args.file) + " ")
        if answer.strip().lower() not in ("y", "yes", "c", "co", "có"):
            print(t("admin.restore_cancelled"))
            return EXIT_FAILED
    # The plain engine: the database being restored may be too damaged to open.
    return _done(backups.restore(make_engine(), operator(), args.file, args.keep_dir))


def cmd_maintenance_off(_args: argparse.Namespace) -> int:
    return _done(backups.end_maintenance(make_engine(), operator()))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m admin", description=t("admin.description"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help=t("admin.migrate_help")).set_defaults(func=cmd_migrate)
    sub.add_parser("demo", help=t("admin.demo_help")).set_defaults(func=cmd_demo)

    sample = sub.add_parser("sample", help=t("admin.sample_help"))
    sample.add_argument("-o", "--output", required=True, help=t("admin.arg_sample_output"))
    sample.set_defaults(func=cmd_sample)

    init = sub.add_parser("init", help=t("admin.init_help"))
    init.add_argument("--username", default="quantri", help=t("admin.arg_username"))
    init.add_argument("--name", help=t("admin.arg_name"))
    init.add_argument("--password-stdin", action="store_true", help=t("admin.arg_password_stdin"))
    init.set_defaults(func=cmd_init)

    users = sub.add_parser("users", help=t("admin.users_help")).add_subparsers(
        dest="users_command", required=True)
    add = users.add_parser("add", help=t("admin.users_add_help"))
    add.add_argument("username", help=t("admin.arg_username"))
    add.add_argument("--role", required=True, choices=ROLES, help=t("admin.arg_role"))
    add.add_argument("--unit", help=t("admin.arg_unit"))
    add.add_argument("--name", help=t("admin.arg_name"))
    add.add_argument("--password-stdin", action="store_true", help=t("admin.arg_password_stdin"))
    add.add_argument("--sso-only", action="store_true", help=t("admin.arg_sso_only"))
    add.set_defaults(func=cmd_users_add)

    setpw = users.add_parser("set-password", help=t("admin.users_set_password_help"))
    setpw.add_argument("username", help=t("admin.arg_username"))
    setpw.add_argument("--password-stdin", action="store_true",
                       help=t("admin.arg_password_stdin"))
    setpw.set_defaults(func=cmd_users_set_password)

    setrole = users.add_parser("set-role", help=t("admin.users_set_role_help"))
    setrole.add_argument("username", help=t("admin.arg_username"))
    setrole.add_argument("role", choices=ROLES, help=t("admin.arg_role"))
    setrole.add_argument("--unit", help=t("admin.arg_unit"))
    setrole.set_defaults(func=cmd_users_set_role)

    for name, active, key in (("disable", False, "admin.users_disable_help"),
                              ("enable", True, "admin.users_enable_help")):
        cmd = users.add_parser(name, help=t(key))
        cmd.add_argument("username", help=t("admin.arg_username"))
        cmd.set_defaults(func=lambda a, active=active: _set_active(a, active))

    unlock = users.add_parser("unlock", help=t("admin.users_unlock_help"))
    unlock.add_argument("username", help=t("admin.arg_username"))
    unlock.add_argument("--source", help=t("admin.arg_source"))
    unlock.set_defaults(func=cmd_users_unlock)

    users.add_parser("list", help=t("admin.users_list_help")).set_defaults(func=cmd_users_list)

    link = users.add_parser("link-sso", help=t("admin.users_link_sso_help"))
    link.add_argument("username", help=t("admin.arg_username"))
    link.add_argument("--issuer", required=True, help=t("admin.arg_sso_issuer"))
    link.add_argument("--subject", required=True, help=t("admin.arg_sso_subject"))
    link.set_defaults(func=cmd_users_link_sso)

    unlink = users.add_parser("unlink-sso", help=t("admin.users_unlink_sso_help"))
    unlink.add_argument("--issuer", required=True, help=t("admin.arg_sso_issuer"))
    unlink.add_argument("--subject", required=True, help=t("admin.arg_sso_subject"))
    unlink.set_defaults(func=cmd_users_unlink_sso)

    sso_list = users.add_parser("sso-list", help=t("admin.users_sso_list_help"))
    sso_list.add_argument("username", nargs="?", help=t("admin.arg_username"))
    sso_list.set_defaults(func=cmd_users_sso_list)

    bak = sub.add_parser("backup", help=t("admin.backup_help"))
    bak.add_argument("-o", "--output", required=True, help=t("admin.arg_output"))
    bak.set_defaults(func=cmd_backup)

    res = sub.add_parser("restore", help=t("admin.restore_help"))
    res.add_argument("file", help=t("admin.arg_backup_file"))
    res.add_argument("--yes", action="store_true", help=t("admin.arg_yes"))
    res.add_argument("--keep-dir", type=Path, help=t("admin.arg_keep_dir"))
    res.set_defaults(func=cmd_restore)
    sub.add_parser("maintenance-off", help=t("admin.maintenance_help")).set_defaults(
        func=cmd_maintenance_off)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a refusal prints its Vietnamese reason and exits 1 (no traceback)."""
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except ActionError as refused:
        print(refused.message(), file=sys.stderr)
    except DatabaseNotReady as not_ready:  # run `python -m admin migrate` first
        print(not_ready.message, file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print(t("admin.cancelled"), file=sys.stderr)
    return EXIT_FAILED
