"""Append-only, hash-chained audit trail of every change (审计日志)."""
