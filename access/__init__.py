"""Who may do what: the policy (access.policy) and fetch-and-check helpers (access.grants)."""
