"""Every page with its title, icon, address and the roles that see it."""

from __future__ import annotations

from dataclasses import dataclass

from auth.roles import ADMIN, ANALYST, EDITOR, VIEWER


@dataclass(frozen=True)
class PageSpec:
    path: str  # file under pages/
    title_key: str  # message catalogue key of the title
    icon: str
    url_path: str
    roles: frozenset[str]
    group_key: str = "nav.group_dashboard"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "nav.overview", ":material/dashboard:", "tong-quan",
             frozenset({VIEWER, EDITOR, ADMIN})),
    PageSpec("pages/trends.py", "nav.trends", ":material/show_chart:", "xu-huong",
             frozenset({VIEWER, EDITOR, ADMIN})),
    PageSpec("pages/status.py", "nav.status", ":material/fact_check:", "tinh-hinh-nop",
             frozenset({VIEWER, EDITOR, ADMIN})),
    PageSpec("pages/month_report.py", "nav.report", ":material/description:", "bao-cao-thang",
             frozenset({VIEWER, EDITOR, ADMIN}), "nav.group_report"),
    PageSpec("pages/upload.py", "nav.upload", ":material/upload_file:", "nop-bao-cao",
             frozenset({ANALYST, EDITOR}), "nav.group_submissions"),
    PageSpec("pages/submissions.py", "nav.submissions", ":material/approval:", "duyet-bao-cao",
             frozenset({EDITOR}), "nav.group_submissions"),
    PageSpec("pages/audit.py", "nav.audit", ":material/history:", "nhat-ky",
             frozenset({EDITOR, ADMIN}), "nav.group_admin"),
    PageSpec("pages/administration.py", "nav.admin", ":material/settings:", "quan-tri",
             frozenset({ADMIN}), "nav.group_admin"),
)


def page_spec(path: str) -> PageSpec:
    for spec in PAGES:
        if spec.path == path:
            return spec
    raise KeyError(path)


def pages_for(role: str | None) -> list[PageSpec]:
    return [p for p in PAGES if role in p.roles]
