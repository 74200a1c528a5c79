"""Accounts: users, logins, sessions and tokens, two-factor authentication, user administration."""
