"""The administration screen's tabs: accounts, targets, settings, catalogue, backup.

Every change is an action (``actions.accounts``, ``.catalogue``, ``.settings``,
``.backup``) run through ``ui.actions.run``: the action checks the admin role again and
writes the audit row; its refusal or success text is shown in Vietnamese.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from actions import accounts, backup, catalogue, names, settings
from actions.accounts import role_label
from actions.base import ActionError
from actions.signin import locked_accounts
from auth.permissions import ANALYST, ROLES
from core.catalog import CatalogError, Indicator
from core.formatting import fmt_date, fmt_number
from core.messages import catalogue as messages
from core.messages import t
from core.numbers import COUNT, PERCENT
from core.settings_spec import SETTINGS, SETTINGS_BY_NAME
from core.timezone import vn_today
from etl.catalog_file import read_catalog_upload
from store.catalog_admin import diff_catalog, targets_of
from store.catalog_store import export_yaml, read_catalog
from store.remembered_names import list_remembered
from store.settings import get_setting, setting_history
from store.sso_identities import list_links
from store.users import User, list_users
from ui import responsive
from ui.actions import run
from ui.db import engine
from ui.number_input import (
    NumberField,
    editor_texts,
    number_column,
    number_text_input,
    read_cells,
    read_number,
    show_refusals,
)
from ui.review_view import vn_time
from ui.text import done_lines, message_text, safe_t
from ui.uploads import file_upload, upload_limit
from web.backup import download_path

BACKUP_LINK_KEY = "admin_backup_link"
TAB_KEY = "adm_tab"  # the page's chosen tab (its label), in session state
TARGETS_SAVED_KEY = "adm_targets_saved"  # how many saves: part of the editor's key


# --- accounts ---------------------------------------------------------------------------


def accounts_tab(user: User) -> None:
    rows = list_users(engine())
    with engine().connect() as conn:
        locked = locked_accounts(conn)
    responsive.table(pd.DataFrame([{
        t("admin.col_username"): r["username"], t("admin.col_name"): r["display_name"],
        t("admin.col_role"): role_label(r["role"]), t("admin.col_unit"): r["unit_code"] or "",
        t("admin.col_state"): t("admin.state_active") if r["active"]
        else t("admin.state_disabled"),
        t("admin.col_locked"): t("admin.locked_minutes", minutes=locked[r["username"]])
        if r["username"] in locked else "",
    } for r in rows]))
    units = [u.code for u in read_catalog(engine()).reporting_units()]
    left, right = st.columns(2)
    with left:
        _add_account(user, units)
    with right:
        _manage_account(user, [r["username"] for r in rows], units, locked)


def _add_account(user: User, units: list[str]) -> None:
    st.subheader(t("admin.add_account"))
    with st.form("frm_add_account", clear_on_submit=True):
        username = st.text_input(t("admin.col_username"), max_chars=64)
        name = st.text_input(t("admin.col_name"))
        role = st.selectbox(t("admin.col_role"), ROLES, format_func=role_label)
        unit = st.selectbox(t("admin.analyst_unit"), [None, *units],
                            format_func=lambda u: t("admin.no_unit") if u is None else u)
        password = st.text_input(t("admin.new_password"), type="password")
        if st.form_submit_button(t("admin.add"), type="primary"):
            run(accounts.create_account, engine(), user, username.strip(), password, role,
                name.strip(), unit if role == ANALYST else None)


def _manage_account(user: User, names: list[str], units: list[str],
                    locked: dict[str, int]) -> None:
    st.subheader(t("admin.manage_account"))
    target = st.selectbox(t("admin.col_username"), names, key="adm_target")
    if not target:
        return
    rows = {r["username"]: r for r in list_users(engine())}
    row = rows[target]
    with st.form("frm_set_role"):
        role = st.selectbox(t("admin.col_role"), ROLES, index=ROLES.index(row["role"]),
                            format_func=role_label)
        unit = st.selectbox(t("admin.analyst_unit"), [None, *units],
                            index=([None, *units].index(row["unit_code"])
                                   if row["unit_code"] in units else 0),
                            format_func=lambda u: t("admin.no_unit") if u is None else u)
        if st.form_submit_button(t("admin.save_role")):
            run(accounts.set_role, engine(), user, target, role, unit)
    with st.form("frm_reset_password", clear_on_submit=True):
        password = st.text_input(t("admin.new_password"), type="password")
        if st.form_submit_button(t("admin.reset_password")):
            run(accounts.set_password, engine(), user, target, password)
    with st.container(horizontal=True):
        if row["active"]:
            if st.button(t("admin.disable"), key="adm_disable", disabled=target == user.username):
                run(accounts.disable, engine(), user, target)
        elif st.button(t("admin.enable"), key="adm_enable"):
            run(accounts.enable, engine(), user, target)
        if st.button(t("admin.unlock"), key="adm_unlock", disabled=target not in locked):
            run(accounts.unlock, engine(), user, target)
    _sso_links(user, target)


def _sso_links(user: User, target: str) -> None:
    """The single sign-on identities linked to ``target``: link one, unlink one."""
    st.markdown(f"**{t('admin.sso_title')}**")
    st.caption(t("admin.sso_explain"))
    with engine().connect() as conn:
        links = list_links(conn, target)
    if links:
        responsive.table(pd.DataFrame([{
            t("admin.col_sso_issuer"): link.issuer, t("admin.col_sso_subject"): link.subject,
            t("admin.col_sso_linked_by"): link.linked_by,
            t("admin.col_sso_linked_at"): vn_time(link.linked_at),
        } for link in links]))
        chosen = st.selectbox(t("admin.col_sso_subject"), links, key="adm_sso_unlink",
                              format_func=lambda link: f"{link.subject} — {link.issuer}")
        if st.button(t("admin.sso_unlink"), key="adm_sso_unlink_btn") and chosen is not None:
            run(accounts.unlink_sso, engine(), user, chosen.issuer, chosen.subject)
    else:
        st.caption(t("admin.sso_none"))
    with st.form("frm_sso_link", clear_on_submit=True):
        issuer = st.text_input(t("admin.sso_issuer"), max_chars=255)
        subject = st.text_input(t("admin.sso_subject"), max_chars=255)
        if st.form_submit_button(t("admin.sso_link")):
            run(accounts.link_sso, engine(), user, target, issuer, subject)


# --- targets ----------------------------------------------------------------------------


def targets_tab(user: User) -> None:
    this_year = vn_today().year
    year = st.selectbox(t("admin.target_year"), list(range(this_year + 1, this_year - 6, -1)),
                        index=1, key="adm_target_year")
    catalog = read_catalog(engine())
    with engine().connect() as conn:
        current = {r["indicator_code"]: r["value"] for r in targets_of(conn, year)}
    valid = [i for i in catalog.indicators
             if (i.valid_from is None or i.valid_from.year <= year)
             and (i.valid_to is None or i.valid_to.year >= year)]
    # An indicator whose plan is another's reported value has no target of its own.
    indicators = [i for i in valid if not i.plan]
    code_col, name_col = t("admin.col_indicator_code"), t("admin.col_indicator")
    unit_col, value_col = t("admin.col_unit_noun"), t("admin.col_target")
    # Typed as text, read with the Vietnamese rule on save (ui/number_input.py).
    shown = editor_texts([current.get(i.code) for i in indicators])
    frame = pd.DataFrame({
        code_col: [i.code for i in indicators], name_col: [i.name for i in indicators],
        unit_col: [i.unit for i in indicators], value_col: shown,
    })
    st.caption(t("admin.targets_hint"))
    for item in valid:
        if item.plan:
            st.caption(t("admin.target_from_report", name=item.name,
                         plan=catalog.indicator(item.plan).name))
    edited = responsive.editor(
        frame, hide_index=True, width="stretch", key=targets_editor_key(year),
        disabled=[code_col, name_col, unit_col],
        column_config={value_col: number_column(value_col)})
    if st.button(t("admin.save_targets"), type="primary"):
        _save_targets(user, year, indicators, shown, list(edited[value_col]), current)


def targets_editor_key(year: int) -> str:
    """The target editor's key: a new one after each save, so the saved figures are shown
    from the database and the editor keeps no edits of its own (which would rerun the page
    once more and drop the success message)."""
    return f"adm_targets_{year}_{st.session_state.get(TARGETS_SAVED_KEY, 0)}"


def _forget_target_edits(_done: object) -> None:
    st.session_state[TARGETS_SAVED_KEY] = st.session_state.get(TARGETS_SAVED_KEY, 0) + 1


def _save_targets(user: User, year: int, indicators: list[Indicator], shown: list[str],
                  typed: list[object], current: dict[str, float]) -> None:
    """Read every changed cell; one bad cell refuses the whole save (rows named)."""
    label = t("admin.col_target")
    changed = [(row, item, raw) for row, (item, was, raw)
               in enumerate(zip(indicators, shown, typed, strict=True), start=1)
               if (raw or "") != was]
    values, refused = read_cells([(raw, NumberField(
        t("action.number_row", column=label, row=row, name=item.name),
        whole=item.value_kind == COUNT, percent=item.value_kind == PERCENT))
        for row, item, raw in changed])
    if refused:
        show_refusals(refused)
        return
    run(catalogue.set_targets, engine(), user, year,
        {item.code: value for (_, item, _), value in zip(changed, values, strict=True)
         if value != current.get(item.code)}, on_done=_forget_target_edits)


# --- settings ---------------------------------------------------------------------------


def setting_label(name: str) -> str:
    key = f"admin.setting_{name}"
    return t(key) if key in messages() else name


def _show_value(value: object) -> str:
    if isinstance(value, bool):
        return t("admin.bool_yes") if value else t("admin.bool_no")
    if isinstance(value, int | float):
        return fmt_number(value)
    if isinstance(value, list):
        return " · ".join(str(v) for v in value)
    return str(value)


def _value_input(name: str, current: object) -> object:
    default = SETTINGS_BY_NAME[name].default
    label = t("admin.setting_value")
    if isinstance(default, bool):
        return st.checkbox(label, value=bool(current))
    if isinstance(default, int):
        return number_text_input(_setting_field(name), current, key=f"adm_setting_value_{name}")
    if isinstance(default, list):
        return st.text_area(label, value="\n".join(current), help=t("admin.one_per_line"))
    return st.text_input(label, value=str(current))


def _setting_field(name: str) -> NumberField:
    """A whole-number setting's field: required, its declared maximum, ``%`` for a share."""
    return NumberField(t("admin.setting_value"), whole=True, required=True,
                       maximum=SETTINGS_BY_NAME[name].maximum,
                       percent=name.endswith("_percent"))


def _save_setting(user: User, name: str, value: object, start: date | None,
                  end: date | None) -> None:
    default = SETTINGS_BY_NAME[name].default
    if isinstance(default, int) and not isinstance(default, bool):  # typed as text
        try:
            value = int(read_number(value, _setting_field(name)))
        except ActionError as refused:  # nothing is saved; the field keeps what was typed
            st.error(message_text(refused), icon=":material/error:")
            return
    run(settings.change_setting, engine(), user, name, value, start, end)


def settings_tab(user: User) -> None:
    today = vn_today()
    with engine().connect() as conn:
        responsive.table(pd.DataFrame([{
            t("admin.col_setting"): setting_label(s.name),
            t("admin.col_value_today"): _show_value(get_setting(conn, s.name, today)),
        } for s in SETTINGS]))
    name = st.selectbox(t("admin.col_setting"), [s.name for s in SETTINGS],
                        format_func=setting_label, key="adm_setting")
    with st.form(f"frm_setting_{name}"):
        value = _value_input(name, get_setting(engine(), name, today))
        start = st.date_input(t("admin.valid_from"), value=today, format="DD/MM/YYYY")
        end = st.date_input(t("admin.valid_to"), value=None, format="DD/MM/YYYY")
        if st.form_submit_button(t("admin.save_setting"), type="primary"):
            _save_setting(user, name, value, start, end)
    history = setting_history(engine(), name)
    if history:
        st.caption(t("admin.setting_history"))
        responsive.table(pd.DataFrame([{
            t("admin.col_value"): _show_value(h["value"]),
            t("admin.valid_from"): fmt_date(h["valid_from"]),
            t("admin.valid_to"): fmt_date(h["valid_to"]),
            t("admin.col_by"): h["updated_by"], t("admin.col_at"): vn_time(h["updated_at"]),
        } for h in history]))


# --- catalogue --------------------------------------------------------------------------


def catalog_tab(user: User) -> None:
    st.download_button(t("admin.catalog_download"),
                       lambda: export_yaml(engine()).encode("utf-8"),
                       file_name=f"catalog-{date.today().isoformat()}.yaml",
                       mime="application/x-yaml", icon=":material/download:", on_click="ignore")
    upload = file_upload(t("admin.catalog_upload"), ["yaml", "yml"], key="adm_catalog_file")
    if upload is None:
        return
    content, file_name = upload
    try:
        new = read_catalog_upload(content, file_name, upload_limit())
    except CatalogError as exc:
        st.error(safe_t("admin.catalog_invalid", reason=str(exc)))
        return
    changes = diff_catalog(read_catalog(engine()), new)
    if not changes:
        st.info(t("admin.catalog_same"))
        return
    responsive.table(pd.DataFrame([{
        t("admin.col_kind"): t(f"admin.kind_{c.kind}"), t("admin.col_code"): c.code,
        t("admin.col_change"): t(f"admin.change_{c.change}"),
        t("admin.col_fields"): ", ".join(c.fields),
    } for c in changes]))
    st.caption(t("admin.catalog_removed_kept"))
    if st.button(t("admin.catalog_apply", count=len(changes)), type="primary"):
        run(catalogue.apply_catalog, engine(), user, new)


# --- remembered names -------------------------------------------------------------------


def names_tab(user: User) -> None:
    """The names analysts mapped to indicators (``actions.names``): who, when; remove one."""
    st.caption(t("names.admin_intro"))
    rows = list_remembered(engine())
    if not rows:
        st.info(t("names.admin_empty"))
        return
    responsive.table(pd.DataFrame([{
        t("names.col_unit"): r["unit_code"], t("names.col_label"): r["label"],
        t("names.col_indicator"): f"{r['indicator_name']} ({r['indicator_code']})",
        t("names.col_by"): r["created_by"], t("names.col_at"): vn_time(r["created_at"]),
    } for r in rows]))
    labels = {r["id"]: f"{r['unit_code']} · {r['label']} → {r['indicator_code']}" for r in rows}
    picked = st.selectbox(t("names.admin_pick"), list(labels), format_func=labels.__getitem__,
                          key="adm_name_pick")
    if st.button(t("names.admin_forget"), key="adm_name_forget", icon=":material/delete:"):
        run(names.forget_name, engine(), user, picked)


# --- backup -----------------------------------------------------------------------------


def backup_tab(user: User) -> None:
    """A one-time link to a fresh snapshot, served by ``web/backup.py`` to this admin's
    signed-in browser only; the bytes never pass through Streamlit."""
    st.write(t("admin.backup_explain"))
    if st.button(t("admin.backup_make"), icon=":material/backup:"):
        done = run(backup.issue_download, engine(), user, rerun=False)
        if done is not None:
            st.session_state[BACKUP_LINK_KEY] = (done.value, done_lines(done)[0])
    link = st.session_state.get(BACKUP_LINK_KEY)
    if link:
        ticket, message = link
        st.link_button(t("admin.backup_download"), download_path(ticket), type="primary",
                       icon=":material/download:")
        st.caption(message)


# The page's tabs in order (name → drawing function); their labels are ``admin.tab_<name>``.
TABS = {"accounts": accounts_tab, "targets": targets_tab, "settings": settings_tab,
        "catalog": catalog_tab, "names": names_tab, "backup": backup_tab}
