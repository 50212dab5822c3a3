#!/usr/bin/env bash
# One-time machine setup for the tests. Idempotent; uses apt-get (as root, or through sudo) only for what is missing.
# The system itself runs with only the .NET SDK: nothing here is needed for `dotnet run`.
set -euo pipefail
need=()
# chromium prints HTML documents (invoices, credit notes) to PDF; without it the API says so and still serves HTML.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# PostgreSQL (the server engine): installed, started on loopback, role and database created; prints the tests' connection string.
bash "$(dirname "$0")/postgres.sh" >/dev/null
echo "setup: ok (PostgreSQL tests: export MONOLITH_TEST_POSTGRES=\"$(bash "$(dirname "$0")/postgres.sh" | tail -n 1)\")"
