#!/usr/bin/env bash
# Documentation checks; prints one "ok - …" or "not ok - …" line per check and exits 1 when any failed.
#
#   Tests/Docs/docs.sh
#
# 1. docs/crd-reference.md is what docs/gen-crd-reference.py makes of crds/*.yaml (--check; shows the diff).
# 2. Every relative markdown link in README.md, docs/**/*.md and examples/README.md points to an existing file or
#    directory (the #anchor part is not checked; http(s):, mailto: and in-page #links are skipped, and so are links
#    inside code).
# 3. docs/operations.md names every metric the code registers and every condition reason the code sets, and every
#    finops_* metric name in README.md and docs/*.md exists in Sources/.
#
# Needs Python 3 with PyYAML for check 1: $VENV/bin/python (VENV defaults to .venv-ci, as in
# Tests/Integration/services.sh), else python3.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."   # the repository root

VENV=${VENV:-$PWD/.venv-ci}
failures=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; failures=$((failures + 1)); }

PY=""
for candidate in "$VENV/bin/python" python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then PY=$candidate; break; fi
done

# ---- 1. the CRD reference is up to date
if [ -z "$PY" ]; then
  not_ok "docs/crd-reference.md is up to date (no python with PyYAML: run make test once, or pip install pyyaml)"
elif out=$("$PY" docs/gen-crd-reference.py --check 2>&1); then
  ok "docs/crd-reference.md is up to date with crds/"
else
  echo "$out" | sed 's/^/# /'
  not_ok "docs/crd-reference.md is stale: run $PY docs/gen-crd-reference.py"
fi

# ---- 2 and 3 (plain Python, no PyYAML needed)
PY3=${PY:-python3}
report=$("$PY3" - <<'PY'

import glob, os, re, sys

failed = 0
def ok(text): print("ok - " + text)
def not_ok(text):
    global failed
    failed += 1
    print("not ok - " + text)

# 2. relative links
files = ["README.md"] + sorted(glob.glob("docs/**/*.md", recursive=True)) + ["examples/README.md"]
files = [f for f in files if os.path.isfile(f)]
fence = re.compile(r"^\s*(```|~~~)")
inline_link = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
reference_link = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
for path in files:
    broken, count = [], 0
    in_fence = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if fence.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            text = re.sub(r"`[^`]*`", "", line)  # links inside code spans are not links
            targets = [m.group(1) for m in inline_link.finditer(text)]
            reference = reference_link.match(text)
            if reference:
                targets.append(reference.group(1))
            for target in targets:
                if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("#"):
                    continue  # http:, https:, mailto:, … and in-page anchors
                relative = target.split("#", 1)[0].split("?", 1)[0]
                if not relative:
                    continue
                count += 1
                resolved = os.path.normpath(os.path.join(os.path.dirname(path), relative))
                if not os.path.exists(resolved):
                    broken.append(f"{path}:{number}: {target} -> {resolved}")
    if broken:
        for entry in broken:
            not_ok("broken link " + entry)
    else:
        ok(f"{path}: {count} relative links resolve")

# 3. metrics and condition reasons agree with the code
def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

def swift_files(*roots):
    for root in roots:
        if os.path.isfile(root):
            yield root
        for path in sorted(glob.glob(os.path.join(root, "**", "*.swift"), recursive=True)):
            yield path

sources = "\n".join(read(p) for p in swift_files("Sources"))
operations = read("docs/operations.md") if os.path.isfile("docs/operations.md") else ""
documented = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", operations))

metric_roots = [
    "Sources/KubeRuntime/Metrics", "Sources/FinOpsPipelines/Scrape", "Sources/FinOpsPipelines/Export",
    "Sources/FinOpsPipelines/Exporter", "Sources/FinOpsPipelines/Sources/Cluster",
]
metrics = set()
for path in swift_files(*metric_roots):
    metrics |= set(re.findall(r'"(finops_[a-z0-9_]+)"', read(path)))
missing = sorted(m for m in metrics if m not in documented)
if missing:
    not_ok("docs/operations.md lacks metrics the code registers: " + ", ".join(missing))
else:
    ok(f"docs/operations.md documents all {len(metrics)} metrics the code registers")

reasons = set()
conditions = read("Sources/FinOpsAPI/Conditions.swift")
block = conditions.split("public enum ConditionReason", 1)[1]
reasons |= set(re.findall(r'static let \w+ = "([A-Z]\w+)"', block))
source_error = read("Sources/FinOpsPipelines/Sources/SourceError.swift")
reasons |= set(re.findall(r'case \.\w+: "([A-Z]\w+)"', source_error.split("conditionReason", 1)[1]))
object_store = read("Sources/ObjectStorage/ObjectStore.swift")
reasons |= set(re.findall(r'case \w+ = "([A-Z]\w+)"', object_store.split("enum Kind", 1)[1].split("}", 1)[0]))
for path in swift_files("Sources/FinOpsPipelines", "Sources/FinOpsControllers", "Sources/FinOpsAPI"):
    for line in read(path).splitlines():
        if "reason" in line.lower() and not line.strip().startswith("//"):
            reasons |= set(re.findall(r'"([A-Z][a-z]+(?:[A-Z][A-Za-z]*)+)"', line))
# ReferenceCheck composes "<Kind>NotFound" and "<Kind>NotReady" for the kinds a reference may name.
for kind in ("DatabaseConfig", "ProviderConfig", "ResourceConfig", "MetricConfig"):
    reasons |= {kind + "NotFound", kind + "NotReady"}
missing = sorted(r for r in reasons if r not in documented)
if missing:
    not_ok("docs/operations.md lacks condition reasons the code sets: " + ", ".join(missing))
else:
    ok(f"docs/operations.md documents all {len(reasons)} condition reasons the code sets")

named = set()
for path in ["README.md"] + sorted(glob.glob("docs/*.md")):
    named |= {(path, m) for m in re.findall(r"\bfinops_[a-z0-9_]*[a-z0-9]\b", read(path))}
unknown = sorted(f"{m} ({p})" for p, m in named
                 if m not in sources and re.sub(r"_(bucket|sum|count)$", "", m) not in sources)
if unknown:
    not_ok("metric or table names in the docs that Sources/ does not contain: " + ", ".join(unknown))
else:
    ok(f"all {len({m for _, m in named})} finops_* names in README.md and docs/*.md exist in Sources/")

sys.exit(1 if failed else 0)
PY
2>&1)
status=$?
echo "$report"
counted=$(grep -c '^not ok' <<< "$report")
failures=$((failures + counted))
if [ "$status" -ne 0 ] && [ "$counted" -eq 0 ]; then not_ok "the link and name checks did not run to the end"; fi

if [ "$failures" -gt 0 ]; then
  echo "docs: $failures check(s) failed" >&2
  exit 1
fi
