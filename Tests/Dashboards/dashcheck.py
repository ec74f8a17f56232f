"""Helpers of Tests/Dashboards/dashboards.sh (Python 3 + PyYAML), one subcommand each; each prints `ok - …` /
`not ok - …` lines (or data for the caller) and exits 1 on a failure.

  structure DASHBOARD...          valid JSON, Grafana 10/11 model (schemaVersion 39, unique uid), a `datasource`
                                  variable of type datasource/prometheus, unique panel ids, every panel, target and
                                  query variable on ${datasource}, every target with an expression
  configmaps RENDER LABEL VALUE DASHBOARD...
                                  one ConfigMap per dashboard file in the `helm template` output RENDER, labelled
                                  LABEL=VALUE, its data the file byte for byte
  rules RENDER OUT                the groups of the rendered PrometheusRule as a Prometheus rule file OUT; prints the
                                  recording rule names
  names RULES METRICS_DIR DASHBOARD...
                                  every metric name of the dashboards' queries (targets and variables) and of the
                                  rules' expressions is a sample name in one of METRICS_DIR/*.txt (real /metrics
                                  answers) or a recording rule of RULES; every label of their matchers is a label of
                                  that metric as served (or of the rule's `by`), every label of grouping lists and
                                  legends one of the expression's metrics; target labels (namespace, service, …)
                                  pass everywhere
  panels PROM_URL ALLOW DASHBOARD...
                                  every target (and query variable) evaluated through PROM_URL/api/v1/query with the
                                  variables replaced has a series with a number; ALLOW lists `uid|panel title|refId|why`
                                  lines of queries allowed to be empty (an allowed query that has data fails: the list
                                  stays minimal)
  total PROM_URL DASHBOARD TITLE CSV_GZ
                                  the panel TITLE with provider=AWS and currency=USD equals the sum of BilledCost of
                                  CSV_GZ (Decimal) within 0.01
"""
import csv
import decimal
import glob
import gzip
import json
import math
import os
import re
import sys
import time
import urllib.parse
import urllib.request

import yaml

DS_UID = "${datasource}"

# ------------------------------------------------------------------------------------------------ dashboards


def load(path):
    with open(path) as f:
        return json.load(f)


def all_panels(dash):
    """Every panel, rows' nested panels included."""
    out = []
    for p in dash.get("panels", []):
        out.append(p)
        out.extend(p.get("panels", []))
    return out


def query_of(var):
    q = var.get("query")
    return q.get("query", "") if isinstance(q, dict) else (q or "")


def targets(dash):
    """(panel title, refId, expr) of every target."""
    return [(p.get("title", ""), t.get("refId", ""), t.get("expr", ""))
            for p in all_panels(dash) for t in p.get("targets", [])]


def variables(dash, kind=None):
    return [v for v in dash.get("templating", {}).get("list", []) if kind is None or v.get("type") == kind]


def structure(paths):
    failed = 0
    uids = {}

    def check(cond, text):
        nonlocal failed
        print(("ok - " if cond else "not ok - ") + text)
        failed += 0 if cond else 1

    for path in paths:
        name = os.path.basename(path)
        try:
            dash = load(path)
        except (OSError, ValueError) as e:
            check(False, f"{name}: valid JSON ({e})")
            continue
        check(True, f"{name}: valid JSON")
        check(dash.get("schemaVersion") == 39 and isinstance(dash.get("uid"), str) and dash["uid"]
              and dash["uid"] not in uids and dash.get("title"),
              f"{name}: schemaVersion 39, title, unique uid ({dash.get('uid')})")
        uids[dash.get("uid")] = name
        ds = [v for v in variables(dash) if v.get("name") == "datasource"]
        check(len(ds) == 1 and ds[0].get("type") == "datasource" and ds[0].get("query") == "prometheus",
              f"{name}: a `datasource` variable of type datasource, query prometheus")
        panels = all_panels(dash)
        ids = [p.get("id") for p in panels]
        dup = sorted({i for i in ids if ids.count(i) > 1 or not isinstance(i, int)}, key=str)
        check(not dup, f"{name}: {len(ids)} panels, ids unique integers" + (f" (duplicates {dup})" if dup else ""))
        bad = []
        n_targets = 0
        for p in panels:
            if p.get("type") == "row":
                continue
            if p.get("datasource", {}).get("uid") != DS_UID or p.get("datasource", {}).get("type") != "prometheus":
                bad.append(f"panel {p.get('title')!r}")
            if not p.get("targets"):
                bad.append(f"panel {p.get('title')!r} has no target")
            for t in p.get("targets", []):
                n_targets += 1
                if t.get("datasource", {}).get("uid") != DS_UID or not t.get("expr", "").strip():
                    bad.append(f"panel {p.get('title')!r} target {t.get('refId')}")
        for v in variables(dash, "query"):
            if v.get("datasource", {}).get("uid") != DS_UID:
                bad.append(f"variable {v.get('name')}")
        check(not bad, f"{name}: every panel, its {n_targets} targets and the query variables use ${{datasource}}"
              + (f" (not: {', '.join(bad)})" if bad else ""))
        gp = [p["gridPos"] for p in panels if "gridPos" in p]
        check(len(gp) == len(panels) and all(g["x"] + g["w"] <= 24 for g in gp),
              f"{name}: every panel has a gridPos within 24 columns")
    return 1 if failed else 0


def configmaps(render, label, value, paths):
    with open(render) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    cms = [d for d in docs if d.get("kind") == "ConfigMap"]
    failed = 0
    for path in paths:
        name = os.path.basename(path)
        with open(path) as f:
            content = f.read()
        hits = [c for c in cms if name in (c.get("data") or {})]
        if len(hits) != 1:
            print(f"not ok - ConfigMap of {name}: found {len(hits)}")
            failed += 1
            continue
        cm = hits[0]
        labels = cm["metadata"].get("labels", {})
        same = cm["data"][name] == content.rstrip("\n")
        good = labels.get(label) == value and same
        print(("ok - " if good else "not ok - ") +
              f"ConfigMap {cm['metadata'].get('namespace')}/{cm['metadata']['name']}: label {label}={labels.get(label)!r}, "
              f"data[{name}] {'is' if same else 'is NOT'} the file ({len(content)} bytes)")
        failed += 0 if good else 1
    return 1 if failed else 0


# ------------------------------------------------------------------------------------------------ rules

def rules(render, out):
    with open(render) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    pr = [d for d in docs if d.get("kind") == "PrometheusRule"]
    if len(pr) != 1:
        print(f"expected one PrometheusRule, found {len(pr)}", file=sys.stderr)
        return 1
    groups = pr[0]["spec"]["groups"]
    with open(out, "w") as f:
        yaml.safe_dump({"groups": groups}, f, sort_keys=False)
    for g in groups:
        for r in g["rules"]:
            if "record" in r:
                print(r["record"])
    return 0


def rule_exprs(path):
    with open(path) as f:
        groups = yaml.safe_load(f)["groups"]
    recorded = {r["record"] for g in groups for r in g["rules"] if "record" in r}
    exprs = [(r.get("record") or r.get("alert"), r["expr"]) for g in groups for r in g["rules"]]
    return recorded, exprs


# ------------------------------------------------------------------------------------------------ PromQL names

AGGREGATORS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
               "quantile", "limitk", "limit_ratio"}
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless",
            "atan2", "inf", "nan"}
LABEL_LISTS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
IDENT = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")


def _skip_string(s, i):
    q = s[i]
    i += 1
    while i < len(s) and s[i] != q:
        i += 2 if s[i] == "\\" and q != "`" else 1
    return i + 1


def _skip_group(s, i, open_, close):
    """From s[i] == open_, the index after the matching close (strings inside skipped)."""
    depth = 0
    while i < len(s):
        c = s[i]
        if c in "\"'`":
            i = _skip_string(s, i)
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced {open_} in {s!r}")


MATCHER_LABEL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)")


def parse(expr):
    """The selectors and grouping labels of a PromQL expression: ({metric name: label names of its matchers},
    label names of by/without/on/ignoring/group_left/group_right lists). Metric names are identifiers outside strings,
    label matchers ({…}), ranges ([…]) and grouping lists that are neither keywords, aggregation operators nor function
    calls (an identifier followed by `(`)."""
    selectors, grouping = {}, set()
    s, i = expr, 0
    last_metric = None
    while i < len(s):
        c = s[i]
        if c in "\"'`":
            i = _skip_string(s, i)
        elif c == "{":
            end = _skip_group(s, i, "{", "}")
            inner = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', s[i + 1:end - 1])
            labels = {m.group(1) for m in MATCHER_LABEL.finditer(inner)} - {"__name__"}
            if last_metric is not None:
                selectors[last_metric] |= labels
            i = end
        elif c == "[":
            i = _skip_group(s, i, "[", "]")
        elif c == "$":  # a Grafana variable: $name or ${name…}
            i += 1
            if i < len(s) and s[i] == "{":
                i = _skip_group(s, i, "{", "}")
            else:
                m = IDENT.match(s, i)
                i = m.end() if m else i
        elif c.isdigit() or (c == "." and i + 1 < len(s) and s[i + 1].isdigit()):
            i = re.compile(r"[0-9.]+(?:[eE][+-]?[0-9]+)?[A-Za-z0-9_]*").match(s, i).end()  # numbers, 0x…, durations
        elif IDENT.match(s, i):
            m = IDENT.match(s, i)
            word, i = m.group(), m.end()
            j = i
            while j < len(s) and s[j].isspace():
                j += 1
            followed_by_paren = j < len(s) and s[j] == "("
            if word.lower() in LABEL_LISTS:
                if followed_by_paren:
                    end = _skip_group(s, j, "(", ")")
                    grouping |= {w for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", s[j + 1:end - 1])}
                    i = end
            elif word.lower() in KEYWORDS or word in AGGREGATORS or followed_by_paren:
                pass
            else:
                selectors.setdefault(word, set())
                last_metric = word
                continue
        else:
            i += 1
        last_metric = None if c not in " \t\n" else last_metric
    return selectors, grouping


def metric_names(expr):
    return set(parse(expr)[0])


def variable_queries(dash):
    """(variable name, PromQL expression, regex or None, label) of the query variables: label_values(expr, label)
    becomes expr (its label's values are checked), query_result(expr) its expr (the regex applies)."""
    out = []
    for v in variables(dash, "query"):
        q = query_of(v).strip()
        m = re.fullmatch(r"label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)", q, re.S)
        if m:
            out.append((v["name"], m.group(1), None, m.group(2)))
            continue
        m = re.fullmatch(r"query_result\((.*)\)", q, re.S)
        if m:
            regex = v.get("regex") or ""
            out.append((v["name"], m.group(1), regex.strip("/") or None, None))
            continue
        out.append((v["name"], q, None, None))
    return out


# Labels Prometheus' Kubernetes service discovery (a ServiceMonitor) puts on every scraped series.
TARGET_LABELS = {"namespace", "service", "pod", "instance", "job", "endpoint", "container"}


def names(rules_path, metrics_dir, paths):
    """Metric names, then label names: of each selector's matchers (the metric's own labels as served, the
    recording rule's `by` labels and label_replace destinations, or a target label), and of grouping lists and
    legends (a label of a metric of the same expression, a target label, or one a label_replace names)."""
    recorded, exprs = rule_exprs(rules_path)
    exposed, sources = {}, {}  # name -> label names; name -> first file
    for f in sorted(glob.glob(os.path.join(metrics_dir, "*.txt"))):
        for line in open(f):
            if line.strip() and not line.startswith("#"):
                n = re.match(r"[A-Za-z_:][A-Za-z0-9_:]*", line).group()
                labels = set(re.findall(r'[{,]\s*([A-Za-z_][A-Za-z0-9_]*)="', line.split("} ")[0] + "}"))
                exposed.setdefault(n, set()).update(labels)
                sources.setdefault(n, os.path.basename(f)[:-4])
    for rule, expr in exprs:
        if rule in recorded:
            # The recording rules aggregate `by (…)`; a label_replace (dst, replacement, src, regex) adds dst.
            added = re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)",\s*"[^"]*",\s*"[^"]*",\s*"[^"]*"\s*\)', expr)
            exposed[rule] = parse(expr)[1] | set(added)
    queries = []  # (where, expr, legend)
    for path in paths:
        dash = load(path)
        for p in all_panels(dash):
            for t in p.get("targets", []):
                queries.append((dash["uid"], t.get("expr", ""), t.get("legendFormat", "")))
        for var, expr, _, _ in variable_queries(dash):
            queries.append((f"{dash['uid']} ${var}", expr, ""))
    queries += [("PrometheusRule", expr, "") for _, expr in exprs]
    used = {}
    for where, expr, _ in queries:
        for n in metric_names(expr):
            used.setdefault(n, set()).add(where.split(" (")[0])
    failed = 0
    for n in sorted(used):
        where = ", ".join(sorted(used[n]))
        if n in recorded:
            print(f"ok - {n} (recording rule; used by {where})")
        elif n in exposed:
            print(f"ok - {n} (served by {sources[n]}; used by {where})")
        else:
            print(f"not ok - {n} is neither in any real /metrics answer nor a recording rule (used by {where})")
            failed += 1
    bad, checked = {}, {}
    for where, expr, legend in queries:
        selectors, grouping = parse(expr)
        strings = set(re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"', expr))  # label_replace's labels
        known = set().union(*(exposed.get(n, set()) for n in selectors)) | TARGET_LABELS | strings | {"le"}
        owner = where.split(" ")[0]
        for n, labels in selectors.items():
            for label in labels:
                checked.setdefault(owner, set()).add(label)
                if n in exposed and label not in exposed[n] | TARGET_LABELS:
                    bad.setdefault(owner, set()).add(f"{n}{{{label}}}")
        for label in grouping | set(re.findall(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", legend)):
            checked.setdefault(owner, set()).add(label)
            if label not in known:
                bad.setdefault(owner, set()).add(f"{label} (by/legend)")
    for owner in sorted(checked):
        if owner in bad:
            print(f"not ok - {owner}: labels not served: {', '.join(sorted(bad[owner]))}")
            failed += 1
        else:
            print(f"ok - {owner}: every label of the matchers, grouping lists and legends exists "
                  f"({len(checked[owner])}: {' '.join(sorted(checked[owner]))})")
    print(f"# {len(used)} metric names, {len(exposed) - len(recorded)} sample names in {metrics_dir}, "
          f"{len(recorded)} recording rules; target labels allowed everywhere: {' '.join(sorted(TARGET_LABELS))}")
    return 1 if failed else 0


# ------------------------------------------------------------------------------------------------ Prometheus

SUBSTITUTIONS = [
    (r"\$__rate_interval|\$\{__rate_interval\}", "2m"),
    (r"\$__interval|\$\{__interval\}", "15s"),
    (r"\$__range|\$\{__range\}", "5m"),
]


def substitute(expr, values):
    for pattern, value in SUBSTITUTIONS:
        expr = re.sub(pattern, value, expr)
    for name, value in values.items():
        expr = re.sub(r"\$\{" + name + r"(:[a-z]+)?\}|\$" + name + r"\b", value, expr)
    if "$" in re.sub(r'"[^"]*\$[0-9]+[^"]*"', "", expr):  # $1 in label_replace strings is PromQL's own
        raise ValueError(f"unreplaced variable in {expr}")
    return expr


def prom_query(url, expr):
    q = urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(f"{url}/api/v1/query?{q}", timeout=10) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(body)
    data = body["data"]
    if data["resultType"] == "scalar":
        return [{"metric": {}, "value": data["result"]}]
    return data["result"]


def numeric(result):
    return [r for r in result if "value" in r and math.isfinite(float(r["value"][1]))]


def panels(url, allow_path, paths, timeout=40.0):
    allow = {}
    with open(allow_path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                uid, title, ref, why = line.split("|", 3)
                allow[(uid, title, ref)] = why
    failed, seen_allowed = 0, set()
    deadline = time.monotonic() + timeout
    all_vars = {}
    for path in paths:
        for v in variables(load(path), "query"):
            all_vars[v["name"]] = ".*"
    for path in paths:
        dash = load(path)
        uid = dash["uid"]
        print(f"# {uid}: {len(targets(dash))} panel queries")
        for title, ref, expr in targets(dash):
            q = substitute(expr, all_vars)
            key = (uid, title, ref)
            while True:  # recording rules and rates need a few evaluations: retry an empty answer until the deadline
                result = prom_query(url, q)
                good = numeric(result)
                if good or time.monotonic() > deadline:
                    break
                if key in allow and time.monotonic() > deadline - timeout + 5:
                    break
                time.sleep(1)
            nan = len(result) - len(good)
            text = f"{uid} | {title} [{ref}]: {len(good)} series" + (f" (+{nan} NaN)" if nan else "")
            if key in allow:
                seen_allowed.add(key)
                if good:
                    print(f"not ok - {text}: allow-listed as empty but has data: remove it from the allow-list")
                    failed += 1
                else:
                    print(f"ok - {text}: allowed empty: {allow[key]}")
            elif good:
                values = sorted(float(r["value"][1]) for r in good)
                print(f"ok - {text} (values {values[0]:.6g} … {values[-1]:.6g})")
            else:
                print(f"not ok - {text}: no series with a number\n#   query: {q}")
                failed += 1
        for var, expr, regex, label in variable_queries(dash):
            q = substitute(expr, all_vars)
            result = prom_query(url, q)
            if label:
                values = sorted({r["metric"].get(label) for r in result} - {None, ""})
            else:  # query_result: Grafana renders each series as name{label="value",…} and applies the regex
                rendered = ["{" + ",".join(f'{k}="{v}"' for k, v in r["metric"].items()) + "}" for r in result]
                values = sorted({m.group(1) for t in rendered for m in [re.search(regex or "(.+)", t)] if m})
            good = bool(values)
            print(("ok - " if good else "not ok - ") + f"{uid} | variable ${var}: {len(values)} values {values[:8]}")
            failed += 0 if good else 1
    for key in sorted(set(allow) - seen_allowed):
        print(f"not ok - allow-list entry {'|'.join(key)} matches no panel query")
        failed += 1
    return 1 if failed else 0


def total(url, path, title, csv_gz):
    dash = load(path)
    exprs = [e for t, _, e in targets(dash) if t == title]
    if len(exprs) != 1:
        print(f"not ok - panel {title!r} with one query in {path}: found {len(exprs)}")
        return 1
    q = substitute(exprs[0], {"provider": "AWS", "currency": "USD", "namespace": ".*"})
    expected = decimal.Decimal(0)
    rows = 0
    with gzip.open(csv_gz, "rt", newline="") as f:
        for row in csv.DictReader(f):
            rows += 1
            if row["BilledCost"]:
                expected += decimal.Decimal(row["BilledCost"])
    deadline = time.monotonic() + 30
    while True:
        result = prom_query(url, q)
        got = sum(decimal.Decimal(r["value"][1]) for r in numeric(result))
        if abs(got - expected) <= decimal.Decimal("0.01") or time.monotonic() > deadline:
            break
        time.sleep(1)
    good = abs(got - expected) <= decimal.Decimal("0.01")
    print(("ok - " if good else "not ok - ") +
          f"panel {title!r} (provider=AWS, currency=USD) = {got} vs sum of BilledCost of {os.path.basename(csv_gz)} "
          f"({rows} rows, Decimal) = {expected}: difference {abs(got - expected):.9f} (tolerance 0.01)")
    print(f"#   query: {q}")
    return 0 if good else 1


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "structure":
        return structure(args)
    if cmd == "configmaps":
        return configmaps(args[0], args[1], args[2], args[3:])
    if cmd == "rules":
        return rules(args[0], args[1])
    if cmd == "names":
        return names(args[0], args[1], args[2:])
    if cmd == "panels":
        return panels(args[0], args[1], args[2:])
    if cmd == "total":
        return total(args[0], args[1], args[2], args[3])
    if cmd == "promql-names":  # debugging aid: the names of one expression
        print(" ".join(sorted(metric_names(args[0]))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
