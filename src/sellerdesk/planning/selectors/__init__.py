"""Reads for restock planning and purchasing."""
