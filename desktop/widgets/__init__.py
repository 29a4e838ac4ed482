"""Pieces every panel shares: table models and views, forms, messages, roles, the style."""
