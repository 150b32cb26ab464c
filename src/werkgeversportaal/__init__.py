"""Werkgeversportaal: employers meet statushouders through short self-introduction videos."""
