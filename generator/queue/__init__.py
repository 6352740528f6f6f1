"""Work past one machine: Celery tasks on a Redis broker, one organisation's set per task.

`app` configures Celery from a `redis://HOST:PORT/N` URL (broker and result backend), `events`
carries progress from workers to whoever submitted (Redis pub/sub), `worker` is what
`vanban worker` runs (one warm LibreOffice per worker process), `submit` is the submitting side
of `vanban batch --queue`. The use cases themselves are in generator.service.queued.
"""
