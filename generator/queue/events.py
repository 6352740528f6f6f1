"""Progress events from workers to the submitting side, over Redis pub/sub.

Each batch (or web job) has its own channel; a worker publishes small JSON events on it
(`started`, `rendered` per document, `finished`), the submitter listens. Pub/sub keeps no
history: an event nobody hears is lost, so events only move progress bars; the result of a
task always comes from Celery's result backend.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from typing import Any, cast

__all__ = ["Listener", "cancel", "channel_name", "is_cancelled", "publisher"]

PREFIX = "vanban:events:"
CANCELLED = "vanban:cancelled:"
CANCEL_SECONDS = 7 * 24 * 3600  # as long as a result is kept
Event = dict[str, Any]

_clients: dict[tuple[int, str], Any] = {}


def channel_name(batch_id: str) -> str:
    """Return the pub/sub channel of one batch or job."""
    return PREFIX + batch_id


def _client(url: str) -> Any:
    """Return this process's Redis client for `url` (one per process: never shared over fork)."""
    import redis

    key = (os.getpid(), url)
    if key not in _clients:
        _clients[key] = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    return _clients[key]


def publisher(url: str, channel: str | None, **stamp: Any) -> Callable[[Event], None]:
    """Return a function publishing events on `channel`, each stamped with `stamp`.

    A lost event is no reason to fail a set: publishing problems are ignored.
    """
    import redis

    def publish(event: Event) -> None:
        if channel is None:
            return
        with contextlib.suppress(redis.RedisError):
            _client(url).publish(channel, json.dumps({**stamp, **event}, ensure_ascii=False))

    return publish


def cancel(url: str, channel: str) -> None:
    """Mark the batch of `channel` as stopped: its sets not started yet are dropped by workers.

    Celery's revoke reaches only the workers running now; this mark waits in Redis for a
    worker started later too.
    """
    _client(url).set(CANCELLED + channel, "1", ex=CANCEL_SECONDS)


def is_cancelled(url: str, channel: str | None) -> bool:
    """Return whether the batch of `channel` was stopped (False when Redis does not answer)."""
    import redis

    if channel is None:
        return False
    try:
        return bool(_client(url).exists(CANCELLED + channel))
    except redis.RedisError:
        return False


class Listener:
    """Subscribed to one channel from creation (before any task is sent) until `close()`."""

    def __init__(self, url: str, channel: str) -> None:
        import redis

        self._client: Any = cast(Any, redis.Redis).from_url(url, socket_connect_timeout=5)
        self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(channel)

    def events(self, timeout: float) -> Iterator[Event]:
        """Yield the events that arrive within `timeout` s (the first wait), then those queued."""
        wait = timeout
        while True:
            message = self._pubsub.get_message(timeout=wait)
            if message is None:
                return
            wait = 0.0
            try:
                event = json.loads(message["data"])
            except (ValueError, TypeError):
                continue
            if isinstance(event, dict):
                yield event

    def close(self) -> None:
        """Unsubscribe and close the connection."""
        self._pubsub.close()
        self._client.close()
