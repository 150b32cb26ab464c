"""Route handlers and dependency providers are declared in the explicit style Litestar 3.0 requires.

Litestar 2.x still accepts inferred dependencies (`users: UserService`), inferred path and query
parameters (`video_id: UUID`), `data` without a body marker and `data: T = Body(...)`, but warns with a
LitestarDeprecationWarning for each while the app is built; in 3.0 they stop working. The explicit forms:
`users: NamedDependency[UserService]`, `video_id: FromPath[UUID]`, `page: FromQuery[int] = 0` (or
`Annotated[int, QueryParameter(...)] = 0`), `data: JSONBody[T]` / `data: MultipartBody[T]`.
"""

from __future__ import annotations

import warnings

from litestar import Litestar, get
from litestar.di import Provide
from litestar.exceptions import LitestarDeprecationWarning

from werkgeversportaal.app import create_app
from werkgeversportaal.domain.accounts.deps import provide_runtime
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.settings import Settings


def _build_app() -> tuple[Litestar, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = create_app(Settings())
    return app, [str(w.message) for w in caught if issubclass(w.category, LitestarDeprecationWarning)]


def test_building_the_app_raises_no_litestar_deprecation_warning() -> None:
    app, found = _build_app()
    assert len(app.routes) > 50, "the app should have been built with all its routes"
    assert not found, "handlers in a style Litestar 3.0 drops:\n" + "\n".join(f"  {m}" for m in sorted(set(found)))


def test_the_check_notices_an_old_style_handler() -> None:
    """Guard against the test above passing vacuously (e.g. a filter that hides the warnings).
    (Annotations are resolved from this module's namespace, hence the module-level imports.)"""
    @get("/oude-stijl/{item_id:int}", dependencies={"runtime": Provide(provide_runtime, sync_to_thread=False)},
         sync_to_thread=False)
    def old_style(item_id: int, runtime: Runtime) -> str:
        return str(item_id)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Litestar(route_handlers=[old_style])
    messages = [str(w.message) for w in caught if issubclass(w.category, LitestarDeprecationWarning)]
    assert any("Inferred dependency field 'runtime'" in m for m in messages), messages
    assert any("path parameter 'item_id'" in m for m in messages), messages
