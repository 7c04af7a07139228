"""Who may do what: users, roles, API tokens and the scoping of what each can see (权限)."""
