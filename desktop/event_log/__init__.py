"""The live event log: its Qt model over the read side's pager, and its panel."""
