"""Dependencies of the introductions area."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar.di import Provide

from werkgeversportaal.domain.introductions.services import IntroductionService

introduction_service = {"introductions": Provide(create_service_provider(IntroductionService))}
