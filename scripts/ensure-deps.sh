#!/bin/sh
# Installs the pinned dependencies when they are missing or older than the lock file,
# so that `npm run demo` and `npm test` work on a fresh clone with no other step.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ ! -d node_modules/graphile-worker ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "stellar: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
