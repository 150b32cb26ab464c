"""Employer services."""

from __future__ import annotations

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService

from werkgeversportaal.db.models import Employer


class EmployerService(SQLAlchemyAsyncRepositoryService[Employer]):
    class Repo(SQLAlchemyAsyncRepository[Employer]):
        model_type = Employer

    repository_type = Repo
