"""The history of one book, order or event's aggregate: its versions, each state beside the last."""
