"""Fulfilment use cases."""

from .calendar import set_holidays, set_shipping_calendar, set_shipping_settings

__all__ = ["set_holidays", "set_shipping_calendar", "set_shipping_settings"]
