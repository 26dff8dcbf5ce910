"""Errors that are the user's to fix: shown as one line, exit status 2, no traceback."""


class UsageError(Exception):
    """A wrong path, option, revision or file given to goexit."""


class ConfigError(UsageError):
    """A mistake in a configuration or baseline file; the message names file:line."""
