"""Alerts by e-mail and webhook, once per event and recipient (预警通知)."""
