"""Pure rules of returns: the lifecycle, Amazon's policy and deadlines, the refund sums."""
