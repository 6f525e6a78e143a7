"""Suppliers, what each sells, and the seller's restock settings."""

from __future__ import annotations

from django.db import transaction

from sellerdesk.core.errors import DomainError

from .. import domain
from ..models import RestockPolicy, Supplier, SupplierItem


@transaction.atomic
def save_supplier(*, supplier: Supplier) -> Supplier:
    name = supplier.name.strip()
    if not name:
        raise DomainError("Give the supplier a name.")
    taken = Supplier.objects.filter(name__iexact=name).exclude(pk=supplier.pk).exists()
    if taken:
        raise DomainError(f"There is a supplier called {name} already.")
    supplier.name = name
    supplier.currency = supplier.currency.upper()
    supplier.save()
    return supplier


@transaction.atomic
def save_supplier_item(*, item: SupplierItem) -> SupplierItem:
    """Add or change what a supplier sells; a preferred one takes over from any other."""
    if item.case_pack < 1:
        raise DomainError("A case holds at least 1 unit.")
    if item.unit_cost < 0:
        raise DomainError("A unit cost cannot be negative.")
    clash = SupplierItem.objects.filter(supplier=item.supplier, sku=item.sku).exclude(pk=item.pk)
    if clash.exists():
        raise DomainError(f"{item.supplier.name} already sells {item.sku.code}: change that line.")
    if item.is_preferred:
        SupplierItem.objects.filter(sku=item.sku, is_preferred=True).exclude(pk=item.pk).update(
            is_preferred=False
        )
    item.save()
    return item


@transaction.atomic
def remove_supplier_item(*, item: SupplierItem) -> None:
    item.delete()


@transaction.atomic
def save_restock_policy(*, policy: RestockPolicy) -> RestockPolicy:
    """The one settings row; refused when the numbers cannot make a plan."""
    try:
        domain.service_z(float(policy.service_level))
    except ValueError:
        raise DomainError("A service level is between 0.5 and 0.999 (for example 0.95).") from None
    if not 0 < policy.short_days <= policy.medium_days <= policy.long_days <= 366:
        raise DomainError("Windows go from shortest to longest, each 1 to 366 days.")
    if not (policy.short_weight or policy.medium_weight or policy.long_weight):
        raise DomainError("Give at least one window a weight.")
    current = RestockPolicy.objects.select_for_update().first()
    policy.pk = current.pk if current else None
    policy.save()
    return policy
