"""Simulated customers, a clerk and a warehouse that drive the engine; no Qt here."""

from domain.simulation.clock import SimulationClock
from domain.simulation.settings import RATE_PRESETS, SimulationSettings, parse_rate, parse_speed
from domain.simulation.simulation import Simulation

__all__ = ["RATE_PRESETS", "Simulation", "SimulationClock", "SimulationSettings", "parse_rate",
           "parse_speed"]
