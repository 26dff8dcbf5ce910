"""pytest-goexit: find exit-hygiene bugs in Go code and prove them by running it."""

# The one place the version is written: the build reads it from here (pyproject.toml,
# [tool.hatch.version]), and every run knows it without asking importlib.metadata (an
# import that costs each `goexit` start more than a tenth of its imports).
__version__ = "0.1.0"


def check(paths, config=None):
    """Analyse Go sources under ``paths``; return the list of :class:`Finding`."""
    from .engine import run

    return run(paths, config).findings


__all__ = ["__version__", "check"]
