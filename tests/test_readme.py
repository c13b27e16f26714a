"""The README keeps its promises: the two commands first, every command documented."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:]
                if line.strip()]
    assert commands == ["make run", "make test"]
    # the edit-test loop is named right after them, outside the block
    assert "`make test-fast`" in README.split("```")[2]


def test_ci_runs_the_readme_test_command_and_the_lint() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "make lint" in ci


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:  # argparse keeps subparsers here
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


# ``python -m <package>`` → the module holding its argument parser.
FRONT_ENDS = {"etl": "cli.etl", "report": "cli.report", "admin": "admin.cli"}


@pytest.mark.parametrize("package", list(FRONT_ENDS))
def test_every_command_is_documented(package: str) -> None:
    module = __import__(FRONT_ENDS[package], fromlist=["build_parser"])
    commands = _subcommands(module.build_parser())
    assert commands
    for command in commands:
        assert f"python -m {package} {command}" in README or (
            package == "admin" and f"`{command}" in README
        ), f"python -m {package} {command} is not in the README"


def test_every_dependency_has_a_reason() -> None:
    section = README[README.index("## Dependencies and why"):]
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name = line.split("==")[0].split("[")[0]
            assert f"| {name}" in section or f", {name}" in section or f"{name}," in section, name


def test_test_modules_have_unique_names() -> None:
    # pytest imports test files by basename (no __init__.py): two alike break collection.
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
