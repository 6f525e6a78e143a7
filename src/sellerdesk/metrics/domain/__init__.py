"""Amazon's account-health metrics as pure rules: what counts, over which days, against what."""
