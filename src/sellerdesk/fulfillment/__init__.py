"""Fulfilment: the seller's daily shipping work, from the ship-by queue to the channel told."""
