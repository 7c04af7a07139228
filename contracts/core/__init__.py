"""Shared infrastructure of the registry: database, money type, clock, jobs, errors (基础设施)."""
