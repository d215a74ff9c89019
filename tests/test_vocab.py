"""The one vocabulary: every key has a label in both languages, and the models agree with it."""

from __future__ import annotations

from typing import get_args

import pytest

from leerrecht.core import vocab


@pytest.mark.parametrize(
    ("group", "keys"),
    [
        ("soort", vocab.SOORTEN),
        ("aanpak", vocab.AANPAKKEN),
        ("onderwijstype", vocab.ONDERWIJSTYPEN),
    ],
)
def test_every_key_has_a_dutch_and_an_english_label(group: str, keys: tuple[str, ...]) -> None:
    assert set(vocab.LABELS[group]) == set(keys)
    for key in keys:
        nl, en = vocab.label(group, key, "nl"), vocab.label(group, key, "en")
        assert nl and en
    assert vocab.label("soort", "te_laat", "en") == "late"
    assert vocab.label("soort", "onbekend") == "onbekend"


def test_register_school_types_are_a_subset_of_case_school_types() -> None:
    assert set(vocab.REGISTER_ONDERWIJSTYPEN) <= set(vocab.ONDERWIJSTYPEN)
    assert get_args(vocab.Soort) == vocab.SOORTEN


@pytest.mark.parametrize("name", ["deelnemer-01", "a", "x.y_z-1", "A" * 64])
def test_safe_pseudonyms(name: str) -> None:
    assert vocab.is_pseudonym(name)


@pytest.mark.parametrize("name", ["", ".", "..", ".x", "a/b", "a b", "é", "A" * 65, None, 3])
def test_unsafe_pseudonyms(name: object) -> None:
    assert not vocab.is_pseudonym(name)
