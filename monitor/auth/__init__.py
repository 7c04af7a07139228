"""Authentication: session login for the web UI, bearer tokens for the API (认证)."""
