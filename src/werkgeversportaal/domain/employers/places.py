"""Dutch places with coordinates, from an offline list (data/places_nl.csv): no network at run time.

Matching ignores case, accents, apostrophes and hyphens, so "s graveland", "'s-Graveland" and
"S-GRAVELAND" are the same place. Unknown names get close suggestions ("Bedoelt u: …?").
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "places_nl.csv"

# Names people use that differ from the list's spelling.
ALIASES = {
    "den bosch": "'s-Hertogenbosch",
    "s gravenhage": "Den Haag",
    "the hague": "Den Haag",
}


@dataclass(frozen=True)
class Place:
    name: str
    province: str
    lat: float
    lng: float


def normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"[’'`´‘]", "", plain)
    return re.sub(r"[\s\-.]+", " ", plain).strip()


class PlaceDirectory:
    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self._by_key: dict[str, Place] = {}
        # A name that exists in two provinces (Laren) resolves to the first listed; the region's own
        # places come first in the file order we keep here (larger coordinates set by hand win).
        for place in places:
            self._by_key.setdefault(normalise(place.name), place)
        self._keys = list(self._by_key)

    def lookup(self, name: str) -> Place | None:
        key = normalise(name)
        if not key:
            return None
        if key in ALIASES:
            key = normalise(ALIASES[key])
        return self._by_key.get(key)

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        key = normalise(name)
        if not key:
            return []
        starts = [k for k in self._keys if k.startswith(key)][:limit]
        close = difflib.get_close_matches(key, self._keys, n=limit, cutoff=0.7)
        seen: list[str] = []
        for k in [*close, *starts]:
            if self._by_key[k].name not in seen:
                seen.append(self._by_key[k].name)
        return seen[:limit]


@cache
def places() -> PlaceDirectory:
    with DATA_FILE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    loaded = [Place(r["name"], r["province"], float(r["lat"]), float(r["lng"])) for r in rows]
    # Noord-Holland, Utrecht and Flevoland first: the Gooi en Vechtstreek region and its neighbours
    # win when a name exists twice (Laren NH before Laren Gld).
    region = {"Noord-Holland": 0, "Utrecht": 1, "Flevoland": 2}
    loaded.sort(key=lambda p: region.get(p.province, 9))
    return PlaceDirectory(loaded)
