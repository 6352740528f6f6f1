"""Use cases the doors share (CLI, web, queue): no click, no HTTP, no Celery inside.

Each use case takes a progress callback and the stages (executor) it runs with, and raises the
errors of `generator.errors`; the door decides how to show them.
"""
