"""The sample's 2023 annual report as LibreOffice lays it out (``soffice --convert-to pdf``).

Before, the year was the months' bullets stuck together: 263 bullets on 23 pages. Part I now
prints each activity once (report/period_bullets.py); the body up to the signature must stay
within BODY_PAGES. The figures annex that follows is laid out by report/docx_export.py.
LibreOffice is installed by ``scripts/install_system_deps.sh``; without it the test skips
locally and fails in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.months import ReportPeriod
from report.assemble import assemble_report
from report.docx_export import write_docx

BODY_PAGES = 11  # header, summary, part I, part II, signature
WHOLE_PAGES = 16  # with the figures annex (52 indicators)


def _pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) missing: scripts/install_system_deps.sh installs it")
        pytest.skip("LibreOffice (soffice) not installed")
    subprocess.run([soffice, f"-env:UserInstallation={(out_dir / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                   check=True, capture_output=True, timeout=300)
    return out_dir / (docx.stem + ".pdf")


def test_the_2023_annual_report_fits_in_about_ten_pages_before_its_annex(sample_engine,
                                                                       tmp_path):
    doc = assemble_report(sample_engine, ReportPeriod.parse("2023"))
    pages = PdfReader(_pdf(write_docx(doc, tmp_path / "bao-cao-2023.docx"), tmp_path)).pages
    texts = [page.extract_text() for page in pages]
    signature = next(i for i, text in enumerate(texts) if doc.signer_name in text)
    # the annex's title is printed upper case (Decree 30); the body names it as written
    annex = next(i for i, text in enumerate(texts) if doc.figures_table.title.upper() in text)
    assert signature + 1 <= BODY_PAGES, f"part I to the signature: {signature + 1} pages"
    assert annex == signature + 1  # the annex starts on the page after the signature
    assert len(pages) <= WHOLE_PAGES, f"{len(pages)} pages in all"
    assert "II. NHIỆM VỤ TRỌNG TÂM NĂM 2024" in "".join(texts)
