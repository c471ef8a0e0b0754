"""The Let's Encrypt module: ordering, issuing and renewing certificates through ACME."""
