"""``python -m admin``: database set-up, demo, sample files, first admin, accounts, backup
and restore.

Each command parses its arguments and calls one function of ``auth``/``store.backup``;
the person at the server's shell acts as an admin (audited as ``cli:<os user>``).
Passwords are asked for (never echoed) or read from standard input with
``--password-stdin``; they are never printed or logged.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from auth.roles import ADMIN, ROLES
from core.messages import t

EXIT_OK, EXIT_FAILED = 0, 1


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (KeyError, OSError):
        return "cli"


def _read_password(args: argparse.Namespace) -> str:
    """The new password from stdin (first line) or asked twice on the terminal."""
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("admin.ask_password"))
    second = getpass.getpass(t("admin.ask_password_again"))
    if first != second:
        raise _Refused("admin.password_mismatch")
    return first


class _Refused(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _engine():
    from store.database import open_database

    return open_database()


def cmd_migrate(_args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from store.database import migrate
    from store.engine import database_url

    revision = migrate()
    shown = make_url(database_url()).render_as_string(hide_password=True)
    print(t("admin.migrate_done", database=shown, revision=revision))
    return EXIT_OK


def cmd_demo(_args: argparse.Namespace) -> int:
    from admin.demo import setup_demo

    def progress(done: int, total: int) -> None:
        if done == total or done % 25 == 0:
            print(t("admin.demo_progress", done=done, total=total), file=sys.stderr)

    _, loaded = setup_demo(progress=progress)
    print(t("admin.demo_ready", files=loaded))
    return EXIT_OK


def cmd_sample(args: argparse.Namespace) -> int:
    from demo.sample import write_sample_files

    paths = write_sample_files(Path(args.output))
    print(t("admin.sample_written", count=len(paths), path=args.output))
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from auth.accounts import check_new_password, count_admins, create_user
    from store.engine import write_transaction

    engine = _engine()
    with engine.connect() as conn:
        if count_admins(conn):
            raise _Refused("admin.init_has_admin")
    password = _read_password(args)
    check_new_password(password)
    with write_transaction(engine) as conn:
        if count_admins(conn):  # someone was quicker
            raise _Refused("admin.init_has_admin")
        create_user(conn, args.username, password, ADMIN, args.name or "", None,
                    actor=_actor(), actor_role=ADMIN)
    print(t("admin.init_done", username=args.username))
    return EXIT_OK


def cmd_users_add(args: argparse.Namespace) -> int:
    from auth.accounts import check_new_password, create_user
    from store.engine import write_transaction

    password = None if args.sso_only else _read_password(args)
    if password is not None:
        check_new_password(password)
    with write_transaction(_engine()) as conn:
        create_user(conn, args.username, password, args.role, args.name or "", args.unit,
                    actor=_actor(), actor_role=ADMIN)
    print(t("admin.user_added", username=args.username, role=t(f"auth.role_{args.role}")))
    return EXIT_OK


def cmd_users_set_password(args: argparse.Namespace) -> int:
    from auth.accounts import set_password
    from store.engine import write_transaction

    password = _read_password(args)
    with write_transaction(_engine()) as conn:
        set_password(conn, args.username, password, _actor(), ADMIN)
    print(t("admin.password_set", username=args.username))
    return EXIT_OK


def cmd_users_set_role(args: argparse.Namespace) -> int:
    from auth.accounts import set_role
    from store.engine import write_transaction

    with write_transaction(_engine()) as conn:
        set_role(conn, args.username, args.role, args.unit, _actor(), ADMIN)
    print(t("admin.role_set", username=args.username, role=t(f"auth.role_{args.role}")))
    return EXIT_OK


def _set_active(args: argparse.Namespace, active: bool) -> int:
    from auth.accounts import set_active
    from store.engine import write_transaction

    with write_transaction(_engine()) as conn:
        set_active(conn, args.username, active, _actor(), ADMIN)
    print(t("admin.user_enabled" if active else "admin.user_disabled", username=args.username))
    return EXIT_OK


def cmd_users_unlock(args: argparse.Namespace) -> int:
    from auth.throttle import unlock
    from store.engine import write_transaction

    with write_transaction(_engine()) as conn:
        cleared = unlock(conn, args.username, _actor(), ADMIN, args.source)
    print(t("admin.unlocked", username=args.username, count=cleared))
    return EXIT_OK


def cmd_users_list(_args: argparse.Namespace) -> int:
    from auth.accounts import list_users

    for row in list_users(_engine()):
        state = t("admin.state_active") if row["active"] else t("admin.state_disabled")
        print("\t".join([row["username"], t(f"auth.role_{row['role']}"),
                         row["unit_code"] or "", state, row["display_name"]]))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from store.backup import backup

    path = backup(args.output)
    print(t("admin.backup_done", file=str(path)))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from store.backup import restore

    if not args.yes:
        answer = input(t("admin.restore_confirm", file=args.file) + " ")
        if answer.strip().lower() not in ("y", "yes", "c", "co", "có"):
            print(t("admin.restore_cancelled"))
            return EXIT_FAILED
    restore(args.file)
    print(t("admin.restore_done", file=args.file))
    return EXIT_OK


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

    bak = sub.add_parser("backup", help=t("admin.backup_help"))
    bak.add_argument("-o", "--output", required=True, help=t("admin.arg_output"))
    bak.set_defaults(func=cmd_backup)

    res = sub.add_parser("restore", help=t("admin.restore_help"))
    res.add_argument("file", help=t("admin.arg_backup_file"))
    res.add_argument("--yes", action="store_true", help=t("admin.arg_yes"))
    res.set_defaults(func=cmd_restore)
    return parser


def _explain(key: str, params: dict) -> str:
    return t(key, **params)


def main(argv: list[str] | None = None) -> int:
    """Run one command; a refusal prints its Vietnamese reason and exits 1 (no traceback)."""
    from auth.accounts import AccountError
    from auth.roles import PermissionDenied
    from store.backup import BackupError
    from store.database import DatabaseNotReady

    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except (_Refused, AccountError, BackupError, DatabaseNotReady) as exc:
        print(_explain(exc.key, exc.params), file=sys.stderr)
    except PermissionDenied:
        print(t("auth.forbidden"), file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print(t("admin.cancelled"), file=sys.stderr)
    return EXIT_FAILED
