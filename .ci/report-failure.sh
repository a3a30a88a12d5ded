#!/usr/bin/env bash
# Open an issue titled $1 for a failed scheduled run (body: the run's address and the file $2, if given), or
# comment on the open issue of that title. Needs GH_TOKEN and RUN_URL in the environment.
set -euo pipefail
title="$1"
details="$( [ -n "${2:-}" ] && [ -f "$2" ] && cat "$2" || true )"
body="$(printf 'The scheduled run failed: %s\n\n```\n%s\n```' "$RUN_URL" "$details")"
number="$(gh issue list --state open --search "$title in:title" --json number --jq '.[0].number')"
if [ -n "$number" ]; then
  gh issue comment "$number" --body "$body"
else
  gh issue create --title "$title" --body "$body" --label upstream-drift || gh issue create --title "$title" --body "$body"
fi
