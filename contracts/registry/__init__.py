"""Contracts and their parties (合同台账)."""
