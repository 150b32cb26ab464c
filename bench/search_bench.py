"""Search benchmark: seed 10,000 candidates, 2,000 employers and 10,000 openings, index them, and run
1,000 mixed employer queries (text with typos and prefixes, 3 filters, facets, sometimes distance).

    PYTHONPATH=src python bench/search_bench.py                       # embedded, temporary folder
    PYTHONPATH=src python bench/search_bench.py --backend meilisearch --url http://localhost:7700 --key KEY

Prints one JSON line per measurement. Goal on the embedded backend: seed + index <= 60 s, p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from werkgeversportaal.domain.search.backends import (
    Filter,
    GeoFilter,
    SearchBackend,
    SearchQuery,
    create_backend,
)

TOWNS = {
    "Amsterdam": (52.37, 4.90), "Rotterdam": (51.92, 4.48), "Den Haag": (52.07, 4.30), "Utrecht": (52.09, 5.12),
    "Eindhoven": (51.44, 5.47), "Groningen": (53.22, 6.57), "Tilburg": (51.56, 5.09), "Almere": (52.35, 5.26),
    "Breda": (51.59, 4.78), "Nijmegen": (51.84, 5.86), "Apeldoorn": (52.21, 5.97), "Haarlem": (52.38, 4.64),
    "Arnhem": (51.98, 5.91), "Enschede": (52.22, 6.89), "Amersfoort": (52.16, 5.39), "Zaandam": (52.44, 4.82),
    "Den Bosch": (51.70, 5.30), "Zwolle": (52.52, 6.08), "Leiden": (52.16, 4.49), "Maastricht": (50.85, 5.69),
    "Dordrecht": (51.81, 4.67), "Zoetermeer": (52.06, 4.49), "Ede": (52.04, 5.66), "Leeuwarden": (53.20, 5.80),
    "Alkmaar": (52.63, 4.75), "Emmen": (52.78, 6.90), "Delft": (52.01, 4.36), "Venlo": (51.37, 6.17),
    "Deventer": (52.25, 6.16), "Helmond": (51.48, 5.66), "Hilversum": (52.22, 5.18), "Heerlen": (50.89, 5.98),
    "Oss": (51.77, 5.52), "Lelystad": (52.52, 5.47), "Assen": (52.99, 6.56), "Gouda": (52.01, 4.71),
    "Roosendaal": (51.53, 4.46), "Purmerend": (52.50, 4.95), "Schiedam": (51.92, 4.40), "Hoorn": (52.64, 5.06),
    "Den Helder": (52.96, 4.76), "Middelburg": (51.50, 3.61), "Harderwijk": (52.34, 5.62), "Kampen": (52.56, 5.91),
    "Veenendaal": (52.03, 5.56), "Sneek": (53.03, 5.66), "Almelo": (52.36, 6.66), "Hengelo": (52.27, 6.79),
    "Doetinchem": (51.97, 6.29), "Tiel": (51.89, 5.43), "Roermond": (51.19, 5.99), "Drachten": (53.11, 6.10),
}  # fmt: skip

OCCUPATIONS = {
    "bouw": ["lasser", "timmerman", "metselaar", "stukadoor", "tegelzetter", "dakdekker", "bouwvakker", "schilder",
             "steigerbouwer", "grondwerker"],
    "installatietechniek": ["monteur", "installateur", "elektricien", "loodgieter", "servicemonteur",
                            "koeltechnicus"],
    "techniek": ["draaier", "frezer", "onderhoudsmonteur", "mechanicus", "constructiewerker", "automonteur"],
    "transport en logistiek": ["vrachtwagenchauffeur", "chauffeur", "heftruckchauffeur", "magazijnmedewerker",
                               "orderpicker", "koerier", "bezorger", "reachtruckchauffeur"],
    "zorg": ["verpleegkundige", "zorgmedewerker", "verzorgende", "helpende", "begeleider", "kraamverzorgende"],
    "ict": ["programmeur", "developer", "systeembeheerder", "helpdeskmedewerker", "tester", "datanalist"],
    "horeca": ["kok", "afwasser", "bediening", "barista", "gastvrouw", "keukenhulp"],
    "schoonmaak": ["schoonmaker", "glazenwasser", "reinigingsmedewerker"],
    "agrarisch": ["tuinder", "teler", "oogstmedewerker", "veehouder", "hovenier"],
    "productie": ["productiemedewerker", "operator", "inpakker", "machineoperator"],
    "detailhandel": ["kassamedewerker", "vakkenvuller", "verkoper"],
    "onderwijs": ["onderwijsassistent", "leraar", "tolk"],
}  # fmt: skip
SECTORS = list(OCCUPATIONS)


def _words(text: str) -> list[str]:
    return text.split()


SKILLS = _words(
    "heftruck rijbewijs VCA certificaat diploma veiligheid onderhoud reparatie installatie montage machines "
    "gereedschap bouwplaats magazijn ziekenhuis verpleeghuis restaurant keuken fabriek kantoor computer software "
    "netwerk klanten planning administratie lassen timmeren metselen koken schoonmaken verzorgen rijden bezorgen "
    "programmeren python excel boekhouding kassa voorraad kwaliteit hygiëne ouderenzorg kinderopvang tuinbouw kassen "
    "oogsten productielijn ploegendienst koelcellen zonnepanelen warmtepompen verwarming ventilatie elektra "
    "sanitair dakwerk tegels kozijnen trappen steigers beton"
)
FILLER = _words(
    "ik werk graag samen met collega's en leer snel nieuwe dingen ben betrouwbaar flexibel gemotiveerd nauwkeurig "
    "zelfstandig vriendelijk sterk geduldig leergierig vroeg beschikbaar weekend avond fulltime parttime ervaring "
    "vak familie kinderen toekomst kansen buiten binnen handen werken helpen mensen groot klein bedrijf team "
    "Nederland Nederlands taal cursus school opleiding stage leerwerkplek vrijwilliger"
)
COUNTRIES = ["Syrië", "Eritrea", "Afghanistan", "Oekraïne", "Turkije", "Jemen", "Irak", "Iran", "Somalië", "Ethiopië"]
LANGUAGES = ["Arabisch", "Tigrinya", "Dari", "Farsi", "Oekraïens", "Russisch", "Turks", "Koerdisch", "Somalisch",
             "Amhaars", "Engels", "Frans", "Pasjtoe"]  # fmt: skip
NAMES = ["Amir", "Sara", "Yonas", "Fatima", "Hassan", "Olena", "Dawit", "Rania", "Ahmad", "Mariam", "Omar", "Tesfay",
         "Nour", "Khalid", "Ali", "Samira", "Yusuf", "Lina", "Bereket", "Viktor", "Mohammed", "Aisha", "Hamid",
         "Layla", "Ibrahim", "Zahra", "Mustafa", "Hana", "Bilal", "Iryna"]  # fmt: skip
KINDS = ["vacancy", "internship", "work_experience", "work_study", "language_internship"]
DAYS = ["mon", "tue", "wed", "thu", "fri"]
EMPLOYER_WORDS = ["Bouw", "Techniek", "Logistiek", "Zorg", "Installatie", "Groen", "Transport", "Service", "Food",
                  "Metaal", "Data", "Holland", "Noord", "Zuid", "Oost", "West", "Delta", "Polder"]  # fmt: skip
EMPLOYER_FORMS = ["{a}bedrijf {n}", "{n} {a}", "{a}groep {n}", "{n} & Zonen", "{a}centrum {t}", "{a}service {n}"]
SURNAMES = ["Van der Meer", "De Jong", "Bakker", "Visser", "Smit", "Mulder", "De Boer", "Dekker", "Jansen", "Peters"]
BASE_TS = 1_735_689_600
FACETS = ["sectors", "opening_kinds", "dutch_level", "education_level", "has_video", "languages"]


def _point(rng: random.Random) -> tuple[str, dict[str, float]]:
    town = rng.choice(list(TOWNS))
    lat, lng = TOWNS[town]
    return town, {"lat": round(lat + rng.uniform(-0.04, 0.04), 5), "lng": round(lng + rng.uniform(-0.06, 0.06), 5)}


def _intro(rng: random.Random, occupation: str, sector: str) -> str:
    sentences = [
        f"In {rng.choice(COUNTRIES)} werkte ik {rng.randint(1, 15)} jaar als {occupation}.",
        f"Ik heb ervaring met {rng.choice(SKILLS)} en {rng.choice(SKILLS)}.",
        f"Ik zoek werk in de {sector} en wil mijn Nederlands verbeteren.",
        " ".join(rng.choices(FILLER, k=rng.randint(6, 14))).capitalize() + ".",
    ]
    rng.shuffle(sentences)
    return " ".join(sentences[: rng.randint(2, 4)])


def seed(rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    municipalities = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(8)]
    candidates = []
    for _ in range(10_000):
        sectors = rng.sample(SECTORS, rng.choice([1, 1, 2]))
        occupations = [rng.choice(OCCUPATIONS[s]) for s in sectors]
        town, geo = _point(rng)
        dutch = rng.choices(range(7), weights=[5, 15, 30, 25, 15, 7, 3])[0]
        candidates.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "municipality_id": rng.choice(municipalities),
                "given_name": rng.choice(NAMES),
                "initial": rng.choice("ABDEHKMNRSTY"),
                "intro": _intro(rng, occupations[0], sectors[0]),
                "occupations": occupations,
                "experience": [
                    f"{s}: {o} {rng.randint(1, 12)} jaar" for s, o in zip(sectors, occupations, strict=True)
                ],
                "languages": rng.sample(LANGUAGES, rng.randint(1, 3)),
                "sectors": sectors,
                "opening_kinds": rng.sample(KINDS, rng.randint(1, 3)),
                "dutch_level": dutch,
                "dutch_level_label": ["A0", "A1", "A2", "B1", "B2", "C1", "C2"][dutch],
                "education_level": rng.randint(0, 6),
                "available_from": 20_089 + rng.randint(0, 180),
                "hours_per_week": rng.choice([16, 20, 24, 32, 36, 40]),
                "has_video": rng.random() < 0.6,
                "poster_url": None,
                "place": town,
                "_geo": geo,
                "published_at": BASE_TS + rng.randint(0, 365 * 86_400),
                "language_days": rng.sample(DAYS, 2),
            }
        )
    employers = []
    for n in range(2_000):
        town, geo = _point(rng)
        name = rng.choice(EMPLOYER_FORMS).format(a=rng.choice(EMPLOYER_WORDS), n=rng.choice(SURNAMES), t=town)
        employers.append(
            {
                "id": f"emp-{n:05d}",
                "name": name,
                "sectors": rng.sample(SECTORS, rng.choice([1, 2])),
                "place": town,
                "_geo": geo,
                "verification_status": rng.choice(["verified", "verified", "verified", "pending", "suspended"]),
                "public_register": rng.random() < 0.5,
                "registered_at": BASE_TS + rng.randint(0, 365 * 86_400),
            }
        )
    openings = []
    for n in range(10_000):
        employer = rng.choice(employers)
        sector = rng.choice(employer["sectors"])
        occupation = rng.choice(OCCUPATIONS[sector])
        kind = rng.choice(KINDS)
        openings.append(
            {
                "id": f"opn-{n:05d}",
                "employer_id": employer["id"],
                "employer_name": employer["name"],
                "title": f"{occupation.capitalize()} gezocht" if kind == "vacancy" else f"{kind} {occupation}",
                "description": " ".join(rng.choices(FILLER + SKILLS, k=rng.randint(15, 40))),
                "kind": kind,
                "sector": sector,
                "occupation": occupation,
                "place": employer["place"],
                "_geo": employer["_geo"],
                "hours_per_week": rng.choice([16, 24, 32, 36, 40]),
                "dutch_level": rng.randint(0, 4),
                "education_level": rng.randint(0, 5),
                "status": rng.choice(["published", "published", "draft", "filled", "closed"]),
                "start_date": 20_100 + rng.randint(0, 200),
                "published_at": BASE_TS + rng.randint(0, 365 * 86_400),
                "workdays": rng.sample(DAYS, rng.randint(2, 5)),
            }
        )
    return candidates, employers, openings


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randint(1, len(word) - 2)
    edit = rng.choice(["delete", "swap", "replace", "insert"])
    if edit == "delete":
        return word[:i] + word[i + 1 :]
    if edit == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if edit == "replace":
        return word[:i] + rng.choice("aeioubcdklmnrst") + word[i + 1 :]
    return word[:i] + rng.choice("aeioun") + word[i:]


def queries(rng: random.Random, count: int) -> list[SearchQuery]:
    all_occupations = [o for group in OCCUPATIONS.values() for o in group]
    made = []
    for _ in range(count):
        words = [rng.choice(all_occupations)] if rng.random() < 0.75 else [rng.choice(SKILLS)]
        if rng.random() < 0.3:
            words.append(rng.choice(SKILLS + FILLER))
        if rng.random() < 0.2:
            words[0] = _typo(rng, words[0])
        if rng.random() < 0.2 and len(words[-1]) > 4:
            words[-1] = words[-1][: rng.randint(3, len(words[-1]) - 1)]  # still typing
        q = "" if rng.random() < 0.05 else " ".join(words)
        pool = [
            Filter.any_of("sectors", rng.sample(SECTORS, rng.randint(1, 3))),
            Filter.gte("dutch_level", rng.randint(0, 3)),
            Filter.eq("opening_kinds", rng.choice(KINDS)),
            Filter.gte("hours_per_week", rng.choice([16, 24, 32])),
            Filter.eq("has_video", True),
            Filter.gte("education_level", rng.randint(0, 3)),
            Filter.lte("available_from", 20_089 + rng.randint(30, 180)),
        ]
        geo = None
        sort = rng.choice(["", "", "", "newest"])
        if rng.random() < 0.3:
            lat, lng = TOWNS[rng.choice(list(TOWNS))]
            geo = GeoFilter(lat, lng, rng.choice([10, 25, 50, 75]))
            if rng.random() < 0.5:
                sort = "distance"
        made.append(
            SearchQuery(
                index="candidates",
                q=q,
                filters=rng.sample(pool, 3),
                geo=geo,
                facets=FACETS,
                sort=sort,
                page=1 if rng.random() < 0.8 else rng.randint(2, 5),
                per_page=20,
                highlight=["intro", "occupations", "experience"],
            )
        )
    return made


def emit(metric: str, **values: Any) -> None:
    print(json.dumps({"metric": metric, **values}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="embedded", choices=["embedded", "meilisearch"])
    parser.add_argument("--dir", help="embedded: folder for the index files (default: a temporary one)")
    parser.add_argument("--url", default="http://localhost:7700")
    parser.add_argument("--key", default=None)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--cold", action="store_true", help="embedded: forget cached word lookups before each query")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    started = time.perf_counter()
    candidates, employers, openings = seed(rng)
    mixed = queries(rng, args.queries)
    emit("seed_s", value=round(time.perf_counter() - started, 3), candidates=len(candidates),
         employers=len(employers), openings=len(openings))  # fmt: skip

    def make() -> SearchBackend:
        if args.backend == "embedded":
            return create_backend("embedded", directory=args.dir or workdir)
        return create_backend("meilisearch", url=args.url, api_key=args.key, prefix="bench_", task_timeout_s=600)

    with tempfile.TemporaryDirectory() as workdir:
        writer = make()
        started = time.perf_counter()
        writer.ensure_indexes()
        for index, docs in (("candidates", candidates), ("employers", employers), ("openings", openings)):
            writer.reindex(index, docs)
        emit("index_s", value=round(time.perf_counter() - started, 3), backend=args.backend)

        # A fresh instance, as an app server process starting next to the writer.
        reader = make()
        started = time.perf_counter()
        reader.search(SearchQuery(index="candidates", q="lasser"))
        emit("load_s", value=round(time.perf_counter() - started, 3), note="first search of a new process")

        timings = []
        hits = 0
        for query in mixed:
            if args.cold and args.backend == "embedded":
                reader._engine("candidates").executor._cache.clear()  # type: ignore[attr-defined]
            t0 = time.perf_counter()
            result = reader.search(query)
            timings.append((time.perf_counter() - t0) * 1000)
            hits += result.total
        cuts = statistics.quantiles(timings, n=100, method="inclusive")
        emit("search_ms", p50=round(cuts[49], 2), p95=round(cuts[94], 2), p99=round(cuts[98], 2),
             mean=round(statistics.fmean(timings), 2), max=round(max(timings), 2), n=len(timings),
             mean_total_hits=round(hits / len(timings), 1), cold_cache=args.cold)  # fmt: skip
        reader.close()
        writer.close()


if __name__ == "__main__":
    main()
