"""Daily rollups: each day's counts, kept current as the data changes, so a page sums a few
rows per day instead of counting a million orders (the design is in `refresh`)."""
