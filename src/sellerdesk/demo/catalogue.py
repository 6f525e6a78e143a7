"""The demo shop's catalogue: about sixty handmade jewellery SKUs, seven of them one of a kind.

Designs come in materials (sterling silver, gold vermeil, rose gold vermeil) and sizes
(ring sizes, chain lengths); prices are per marketplace (USD, and GBP including VAT).
Plain data, no Django: the loader writes it, the generator sells it.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from decimal import Decimal

# code, name, USD and GBP uplift on the silver price, unit cost uplift, extra lead time
MATERIALS = {
    "SS": ("Sterling Silver", Decimal(0), Decimal(0), Decimal(0), 0),
    "GV": ("18k Gold Vermeil", Decimal(12), Decimal(10), Decimal("5.40"), 7),
    "RG": ("Rose Gold Vermeil", Decimal(10), Decimal(8), Decimal("4.80"), 7),
}


@dataclass(frozen=True, slots=True)
class SkuSpec:
    code: str
    product: str
    category: str
    title: str
    price_usd: Decimal
    price_gbp: Decimal
    unit_cost: Decimal
    lead_time_days: int
    low_stock_threshold: int
    safety_stock: int
    handling_days: int
    popularity: float
    shelf: str
    is_personalisable: bool = False
    is_one_of_a_kind: bool = False
    at_fba: bool = False
    old_code: str = ""
    listed_after_days: int = 0  # one-of-a-kind pieces appear during the year


@dataclass(frozen=True, slots=True)
class Design:
    stem: str
    title: str
    category: str
    usd: str
    gbp: str
    cost: str
    lead: int
    popularity: float
    # material code, variant (size or length or stone; "" for none), relative weight
    variants: tuple[tuple[str, str, float], ...]
    personalisable: bool = False
    fba: frozenset[str] = frozenset()  # "SS-7": variants also stocked at Amazon
    blurb: str = ""


DESIGNS = (
    Design(
        "RNG-STACK", "Hammered Stacking Ring", "Rings", "28.00", "24.00", "6.20", 14, 1.4,
        (("SS", "5", 0.5), ("SS", "6", 1.0), ("SS", "7", 1.2), ("SS", "8", 0.9),
         ("SS", "9", 0.4), ("GV", "6", 0.6), ("GV", "7", 0.7), ("GV", "8", 0.4)),
        fba=frozenset({"SS-6", "SS-7", "SS-8"}), blurb="Dainty Minimalist Band",
    ),
    Design(
        "RNG-SIGNET", "Initial Signet Ring", "Rings", "58.00", "48.00", "14.50", 21, 0.8,
        (("SS", "6", 0.8), ("SS", "7", 1.0), ("SS", "8", 0.7), ("GV", "6", 0.5), ("GV", "7", 0.6)),
        personalisable=True, blurb="Hand-Engraved Personalised Pinky Ring",
    ),
    Design(
        "RNG-BIRTH", "Birthstone Solitaire Ring", "Rings", "52.00", "44.00", "13.80", 28, 0.6,
        (("RG", "6", 0.8), ("RG", "7", 1.0), ("RG", "8", 0.6)),
        blurb="Dainty Birthstone Gift for Her",
    ),
    Design(
        "RNG-ROPE", "Twisted Rope Ring", "Rings", "32.00", "27.00", "7.10", 14, 0.5,
        (("RG", "6", 0.8), ("RG", "7", 1.0)), blurb="Stackable Braided Band",
    ),
    Design(
        "NCK-DISC", "Initial Disc Necklace", "Necklaces", "42.00", "36.00", "9.40", 14, 1.5,
        (("SS", "16", 0.7), ("SS", "18", 1.2), ("GV", "18", 1.0), ("RG", "18", 0.6)),
        personalisable=True, blurb="Hand-Stamped Letter Pendant",
    ),
    Design(
        "NCK-MOON", "Crescent Moon Necklace", "Necklaces", "36.00", "30.00", "7.80", 14, 1.2,
        (("SS", "16", 0.6), ("SS", "18", 1.0), ("GV", "18", 0.9)),
        fba=frozenset({"SS-18", "GV-18"}), blurb="Celestial Layering Pendant",
    ),
    Design(
        "NCK-BAR", "Engraved Bar Necklace", "Necklaces", "48.00", "40.00", "10.90", 14, 1.0,
        (("SS", "18", 1.0), ("GV", "18", 0.9), ("RG", "18", 0.5)),
        personalisable=True, blurb="Custom Name or Coordinates",
    ),
    Design(
        "NCK-PEARL", "Freshwater Pearl Pendant", "Necklaces", "44.00", "38.00", "11.20", 28, 0.6,
        (("SS", "16", 0.8), ("GV", "18", 1.0)), blurb="Single Pearl Drop Necklace",
    ),
    Design(
        "NCK-HEART", "Tiny Heart Necklace", "Necklaces", "32.00", "27.00", "6.60", 14, 1.1,
        (("SS", "16", 1.0), ("GV", "16", 0.8), ("RG", "16", 0.7)),
        fba=frozenset({"SS-16"}), blurb="Dainty Love Pendant Gift",
    ),
    Design(
        "EAR-HUGGIE", "Huggie Hoop Earrings", "Earrings", "34.00", "29.00", "7.30", 14, 1.4,
        (("SS", "", 1.0), ("GV", "", 1.0), ("RG", "", 0.5)),
        fba=frozenset({"SS-", "GV-"}), blurb="Small Everyday Hoops, Pair",
    ),
    Design(
        "EAR-PEARL", "Pearl Stud Earrings", "Earrings", "26.00", "22.00", "5.90", 28, 1.0,
        (("SS", "", 1.0), ("GV", "", 0.8)),
        fba=frozenset({"SS-", "GV-"}), blurb="Freshwater Pearl Studs, Pair",
    ),
    Design(
        "EAR-LEAF", "Leaf Drop Earrings", "Earrings", "39.00", "33.00", "8.70", 14, 0.7,
        (("SS", "", 1.0), ("GV", "", 0.8)),
        fba=frozenset({"SS-"}), blurb="Botanical Dangle Earrings",
    ),
    Design(
        "EAR-STAR", "Star Ear Climbers", "Earrings", "30.00", "25.00", "6.40", 14, 0.6,
        (("SS", "", 1.0), ("GV", "", 1.0)), blurb="Celestial Crawler Earrings, Pair",
    ),
    Design(
        "EAR-OPAL", "Opal Stud Earrings", "Earrings", "38.00", "32.00", "9.80", 35, 0.5,
        (("GV", "", 1.0),), blurb="Fire Opal Studs, October Birthstone",
    ),
    Design(
        "BRC-SAT", "Satellite Chain Bracelet", "Bracelets", "34.00", "29.00", "6.90", 14, 0.9,
        (("SS", "6.5", 0.8), ("SS", "7.5", 1.0), ("GV", "7", 0.9)),
        fba=frozenset({"SS-7.5"}), blurb="Beaded Layering Bracelet",
    ),
    Design(
        "BRC-NAME", "Hand-Stamped Name Bangle", "Bracelets", "54.00", "46.00", "12.10", 14, 0.7,
        (("SS", "", 1.0), ("GV", "", 0.7)),
        personalisable=True, blurb="Personalised Stacking Bangle",
    ),
    Design(
        "BRC-GEM", "Beaded Gemstone Bracelet", "Bracelets", "29.00", "24.00", "5.20", 28, 0.8,
        (("SS", "rose quartz", 1.0), ("SS", "amethyst", 0.8), ("SS", "labradorite", 0.6)),
        fba=frozenset({"SS-rose quartz", "SS-amethyst"}), blurb="Healing Crystal Stretch Bracelet",
    ),
    Design(
        "BRC-CUFF", "Engraved Open Cuff", "Bracelets", "46.00", "39.00", "10.30", 14, 0.5,
        (("SS", "", 1.0), ("GV", "", 0.8)),
        personalisable=True, blurb="Secret Message Cuff Bracelet",
    ),
)  # fmt: skip

# One of a kind: code, title, category, USD, GBP, cost, days after the year began it was listed
ONE_OF_A_KIND = (
    ("OOAK-OPAL-RING", "Hand-Forged Australian Opal Ring, Size 7", "Rings",
     "185.00", "155.00", "48.00", 20),
    ("OOAK-MOONSTONE-RING", "Carved Rainbow Moonstone Ring, Size 6", "Rings",
     "142.00", "120.00", "36.00", 120),
    ("OOAK-AMETHYST-PENDANT", "Raw Amethyst Cluster Pendant on 20\" Chain", "Necklaces",
     "128.00", "108.00", "30.00", 60),
    ("OOAK-SEAGLASS-PENDANT", "Cornflower Sea Glass Pendant, Found in Cornwall", "Necklaces",
     "96.00", "82.00", "14.00", 250),
    ("OOAK-LABRADORITE-NECKLACE", "Labradorite Statement Collar Necklace", "Necklaces",
     "260.00", "220.00", "71.00", 330),
    ("OOAK-GARNET-EARRINGS", "Vintage-Cut Garnet Drop Earrings", "Earrings",
     "118.00", "99.00", "27.00", 345),
    ("OOAK-PEARL-CUFF", "Baroque Pearl Sculpted Cuff", "Bracelets",
     "210.00", "178.00", "52.00", 355),
)  # fmt: skip

# Old channel SKUs still live on Amazon US next to the current code: the mapping in action.
OLD_CODES = {
    "RNG-STACK-SS-07": "STACKRING-925-7",
    "NCK-DISC-SS-18": "INITIAL-DISC-SILVER",
    "EAR-HUGGIE-GV": "HUGGIE-GOLD",
}

SHELF_BY_CATEGORY = {"Rings": "STUDIO-B", "Earrings": "STUDIO-B"}  # the rest: STUDIO-A


def _variant_label(category: str, variant: str) -> tuple[str, str]:
    """(code part, title part) for a size, a chain length or a stone."""
    if not variant:
        return "", ""
    if category == "Rings":
        return f"-{int(variant):02d}", f", US Size {variant}"
    if variant.replace(".", "").isdigit():
        return (
            f"-{variant.replace('.', '')}",
            f', {variant}" {"Chain" if category == "Necklaces" else "Length"}',
        )
    return f"-{variant.split()[0][:4].upper()}", f", {variant.title()}"


def _design_skus(design: Design) -> list[SkuSpec]:
    skus = []
    for material, variant, weight in design.variants:
        name, usd, gbp, cost, extra_lead = MATERIALS[material]
        code_part, title_part = _variant_label(design.category, variant)
        code = f"{design.stem}-{material}{code_part}"
        stock_key = f"{material}-{variant}"
        skus.append(
            SkuSpec(
                code=code,
                product=design.title,
                category=design.category,
                title=f"{design.title} - {name}{title_part} | {design.blurb}",
                price_usd=Decimal(design.usd) + usd,
                price_gbp=Decimal(design.gbp) + gbp,
                unit_cost=Decimal(design.cost) + cost,
                lead_time_days=design.lead + extra_lead,
                low_stock_threshold=2 if design.popularity >= 1 else 1,
                safety_stock=1 if stock_key in design.fba else 0,
                handling_days=2 if design.personalisable else 1,
                popularity=design.popularity * weight,
                shelf=SHELF_BY_CATEGORY.get(design.category, "STUDIO-A"),
                is_personalisable=design.personalisable,
                at_fba=stock_key in design.fba,
                old_code=OLD_CODES.get(code, ""),
            )
        )
    return skus


def _unique_skus() -> list[SkuSpec]:
    return [
        SkuSpec(
            code=code,
            product=title,
            category=category,
            title=f"{title} | One of a Kind, Handmade",
            price_usd=Decimal(usd),
            price_gbp=Decimal(gbp),
            unit_cost=Decimal(cost),
            lead_time_days=0,
            low_stock_threshold=0,
            safety_stock=0,
            handling_days=1,
            popularity=0.0,  # sold by their own, volume-independent rate
            shelf="STUDIO-A",
            is_one_of_a_kind=True,
            listed_after_days=listed,
        )
        for code, title, category, usd, gbp, cost, listed in ONE_OF_A_KIND
    ]


def catalogue() -> list[SkuSpec]:
    """Every SKU, in a fixed order."""
    skus = [sku for design in DESIGNS for sku in _design_skus(design)] + _unique_skus()
    assert len({sku.code for sku in skus}) == len(skus), "SKU codes must be unique"
    return skus


def asins(skus: list[SkuSpec]) -> dict[str, str]:
    """A stable, made-up ASIN per SKU: B0 and eight letters or digits."""
    rng = random.Random("sellerdesk-demo-asins")
    alphabet = string.ascii_uppercase + string.digits
    found: dict[str, str] = {}
    taken: set[str] = set()
    for sku in skus:
        asin = ""
        while not asin or asin in taken:
            asin = "B0" + "".join(rng.choices(alphabet, k=8))
        taken.add(asin)
        found[sku.code] = asin
    return found
