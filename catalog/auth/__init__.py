"""Who the caller is (sessions, API tokens) and what they may do (permissions)."""
