"""Other channels' order exports (Etsy, Shopify) read into the same orders as Amazon's."""
