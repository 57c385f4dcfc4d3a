#!/bin/sh
# Builds and installs the pgvector extension from Debian's source package
# (suite trixie) for the local PostgreSQL major version. Needs root and apt.
# The Debian mirror is read from this machine's own apt sources, never hard-coded.
set -eu

PG_MAJOR="${PG_MAJOR:-$(pg_config --version 2>/dev/null | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')}"
if [ -z "$PG_MAJOR" ]; then echo "install-pgvector: cannot tell the PostgreSQL version (pg_config missing)" >&2; exit 1; fi
if [ -f "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" ]; then
  echo "install-pgvector: vector already installed for PostgreSQL $PG_MAJOR"; exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-pgvector: pgvector is missing. Run as root, or install it yourself: apt-get install postgresql-$PG_MAJOR-pgvector" >&2
  exit 1
fi

# First Debian archive URI found in the apt sources (deb822 or one-line format).
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  m=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f")
  [ -n "$m" ] && { mirror="$m"; break; }
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) { print $i; exit } }' /etc/apt/sources.list)
fi
if [ -z "$mirror" ]; then echo "install-pgvector: no Debian mirror found in /etc/apt/sources*" >&2; exit 1; fi

work=$(mktemp -d /tmp/pgvector-build.XXXXXX)
src_list=/etc/apt/sources.list.d/stellar-trixie-src.list
echo "deb-src [trusted=yes] $mirror trixie main" > "$src_list"
trap 'rm -rf "$work"' EXIT

echo "install-pgvector: fetching the pgvector source package (trixie)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq -o Dir::Etc::sourcelist="$src_list" -o Dir::Etc::sourceparts="-" -o APT::Get::List-Cleanup="0" >/dev/null
dpkg -s "postgresql-server-dev-$PG_MAJOR" >/dev/null 2>&1 || apt-get install -y -qq "postgresql-server-dev-$PG_MAJOR" make gcc dpkg-dev >/dev/null
command -v dpkg-source >/dev/null 2>&1 || apt-get install -y -qq dpkg-dev >/dev/null
cd "$work"
apt-get source -qq pgvector >/dev/null 2>&1 || apt-get source pgvector
dir=$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
cd "$dir"
echo "install-pgvector: building (with_llvm=no)"
make -s with_llvm=no PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" >/dev/null
make -s with_llvm=no PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" install >/dev/null
echo "install-pgvector: installed $(basename "$dir") for PostgreSQL $PG_MAJOR"
