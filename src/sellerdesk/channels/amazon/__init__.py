"""The Amazon adapter: Seller Central flat files and the Selling Partner API."""
