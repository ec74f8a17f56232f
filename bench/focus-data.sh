# Sourced by the benchmarks: focus_file ROWS DATA TOOLKIT prints the path of the FOCUS 1.3 AWS cost-and-usage CSV
# with ROWS rows (focus-toolkit, seed 1), generating it into DATA/aws-1.3-ROWS (ignored by git) the first time.
focus_file() {
  local rows=$1 data=$2 toolkit=$3
  local dir="$data/aws-1.3-$rows"
  local file="$dir/focus_1_3_cost_and_usage_aws.csv"
  if [ ! -s "$file" ]; then
    [ -x "$toolkit" ] || { echo "missing $toolkit (make test installs the CI venv)" >&2; return 1; }
    echo "generating $rows FOCUS 1.3 AWS rows into $dir (seed 1) ..." >&2
    local partial="$dir.partial.$$"
    rm -rf "$partial"
    "$toolkit" generate --provider aws --focus-version 1.3 --rows "$rows" --seed 1 --out "$partial" >/dev/null || return 1
    mkdir -p "$data"
    rm -rf "$dir"
    mv "$partial" "$dir"
  fi
  echo "$(cd "$dir" && pwd)/$(basename "$file")"
}
