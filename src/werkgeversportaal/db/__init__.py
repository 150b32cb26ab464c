"""Database: models (one metadata) and Alembic migrations."""
