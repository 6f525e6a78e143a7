"""Restock and purchasing use cases."""

from .purchasing import (
    close_purchase_order,
    create_purchase_orders,
    mark_purchase_order_sent,
    receive_purchase_order,
    update_purchase_order,
)
from .sending import email_purchase_order
from .suppliers import (
    remove_supplier_item,
    save_restock_policy,
    save_supplier,
    save_supplier_item,
)

__all__ = [
    "close_purchase_order",
    "create_purchase_orders",
    "email_purchase_order",
    "mark_purchase_order_sent",
    "receive_purchase_order",
    "remove_supplier_item",
    "save_restock_policy",
    "save_supplier",
    "save_supplier_item",
    "update_purchase_order",
]
