"""The web door of vanban (`vanban serve`): FastAPI routes, users and sessions, jobs, pages.

`generator.web.app.create_app` builds the application; each feature area is one `routes_*.py`
module listed in `app.ROUTER_MODULES`; jobs run behind `executor.JobExecutor`, each one call of
`generator.service.jobs.run_build`; a finalisation runs on the same executor
(`finalizations.py`, one call of `generator.service.finalize.finalize`).
"""
