"""The shop's name, return address and logo, as packing slips and labels print them."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..models import ShopProfile

PROFILE_FIELDS = (
    "shop_name",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "country_code",
    "phone",
    "email",
    "slip_note",
)


def set_shop_profile(
    *, details: dict[str, Any], logo: tuple[bytes, str] | None = None, remove_logo: bool = False
) -> ShopProfile:
    """Save the shop's details; a new logo (bytes, type) replaces the old, or it is removed."""
    unknown = set(details) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not shop profile fields: {sorted(unknown)}")
    with transaction.atomic():
        profile = ShopProfile.objects.select_for_update().order_by("pk").first() or ShopProfile()
        for name, value in details.items():
            setattr(profile, name, value)
        if logo is not None:
            profile.logo, profile.logo_type = logo
        elif remove_logo:
            profile.logo, profile.logo_type = b"", ""
        profile.full_clean()
        profile.save()
    return profile
