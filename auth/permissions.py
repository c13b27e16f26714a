"""Roles and what each may do, as data: one table, read by navigation, pages and actions.

``PERMISSIONS`` maps a permission to the roles holding it. Navigation lists the pages whose
permission the role holds, every page's guard asks the same question, and every action in
``actions/`` checks its permission (plus object rules such as "an analyst only for their
own unit") before it writes. ``docs/security.md`` carries the table as
``permissions_table()`` prints it; a test keeps the two in step.
"""

from __future__ import annotations

VIEWER, ANALYST, EDITOR, ADMIN = "viewer", "analyst", "editor", "admin"
ROLES = (VIEWER, ANALYST, EDITOR, ADMIN)

# Permission → roles allowed.
PERMISSIONS: dict[str, frozenset[str]] = {
    "dashboard.view": frozenset({VIEWER, EDITOR, ADMIN}),
    "report.view": frozenset({VIEWER, EDITOR, ADMIN}),
    # The origin of a figure (/nguon-so-lieu): whoever sees the dashboards' figures.
    "provenance.view": frozenset({VIEWER, EDITOR, ADMIN}),
    "report.edit": frozenset({EDITOR}),
    # Sending submissions; without ``submission.upload_any`` only for one's own unit.
    "submission.upload": frozenset({ANALYST, EDITOR}),
    "submission.upload_any": frozenset({EDITOR}),
    # Typing a month in the browser (``/nhap-so-lieu``), for the same units as sending.
    "submission.type": frozenset({ANALYST, EDITOR}),
    "submission.review": frozenset({EDITOR}),
    "submission.view_all": frozenset({VIEWER, EDITOR, ADMIN}),
    "import.report": frozenset({EDITOR}),
    "audit.view": frozenset({EDITOR, ADMIN}),
    "admin.view": frozenset({ADMIN}),
    "admin.accounts": frozenset({ADMIN}),
    "admin.catalog": frozenset({ADMIN}),
    "admin.targets": frozenset({ADMIN}),
    "admin.settings": frozenset({ADMIN}),
    "admin.backup": frozenset({ADMIN}),
    "admin.migrate": frozenset({ADMIN}),
}

# The permissions whose pages have a file uploader: a unit's sheet (``submission.upload``),
# a past narrative report (``import.report``), the admin's catalogue YAML
# (``admin.catalog``). Streamlit's upload endpoint accepts files only from a role holding
# one of them (``web.uploads``).
UPLOAD_PERMISSIONS = ("submission.upload", "import.report", "admin.catalog")


def allowed(role: str | None, permission: str) -> bool:
    """Whether ``role`` holds ``permission`` (an unknown permission is held by nobody)."""
    return role in PERMISSIONS.get(permission, frozenset())


def roles_without(permission: str) -> tuple[str, ...]:
    """The roles that may NOT do ``permission`` (the tests refuse each of them)."""
    return tuple(r for r in ROLES if not allowed(r, permission))


def permissions_table() -> str:
    """The roles table as Markdown (pasted into docs/security.md; a test keeps it in step)."""
    lines = ["| permission | " + " | ".join(ROLES) + " |",
             "|---|" + "---|" * len(ROLES)]
    for permission, roles in PERMISSIONS.items():
        lines.append(f"| `{permission}` | "
                     + " | ".join("✔" if r in roles else "" for r in ROLES) + " |")
    return "\n".join(lines)
