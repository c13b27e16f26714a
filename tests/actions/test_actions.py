"""Every action: refused for each role the permissions table leaves out (nothing written),
audited in the same transaction as its write, and answering with catalogue messages.

``SPECS`` lists every action once: how to prepare the database for it, how to call it,
its permission and the audit rows it writes. A test fails when an action of ``actions/``
is missing from it, so a new action cannot go untested.
"""

from __future__ import annotations

import ast
import inspect
import pkgutil
import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete

import actions
from actions import accounts as account_actions
from actions import (
    backup,
    catalogue,
    demo,
    names,
    provenance,
    report,
    review,
    settings,
    signin,
    typing,
)
from actions import submissions as sending
from actions.base import FORBIDDEN, ActionError, Actor, Done
from auth.permissions import (
    ADMIN,
    ANALYST,
    EDITOR,
    PERMISSIONS,
    ROLES,
    VIEWER,
    allowed,
    roles_without,
)
from core.catalog import load_catalog
from core.messages import catalogue as messages
from core.months import Month, ReportPeriod
from etl.narrative import parse_report
from etl.narrative.load import default_reviews
from etl.typed import Entry, TypedFigure
from store.audit_queries import audit_rows
from store.engine import write_transaction
from store.schema import app_user
from store.users import get_user, update_active
from tests.actors import OFFICE, REVIEWER
from tests.auth.conftest import PASSWORD
from tests.conftest import REFERENCE
from tests.etl.etl_files import db_dump, filled_template
from tests.report.conftest import JAN_TASKS, add_month

ROOT = Path(__file__).resolve().parents[2]
JAN, FEB = Month(2023, 1), Month(2023, 2)
JANUARY = ReportPeriod.of_month(JAN)


def _upload(engine: Engine, month: Month = JAN, figure: int = 5749) -> int:
    content = filled_template(load_catalog(), "TTKT", month, {"TTKT_KD_PTD": figure})
    done = sending.ingest(engine, OFFICE, content, f"ttkt-{month}.xlsx",
                          today=date(2024, 6, 1))
    return done.value.loaded[0].submission_id


def _approved(engine: Engine) -> int:
    sub_id = _upload(engine)
    review.approve(engine, REVIEWER, sub_id)  # four eyes: not the sender
    return sub_id


def _no_admin(engine: Engine) -> None:
    with write_transaction(engine) as conn:
        update_active(conn, "quantri", False)


def _remembered(engine: Engine) -> int:
    done = names.remember_names(engine, OFFICE, [("TTKT", "Số PT đo đã KĐ", "TTKT_KD_PTD")])
    assert done.value == 1
    return int(audit_rows(engine, actions=["name.remember"])[0]["entity_id"])


def _no_accounts(engine: Engine) -> None:
    with write_transaction(engine) as conn:
        conn.execute(delete(app_user))


SSO_ISS, SSO_SUB = "https://sso.example.vn/realms/s", "0f9e-sub"


def _lanhdao(engine: Engine):
    return get_user(engine, "lanhdao")


def _session(engine: Engine) -> str:
    return signin.sign_in(engine, "lanhdao", PASSWORD, "10.0.0.1").value.token


@dataclass(frozen=True)
class Spec:
    """One action: ``call(engine, actor, prepared)`` after ``prepare(engine, tmp_path)``."""

    name: str  # module.function in actions/
    permission: str | None  # None: anyone (sign-in, sign-out)
    call: Callable[[Engine, Actor, Any], Done]
    audits: tuple[str, ...]  # the audit actions a success writes
    prepare: Callable[[Engine, Path], Any] = lambda engine, tmp: None
    # Its audit row shares the transaction of its write (a backup's file is no row).
    transactional: bool = True


SPECS: tuple[Spec, ...] = (
    Spec("accounts.create_account", "admin.accounts",
         lambda e, a, _: account_actions.create_account(e, a, "moi", "mat-khau-moi", VIEWER, "Mới"),
         ("user.create",)),
    Spec("accounts.create_first_admin", "admin.accounts",
         lambda e, a, _: account_actions.create_first_admin(e, a, "qt2", "mat-khau-moi"),
         ("user.create",), prepare=lambda e, _: _no_admin(e)),
    Spec("accounts.ensure_accounts", "admin.accounts",
         lambda e, a, _: account_actions.ensure_accounts(
             e, a, [("demo.a", "A", VIEWER, None), ("demo.b", "B", ANALYST, "TTKT")],
             "demo123"),
         ("user.create", "user.create")),
    Spec("accounts.set_password", "admin.accounts",
         lambda e, a, _: account_actions.set_password(e, a, "lanhdao", "mat-khau-moi"),
         ("user.password",)),
    Spec("accounts.set_role", "admin.accounts",
         lambda e, a, _: account_actions.set_role(e, a, "lanhdao", ANALYST, "TTKT"),
         ("user.role",)),
    Spec("accounts.disable", "admin.accounts",
         lambda e, a, _: account_actions.disable(e, a, "lanhdao"), ("user.disable",)),
    Spec("accounts.enable", "admin.accounts",
         lambda e, a, _: account_actions.enable(e, a, "lanhdao"), ("user.enable",)),
    Spec("accounts.unlock", "admin.accounts",
         lambda e, a, _: account_actions.unlock(e, a, "lanhdao"), ("user.unlock",)),
    Spec("accounts.link_sso", "admin.accounts",
         lambda e, a, _: account_actions.link_sso(e, a, "lanhdao", SSO_ISS, SSO_SUB),
         ("user.sso_link",)),
    Spec("accounts.unlink_sso", "admin.accounts",
         lambda e, a, _: account_actions.unlink_sso(e, a, SSO_ISS, SSO_SUB),
         ("user.sso_unlink",),
         prepare=lambda e, _: account_actions.link_sso(e, Actor("x", ADMIN), "lanhdao",
                                                       SSO_ISS, SSO_SUB)),
    Spec("review.approve", "submission.review",
         lambda e, a, sub: review.approve(e, a, sub, "Đạt"), ("submission.approve",),
         prepare=lambda e, _: _upload(e)),
    Spec("review.return_submission", "submission.review",
         lambda e, a, sub: review.return_submission(e, a, sub, "Sửa lại"),
         ("submission.return",), prepare=lambda e, _: _upload(e)),
    Spec("review.reopen", "submission.review",
         lambda e, a, sub: review.reopen(e, a, sub, "Đơn vị xin sửa"), ("submission.reopen",),
         prepare=lambda e, _: _approved(e)),
    Spec("settings.change_setting", "admin.settings",
         lambda e, a, _: settings.change_setting(e, a, "report_signer_name", "Lê Văn B"),
         ("setting.change",)),
    Spec("catalogue.apply_catalog", "admin.catalog",
         lambda e, a, _: catalogue.apply_catalog(e, a, _renamed_catalog()), ("catalog.apply",)),
    Spec("catalogue.set_targets", "admin.targets",
         lambda e, a, _: catalogue.set_targets(e, a, 2023, {"TTKT_KD_PTD": 1.0}),
         ("target.change",)),
    Spec("report.save_draft", "report.edit",
         lambda e, a, _: report.save_draft(e, a, JANUARY, "1", "Câu chữ mới."),
         ("report.draft_save",)),
    Spec("report.restore_wording", "report.edit",
         lambda e, a, _: report.restore_wording(e, a, JANUARY, "1", "Câu chữ gốc."),
         ("report.draft_save",)),
    Spec("report.set_followups", "report.edit",
         lambda e, a, _: report.set_followups(e, a, FEB, [(0, "done", ""), (2, "done", "x")]),
         ("report.followup_set", "report.followup_set"),
         prepare=lambda e, _: add_month(e, "VP", "2023-01", {"VP_VB_DEN": 1}, [], JAN_TASKS)),
    Spec("submissions.ingest", "submission.upload",
         lambda e, a, content: sending.ingest(e, a, content, "ttkt.xlsx",
                                              today=date(2024, 6, 1)),
         ("submission.create",),
         prepare=lambda e, _: filled_template(load_catalog(), "TTKT", JAN, {"TTKT_KD_PTD": 1})),
    Spec("submissions.load_imported_report", "import.report",
         lambda e, a, rep: sending.load_imported_report(
             e, a, rep, REFERENCE.read_bytes(), REFERENCE.name, default_reviews(rep),
             today=date(2024, 6, 1)),
         ("submission.create",) * 8,
         prepare=lambda e, _: parse_report(REFERENCE, REFERENCE.name)),
    Spec("typing.save_entry_draft", "submission.type",
         lambda e, a, _: typing.save_entry_draft(
             e, a, "TTKT", JAN, Entry({"TTKT_KD_PTD": TypedFigure(5749.0)})),
         ("typing.draft_save",)),
    Spec("typing.submit_entry", "submission.type",
         lambda e, a, _: typing.submit_entry(
             e, a, "TTKT", JAN, Entry({"TTKT_KD_PTD": TypedFigure(5749.0)}),
             today=date(2024, 6, 1)),
         ("submission.create",)),
    Spec("names.remember_names", "submission.upload",
         lambda e, a, _: names.remember_names(
             e, a, [("TTKT", "Số PT đo đã KĐ", "TTKT_KD_PTD"),
                    ("TTKT", "Mẫu TN", "TTKT_THU_NGHIEM")]),
         ("name.remember", "name.remember")),
    Spec("names.forget_name", "admin.catalog",
         lambda e, a, name_id: names.forget_name(e, a, int(name_id)), ("name.forget",),
         prepare=lambda e, _: _remembered(e)),
    Spec("backup.backup", "admin.backup",
         lambda e, a, target: backup.backup(e, a, target), ("backup.create",),
         prepare=lambda e, tmp: tmp / "backup.db", transactional=False),
    Spec("backup.issue_download", "admin.backup",
         lambda e, a, _: backup.issue_download(e, a), ("backup.link",)),
    # The link is made for the admin who will use it (``_actor``'s username).
    Spec("backup.download", "admin.backup",
         lambda e, a, prepared: backup.download(e, a, *prepared), ("backup.download",),
         prepare=lambda e, tmp: (backup.issue_download(e, _actor(ADMIN)).value, tmp),
         transactional=False),
    Spec("backup.end_maintenance", "admin.backup",
         lambda e, a, _: backup.end_maintenance(e, a), ("maintenance.off",)),
    Spec("backup.restore", "admin.backup",
         lambda e, a, source: backup.restore(e, a, source), ("backup.restore",),
         prepare=lambda e, tmp: backup.backup(e, Actor("x", ADMIN), tmp / "b.db").value,
         transactional=False),
    # The demo marks only a brand-new database (no account, no version).
    Spec("demo.mark_demo", "admin.settings",
         lambda e, a, _: demo.mark_demo(e, a), ("demo.mark",),
         prepare=lambda e, _: _no_accounts(e)),
    # The attempt is recorded (as a failure) before the password is checked, so that a
    # burst of parallel guesses counts while it is being checked; its audit row comes with
    # the outcome (test_an_interrupted_sign_in_counts_as_a_failure below).
    # Object rules, not one permission: a role seeing every unit, or the unit's own analyst
    # (refusals: tests/actions/test_provenance.py). A download writes its audit row only.
    Spec("provenance.original_file", None,
         lambda e, a, sub_id: provenance.original_file(e, a, sub_id),
         ("submission.download_original",), prepare=lambda e, _: _upload(e)),
    Spec("signin.sign_in", None,
         lambda e, a, _: signin.sign_in(e, "lanhdao", PASSWORD, "10.0.0.1"), ("auth.signin",),
         transactional=False),
    Spec("signin.sign_out", None,
         lambda e, a, token: signin.sign_out(e, token, "10.0.0.1"), ("auth.signout",),
         prepare=lambda e, _: _session(e)),
    Spec("signin.sso_signed_in", None,
         lambda e, a, _: signin.sso_signed_in(e, _lanhdao(e), (SSO_ISS, SSO_SUB), "10.0.0.1"),
         ("auth.signin",)),
    Spec("signin.sso_signed_out", None,
         lambda e, a, _: signin.sso_signed_out(e, _lanhdao(e), "10.0.0.1"), ("auth.signout",)),
    Spec("signin.sso_refused", None,
         lambda e, a, _: signin.sso_refused(e, {"preferred_username": "lanhdao"},
                                            (SSO_ISS, SSO_SUB), "10.0.0.1"),
         ("auth.failure",)),
)
BY_NAME = {spec.name: spec for spec in SPECS}
# Actions that cannot run on the open test database (they set up a database of their own),
# each with the file that tests the same things: refusals, audit rows, one transaction.
TESTED_APART = {"database.migrate_database": "tests/actions/test_migrate_action.py"}


def _renamed_catalog():
    catalog = load_catalog()
    first = catalog.indicators[0]
    return replace(catalog, indicators=[replace(first, name=first.name + " (sửa)"),
                                        *catalog.indicators[1:]])


def _actor(role: str | None, username: str = "nguoi.thu") -> Actor:
    """Someone of ``role`` (an analyst of TTKT), never the account an action targets."""
    return Actor(username, role, "TTKT" if role == ANALYST else None)


def _allowed_actor(spec: Spec) -> Actor:
    role = next((r for r in ROLES if spec.permission and allowed(r, spec.permission)), ADMIN)
    return _actor(role)


def test_every_action_is_specified() -> None:
    """Each public function of actions/ that returns Done has its row in SPECS."""
    found = set()
    for info in pkgutil.iter_modules(actions.__path__):
        module = import_module(f"actions.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_") \
                    and str(inspect.signature(fn).return_annotation).startswith("Done"):
                found.add(f"{info.name}.{name}")
    assert found == set(BY_NAME) | set(TESTED_APART)
    assert all((ROOT / path).is_file() for path in TESTED_APART.values())


def test_every_permission_named_by_an_action_exists() -> None:
    assert {s.permission for s in SPECS if s.permission} <= set(PERMISSIONS)


@pytest.mark.parametrize("spec", [s for s in SPECS if s.permission], ids=lambda s: s.name)
def test_refused_for_every_role_without_the_permission(accounts: Engine, tmp_path: Path,
                                                       spec: Spec) -> None:
    prepared = spec.prepare(accounts, tmp_path)
    refused_roles = [*roles_without(spec.permission), None, "intruder"]
    assert VIEWER in refused_roles or spec.permission == "dashboard.view"
    before = db_dump(accounts)
    for role in refused_roles:
        with pytest.raises(ActionError) as refused:
            spec.call(accounts, _actor(role), prepared)
        assert refused.value.key == FORBIDDEN, (spec.name, role)
        assert refused.value.message() == "Bạn không có quyền thực hiện thao tác này."
    assert db_dump(accounts) == before  # nothing written, not even an audit row


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_success_writes_its_audit_rows_and_a_catalogue_message(accounts: Engine,
                                                               tmp_path: Path,
                                                               spec: Spec) -> None:
    prepared = spec.prepare(accounts, tmp_path)
    actor = _allowed_actor(spec)
    before = {(r["id"], r["action"]) for r in audit_rows(accounts)}
    done = spec.call(accounts, actor, prepared)
    assert isinstance(done, Done)
    new = [r for r in audit_rows(accounts) if (r["id"], r["action"]) not in before]
    assert sorted(r["action"] for r in new) == sorted(spec.audits), spec.name
    expected_actor = ("lanhdao" if spec.name.startswith("signin.") else actor.username)
    if spec.name == "signin.sso_refused":  # nobody signed in: the identity is named
        expected_actor = f"sso:{SSO_SUB}"
    assert {r["actor"] for r in new} == {expected_actor}
    for line in done.messages():
        assert line and "{" not in line


@pytest.mark.parametrize("spec", [s for s in SPECS if s.transactional], ids=lambda s: s.name)
def test_the_audit_row_shares_the_transaction_of_the_write(accounts: Engine, tmp_path: Path,
                                                           spec: Spec, break_audit) -> None:
    """The audit row is written, then the transaction fails: neither the write nor the row
    is kept (so a write without its row, or a row without its write, cannot happen)."""
    prepared = spec.prepare(accounts, tmp_path)
    before = db_dump(accounts)
    break_audit()
    with pytest.raises(RuntimeError, match="disk is full"):
        spec.call(accounts, _allowed_actor(spec), prepared)
    assert db_dump(accounts) == before


def test_a_refused_action_after_its_checks_leaves_no_audit_row(accounts: Engine) -> None:
    """Refusals found inside the transaction (not only the permission) write nothing."""
    sub_id = _upload(accounts)
    before = db_dump(accounts)
    for call, key in (
        (lambda: review.reopen(accounts, OFFICE, sub_id, "lý do"), "review.not_approved"),
        (lambda: review.approve(accounts, OFFICE, 10**6), "review.not_found"),
        (lambda: account_actions.set_role(accounts, _actor(ADMIN), "khong.co", VIEWER),
         "admin.user_unknown"),
        (lambda: catalogue.set_targets(accounts, _actor(ADMIN), 2023,
                                       {"TTKT_KD_PTD": 5.0, "KHONG_CO": 1.0}),
         "admin.target_unknown_indicator"),
        # one source for a plan: the disbursed budget's plan is the reported allocation
        (lambda: catalogue.set_targets(accounts, _actor(ADMIN), 2023,
                                       {"TTKT_KD_PTD": 5.0, "KHTC_GIAINGAN": 18500.0}),
         "admin.target_plan_reported"),
        (lambda: report.set_followups(accounts, OFFICE, FEB, [(0, "xong", "")]),
         "report.followup_bad_status"),
    ):
        with pytest.raises(ActionError) as refused:
            call()
        assert refused.value.key == key
        assert db_dump(accounts) == before, key


def test_an_analyst_sends_only_for_their_own_unit(accounts: Engine) -> None:
    content = filled_template(load_catalog(), "TTKT", JAN, {"TTKT_KD_PTD": 1})
    with pytest.raises(ActionError) as refused:
        sending.ingest(accounts, Actor("an", ANALYST, None), content, "a.xlsx")
    assert refused.value.key == "upload.no_unit"
    with pytest.raises(ActionError) as refused:
        sending.ingest(accounts, Actor("an", ANALYST, "QLKH"), content, "a.xlsx",
                       today=date(2024, 6, 1))
    assert refused.value.key == "upload.load_refused"
    assert [p.code for p in refused.value.problems if p.is_error] == ["not_your_unit"]
    done = sending.ingest(accounts, Actor("an", ANALYST, "TTKT"), content, "a.xlsx",
                          today=date(2024, 6, 1))
    assert done.message() == "Đã nạp: TTKT, tháng 01/2023, phiên bản 1."


def test_anyone_sets_their_own_password_but_nobody_elses(accounts: Engine) -> None:
    for role in roles_without("admin.accounts"):
        user = {VIEWER: "lanhdao", ANALYST: "chuyenvien", EDITOR: "vanphong"}[role]
        done = account_actions.set_password(accounts, _actor(role, user), user, "mat-khau-moi")
        assert done.key == "admin.password_set"
    assert [r["actor"] for r in audit_rows(accounts, actions=["user.password"])] == [
        "vanphong", "chuyenvien", "lanhdao"]


def test_a_saved_setting_is_named_in_vietnamese(accounts: Engine) -> None:
    done = settings.change_setting(accounts, _actor(ADMIN), "report_place", "Đông Hà")
    assert done.params["name"] == "admin.setting_report_place"  # a key until it is shown
    assert done.message() == "Đã lưu thiết lập “Địa danh trong dòng ngày tháng”."


def test_an_interrupted_sign_in_counts_as_a_failure(accounts: Engine, break_audit) -> None:
    """When the outcome cannot be written, the attempt stays what it was recorded as
    before the check — a failure — and no session, no audit row exists."""
    break_audit()
    with pytest.raises(RuntimeError, match="disk is full"):
        signin.sign_in(accounts, "lanhdao", PASSWORD, "10.0.0.1")
    dump = db_dump(accounts)
    assert [(r[1], r[4]) for r in dump["login_attempt"]] == [("lanhdao", False)]
    assert dump["session_token"] == []
    assert audit_rows(accounts, actor="lanhdao") == []


def test_a_failed_sign_in_is_recorded_even_though_refused(accounts: Engine) -> None:
    with pytest.raises(ActionError) as refused:
        signin.sign_in(accounts, "lanhdao", "sai", "10.0.0.1")
    assert refused.value.key == signin.WRONG
    assert [r["action"] for r in audit_rows(accounts, actor="lanhdao")] == ["auth.failure"]


# --- every key an action can answer with is in the message catalogue ---------------------


def _calls(name: str, files: list[Path]) -> list[tuple[str, set[str] | None, str]]:
    """(key, message params, where) of every ``name("key", …)`` call in ``files``; params
    None when they are not written out (a variable)."""
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == name and node.args
                    and isinstance(node.args[0], ast.Constant)):
                continue
            params: set[str] | None
            if name == "Done":  # Done(key, {params}, value, more)
                given = node.args[1] if len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "params"), None)
                params = (set() if given is None else
                          {k.value for k in given.keys} if isinstance(given, ast.Dict) else None)
            else:  # ActionError(key, problems=…, **params)
                params = {k.arg for k in node.keywords if k.arg and k.arg != "problems"}
                if any(k.arg is None for k in node.keywords):
                    params = None  # **params passed on
            found.append((node.args[0].value, params, f"{path.name}:{node.lineno}"))
    return found


def _placeholders(key: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(messages()[key]) if field}


ACTION_FILES = sorted((ROOT / "actions").glob("*.py"))


@pytest.mark.parametrize(("kind", "files"), [
    ("ActionError", ACTION_FILES), ("Done", ACTION_FILES),
    # A backup's refusal comes from store.backup and is passed on as it is.
    ("BackupError", [ROOT / "store" / "backup.py"]),
])
def test_every_literal_key_exists_with_its_params(kind: str, files: list[Path]) -> None:
    calls = _calls(kind, files)
    assert len(calls) >= 5
    for key, params, where in calls:
        assert key in messages(), f"{where}: {key} is not in the catalogue"
        if params is not None:
            assert _placeholders(key) == params, (where, key, params)


def test_keys_passed_through_names_exist_too() -> None:
    """The keys an action raises or answers with that are not written in the call itself."""
    for key in (FORBIDDEN, signin.LOCKED, signin.WRONG, "narrative.load_locked",
                "narrative.load_locked_many", "upload.loaded", "narrative.ui_loaded",
                "review.comment_required", "review.reason_required", *review._NOT_IN.values()):
        assert key in messages(), key
    for role in ROLES:
        assert f"auth.role_{role}" in messages()
