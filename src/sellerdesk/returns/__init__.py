"""Returns and refunds: what comes back of shipped orders, and the money that goes back."""
