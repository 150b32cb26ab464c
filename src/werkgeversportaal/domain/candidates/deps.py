"""Dependencies of the candidates area."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar.di import Provide

from werkgeversportaal.domain.candidates.services import CandidateService

candidate_service = {"candidates": Provide(create_service_provider(CandidateService))}
