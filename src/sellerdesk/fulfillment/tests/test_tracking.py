import pytest

from sellerdesk.fulfillment.domain.tracking import (
    AMAZON,
    DHL,
    FEDEX,
    OTHER,
    ROYAL_MAIL,
    UPS,
    USPS,
    InvalidTracking,
    check_tracking,
    identify,
    normalise,
    with_check_digit,
)

# Worked example 30 of amazon-rules.md section 10: each passes, and with its last digit
# changed fails.
WORKED = [
    ("1Z5R89390357567127", UPS, "UPS"),
    ("0307 1790 0005 2348 3741", USPS, "USPS 20-digit"),
    ("9400111206206406260787", USPS, "USPS IMpb"),
    ("986578788855", FEDEX, "FedEx Express 12"),
    ("041441760228964", FEDEX, "FedEx Ground 15"),
    ("9611020987654312345672", FEDEX, "FedEx Ground 96"),
    ("3318810025", DHL, "DHL Express"),
    ("RB123456785GB", ROYAL_MAIL, "Royal Mail (UPU S10)"),
]


def other_last_digit(number: str) -> str:
    number = normalise(number)
    if number[-1].isdigit():
        return number[:-1] + str((int(number[-1]) + 1) % 10)
    # S10 ends in the country: its check digit comes before it.
    return number[:-3] + str((int(number[-3]) + 1) % 10) + number[-2:]


@pytest.mark.parametrize(("number", "carrier", "form"), WORKED)
def test_the_worked_numbers_pass_for_their_carrier(number, carrier, form):
    checked = check_tracking(number, carrier)
    assert (checked.number, checked.carrier, checked.format) == (normalise(number), carrier, form)
    assert form in [found.format for found in identify(number)]


@pytest.mark.parametrize(("number", "carrier", "form"), WORKED)
def test_the_worked_numbers_fail_with_another_check_digit(number, carrier, form):
    wrong = other_last_digit(number)
    with pytest.raises(InvalidTracking, match="check digit"):
        check_tracking(wrong, carrier)
    assert form not in [found.format for found in identify(wrong)]


def test_the_check_digit_message_says_which_digit_the_number_calls_for():
    with pytest.raises(InvalidTracking) as refused:
        check_tracking("1Z5R89390357567128", UPS)
    assert str(refused.value).startswith(
        "1Z5R89390357567128 has the form of a UPS number but its check digit is 8, "
        "where the rest of the number calls for 7"
    )


def test_amazon_logistics_numbers_have_a_form_and_no_check_digit():
    assert check_tracking("TBA000000000000", AMAZON).format == "Amazon Logistics"
    assert check_tracking("tba 000000000001", AMAZON).number == "TBA000000000001"
    with pytest.raises(InvalidTracking, match="TBA, TBC or TBM and 12 digits"):
        check_tracking("TBX000000000000", AMAZON)


def test_a_number_of_another_form_is_refused_with_the_form_expected():
    with pytest.raises(InvalidTracking, match="not a UPS tracking number: expected 1Z and 16"):
        check_tracking("1A5R89390357567127", UPS)
    assert identify("1A5R89390357567127") == []


def test_a_valid_number_given_for_the_wrong_carrier_says_whose_it_is():
    with pytest.raises(InvalidTracking, match="it reads as a FedEx Express 12 number"):
        check_tracking("986578788855", UPS)


def test_a_20_digit_number_is_never_fedex():
    number = normalise("0307 1790 0005 2348 3741")
    assert [found.carrier for found in identify(number)] == [USPS]
    with pytest.raises(InvalidTracking, match="not a FedEx tracking number"):
        check_tracking(number, FEDEX)


def test_impb_numbers_with_their_routing_prefix_pass_on_the_same_check_digit():
    data = "9400111206206406260787"
    assert check_tracking("420" + "97201" + data, USPS).format == "USPS IMpb"
    assert check_tracking("420" + "972011234" + data, USPS).format == "USPS IMpb"
    with pytest.raises(InvalidTracking):
        check_tracking("420" + "97201" + other_last_digit(data), USPS)


def test_s10_numbers_of_usps_pass_with_the_us_suffix():
    assert check_tracking("RB123456785US", USPS).format == "UPU S10 (USPS)"
    with pytest.raises(InvalidTracking):
        check_tracking("RB123456785US", ROYAL_MAIL)


def test_other_carriers_take_the_number_unchecked_and_unknown_ones_are_refused():
    assert check_tracking(" ab-12 34 ", OTHER).number == "AB-1234"
    with pytest.raises(InvalidTracking, match="Other carrier to send the number unchecked"):
        check_tracking("1234", "Pony Express")
    with pytest.raises(InvalidTracking, match="empty"):
        check_tracking("   ", UPS)


def with_check(body: str, weights: tuple[int, ...], rule) -> str:
    """Digits and their check digit, built by hand from section 8: weights from the left."""
    total = sum(int(digit) * weights[index % len(weights)] for index, digit in enumerate(body))
    return body + str(rule(total))


def test_the_formats_without_a_worked_example_follow_their_rules():
    fedex34 = "1" * 20 + with_check("4829103746521", (1, 7, 3), lambda total: total % 11 % 10)
    assert check_tracking(fedex34, FEDEX).format == "FedEx 34"
    dhl11 = "1234567890" + str(1234567890 % 7)
    assert check_tracking(dhl11, DHL).format == "DHL Express"
    # IMpb starting 93: weight 3 on the rightmost data digit, then 1, 3, ... leftward.
    data = "930011120620640626078"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(data)))
    assert check_tracking(data + str((10 - total % 10) % 10), USPS).format == "USPS IMpb"
    assert check_tracking("TBC123456789012", AMAZON).format == "Amazon Logistics"
    assert check_tracking("TBM123456789012", AMAZON).format == "Amazon Logistics"


@pytest.mark.parametrize("number", ["GM1234567890123", "CN12345678901234", "UV1234567890123"])
def test_dhl_ecommerce_numbers_pass_by_their_prefixes(number):
    assert check_tracking(number, DHL).format == "DHL eCommerce"


def test_an_s10_number_with_a_wrong_check_digit_never_passes_as_dhl_ecommerce():
    assert [found.format for found in identify("RX123456785GB")] == ["Royal Mail (UPU S10)"]
    with pytest.raises(InvalidTracking):
        check_tracking("RX123456780GB", DHL)


def test_a_number_of_another_carriers_same_length_form_is_named_not_called_mistyped():
    impb = "42097201" + "1234" + "9400111206206406260787"  # 34 digits, like FedEx 34
    assert [found.format for found in identify(impb)] == ["USPS IMpb"]
    with pytest.raises(InvalidTracking) as refused:
        check_tracking(impb, FEDEX)
    assert "it reads as a USPS IMpb number" in str(refused.value)
    assert "mistyped" not in str(refused.value)


@pytest.mark.parametrize(
    ("form", "made_up", "carrier"),
    [
        ("USPS IMpb", "9400111206206406260780", "USPS"),
        ("Royal Mail (UPU S10)", "RB123456780GB", "Royal Mail"),
        ("UPS", "1Z5R89390357567120", "UPS"),
    ],
)
def test_a_made_up_number_gets_the_check_digit_that_makes_it_pass(form, made_up, carrier):
    number = with_check_digit(form, made_up)
    assert check_tracking(number, carrier).format == form
    assert number[:-4] == made_up[:-4]
