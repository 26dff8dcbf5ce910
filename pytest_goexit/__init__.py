"""pytest-goexit: find exit-hygiene bugs in Go code and prove them by running it."""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version

try:
    __version__ = _dist_version("pytest-goexit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"


def check(paths, config=None):
    """Analyse Go sources under ``paths``; return the list of :class:`Finding`."""
    from .engine import run

    return run(paths, config).findings


__all__ = ["__version__", "check"]
