#!/usr/bin/env bash
# The FinOps Foundation's validator (focus-validator 2.2.1, offline: its FOCUS 1.2 rule set) on what we write: a
# generated FOCUS 1.2 AWS file (focus-toolkit, 300 rows, seed 1) validated as given, as Parquet written by
# `finops-operator convert` (zstd), and as CSV written back from that Parquet by `convert` (our CSV writer). Our
# output must fail no rule the input does not fail itself.
#
# Expected failures, pinned (the generated data's own, not ours):
#   InvoiceId-C-004-C       the generator fills InvoiceId on rows that have no invoice
#   EffectiveCost-C-005-C   the generator gives purchases of future coverage a non-zero EffectiveCost
# and only for CSV (the input's and ours: the validator infers CSV column types; numeric-looking ids become numbers):
#   BillingAccountId-C-002-M, BillingAccountId-C-000-M   our Parquet types the column as a string and passes them
# Skipped with a message when no Python >= 3.12 is available.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source Tests/Integration/services.sh
if ! validator_install; then
  echo "SKIP focus-validator: needs Python >= 3.12 (python3.12 or python3.13 on PATH)"
  exit 0
fi
BIN=${BIN:-"$(swift build --show-bin-path)/finops-operator"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$VENV/bin/focus-toolkit" generate --provider aws --focus-version 1.2 --rows 300 --seed 1 --out "$work/in" >/dev/null ||
  { echo "FAIL focus-toolkit generate"; exit 1; }
input=$(ls "$work"/in/*cost_and_usage*.csv)
"$BIN" convert "$input" "$work/ours.parquet" --compression zstd >/dev/null || { echo "FAIL convert"; exit 1; }
"$BIN" convert "$work/ours.parquet" "$work/ours.csv" >/dev/null || { echo "FAIL convert back to CSV"; exit 1; }

site=$("$VALIDATOR_VENV/bin/python" -c 'import focus_validator, os; print(os.path.dirname(os.path.dirname(focus_validator.__file__)))')
# failed_rules FILE: the ids of the rules that failed, one per line, sorted; the Total line goes to $work/FILE.total.
failed_rules() {
  local name; name=$(basename "$1")
  (cd "$site" && "$VALIDATOR_VENV/bin/focus-validator" --data-file "$1" --validate-version 1.2 --block-download) \
    > "$work/$name.txt" 2>&1
  grep -m1 '^Total:' "$work/$name.txt" > "$work/$name.total" || { echo "no summary: $(tail -3 "$work/$name.txt")" >&2; return 1; }
  sed -n 's/^- \([A-Za-z]*-[A-Z]-[0-9]*-[A-Z]\): violations=.*/\1/p' "$work/$name.txt" | sort -u
}
status=0
expected="EffectiveCost-C-005-C
InvoiceId-C-004-C"
in_failed=$(failed_rules "$input") || { echo "FAIL validator on the input"; exit 1; }
ours_failed=$(failed_rules "$work/ours.parquet") || { echo "FAIL validator on our Parquet"; exit 1; }
echo "input CSV:    $(cat "$work/$(basename "$input").total")"
echo "our Parquet:  $(cat "$work/ours.parquet.total")"
new=$(comm -13 <(echo "$in_failed") <(echo "$ours_failed"))
if [ -z "$new" ]; then echo "PASS our Parquet fails no rule the input passes"; else echo "FAIL new failures: $new"; status=1; fi
if [ "$ours_failed" = "$expected" ]; then
  echo "PASS our Parquet fails exactly the pinned rules (generated data): $(echo $expected)"
else
  echo "FAIL our Parquet's failures differ from the pinned ones: $(echo $ours_failed)"; status=1
fi
ours_csv_failed=$(failed_rules "$work/ours.csv") || { echo "FAIL validator on our CSV"; exit 1; }
echo "our CSV:      $(cat "$work/ours.csv.total")"
if [ "$ours_csv_failed" = "$in_failed" ]; then
  echo "PASS our CSV fails exactly the rules the input CSV fails: $(echo $in_failed)"
else
  echo "FAIL our CSV: $(echo $ours_csv_failed); the input: $(echo $in_failed)"; status=1
fi
exit $status
