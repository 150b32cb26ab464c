"""Search and matching: one search interface, two backends (see backends/)."""
