"""Pure rules of buyer communication: what Amazon allows, when, and how fast to answer."""
