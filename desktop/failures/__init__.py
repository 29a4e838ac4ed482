"""The Failures dialog: failed deliveries to retry or skip, and projections to rebuild."""
