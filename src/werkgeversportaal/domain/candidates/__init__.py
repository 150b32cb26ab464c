"""Candidates: intake, profile, consent and the self-introduction video."""
