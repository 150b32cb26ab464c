"""Employers: organisations, verification, openings and the public register."""
