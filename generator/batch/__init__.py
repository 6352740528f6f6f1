"""Build many organisations and sets at once: parallel, resumable, atomic, with a report.

`jobs` reads what to do (a folder of organisations or a YAML job list), `state` makes reruns skip
unchanged documents and keeps every output whole, `runner` does the work across processes.
"""
