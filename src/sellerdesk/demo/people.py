"""Made-up buyers for the demo: US and UK names and addresses, gift notes, engravings.

Everything is drawn from a seeded random source, so the same seed gives the same people.
Phone numbers are in ranges reserved for fiction (US 555-01xx, UK 07700 900xxx).
"""

from __future__ import annotations

import string
from decimal import Decimal
from typing import NamedTuple

from .draws import Draws


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


US_FIRST = _words(
    "Emma Olivia Ava Sophia Isabella Mia Charlotte Amelia Harper Evelyn Abigail Emily Madison "
    "Ella Avery Scarlett Grace Chloe Lily Hannah Natalie Zoe Leah Maya Aaliyah Camila Sofia "
    "Gabriela Jasmine Priya Mei Michael James David Daniel Matthew Christopher Andrew Joshua "
    "Ryan Tyler Jacob Ethan Carlos Luis Kevin Brian"
)
US_LAST = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
    "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
    "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
    "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
    "Roberts Kim Patel Chen O'Connor"
)
UK_FIRST = _words(
    "Olivia Amelia Isla Ava Emily Sophie Grace Lily Freya Charlotte Ella Poppy Evie Jessica "
    "Hannah Chloe Lucy Holly Rosie Megan Niamh Aisha Zara James Oliver Harry George Jack "
    "Thomas William Daniel Samuel Joshua Callum Rhys"
)
UK_LAST = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Hughes Edwards Turner "
    "Hill Cooper Ward Morris Moore Murphy O'Brien Campbell Stewart MacDonald Ahmed Lewis "
    "Price"
)

# city, state, ZIP prefix, combined sales tax rate Amazon collects there
US_CITIES = (
    ("Portland", "OR", "972", "0"), ("Seattle", "WA", "981", "0.1035"),
    ("Austin", "TX", "787", "0.0825"), ("Houston", "TX", "770", "0.0825"),
    ("Dallas", "TX", "752", "0.0825"), ("Brooklyn", "NY", "112", "0.08875"),
    ("New York", "NY", "100", "0.08875"), ("Chicago", "IL", "606", "0.1025"),
    ("Denver", "CO", "802", "0.0881"), ("Atlanta", "GA", "303", "0.089"),
    ("Charlotte", "NC", "282", "0.0725"), ("Boston", "MA", "021", "0.0625"),
    ("San Diego", "CA", "921", "0.0775"), ("Los Angeles", "CA", "900", "0.095"),
    ("San Francisco", "CA", "941", "0.08625"), ("Sacramento", "CA", "958", "0.0875"),
    ("Phoenix", "AZ", "850", "0.086"), ("Nashville", "TN", "372", "0.0925"),
    ("Columbus", "OH", "432", "0.075"), ("Minneapolis", "MN", "554", "0.08025"),
    ("Philadelphia", "PA", "191", "0.08"), ("Pittsburgh", "PA", "152", "0.07"),
    ("Miami", "FL", "331", "0.07"), ("Tampa", "FL", "336", "0.075"),
    ("Salt Lake City", "UT", "841", "0.0775"), ("Madison", "WI", "537", "0.055"),
    ("Richmond", "VA", "232", "0.053"), ("Kansas City", "MO", "641", "0.08475"),
    ("Wilmington", "DE", "198", "0"), ("Manchester", "NH", "031", "0"),
    ("Bozeman", "MT", "597", "0"), ("Anchorage", "AK", "995", "0"),
    ("Burlington", "VT", "054", "0.07"), ("Boise", "ID", "837", "0.06"),
    ("Albuquerque", "NM", "871", "0.07625"), ("Honolulu", "HI", "968", "0.045"),
    ("Jersey City", "NJ", "073", "0.06625"), ("Savannah", "GA", "314", "0.07"),
    ("Ann Arbor", "MI", "481", "0.06"), ("Louisville", "KY", "402", "0.06"),
)  # fmt: skip
US_STREETS = _words(
    "Maple Oak Cedar Pine Elm Washington Lake Hill Sunset Park Main Church Highland Willow "
    "Magnolia Chestnut Walnut Lincoln Jefferson River Spring Meadow Orchard Birch Laurel"
)
US_SUFFIXES = ("St", "Ave", "Rd", "Dr", "Ln", "Ct", "Blvd", "Way", "Pl")

# town, county (often left blank by buyers), postcode area, highest district number
UK_TOWNS = (
    ("London", "", "SW", 20), ("London", "", "N", 22), ("London", "", "SE", 28),
    ("Bristol", "", "BS", 16), ("Manchester", "Greater Manchester", "M", 40),
    ("Leeds", "West Yorkshire", "LS", 29), ("Edinburgh", "", "EH", 17),
    ("Glasgow", "", "G", 80), ("Brighton", "East Sussex", "BN", 3), ("Bath", "Somerset", "BA", 2),
    ("Oxford", "Oxfordshire", "OX", 4), ("Cambridge", "Cambridgeshire", "CB", 5),
    ("York", "North Yorkshire", "YO", 32), ("Cardiff", "", "CF", 24), ("Norwich", "Norfolk", "NR", 14),
    ("Exeter", "Devon", "EX", 4), ("Truro", "Cornwall", "TR", 1), ("Sheffield", "", "S", 14),
    ("Liverpool", "Merseyside", "L", 25), ("Nottingham", "", "NG", 11), ("Birmingham", "", "B", 45),
    ("Newcastle upon Tyne", "Tyne and Wear", "NE", 7), ("Belfast", "County Antrim", "BT", 17),
    ("Harrogate", "North Yorkshire", "HG", 3), ("Cheltenham", "Gloucestershire", "GL", 53),
    ("Guildford", "Surrey", "GU", 4), ("Canterbury", "Kent", "CT", 4),
)  # fmt: skip
UK_STREETS = (
    "High Street",
    "Church Road",
    "Station Road",
    "Victoria Road",
    "Green Lane",
    "Manor Road",
    "Park Avenue",
    "Queens Road",
    "The Crescent",
    "Mill Lane",
    "Kings Road",
    "Grange Road",
    "Orchard Close",
    "Windsor Road",
    "Meadow Way",
    "Chapel Street",
    "Albert Road",
    "York Road",
)
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
BUSINESSES = (
    "Willow & Sage Boutique",
    "Bloom Bridal Studio",
    "The Little Gift Shop",
    "Harbour Lane Gifts",
    "Northwind Events",
    "Juniper Spa & Wellness",
    "Brightside Dental",
    "Oak & Ivy Interiors",
)

GIFT_MESSAGES = (
    "Happy Valentine's Day! All my love, J x",
    "Happy Mother's Day Mum, love you lots",
    "Happy birthday! Hope you love it",
    "Merry Christmas! Love from all of us",
    "Congratulations on your graduation!",
    "Thank you for being the best bridesmaid",
    "Just because. Love you",
    "Happy anniversary - here's to many more",
    "Thinking of you. Big hugs",
    "For my favourite sister",
    "To the best teacher ever, thank you!",
    "Welcome to the world, little one",
)
WORDS = ("Mum", "Mom", "Nana", "Bestie", "Sister", "Always", "Forever", "Be Brave", "Breathe")
NAMES = ("Olivia", "Ava", "Isla", "Mia", "Emma", "Luna", "Grace", "Rose", "Leo", "Noah", "Ella")


class Buyer(NamedTuple):
    """The BuyerDetails fields, in model order, plus the sales tax rate of the address."""

    name: str
    email: str
    phone: str
    ship_name: str
    address_line1: str
    address_line2: str
    address_line3: str
    city: str
    region: str
    postal_code: str
    country_code: str
    ship_phone: str
    tax_rate: Decimal


_US_RATES = {rate: Decimal(rate) for *_, rate in US_CITIES}


def _us_address(rng: Draws) -> tuple[str, str, str, str, str, Decimal]:
    city, state, zip3, rate = rng.pick(US_CITIES)
    line1 = f"{rng.between(1, 9899)} {rng.pick(US_STREETS)} {rng.pick(US_SUFFIXES)}"
    line2 = f"Apt {rng.between(1, 40)}{rng.pick('ABCD')}" if rng.random() < 0.2 else ""
    return line1, line2, city, state, f"{zip3}{rng.between(1, 99):02d}", _US_RATES[rate]


def _uk_address(rng: Draws) -> tuple[str, str, str, str, str, Decimal]:
    town, county, area, districts = rng.pick(UK_TOWNS)
    street = f"{rng.between(1, 180)} {rng.pick(UK_STREETS)}"
    if rng.random() < 0.2:
        line1, line2 = f"Flat {rng.between(1, 24)}", street
    else:
        line1, line2 = street, ""
    letters = POSTCODE_LETTERS
    postcode = (
        f"{area}{rng.between(1, districts)} {rng.between(1, 9)}"
        f"{rng.pick(letters)}{rng.pick(letters)}"
    )
    return line1, line2, town, county, postcode, Decimal(0)


def buyer(rng: Draws, market: str, *, gift: bool, business: bool) -> Buyer:
    """A buyer and where the parcel goes (to someone else when it is a gift)."""
    us = market == "US"
    first, last = (US_FIRST, US_LAST) if us else (UK_FIRST, UK_LAST)
    name = f"{rng.pick(first)} {rng.pick(last)}"
    ship_name = f"{rng.pick(first)} {rng.pick(last)}" if gift else name
    line1, line2, city, region, postcode, rate = _us_address(rng) if us else _uk_address(rng)
    if business:
        name = rng.pick(BUSINESSES)
        line1, line2 = name, line1
    domain = "marketplace.amazon.com" if us else "marketplace.amazon.co.uk"
    email = f"{rng.getrandbits(60):015x}@{domain}"
    phone = ""
    if rng.random() < 0.3:
        phone = (
            f"+1 {rng.between(201, 989)}-555-01{rng.between(0, 99):02d}"
            if us
            else f"+44 7700 900{rng.between(0, 999):03d}"
        )
    country = "US" if us else "GB"
    return Buyer(
        name, email, "", ship_name, line1, line2, "", city, region, postcode, country, phone, rate
    )


def gift_message(rng: Draws) -> str:
    return rng.pick(GIFT_MESSAGES)


def personalisation(rng: Draws, year: int, market: str) -> str:
    """What a buyer asks to have engraved or stamped."""
    kind = rng.between(0, 5)
    letters = string.ascii_uppercase
    if kind == 0:
        return rng.pick(letters)
    if kind == 1:
        return f"{rng.pick(letters)} & {rng.pick(letters)} {year}"
    if kind == 2:
        return rng.pick(NAMES)
    if kind == 3:
        return f"Est. {year - rng.between(0, 15)}"
    if kind == 4:
        day, month = rng.between(1, 28), rng.between(1, 12)
        first, second = (month, day) if market == "US" else (day, month)
        return f"{first:02d}.{second:02d}.{year - rng.between(0, 30)}"
    return rng.pick(WORDS)
