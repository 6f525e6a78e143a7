"""Reads of the account-health metrics: counts in the database, judged by `domain`."""
