"""The simulation dock: controls, settings and live counters of a simulation run."""
