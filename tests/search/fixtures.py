"""Small, realistic documents for the search contract: 20 candidates, a few openings and employers."""

from __future__ import annotations

from typing import Any

PLACES: dict[str, tuple[float, float]] = {
    "Amsterdam": (52.3676, 4.9041),
    "Almere": (52.3508, 5.2647),
    "Haarlem": (52.3874, 4.6462),
    "Utrecht": (52.0907, 5.1214),
    "Rotterdam": (51.9244, 4.4777),
    "Den Haag": (52.0705, 4.3007),
    "Groningen": (53.2194, 6.5665),
    "Zwolle": (52.5168, 6.0830),
    "Eindhoven": (51.4416, 5.4697),
    "Amersfoort": (52.1561, 5.3878),
    "Nijmegen": (51.8126, 5.8372),
    "Tilburg": (51.5555, 5.0913),
    "Lelystad": (52.5185, 5.4714),
}

MUNICIPALITY_ALMERE = "0a5c1c1e-7f1b-4d0e-9b7a-000000000034"
MUNICIPALITY_AMSTERDAM = "0a5c1c1e-7f1b-4d0e-9b7a-000000000363"
LEVELS = ["A0", "A1", "A2", "B1", "B2", "C1", "C2"]
DAY = 86_400
BASE_TS = 1_735_689_600  # 2025-01-01


def _candidate(
    number: int,
    given_name: str,
    initial: str,
    place: str | None,
    intro: str,
    occupations: list[str],
    sectors: list[str],
    *,
    experience: list[str] | None = None,
    languages: list[str] | None = None,
    kinds: list[str] | None = None,
    dutch: int = 2,
    education: int = 2,
    hours: int = 32,
    video: bool = True,
    available_in_days: int = 0,
    language_days: list[str] | None = None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": f"c{number:02d}-{given_name.lower()}",
        "municipality_id": MUNICIPALITY_ALMERE if number % 2 else MUNICIPALITY_AMSTERDAM,
        "given_name": given_name,
        "initial": initial,
        "intro": intro,
        "occupations": occupations,
        "experience": experience or [],
        "languages": languages or ["Arabisch"],
        "sectors": sectors,
        "opening_kinds": kinds or ["vacancy"],
        "dutch_level": dutch,
        "dutch_level_label": LEVELS[dutch],
        "education_level": education,
        "available_from": 20_089 + available_in_days,  # epoch days, 2025-01-01 onwards
        "hours_per_week": hours,
        "has_video": video,
        "poster_url": None,
        "published_at": BASE_TS + number * DAY,
        "language_days": language_days or ["mon", "wed"],
    }
    if place is not None:
        lat, lng = PLACES[place]
        doc["_geo"] = {"lat": lat, "lng": lng}
    doc["place"] = place
    return doc


# One row per candidate; kept compact on purpose (a table, not code).
# fmt: off
CANDIDATES: list[dict[str, Any]] = [
    _candidate(1, "Amir", "K", "Amsterdam",
               "Ik ben lasser en heb vijf jaar in Syrië in de bouw gewerkt. Ik leer snel en werk graag in een team.",
               ["lasser"], ["bouw", "techniek"], experience=["bouw: lasser 5 jaar"],
               languages=["Arabisch", "Engels"], kinds=["vacancy", "internship"], dutch=2, education=2),
    _candidate(2, "Sara", "M", "Utrecht",
               "In Eritrea werkte ik als verpleegkundige in een ziekenhuis. Ik zoek werk in de ouderenzorg.",
               ["verpleegkundige"], ["zorg"], experience=["zorg: verpleegkundige 8 jaar"],
               languages=["Tigrinya", "Engels"], dutch=3, education=4, hours=24),
    _candidate(3, "Yonas", "T", "Almere",
               "Ik heb een certificaat voor de heftruck en werkte in een groot magazijn met koelcellen.",
               ["magazijnmedewerker"], ["transport en logistiek"], experience=["logistiek: heftruck 2 jaar"],
               languages=["Tigrinya"], kinds=["work_experience"], dutch=2, education=1, hours=40),
    _candidate(4, "Fatima", "A", "Rotterdam",
               "Ik kook graag voor veel mensen. In Afghanistan had ik een klein restaurant.",
               ["kok"], ["horeca"], languages=["Dari", "Farsi"], kinds=["internship"], dutch=1, education=1,
               video=False),
    _candidate(5, "Hassan", "R", "Haarlem",
               "Ervaring als monteur in de installatietechniek: verwarming, ventilatie en airco.",
               ["monteur"], ["installatietechniek"], experience=["installatietechniek: monteur 6 jaar"],
               dutch=3, education=3, hours=36),
    _candidate(6, "Olena", "P", "Groningen",
               "Ik bouw webapplicaties met Python en JavaScript en werkte bij een bank in Kyiv.",
               ["programmeur"], ["ict"], languages=["Oekraïens", "Engels", "Russisch"], dutch=4, education=6,
               hours=40),
    _candidate(7, "Dawit", "G", "Zwolle",
               "Ik heb rijbewijs C en reed tien jaar met een vrachtwagen door heel Ethiopië.",
               ["vrachtwagenchauffeur"], ["transport en logistiek"], languages=["Amhaars"], dutch=2),
    _candidate(8, "Rania", "S", "Den Haag",
               "Ik ben kapper <script>alert('x')</script> & knip graag \"moderne\" kapsels.",
               ["kapper"], ["dienstverlening"], dutch=2, education=2, video=False),
    _candidate(9, "Ahmad", "N", "Eindhoven",
               "Timmerman met ervaring in houtbouw, kozijnen en trappen.",
               ["timmerman"], ["bouw"], experience=["bouw: timmerman 12 jaar"], kinds=["vacancy", "work_study"],
               dutch=1, education=2, hours=40),
    _candidate(10, "Mariam", "H", "Amersfoort",
               "Ik maak kantoren en scholen schoon en werk zorgvuldig.",
               ["schoonmaker"], ["facilitair"], languages=["Somalisch"], dutch=1, education=0, hours=20,
               video=False),
    _candidate(11, "Omar", "B", "Nijmegen",
               "Elektricien met ervaring in woningbouw en zonnepanelen.",
               ["elektricien"], ["installatietechniek", "techniek"], dutch=3, education=3),
    _candidate(12, "Tesfay", "W", "Tilburg",
               "Ik werkte in een fabriek aan de productielijn en ben gewend aan ploegendienst.",
               ["productiemedewerker"], ["productie"], languages=["Tigrinya"], kinds=["language_internship"],
               dutch=0, education=1),
    _candidate(13, "Nour", "A", "Amsterdam",
               "Ik wil zorgmedewerker worden en help nu als vrijwilliger in een verpleeghuis.",
               ["zorgmedewerker"], ["zorg"], kinds=["internship", "work_study"], dutch=2, education=2, hours=24),
    _candidate(14, "Khalid", "M", "Lelystad",
               "Orderpicker in een distributiecentrum; ik rijd ook heftruck.",
               ["orderpicker"], ["transport en logistiek"], dutch=2, education=1, hours=40, available_in_days=60),
    _candidate(15, "Ali", "R", None,
               "Bakker met eigen bakkerij in Aleppo; brood, gebak en zoetigheden.",
               ["bakker"], ["horeca"], dutch=1, education=1, available_in_days=30),
    _candidate(16, "Samira", "Y", "Utrecht",
               "Administratief medewerker met ervaring in boekhouding en Excel.",
               ["administratief medewerker"], ["zakelijke dienstverlening"], languages=["Arabisch", "Frans"],
               dutch=4, education=5, hours=32),
    _candidate(17, "Yusuf", "E", "Almere",
               "Mijn broer is lasser; zelf werk ik het liefst buiten in de tuin als hovenier.",
               ["hovenier"], ["groen"], dutch=2, education=2, hours=32),
    _candidate(18, "Lina", "K", "Almere",
               "Installateur van cv-ketels en warmtepompen, zoekt een leerwerkplek.",
               ["installateur"], ["installatietechniek"], kinds=["work_study"], dutch=2, education=3,
               available_in_days=90),
    _candidate(19, "Bereket", "F", "Rotterdam",
               "Vriendelijk en klantgericht; ik werkte achter de kassa in een supermarkt.",
               ["kassamedewerker"], ["detailhandel"], languages=["Tigrinya", "Engels"], dutch=3, education=2,
               hours=16),
    _candidate(20, "Viktor", "S", "Amsterdam",
               "Backend developer met tien jaar ervaring in Java en cloud.",
               ["developer"], ["ict"], languages=["Oekraïens", "Engels"], dutch=5, education=5, hours=40),
]
# fmt: on


def _opening(
    number: int,
    employer: int,
    title: str,
    kind: str,
    sector: str,
    occupation: str,
    place: str,
    description: str,
    **extra: Any,
) -> dict[str, Any]:
    lat, lng = PLACES[place]
    doc = {
        "id": f"o{number:02d}",
        "employer_id": f"e{employer:02d}",
        "employer_name": EMPLOYERS[employer - 1]["name"],
        "title": title,
        "description": description,
        "kind": kind,
        "sector": sector,
        "occupation": occupation,
        "place": place,
        "_geo": {"lat": lat, "lng": lng},
        "hours_per_week": 32,
        "dutch_level": 2,
        "education_level": 2,
        "status": "published",
        "start_date": 20_100 + number,
        "published_at": BASE_TS + number * DAY,
        "workdays": ["tue", "thu", "fri"],
    }
    doc.update(extra)
    return doc


def _employer(number: int, name: str, sectors: list[str], place: str, status: str, register: bool) -> dict[str, Any]:
    lat, lng = PLACES[place]
    return {
        "id": f"e{number:02d}",
        "name": name,
        "sectors": sectors,
        "place": place,
        "_geo": {"lat": lat, "lng": lng},
        "verification_status": status,
        "public_register": register,
        "registered_at": BASE_TS + number * DAY,
    }


EMPLOYERS: list[dict[str, Any]] = [
    _employer(1, "Bouwbedrijf Van der Meer", ["bouw"], "Almere", "verified", True),
    _employer(2, "Logistiek Centrum Flevoland", ["transport en logistiek"], "Lelystad", "verified", True),
    _employer(3, "Zorggroep Het Baken", ["zorg"], "Utrecht", "pending", False),
    _employer(4, "Installatiebedrijf Warmtekracht", ["installatietechniek", "techniek"], "Haarlem", "verified", False),
]

OPENINGS: list[dict[str, Any]] = [
    _opening(
        1,
        1,
        "Lasser gezocht voor staalbouw",
        "vacancy",
        "bouw",
        "lasser",
        "Almere",
        "Wij zoeken een lasser (MIG/MAG) voor ons team in de staalbouw.",
    ),
    _opening(
        2,
        2,
        "Heftruckchauffeur magazijn",
        "vacancy",
        "transport en logistiek",
        "heftruckchauffeur",
        "Lelystad",
        "Rijden op de heftruck en orders verzamelen in ons distributiecentrum.",
    ),
    _opening(
        3,
        2,
        "Stage logistiek",
        "internship",
        "transport en logistiek",
        "magazijnmedewerker",
        "Lelystad",
        "Leer het vak in ons magazijn, met ruimte voor taalles op maandag.",
        hours_per_week=24,
    ),
    _opening(
        4,
        3,
        "Zorgmedewerker ouderenzorg",
        "work_study",
        "zorg",
        "zorgmedewerker",
        "Utrecht",
        "Leerwerkplek in de ouderenzorg met begeleiding en een taalcoach.",
        dutch_level=3,
    ),
    _opening(
        5,
        4,
        "Monteur installatietechniek",
        "vacancy",
        "installatietechniek",
        "monteur",
        "Haarlem",
        "Onderhoud aan cv-installaties en warmtepompen.",
        status="draft",
    ),
]
