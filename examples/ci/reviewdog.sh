#!/usr/bin/env sh
# Comment on a pull request with the findings on the lines it changed.
# reviewdog reads SARIF directly; --new-from-rev keeps the report to new code.
set -eu
goexit check --format sarif --exit-zero --new-from-rev "origin/${GITHUB_BASE_REF:-main}" ./... \
  | reviewdog -f=sarif -name=goexit -reporter=github-pr-review -fail-level=error
