"""Domain areas of the portal, one package each."""
