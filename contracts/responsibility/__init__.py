"""Responsibility history: who held which role for a contract, when (责任分工与交接)."""
