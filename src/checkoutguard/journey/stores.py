"""Journey stores: where the views of each journey live between requests (the package's one edge module).

Both stores keep the same bytes (``model.encode``) under the same rules, so a journey is judged the
same whichever holds it:

- a journey is found by a hash of the merchant's key (a session cookie, say), never the key itself;
- a view equal to the journey's last is not stored twice (a reload costs nothing);
- at most ``max_views`` views per journey: beyond, the newest replaces the last and the journey says it
  was cut;
- a journey expires ``ttl`` seconds after its last view.

``MemoryJourneyStore`` (the default, one process) also bounds the number of journeys and their bytes,
evicting the least recently seen. ``RedisJourneyStore`` (many workers or processes; ``pip install
'checkoutguard[redis]'``) does each update in one atomic script; Redis's own ``maxmemory`` bounds it.
A store that cannot answer raises ``JourneyStoreError``; the middleware then skips the journey (fails open).
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Protocol

from checkoutguard.errors import CheckoutGuardError, InvalidInput, LimitExceeded
from checkoutguard.journey.model import Journey, StepView, encode, journey_of

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = [
    "MAX_KEY_BYTES",
    "JourneyStore",
    "JourneyStoreError",
    "MemoryJourneyStore",
    "RedisJourneyStore",
    "journey_id",
]

#: Longest journey key accepted (a session cookie is far shorter); a longer one is refused, not cut.
MAX_KEY_BYTES: Final = 1_024
#: What one journey costs besides its views' bytes: id string, entry, list and the ordered dict's slots,
#: rounded up from tracemalloc (tests/journey/test_stores.py holds the store to it under 100,000 journeys).
ENTRY_OVERHEAD: Final = 480
_VIEW_OVERHEAD: Final = sys.getsizeof(b"") + 8


class JourneyStoreError(CheckoutGuardError):
    """The store could not answer (Redis down, too slow, or refused the script); the journey is skipped."""


def journey_id(key: str, secret: bytes = b"") -> str:
    """The id a journey is stored under: a keyed BLAKE2b hash of the merchant's key (hex, 32 chars)."""
    raw = key.encode("utf-8", "surrogatepass")
    if not raw:
        raise InvalidInput("the journey key is empty", path="journey")
    if len(raw) > MAX_KEY_BYTES:
        raise LimitExceeded(f"the journey key is {len(raw)} bytes", path="journey", accepted=f"≤ {MAX_KEY_BYTES}")
    return hashlib.blake2b(raw, digest_size=16, key=secret[:64]).hexdigest()


def _positive(name: str, value: float) -> None:  # float-ok: seconds or a q-value, not money
    if not value > 0:
        raise InvalidInput(f"{name} must be positive, not {value!r}", path=name)


class JourneyStore(Protocol):
    """What the middleware needs of a store: add a view and get the journey so far, atomically."""

    async def add(self, key: str, view: StepView) -> Journey:
        """Record ``view`` as the newest of ``key``'s journey and return the whole journey."""
        ...

    async def get(self, key: str) -> Journey:
        """The journey of ``key`` (empty when unknown or expired)."""
        ...

    async def forget(self, key: str) -> None:
        """Drop ``key``'s journey (the order was placed, the buyer logged out)."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


class _Entry:
    __slots__ = ("cut", "expires", "size", "views")

    def __init__(self) -> None:
        self.views: list[bytes] = []
        self.size = ENTRY_OVERHEAD
        self.expires = 0.0
        self.cut = False


class MemoryJourneyStore:
    """Journeys in this process's memory, bounded by count, bytes and age; the least recently seen go first.

    ``clock`` (seconds, monotonic) is for tests. Safe to share between threads and event loops.
    """

    def __init__(
        self,
        *,
        max_journeys: int = 10_000,
        max_bytes: int = 16 * 1024 * 1024,
        ttl: float = 1_800.0,  # float-ok: seconds or a q-value, not money
        max_views: int = 32,
        secret: bytes = b"",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for name, value in (("max_journeys", max_journeys), ("max_bytes", max_bytes), ("ttl", ttl)):
            _positive(name, value)
        if max_views < 2:
            raise InvalidInput(f"max_views must be at least 2, not {max_views!r}", path="max_views")
        self.max_journeys = max_journeys
        self.max_bytes = max_bytes
        self.ttl = ttl
        self.max_views = max_views
        self._secret = secret
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """The bytes the store accounts for (views plus ``ENTRY_OVERHEAD`` per journey)."""
        return self._bytes

    def _expire(self, now: float) -> None:  # float-ok: time, not money
        # Entries are in order of last update and share one ttl, so the expired ones are at the front.
        while self._entries:
            oldest = next(iter(self._entries.values()))
            if oldest.expires > now:
                return
            self._bytes -= self._entries.popitem(last=False)[1].size

    def _evict(self) -> None:
        while self._entries and (len(self._entries) > self.max_journeys or self._bytes > self.max_bytes):
            self._bytes -= self._entries.popitem(last=False)[1].size

    def add_sync(self, key: str, view: StepView) -> Journey:
        """``add`` without the coroutine (for code that is not async)."""
        ident = journey_id(key, self._secret)
        blob = encode(view)
        with self._lock:
            now = self._clock()
            self._expire(now)
            entry = self._entries.pop(ident, None) or _Entry()
            self._bytes -= entry.size if entry.views else 0
            if not entry.views or entry.views[-1] != blob:
                if len(entry.views) < self.max_views:
                    entry.views.append(blob)
                else:
                    entry.views[-1] = blob
                    entry.cut = True
            entry.size = ENTRY_OVERHEAD + sum(len(b) + _VIEW_OVERHEAD for b in entry.views)
            entry.expires = now + self.ttl
            self._entries[ident] = entry
            self._bytes += entry.size
            self._evict()
            last = view if entry.views[-1] == blob else None
            return journey_of(tuple(entry.views), cut=entry.cut, last=last)

    def get_sync(self, key: str) -> Journey:
        ident = journey_id(key, self._secret)
        with self._lock:
            self._expire(self._clock())
            entry = self._entries.get(ident)
            return journey_of(tuple(entry.views), cut=entry.cut) if entry else Journey()

    def forget_sync(self, key: str) -> None:
        ident = journey_id(key, self._secret)
        with self._lock:
            entry = self._entries.pop(ident, None)
            if entry is not None:
                self._bytes -= entry.size

    async def add(self, key: str, view: StepView) -> Journey:
        return self.add_sync(key, view)

    async def get(self, key: str) -> Journey:
        return self.get_sync(key)

    async def forget(self, key: str) -> None:
        self.forget_sync(key)

    async def aclose(self) -> None:
        return None


# One round trip, atomic: skip a repeat of the last view, append or (when full) replace the last and
# mark the journey cut, refresh both expiries, return the cut mark and every view.
_ADD_SCRIPT: Final = """
local n = redis.call('LLEN', KEYS[1])
if n == 0 or redis.call('LINDEX', KEYS[1], -1) ~= ARGV[1] then
  if n < tonumber(ARGV[3]) then
    redis.call('RPUSH', KEYS[1], ARGV[1])
  else
    redis.call('LSET', KEYS[1], -1, ARGV[1])
    redis.call('SET', KEYS[2], '1')
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local cut = redis.call('GET', KEYS[2])
if cut then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return {cut or '', redis.call('LRANGE', KEYS[1], 0, -1)}
"""


class RedisJourneyStore:
    """Journeys in Redis, shared by every worker and process that points at it.

    Give a ``url`` (``redis://host:port/db``) or a ready ``redis.asyncio.Redis`` ``client``. Each call is
    bounded by ``timeout`` seconds so a slow Redis cannot hold a checkout page.
    """

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379/0",
        *,
        client: Redis | None = None,
        ttl: float = 1_800.0,  # float-ok: seconds or a q-value, not money
        max_views: int = 32,
        prefix: str = "checkoutguard:journey:",
        secret: bytes = b"",
        timeout: float = 0.5,  # float-ok: time, not money
    ) -> None:
        _positive("ttl", ttl)
        _positive("timeout", timeout)
        if max_views < 2:
            raise InvalidInput(f"max_views must be at least 2, not {max_views!r}", path="max_views")
        try:
            import redis.asyncio as aioredis
        except ModuleNotFoundError as exc:  # pragma: no cover - depends on the installation
            raise JourneyStoreError("the Redis journey store needs redis: pip install 'checkoutguard[redis]'") from exc
        self._errors: tuple[type[BaseException], ...] = (aioredis.RedisError, OSError, TimeoutError)
        self._client: Redis = client or aioredis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._owns_client = client is None
        self._script = self._client.register_script(_ADD_SCRIPT)
        self.ttl = ttl
        self.max_views = max_views
        self.prefix = prefix
        self._secret = secret

    def _keys(self, key: str) -> tuple[str, str]:
        # A hash tag keeps a journey's two keys in one Redis Cluster slot.
        base = f"{self.prefix}{{{journey_id(key, self._secret)}}}"
        return base, f"{base}:cut"

    async def _call(self, what: str, call: Any) -> Any:
        try:
            return await call
        except self._errors as exc:
            raise JourneyStoreError(f"Redis could not {what} the journey: {type(exc).__name__}: {exc}") from exc

    async def add(self, key: str, view: StepView) -> Journey:
        views_key, cut_key = self._keys(key)
        ttl_ms = max(1, int(self.ttl * 1_000))
        blob = encode(view)
        result = await self._call(
            "record", self._script(keys=[views_key, cut_key], args=[blob, ttl_ms, self.max_views])
        )
        cut, blobs = result
        stored = [bytes(b) for b in blobs]
        return journey_of(stored, cut=bool(cut), last=view if stored and stored[-1] == blob else None)

    async def get(self, key: str) -> Journey:
        views_key, cut_key = self._keys(key)
        pipe = self._client.pipeline(transaction=True)
        pipe.lrange(views_key, 0, -1)
        pipe.get(cut_key)
        blobs, cut = await self._call("read", pipe.execute())
        return journey_of([bytes(b) for b in blobs], cut=bool(cut))

    async def forget(self, key: str) -> None:
        await self._call("forget", self._client.delete(*self._keys(key)))

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()
