"""sellerdesk's SQLite database backend: Django's, with a flush that respects delete guards."""
