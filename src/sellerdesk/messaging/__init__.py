"""Customer communication: templated messages, review requests and the buyer-message inbox."""
