"""Runtime: the one place commands run, the one dispatcher, the engine, the integrity check."""
