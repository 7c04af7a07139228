"""The compliance checker: rules citing Chinese law, findings, and check runs (合规检查)."""
