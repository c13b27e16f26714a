"""``core.settings_spec.coerce`` for whole-number settings: what the action stores or refuses
whatever its caller sends (a page reads typed text first, ``ui.number_input``)."""

from __future__ import annotations

import pytest

from core.settings_spec import coerce


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 1e309, -1,
                                   2.5, True, "36", None, [36]])
def test_no_whole_number_is_refused_with_a_value_error(value: object) -> None:
    # never OverflowError (int(inf)) nor TypeError: the action turns ValueError into its
    # Vietnamese refusal
    with pytest.raises(ValueError):
        coerce("upload_months_back", value)


@pytest.mark.parametrize(("value", "stored"), [(0, 0), (36, 36), (1200.0, 1200),
                                               (10**12, 10**12)])
def test_a_whole_number_is_stored_as_an_int(value: object, stored: int) -> None:
    got = coerce("upload_months_back", value)
    assert got == stored and type(got) is int
