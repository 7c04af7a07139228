"""Agencies, officials and enterprises: the parties of government contracts (主体)."""
