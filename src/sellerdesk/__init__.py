"""sellerdesk: order and inventory management for Amazon sellers."""
