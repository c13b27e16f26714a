"""report.sources: the version that counts for each unit and month, and its figures."""

from __future__ import annotations

from core.months import Month
from report.sources import Figure, as_frame, figures
from store.engine import write_transaction
from store.submissions import NewSubmission, NewValue, insert_submission, set_status

JAN, FEB = Month(2023, 1), Month(2023, 2)


def _version(engine, unit: str, values: list[NewValue], approve: bool) -> None:
    with write_transaction(engine) as conn:
        sub_id = insert_submission(conn, NewSubmission(unit, JAN, "sample", "test",
                                                       values)).id
        if approve:
            set_status(conn, sub_id, "approved", "vanphong")


def test_the_figures_of_the_counting_versions_carry_their_qualifier_and_approval(
        sqlite_engine):
    """The approved version beats a newer one that is not; a unit with no approved version
    counts its newest, marked not approved; each figure keeps its qualifier."""
    _version(sqlite_engine, "TTKT", [NewValue("TTKT_KD_PTD", 5749),
                                     NewValue("TTKT_THU_NGHIEM", 544, "about")], approve=True)
    _version(sqlite_engine, "TTKT", [NewValue("TTKT_KD_PTD", 6000)], approve=False)
    _version(sqlite_engine, "KHTC", [NewValue("KHTC_GIAINGAN", 574.3, "more_than")],
             approve=False)
    with sqlite_engine.connect() as conn:
        found = sorted(figures(conn, [JAN]), key=lambda f: (f.unit, f.indicator))
        assert figures(conn, [FEB]) == []  # no version: no figure, never a zero
    assert found == [
        Figure("KHTC", JAN, "KHTC_GIAINGAN", 574.3, "more_than", False),
        Figure("TTKT", JAN, "TTKT_KD_PTD", 5749.0, None, True),
        Figure("TTKT", JAN, "TTKT_THU_NGHIEM", 544.0, "about", True)]
    assert all(isinstance(f.value, float) for f in found)
    frame = as_frame(found)
    assert frame.values.tolist() == [["KHTC", "2023-01", "KHTC_GIAINGAN", 574.3],
                                     ["TTKT", "2023-01", "TTKT_KD_PTD", 5749.0],
                                     ["TTKT", "2023-01", "TTKT_THU_NGHIEM", 544.0]]
