"""Accounts: registration, log-in, invitations, password reset, API tokens, administration."""
