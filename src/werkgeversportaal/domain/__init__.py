"""Domain packages: one per area of the product."""
