"""Dependencies of the accounts area."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar.datastructures import State
from litestar.di import Provide

from werkgeversportaal.domain.accounts.services import ApiTokenService, MunicipalityService, UserService
from werkgeversportaal.lib.runtime import Runtime


def provide_runtime(state: State) -> Runtime:
    return state.runtime  # type: ignore[no-any-return]


runtime_dependency = {"runtime": Provide(provide_runtime, sync_to_thread=False)}
user_service = {"users": Provide(create_service_provider(UserService))}
municipality_service = {"municipalities": Provide(create_service_provider(MunicipalityService))}
api_token_service = {"api_tokens": Provide(create_service_provider(ApiTokenService))}
