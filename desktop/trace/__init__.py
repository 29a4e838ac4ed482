"""The Trace dock: a message's correlation chain as a tree (domain/readside/trace.py)."""
