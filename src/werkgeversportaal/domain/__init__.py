"""Domain areas: one package each, with controllers, services, schemas and jobs."""
