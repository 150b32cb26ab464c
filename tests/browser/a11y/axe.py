"""Running axe-core (shipped by axe-playwright-python) on a Playwright page: WCAG 2.1 A and AA rules."""

from __future__ import annotations

import json
import os
from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Also axe's best practices: heading order, landmarks, one main, skip-link target, region. Not WCAG
# success criteria by themselves, but what the issue asks for (structure a screen reader can navigate).
TAGS = [*WCAG_TAGS, "best-practice"]
_axe = Axe()


def violations(page: Any) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations on the page as it is now."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    found: list[dict[str, Any]] = results.response["violations"]
    log = os.environ.get("A11Y_LOG")  # optional: one JSON line per violation, for counting by rule
    if log and found:
        with open(log, "a", encoding="utf-8") as out:
            for v in found:
                out.write(json.dumps({"rule": v["id"], "url": page.url, "nodes": len(v["nodes"])}) + "\n")
    return found


def describe(where: str, found: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in found:
        targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:4])
        lines.append(f"{where}: {v['id']} ({v['impact']}, {len(v['nodes'])}x) {v['help']} -> {targets}")
    return lines
