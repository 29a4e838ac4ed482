"""The orders panel: the place-order form, the orders, and each one's status history."""
