"""Counters in the shared store (database-backed) for log-in and reset attempts."""

from __future__ import annotations

import msgspec
from litestar.stores.base import Store


class AttemptCounter:
    def __init__(self, store: Store, prefix: str, limit: int, window_seconds: int) -> None:
        self.store, self.prefix, self.limit, self.window = store, prefix, limit, window_seconds

    async def count(self, key: str) -> int:
        raw = await self.store.get(f"{self.prefix}:{key}")
        return int(msgspec.json.decode(raw)) if raw else 0

    async def blocked(self, *keys: str) -> bool:
        for key in keys:
            if await self.count(key) >= self.limit:
                return True
        return False

    async def hit(self, *keys: str) -> None:
        for key in keys:
            value = await self.count(key) + 1
            await self.store.set(f"{self.prefix}:{key}", msgspec.json.encode(value), expires_in=self.window)

    async def reset(self, *keys: str) -> None:
        for key in keys:
            await self.store.delete(f"{self.prefix}:{key}")
