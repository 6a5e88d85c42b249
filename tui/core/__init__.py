"""offrecord's core: the catalog, the record, where a person stands, and what it writes.

Nothing here imports Textual (an import-linter contract in pyproject.toml says so, and CI checks
it): the shell commands and the tests use this package directly.
"""
