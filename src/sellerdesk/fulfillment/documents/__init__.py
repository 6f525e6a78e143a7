"""The batch's printed documents: the pick list, packing slips and shipping labels, as PDF."""
