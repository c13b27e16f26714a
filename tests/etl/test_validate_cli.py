"""``python -m etl validate`` writes nothing: no database is created, none is changed; its
JSON keeps each problem's code, parameters and Vietnamese message."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from etl_files import db_dump, filled_template

from cli.etl import main
from core.catalog import Catalog
from core.months import Month
from etl.problems import problem_message
from store.database import migrate, open_database
from tests.actors import upload

JAN = Month(2023, 1)


@pytest.fixture
def files(tmp_path: Path, catalog: Catalog) -> dict[str, Path]:
    made = {
        "good": filled_template(catalog, "TTKT", JAN, {"TTKT_KD_PTD": 5749,
                                                       "TTKT_THU_NGHIEM": 544}),
        "bad": filled_template(catalog, "TTKT", JAN, {"TTKT_KD_PTD": "năm",
                                                      "TTKT_THU_NGHIEM": -3}),
        "other": filled_template(catalog, "TTKT", Month(2023, 2), {"TTKT_KD_PTD": 6000}),
    }
    folder = tmp_path / "files"
    folder.mkdir()
    paths = {}
    for name, content in made.items():
        paths[name] = folder / f"{name}.xlsx"
        paths[name].write_bytes(content)
    return paths


def test_a_missing_database_is_reported_not_created(tmp_path: Path, files, monkeypatch,
                                                    capsys) -> None:
    path = tmp_path / "data" / "app.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    for args in (["validate", str(files["good"])], ["validate", str(files["bad"]), "--json"]):
        assert main(args) == 2
        out, err = capsys.readouterr()
        assert "python -m admin migrate" in err and "Traceback" not in err and out == ""
    assert not path.parent.exists()


def test_validating_leaves_the_database_as_it_was(db_url: str, files, monkeypatch,
                                                  capsys) -> None:
    migrate(db_url)
    engine = open_database(db_url)
    outcome = upload(engine, files["good"].read_bytes(), "good.xlsx", "ttkt",
                     today=date(2024, 1, 1))
    assert outcome.ok
    before = db_dump(engine)
    engine.dispose()
    sqlite_file = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite") \
        else None
    digest = hashlib.sha256(sqlite_file.read_bytes()).hexdigest() if sqlite_file else None
    monkeypatch.setenv("DATABASE_URL", db_url)
    # The database checks run too: the loaded file is a duplicate, February is compared
    # with January's figures.
    codes = []
    for name, expected in (("good", 1), ("bad", 1), ("other", 0)):
        assert main(["validate", str(files[name]), "--json"]) == expected
        codes.append({p["code"] for p in json.loads(capsys.readouterr().out)["problems"]})
    assert "duplicate_file" in codes[0]
    assert main(["validate", str(files["other"])]) == 0
    engine = open_database(db_url)
    try:
        assert db_dump(engine) == before
    finally:
        engine.dispose()
    if sqlite_file:
        assert hashlib.sha256(sqlite_file.read_bytes()).hexdigest() == digest
        wal = sqlite_file.with_name(sqlite_file.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0  # nothing waiting to be written


def test_json_problems_keep_code_params_and_message(sqlite_url: str, files, monkeypatch,
                                                    capsys) -> None:
    migrate(sqlite_url)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["validate", str(files["bad"]), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    problems = {p["code"]: p for p in result["problems"]}
    assert set(problems) >= {"not_a_number", "negative_value"}
    for p in result["problems"]:
        assert set(p) == {"severity", "code", "params", "message", "sheet", "row", "column"}
        assert p["message"] == problem_message(p["code"], p["params"])
    not_number = problems["not_a_number"]
    assert not_number["params"]["value"] == "năm"
    assert (not_number["severity"], not_number["sheet"], not_number["column"]) == (
        "error", "Chỉ tiêu", "D")
    assert "-3" in problems["negative_value"]["message"]
