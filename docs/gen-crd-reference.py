#!/usr/bin/env python3
"""Writes docs/crd-reference.md from crds/*.yaml (the CRDs are the source of truth; the page is generated).

    python3 docs/gen-crd-reference.py            # regenerate docs/crd-reference.md
    python3 docs/gen-crd-reference.py --check    # exit 1 with a diff when docs/crd-reference.md is stale

Per kind: group/version, scope, names, printer columns, then one table per object of the schema (spec, every nested
object, status) with each field's path, type, whether it is required, its default, its constraints (enum, pattern,
minimum/maximum, lengths, format, list type) and its description, and the condition types the operator sets.
Needs PyYAML (in the CI venv: .venv-ci/bin/python).
"""
import argparse
import difflib
import glob
import os
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the interpreter
    sys.exit("gen-crd-reference.py needs PyYAML: use .venv-ci/bin/python or pip install pyyaml")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KIND_ORDER = ["ExporterScraperConfig", "DatabaseConfig", "ProviderConfig", "ResourceConfig", "MetricConfig"]

# The condition types each kind gets (set in Sources/FinOpsControllers: ExporterScraperReconciler+Status.swift for
# ExporterScraperConfig, ConfigReconciler.swift for the others). Every name is checked against the constants of
# Sources/FinOpsAPI/Conditions.swift, so a renamed type fails the generator instead of going stale.
KIND_CONDITIONS = {
    "ExporterScraperConfig": [
        ("Ready", "spec valid, references resolved, exporter Deployment available"),
        ("Synced", "the last reconcile applied the exporter's objects (False also when the scrape's database fails)"),
        ("ExporterAvailable", "the exporter Deployment has its replicas available"),
        ("SourceHealthy", "the exporter's last poll of its source, read from the exporter's `/status`"),
        ("ScrapeHealthy", "the in-process scrape into the database (only with `spec.scraperConfig`)"),
        ("ExportHealthy", "the in-process FOCUS file export (only with `spec.focusExport`)"),
    ],
    "DatabaseConfig": [("Ready", "spec valid, Secrets present, a connection and a query succeed")],
    "ProviderConfig": [("Ready", "spec valid, every referenced ResourceConfig exists")],
    "ResourceConfig": [("Ready", "spec valid, every referenced MetricConfig exists")],
    "MetricConfig": [("Ready", "spec valid, the endpoint Secret exists with `server-url`")],
}
CONDITIONS_SWIFT = os.path.join("Sources", "FinOpsAPI", "Conditions.swift")


def cell(text):
    """Text safe inside a markdown table cell (no pipes, no HTML, one line)."""
    text = " ".join(str(text).split())
    parts = text.split("`")
    for index in range(0, len(parts), 2):  # outside code spans: no HTML
        parts[index] = parts[index].replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts).replace("|", "\\|")  # GFM tables need \| even inside code spans


def code(text):
    return "`" + str(text).replace("`", "'") + "`"


def type_of(schema):
    """A short type name: string, integer, array of string, map of string, any JSON, object."""
    if schema.get("x-kubernetes-preserve-unknown-fields") and "type" not in schema:
        return "any JSON"
    kind = schema.get("type", "any")
    if kind == "array":
        return "array of " + type_of(schema.get("items", {}))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return "map of " + type_of(schema["additionalProperties"])
    if kind == "object" and schema.get("x-kubernetes-preserve-unknown-fields"):
        return "object (any fields)"
    return kind


def bound(schema, low, high, unit=""):
    lo, hi = schema.get(low), schema.get(high)
    if lo is not None and hi is not None:
        return f"{lo}–{hi}{unit}"
    if lo is not None:
        return f"≥ {lo}{unit}"
    if hi is not None:
        return f"≤ {hi}{unit}"
    return None


def constraints(schema):
    parts = []
    if "enum" in schema:
        parts.append("one of " + ", ".join(code(v) for v in schema["enum"]))
    if "pattern" in schema:
        parts.append("pattern " + code(schema["pattern"]))
    value = bound(schema, "minimum", "maximum")
    if value:
        parts.append("value " + value)
    value = bound(schema, "minLength", "maxLength", " chars")
    if value:
        parts.append("length " + value)
    value = bound(schema, "minItems", "maxItems", " items")
    if value:
        parts.append(value)
    if "format" in schema:
        parts.append("format " + code(schema["format"]))
    if "x-kubernetes-list-type" in schema:
        keys = schema.get("x-kubernetes-list-map-keys")
        keyed = " keyed by " + ", ".join(code(k) for k in keys) if keys else ""
        parts.append("list type " + code(schema["x-kubernetes-list-type"]) + keyed)
    items = schema.get("items") or {}
    if schema.get("type") == "array" and isinstance(items, dict) and items.get("type") != "object":
        inner = constraints(items)
        if inner:
            parts.append("items: " + inner)
    return "; ".join(parts)


def has_table(schema):
    """Whether a field gets a table of its own: an object with properties, or an array of such objects."""
    if schema.get("type") == "array":
        return has_table(schema.get("items") or {})
    return schema.get("type") == "object" and bool(schema.get("properties"))


def object_of(schema):
    return schema["items"] if schema.get("type") == "array" else schema


def tables(path, schema, out, intro=None):
    """One table for the object at `path`, then one for each nested object, depth first in schema order. `intro` is
    the object's description when its parent's row does not already show it."""
    required = set(schema.get("required") or [])
    rows = []
    nested = []
    for name, child in (schema.get("properties") or {}).items():
        child_path = f"{path}.{name}"
        kind = type_of(child)
        default = ""
        if "default" in child:
            dumped = yaml.safe_dump(child["default"], default_flow_style=True).strip()
            default = code(dumped.removesuffix("...").strip())
        description = child.get("description") or ""
        if not description and child.get("type") == "array":
            description = object_of(child).get("description") or ""
        if has_table(child):
            sub = child_path + ("[]" if child.get("type") == "array" else "")
            items = object_of(child).get("description") if child.get("type") == "array" else None
            nested.append((sub, object_of(child), items if items and items != child.get("description") else None))
            description = (description + " " if description else "") + f"Fields: `{sub}` below."
        rows.append(
            "| " + " | ".join([code(child_path), cell(kind), "yes" if name in required else "", default,
                               cell(constraints(child)), cell(description)]) + " |")
    out.append(f"#### `{path}`")
    out.append("")
    if intro:
        out.append(cell(intro))
        out.append("")
    out.append("| field | type | required | default | constraints | description |")
    out.append("|---|---|---|---|---|---|")
    out.extend(rows)
    out.append("")
    for sub, child, text in nested:
        tables(sub, child, out, text)


def condition_types(root):
    path = os.path.join(root, CONDITIONS_SWIFT)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    block = text.split("public enum ConditionType", 1)[1].split("\n}", 1)[0]
    return set(re.findall(r'static let \w+ = "(\w+)"', block))


def load_crds(root):
    crds = []
    for path in sorted(glob.glob(os.path.join(root, "crds", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if doc and doc.get("kind") == "CustomResourceDefinition":
                    crds.append((os.path.relpath(path, root), doc))
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    def rank(item):
        kind = item[1]["spec"]["names"]["kind"]
        return (order.get(kind, len(order)), kind)

    crds.sort(key=rank)
    return crds


def anchor(kind):
    return kind.lower()


def render(root):
    known = condition_types(root)
    crds = load_crds(root)
    out = [
        "# CRD reference",
        "",
        "<!-- Generated by docs/gen-crd-reference.py from crds/*.yaml; do not edit by hand. Regenerate with",
        "     `python3 docs/gen-crd-reference.py`; `Tests/Docs/docs.sh` fails when this page is stale. -->",
        "",
        "Every field of the five custom resources the operator serves, as the CRDs in `crds/` declare them. The API",
        "server enforces types, enums, patterns and bounds; the operator checks the rest when it normalizes a spec and",
        "reports a violation as `Ready=False` with reason `InvalidSpec`, naming the field (see",
        "[operations.md](operations.md), *Troubleshooting*). **required** means required whenever the enclosing object",
        "is present. Which of Krateo's two spec shapes a field belongs to, and how it differs from Krateo's, is in",
        "[krateo-compatibility.md](krateo-compatibility.md); the source blocks are described in",
        "[sources.md](sources.md).",
        "",
        "| kind | short names | scope | file |",
        "|---|---|---|---|",
    ]
    for path, crd in crds:
        names = crd["spec"]["names"]
        out.append(
            f"| [{names['kind']}](#{anchor(names['kind'])}) | "
            + ", ".join(code(s) for s in names.get("shortNames", []))
            + f" | {crd['spec']['scope']} | `{path}` |")
    out.append("")
    for path, crd in crds:
        spec = crd["spec"]
        names = spec["names"]
        kind = names["kind"]
        for version in spec["versions"]:
            schema = version["schema"]["openAPIV3Schema"]
            out.append(f"## {kind}")
            out.append("")
            if schema.get("description"):
                out.append(cell(schema["description"]))
                out.append("")
            subresources = ", ".join(sorted((version.get("subresources") or {}).keys())) or "none"
            facts = [
                ("API version", code(f"{spec['group']}/{version['name']}")),
                ("kind / list kind", f"{code(kind)} / {code(names.get('listKind', kind + 'List'))}"),
                ("scope", spec["scope"]),
                ("plural / singular", f"{code(names['plural'])} / {code(names.get('singular', ''))}"),
                ("short names", ", ".join(code(s) for s in names.get("shortNames", [])) or "none"),
                ("categories", ", ".join(code(s) for s in names.get("categories", [])) or "none"),
                ("served / storage", ("yes" if version.get("served") else "no") + " / "
                 + ("yes" if version.get("storage") else "no")),
                ("subresources", subresources),
                ("CRD file", code(path)),
            ]
            out.append("| | |")
            out.append("|---|---|")
            out.extend(f"| {name} | {value} |" for name, value in facts)
            out.append("")
            columns = version.get("additionalPrinterColumns") or []
            if columns:
                out.append(f"`kubectl get {names['plural']}` columns (priority 1 only with `-o wide`):")
                out.append("")
                out.append("| column | type | JSONPath | priority |")
                out.append("|---|---|---|---|")
                for column in columns:
                    out.append(
                        f"| {cell(column['name'])} | {column['type']} | {code(column['jsonPath'])} | "
                        f"{column.get('priority', 0)} |")
                out.append("")
            conditions = KIND_CONDITIONS.get(kind)
            if conditions:
                unknown = [name for name, _ in conditions if name not in known]
                if unknown:
                    sys.exit(f"gen-crd-reference.py: condition types {unknown} are not in {CONDITIONS_SWIFT}")
                out.append(
                    "Condition types the operator sets in `status.conditions` (reasons and what to do: "
                    "[operations.md](operations.md#troubleshooting-by-condition)):")
                out.append("")
                out.append("| type | says |")
                out.append("|---|---|")
                out.extend(f"| `{name}` | {says} |" for name, says in conditions)
                out.append("")
            properties = schema.get("properties") or {}
            for part in ("spec", "status"):
                if part in properties:
                    out.append(f"### {kind} `{part}`")
                    out.append("")
                    tables(part, properties[part], out, properties[part].get("description"))
            others = [name for name in properties if name not in ("apiVersion", "kind", "metadata", "spec", "status")]
            if others:
                out.append(f"### {kind}: other top-level fields")
                out.append("")
                for name in others:
                    tables(name, properties[name], out, properties[name].get("description"))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 with a diff when the page is stale")
    parser.add_argument("--root", default=ROOT, help="repository root (default: this script's parent directory)")
    parser.add_argument("--out", default=None, help="output file (default: ROOT/docs/crd-reference.md)")
    args = parser.parse_args()
    out = args.out or os.path.join(args.root, "docs", "crd-reference.md")
    text = render(args.root)
    if args.check:
        try:
            with open(out, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = ""
        if current != text:
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True), text.splitlines(keepends=True),
                    fromfile=os.path.relpath(out, args.root) + " (committed)",
                    tofile=os.path.relpath(out, args.root) + " (from crds/)"))
            name = os.path.relpath(out, args.root)
            print(f"\n{name} is stale: run python3 docs/gen-crd-reference.py", file=sys.stderr)
            return 1
        return 0
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
