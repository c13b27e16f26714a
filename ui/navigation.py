"""Every page with its title, icon, address and the permission that opens it.

Who holds a permission is ``auth.permissions``' table, the one copy of it: navigation, the
page guard and the actions all ask ``allowed(role, permission)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from auth.permissions import allowed


@dataclass(frozen=True)
class PageSpec:
    path: str  # file under pages/
    title_key: str  # message catalogue key of the title
    icon: str
    url_path: str
    permission: str  # auth.permissions: who may open the page
    group_key: str = "nav.group_dashboard"
    in_menu: bool = True  # False: opened from links only (registered, hidden from the menu)

    def open_to(self, role: str | None) -> bool:
        return allowed(role, self.permission)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "nav.overview", ":material/dashboard:", "tong-quan",
             "dashboard.view"),
    PageSpec("pages/trends.py", "nav.trends", ":material/show_chart:", "xu-huong",
             "dashboard.view"),
    PageSpec("pages/provenance.py", "nav.provenance", ":material/travel_explore:",
             "nguon-so-lieu", "provenance.view", in_menu=False),
    PageSpec("pages/status.py", "nav.status", ":material/fact_check:", "tinh-hinh-nop",
             "dashboard.view"),
    PageSpec("pages/month_report.py", "nav.report", ":material/description:", "bao-cao-thang",
             "report.view", "nav.group_report"),
    PageSpec("pages/upload.py", "nav.upload", ":material/upload_file:", "nop-bao-cao",
             "submission.upload", "nav.group_submissions"),
    PageSpec("pages/typing.py", "nav.typing", ":material/edit_note:", "nhap-so-lieu",
             "submission.type", "nav.group_submissions"),
    PageSpec("pages/submissions.py", "nav.submissions", ":material/approval:", "duyet-bao-cao",
             "submission.review", "nav.group_submissions"),
    PageSpec("pages/audit.py", "nav.audit", ":material/history:", "nhat-ky",
             "audit.view", "nav.group_admin"),
    PageSpec("pages/administration.py", "nav.admin", ":material/settings:", "quan-tri",
             "admin.view", "nav.group_admin"),
)


def page_spec(path: str) -> PageSpec:
    for spec in PAGES:
        if spec.path == path:
            return spec
    raise KeyError(path)


def pages_for(role: str | None) -> list[PageSpec]:
    return [p for p in PAGES if p.open_to(role)]
