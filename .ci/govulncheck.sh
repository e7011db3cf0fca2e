#!/usr/bin/env bash
# govulncheck without vuln.go.dev: the Go module proxy serves the Go
# vulnerability reports as the module golang.org/x/vulndb (data/osv, one OSV
# JSON file per report), and that module's cmd/indexdb turns such a folder
# into the v1 database govulncheck reads with -db file://. Both tools come
# from the proxy by version; the database is built once per vulndb version
# and kept in the user's cache. Bump VULNDB_VERSION to take newer reports.
set -euo pipefail
cd "$(dirname "$0")/.."
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018
VULN_VERSION=v1.9.0
cache="${VULNDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dutydesk/vulndb-$VULNDB_VERSION}"
if [ ! -f "$cache/index/db.json" ]; then
  echo "building the vulnerability database from golang.org/x/vulndb@$VULNDB_VERSION"
  src=$(go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [ ! -d "$src/data/osv" ]; then
    echo "golang.org/x/vulndb@$VULNDB_VERSION has no data/osv" >&2; exit 1
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  GOFLAGS=-mod=mod go run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" -vulns "$src/data/osv" -out "$tmp/db"
  mkdir -p "$(dirname "$cache")"
  rm -rf "$cache"
  mv "$tmp/db" "$cache"
fi
echo "reports: golang.org/x/vulndb@$VULNDB_VERSION ($(ls "$cache/ID" | grep -c "\.json$") reports)"
out=$(mktemp)
# govulncheck exits 3 when it finds something; vulncheck decides.
GOFLAGS=-mod=mod go run "golang.org/x/vuln/cmd/govulncheck@$VULN_VERSION" -db "file://$cache" -format json ./... > "$out" || [ $? -eq 3 ]
go run ./.ci/vulncheck < "$out"
rm -f "$out"
