"""The designs' slots: every name is a SlotName, the one type layout and the writer share."""

from __future__ import annotations

import pytest

from deckgen.commands.build import prepare
from deckgen.layout import design
from deckgen.layout.deck import designs
from deckgen.layout.grid import Grid
from deckgen.layout.shapes import TextShape
from helpers import every_type_deck


@pytest.mark.parametrize("size", ["16:9", "4:3"], ids=["wide", "standard"])
def test_every_designs_slots_are_slot_names_and_every_name_is_used(size):
    used = {slot.name for d in designs(Grid.for_size(size)).values() for slot in d.slots}
    assert used == design.SLOT_NAMES


def test_every_shape_laid_out_names_a_slot_of_its_slides_design(tmp_path):
    laid = prepare(every_type_deck(tmp_path)).laid
    slotted = [(plan, s) for plan in laid.plans for s in plan.shapes if getattr(s, "slot", None)]
    assert any(isinstance(s, TextShape) for _plan, s in slotted)
    for plan, shape in slotted:
        assert shape.slot in design.SLOT_NAMES
        assert laid.designs[plan.layout].slot(shape.slot).name == shape.slot


@pytest.mark.parametrize("text", ["column-5", "Body", "", "title "], ids=repr)
def test_a_name_no_design_has_is_no_slot_name(text):
    with pytest.raises(ValueError, match="no slot is called"):
        design.slot_name(text)


def test_a_slot_name_is_its_text():
    assert design.slot_name("column-2") == "column-2"
