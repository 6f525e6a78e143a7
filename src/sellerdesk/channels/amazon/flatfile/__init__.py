"""Reading Amazon's tab-separated reports: encodings, rows by header name, and value forms."""
