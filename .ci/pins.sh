#!/usr/bin/env bash
# Print the pins requirements/*.txt give the named packages, one a line ("ruff==0.17.6"): a workflow installs
# them with `pip install -r`, so that it runs the versions pinned in that one place. Exits 1 naming a package
# no file pins.
set -euo pipefail
folder="$(dirname "$0")/../requirements"
for name in "$@"; do
  pin=$(cat "$folder"/*.txt | sed -n -E "s/^(${name}(\[[^]]*\])?==[^ ]+).*/\1/p" | head -n 1)
  if [ -z "$pin" ]; then
    echo "requirements/*.txt pins no ${name}: add a line '${name}==<version>' to the file of its group" >&2
    exit 1
  fi
  echo "$pin"
done
