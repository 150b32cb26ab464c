"""Shared helpers used across domains."""
