"""Build and run Go programs: the only part of goexit that starts processes."""
