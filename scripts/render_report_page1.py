"""Render page 1 (or another page) of a .docx as a PNG, the way LibreOffice lays it out.

    .venv/bin/python scripts/render_report_page1.py report.docx docs/report-page1.png

Needs LibreOffice (``soffice``) and poppler (``pdftoppm``) on PATH, e.g.
``apt-get install -y libreoffice-writer-nogui poppler-utils``. Not run by CI.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def docx_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Convert with a throw-away LibreOffice profile, so a running soffice does not block us."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            _tool("soffice"),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx_path}")
    return pdf


def pdf_page_to_png(pdf: Path, png_path: Path, page: int = 1, dpi: int = 80) -> Path:
    """One page of ``pdf`` as ``png_path`` (pdftoppm adds ".png" to the prefix itself)."""
    prefix = png_path.with_suffix("")
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    written = prefix.with_suffix(".png")
    if written != png_path:
        written.replace(png_path)
    return png_path


def render_page(docx_path: Path, png_path: Path, page: int = 1, dpi: int = 80) -> Path:
    png_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = docx_to_pdf(docx_path.resolve(), Path(tmp))
        return pdf_page_to_png(pdf, png_path.resolve(), page, dpi)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} not found: install libreoffice-writer-nogui and poppler-utils")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", type=Path, help="the .docx file to render")
    parser.add_argument("png", type=Path, help="where to write the PNG")
    parser.add_argument("--page", type=int, default=1, help="page number (default 1)")
    parser.add_argument("--dpi", type=int, default=80, help="resolution (default 80)")
    args = parser.parse_args(argv)
    if not args.docx.is_file():
        parser.error(f"no such file: {args.docx}")
    print(render_page(args.docx, args.png, args.page, args.dpi))
    return 0


if __name__ == "__main__":
    sys.exit(main())
