"""Dependencies of the employers area."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar.di import Provide

from werkgeversportaal.domain.employers.openings import OpeningService
from werkgeversportaal.domain.employers.services import EmployerService

employer_service = {"employers": Provide(create_service_provider(EmployerService))}
opening_service = {"openings": Provide(create_service_provider(OpeningService))}
