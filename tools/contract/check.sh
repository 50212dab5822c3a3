#!/usr/bin/env bash
# Contract check (CI, < 1 min once npm's cache is warm): the committed OpenAPI document (docs/openapi/v1.json, which the host tests
# prove is the served one) passes Redocly's recommended ruleset with 0 errors (kept warnings: redocly.yaml), and a strict TypeScript
# consumer compiles against the types openapi-typescript generates from it. Prints "contract: ok" or "contract: FAILED (...)".
set -uo pipefail
cd "$(dirname "$0")"
document=../../docs/openapi/v1.json
fail() { echo "contract: FAILED ($1)"; exit 1; }
[ -f "$document" ] || fail "no $document"
if [ ! -x node_modules/.bin/redocly ] || [ ! -x node_modules/.bin/openapi-typescript ] || [ ! -x node_modules/.bin/tsc ]; then
  npm install --no-audit --no-fund --loglevel=error >/dev/null || fail "npm install"
fi
lint="$(node_modules/.bin/redocly lint "$document" --config redocly.yaml --format=summary 2>&1)"; lint_status=$?
echo "$lint" | grep -e "^error" -e "^warning" -e "Validation" -e "Woohoo" || true
[ "$lint_status" -eq 0 ] || fail "redocly lint: errors"
mkdir -p generated
node_modules/.bin/openapi-typescript "$document" -o generated/api.d.ts >/dev/null 2>&1 || fail "openapi-typescript"
node_modules/.bin/tsc -p tsconfig.json || fail "tsc: the consumer does not compile against the contract"
echo "contract: ok"
