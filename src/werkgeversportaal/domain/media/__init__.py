"""Candidate self-introduction videos: probing, validating and transcoding uploads."""
