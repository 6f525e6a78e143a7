"""Fulfilment rules with no I/O: ship-by dates and tracking-number checks."""
