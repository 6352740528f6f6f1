"""The Celery application of vanban, configured from one `redis://HOST:PORT/N` URL.

Redis is both the broker and the result backend. A task is acknowledged only when it has
finished (`acks_late`), a worker process that dies mid-task gives its message back
(`task_reject_on_worker_lost`), and each worker process takes one message at a time (prefetch
1), so a set waits in Redis, not behind a busy process. When a whole worker is killed, its
unacknowledged message becomes visible again after the visibility timeout and another worker
takes it; the surviving workers look for such messages every `restore_every` seconds.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from celery import Celery

from generator.errors import QueueError, UsageError

__all__ = [
    "JOB_TASK_NAME",
    "TASK_NAME",
    "VISIBILITY_TIMEOUT",
    "app",
    "check_url",
    "configure",
    "ping",
]

TASK_NAME = "vanban.build_set"  # one organisation's set of a batch
JOB_TASK_NAME = "vanban.run_job"  # one web job (its sets, numbers reserved by the server)
# A set takes seconds to a minute on a warm worker; ten minutes leaves a wide margin, and a set
# delivered twice anyway only waits for the first run (generator.setlock.set_lock).
VISIBILITY_TIMEOUT = 600.0
RESULT_SECONDS = 7 * 24 * 3600

app: Any = Celery("vanban", set_as_current=False)


def check_url(url: str) -> str:
    """Return `url` if it names a Redis database (`redis://HOST:PORT/N`); raise UsageError."""
    parts = urlsplit(url)
    problem = ""
    try:
        port = parts.port
    except ValueError:
        port, problem = None, "cổng không phải là số"
    database = parts.path.lstrip("/")
    if parts.scheme not in ("redis", "rediss"):
        problem = f"cần bắt đầu bằng redis://, nhận được '{parts.scheme or url}'"
    elif not parts.hostname:
        problem = "thiếu tên máy chủ"
    elif database and not database.isdigit():
        problem = f"số cơ sở dữ liệu cần là một số như 0, nhận được '{database}'"
    if problem or (port is None and parts.port is not None):
        raise UsageError(f"--queue {url}: {problem}; ví dụ redis://127.0.0.1:6379/0")
    return url


def configure(
    url: str, *, visibility_timeout: float = VISIBILITY_TIMEOUT, restore_every: float = 10.0
) -> Any:
    """Return the Celery app pointed at `url` (broker and result backend)."""
    check_url(url)
    transport = {
        "visibility_timeout": visibility_timeout,
        # Look for messages of dead workers every `restore_every` s (kombu would otherwise
        # scan only on every 10th sweep of 10 s).
        "unacked_restore_interval": max(1, round(restore_every)),
        "unacked_restore_throttle": 1,
    }
    app.conf.update(
        broker_url=url,
        result_backend=url,
        broker_transport_options=transport,
        result_backend_transport_options={"visibility_timeout": visibility_timeout},
        broker_connection_retry_on_startup=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=RESULT_SECONDS,
        task_track_started=True,
        result_extended=True,  # the task's arguments stay with its result, for inspection
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
    )
    return app


def ping(url: str) -> None:
    """Raise QueueError unless the Redis server at `url` answers."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except redis.RedisError as err:
        raise QueueError(
            f"không kết nối được hàng đợi {url} ({err}); kiểm tra redis-server đang chạy và "
            "địa chỉ, cổng đúng"
        ) from None
