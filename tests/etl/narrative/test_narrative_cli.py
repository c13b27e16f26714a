"""``run_import_report``: exit codes and printed text; message keys all exist."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from narrative_samples import REFERENCE

from cli.import_report import run_import_report
from core.formatting import fmt_month
from core.messages import catalogue, t
from core.months import Month
from etl.narrative import ParsedReport, format_summary

PACKAGE = Path(__file__).resolve().parents[3] / "etl" / "narrative"


def test_json_output(reference_report: ParsedReport) -> None:
    code, out = run_import_report(str(REFERENCE), None, as_json=True)
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(reference_report.to_json()))
    assert "Nguyễn Hữu Thắng" in out  # Vietnamese printed as is, not \u escapes


def test_summary_output(reference_report: ParsedReport) -> None:
    code, out = run_import_report(str(REFERENCE), None, as_json=False)
    assert code == 0
    assert out == format_summary(reference_report)
    lines = out.splitlines()
    assert lines[0] == t("narrative.summary_title", period="tháng 01/2023",
                             next_period="tháng 02/2023")
    assert t("narrative.summary_no_number") in lines
    assert t("narrative.summary_tasks", next_period="tháng 02/2023", count=7) in lines
    assert t("narrative.summary_footnotes", count=3) in lines
    assert t("narrative.summary_figures", count=15, matched=15) in lines
    assert any("5.749 phương tiện đo → TTKT_KD_PTD" in line for line in lines)
    assert any(t("narrative.summary_summed", parts="1 + 1") in line for line in lines)
    assert any(t("narrative.summary_implied") in line for line in lines)
    assert lines[-1] == t("narrative.summary_signer", title="KT.GIÁM ĐỐC PHÓ GIÁM ĐỐC",
                          name="Nguyễn Hữu Thắng")


def test_month_option() -> None:
    code, out = run_import_report(str(REFERENCE), "2023-03", as_json=True)
    assert code == 0
    assert (json.loads(out)["month"], json.loads(out)["next_month"]) == ("2023-03", "2023-04")
    code, out = run_import_report(str(REFERENCE), "03/2023", as_json=False)
    assert code == 0 and out.startswith(t(
        "narrative.summary_title", period="tháng " + fmt_month(Month(2023, 3)),
        next_period="tháng " + fmt_month(Month(2023, 4))))


def test_bad_month_option() -> None:
    assert run_import_report(str(REFERENCE), "tháng ba", as_json=False) == (
        2, t("narrative.bad_month", value="tháng ba"))


def test_file_problems_exit_1(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.txt"
    assert run_import_report(str(missing), None, as_json=False) == (
        1, t("narrative.cannot_open", file="khong-co.txt"))
    scan = tmp_path / "scan.txt"
    scan.write_bytes(b"")
    assert run_import_report(str(scan), None, as_json=False) == (
        1, t("narrative.empty", file="scan.txt"))


def test_json_refusal_keeps_code_params_and_message(tmp_path: Path) -> None:
    """With --json a refusal is JSON too: the key, its parameters, the Vietnamese text."""
    for name, content, key in (("khong-co.docx", None, "narrative.cannot_open"),
                               ("rong.txt", b"  ", "narrative.empty"),
                               ("cu.doc", b"\xd0\xcf\x11\xe0 old", "narrative.old_word")):
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        code, out = run_import_report(str(path), None, as_json=True)
        assert code == 1
        assert json.loads(out) == {"error": {"code": key, "params": {"file": name},
                                             "message": t(key, file=name)}}


def test_every_message_key_used_exists() -> None:
    used: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        used |= set(re.findall(r"\"(narrative\.[a-z_]+)\"", path.read_text(encoding="utf-8")))
    used |= {f"narrative.qualifier_{q}" for q in ("more_than", "about")}
    assert used, "no message keys found: did the package move?"
    assert used <= set(catalogue())


# --- report periods and JSON refusals ---------------------------------------------------------


def _quarter_file(tmp_path: Path) -> Path:
    from corpus import PERIOD_TITLES, reference_blocks, reword, to_txt
    path = tmp_path / "bc-quy-1.txt"
    path.write_bytes(to_txt(reword(reference_blocks(), PERIOD_TITLES["quarter"][2])))
    return path


def test_a_quarter_report_prints_its_period(tmp_path: Path) -> None:
    path = _quarter_file(tmp_path)
    code, out = run_import_report(str(path), None, as_json=True)
    data = json.loads(out)
    assert code == 0
    assert (data["period"], data["next_period"], data["month"], data["next_month"]) == (
        "2023-Q1", "2023-Q2", None, None)
    assert all(f["certain"] is False for f in data["figures"])
    code, out = run_import_report(str(path), None, as_json=False)
    assert code == 0 and out.splitlines()[0] == t(
        "narrative.summary_title", period="quý I năm 2023", next_period="quý II năm 2023")


def test_period_option_overrides_within_its_kind(tmp_path: Path) -> None:
    path = _quarter_file(tmp_path)
    code, out = run_import_report(str(path), None, as_json=True, period="2022-Q4")
    assert code == 0
    assert (json.loads(out)["period"], json.loads(out)["next_period"]) == ("2022-Q4", "2023-Q1")


@pytest.mark.parametrize(("month", "period", "key", "exit_code"), [
    ("2023-13", None, "narrative.bad_month", 2),
    (None, "2023-Q5", "narrative.bad_period", 2),
    (None, "quý một", "narrative.bad_period", 2),
    ("2023-01", "2023-Q1", "narrative.month_and_period", 2),
    # a quarter's report is not read as a month's (nor the other way round)
    ("2023-03", None, "narrative.period_conflict", 1),
    (None, "2023", "narrative.period_conflict", 1),
])
def test_refusals_are_json_with_json(tmp_path: Path, month: str | None, period: str | None,
                                     key: str, exit_code: int) -> None:
    path = _quarter_file(tmp_path)
    code, out = run_import_report(str(path), month, as_json=True, period=period)
    assert code == exit_code
    error = json.loads(out)["error"]
    assert error["code"] == key and error["message"] == t(key, **error["params"])
    code, text = run_import_report(str(path), month, as_json=False, period=period)
    assert (code, text) == (exit_code, error["message"])


def test_usage_errors_are_json_too(capsys: pytest.CaptureFixture[str]) -> None:
    from cli.etl import main
    assert main(["import-report", "--json"]) == 2  # no file
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "cli.usage_error" and error["message"].startswith("Lỗi cú pháp")
    assert main(["import-report", str(REFERENCE), "--json", "--bogus"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "cli.usage_error"
    with pytest.raises(SystemExit) as exc:  # without --json: the usual usage text, exit 2
        main(["import-report"])
    assert exc.value.code == 2


def test_an_unexpected_failure_is_a_message_not_a_traceback(tmp_path: Path,
                                                            monkeypatch) -> None:
    import cli.import_report as module

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "read_upload", broken)
    code, out = run_import_report(str(REFERENCE), None, as_json=True)
    assert code == 1
    error = json.loads(out)["error"]
    assert error["code"] == "narrative.unexpected" and "RuntimeError" in error["message"]
    assert "Traceback" not in out
