"""Issue 7 "Trust": what happens when a part of the production shape fails (search, S3, worker, database)."""
