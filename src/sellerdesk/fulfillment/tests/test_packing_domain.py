import pytest

from sellerdesk.fulfillment.domain.packing import (
    code_key,
    is_complete,
    pack_line,
    scan,
    unscanned,
)


def lines(ring_scanned=0, chain_scanned=0):
    return [
        pack_line(1, "RING-5", ["RING-5", "036000291452", "B0RING0005", ""], 2, ring_scanned),
        pack_line(2, "CHAIN-1", ["chain-1"], 1, chain_scanned),
    ]


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("RING-5", 1),
        (" ring-5\n", 1),  # a scanner's trailing Enter, a lower-case keyboard
        ("036000291452", 1),  # UPC-A
        ("0036000291452", 1),  # the same product as EAN-13
        ("B0RING0005", 1),  # the ASIN
        ("CHAIN-1", 2),
    ],
)
def test_a_code_ticks_off_a_unit_of_the_line_it_names(code, line):
    assert scan(code, lines()).line_id == line


def test_a_wrong_item_is_flagged_and_ticks_nothing():
    result = scan("EARRING-3", lines())
    assert result.line_id is None
    assert result.message == "Wrong item: EARRING-3 is not in this order. Put it back."


def test_one_unit_too_many_is_flagged_and_progress_is_counted():
    assert scan("RING-5", lines(ring_scanned=1)).message == "RING-5: 2 of 2"
    over = scan("RING-5", lines(ring_scanned=2))
    assert over.line_id is None
    assert over.message == "One too many: all 2 of RING-5 are already scanned."


def test_complete_when_every_open_unit_is_scanned():
    assert not is_complete(lines(ring_scanned=2))
    assert is_complete(lines(ring_scanned=2, chain_scanned=1))
    assert not is_complete([])


def test_unscanned_names_what_a_parcel_holds_beyond_its_scans():
    assert unscanned(lines(ring_scanned=1), {1: 2, 2: 1}) == [
        "RING-5 (1 of 2 scanned)",
        "CHAIN-1 (0 of 1 scanned)",
    ]
    assert unscanned(lines(ring_scanned=1), {1: 1}) == []


def test_only_gtin_lengths_of_digits_are_padded():
    assert code_key("12345") == "12345"
    assert code_key("96385074") == "00000096385074"
