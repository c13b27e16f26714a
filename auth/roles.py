"""Roles and what each may do: one table, checked by navigation, pages and write functions."""

from __future__ import annotations

VIEWER, ANALYST, EDITOR, ADMIN = "viewer", "analyst", "editor", "admin"
ROLES = (VIEWER, ANALYST, EDITOR, ADMIN)

# Action → roles allowed. Pages and domain functions both ask ``allowed``.
PERMISSIONS: dict[str, frozenset[str]] = {
    "dashboard.view": frozenset({VIEWER, EDITOR, ADMIN}),
    "report.view": frozenset({VIEWER, EDITOR, ADMIN}),
    "report.edit": frozenset({EDITOR}),
    "submission.upload_own": frozenset({ANALYST}),
    "submission.upload_any": frozenset({EDITOR}),
    "submission.review": frozenset({EDITOR}),
    "submission.view_all": frozenset({VIEWER, EDITOR, ADMIN}),
    "import.report": frozenset({EDITOR}),
    "audit.view": frozenset({EDITOR, ADMIN}),
    "admin.accounts": frozenset({ADMIN}),
    "admin.catalog": frozenset({ADMIN}),
    "admin.targets": frozenset({ADMIN}),
    "admin.settings": frozenset({ADMIN}),
    "admin.backup": frozenset({ADMIN}),
}


class PermissionDenied(PermissionError):
    """Raised by a domain function when the acting user's role may not do the action."""


def allowed(role: str | None, action: str) -> bool:
    return role in PERMISSIONS.get(action, frozenset())


def require(role: str | None, action: str) -> None:
    if not allowed(role, action):
        raise PermissionDenied(action)


def permissions_table() -> str:
    """The roles table as Markdown (pasted into docs/security.md; a test keeps it in step)."""
    lines = ["| action | " + " | ".join(ROLES) + " |",
             "|---|" + "---|" * len(ROLES)]
    for action, roles in PERMISSIONS.items():
        lines.append(f"| `{action}` | " + " | ".join("✔" if r in roles else "" for r in ROLES)
                     + " |")
    return "\n".join(lines)
