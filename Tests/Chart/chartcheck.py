"""Helpers of Tests/Chart/chart.sh (Python 3 + PyYAML), one subcommand each:

  builtin RENDER OUT            copy RENDER without the kinds kubernetes-validate has no schema for (prints them)
  operator-command RENDER       the rendered operator Deployment's args and env, one `ARG …`/`ENV NAME=VALUE` line
                                each ($(VAR) references expanded from the env; fieldRef values left to the caller)
  rbac RENDER KAPI_LOG ALLOW SEGMENT=SUBJECT... [--granted-only]
                                compare the RBAC rules of RENDER with the requests in KAPI_LOG (lines of
                                Tests/Chart/kapi-logged.py); exit 1 on a missing grant, an unexercised grant not in
                                ALLOW, or a stale ALLOW line (only the first with --granted-only). The log is cut into
                                segments by marker requests `…?chart-phase=NAME` (the first segment is `operator`);
                                SEGMENT=SUBJECT says whose requests a segment holds (operator or exporter); segments
                                not named are ignored
"""
import re
import sys
from collections import defaultdict
from urllib.parse import parse_qs, urlsplit

import yaml

# kinds kubernetes-validate knows no schema for (not built into Kubernetes)
NOT_BUILTIN = {("monitoring.coreos.com/v1", "ServiceMonitor"), ("monitoring.coreos.com/v1", "PrometheusRule")}


def docs(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def builtin(render, out):
    kept, skipped = [], []
    for d in docs(render):
        (skipped if (d.get("apiVersion"), d.get("kind")) in NOT_BUILTIN else kept).append(d)
    with open(out, "w") as f:
        yaml.safe_dump_all(kept, f, sort_keys=False)
    for d in skipped:
        print(f"{d['kind']}/{d['metadata']['name']}")


def operator_command(render):
    dep = next(d for d in docs(render) if d["kind"] == "Deployment")
    container = dep["spec"]["template"]["spec"]["containers"][0]
    env = {}
    for e in container.get("env", []):
        if "value" in e:
            env[e["name"]] = e["value"]
            print(f"ENV {e['name']}={e['value']}")
        else:
            print(f"FIELDREF {e['name']}={e['valueFrom']['fieldRef']['fieldPath']}")
    for a in container.get("args", []):
        print("ARG " + a)


# ---------------------------------------------------------------- RBAC

def parse_request(method, path_qs, content_type):
    """(verbs, group, resource[/subresource], namespace, name) of one API request, or None for a non-resource URL."""
    url = urlsplit(path_qs)
    query = parse_qs(url.query)
    parts = [p for p in url.path.split("/") if p]
    if parts[:2] == ["api", "v1"]:
        group, rest = "", parts[2:]
    elif parts[:1] == ["apis"] and len(parts) >= 3:
        group, rest = parts[1], parts[3:]
    else:
        return None  # discovery, /version, /openapi: non-resource URLs every authenticated user may GET
    if not rest:
        return None
    namespace = None
    if rest[0] == "namespaces" and len(rest) >= 3:
        namespace, rest = rest[1], rest[2:]
    resource, name, sub = rest[0], rest[1] if len(rest) > 1 else None, rest[2] if len(rest) > 2 else None
    if rest[0] == "namespaces" and len(rest) == 2:
        resource, name = "namespaces", rest[1]
    if method == "GET":
        if query.get("watch", [""])[0] in ("true", "1"):
            verbs = ["watch"]
        else:
            verbs = ["get" if name else "list"]
    elif method == "POST":
        verbs = ["create"]
    elif method == "PUT":
        verbs = ["update"]
    elif method == "PATCH":
        # kube-apiserver authorizes a server-side apply that creates its object as `create` too
        # (k8s.io/apiserver/pkg/endpoints/handlers/patch.go, createAuthorizerAttributes); kapi's log cannot tell
        # whether the object existed, so every apply counts as patch + create.
        verbs = ["patch", "create"] if content_type.startswith("application/apply-patch") else ["patch"]
    elif method == "DELETE":
        verbs = ["delete" if name else "deletecollection"]
    else:
        verbs = [method.lower()]
    return verbs, group, resource + (f"/{sub}" if sub else ""), namespace, name


def grants(rules):
    """Set of (verb, group, resource) a list of PolicyRules grants (no wildcards in this chart: checked)."""
    out = set()
    for r in rules:
        for g in r.get("apiGroups", []):
            for res in r.get("resources", []):
                for v in r.get("verbs", []):
                    if "*" in (g, res, v):
                        raise SystemExit(f"wildcard in rule {r}: not allowed in this chart")
                    out.add((v, g, res))
    return out


def fmt(v, g, res):
    return f"{v} {g or 'core'}/{res}"


def rbac(render, log, allow_path, *segments):
    granted_only = "--granted-only" in segments
    segment_subject = dict(a.split("=", 1) for a in segments if "=" in a)
    objs = docs(render)
    roles = {(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]): d for d in objs
             if d["kind"] in ("ClusterRole", "Role")}
    bindings = [d for d in objs if d["kind"] in ("ClusterRoleBinding", "RoleBinding")]
    dep = next(d for d in objs if d["kind"] == "Deployment")
    release_ns = dep["metadata"]["namespace"]
    env = {e["name"]: e.get("value") for e in dep["spec"]["template"]["spec"]["containers"][0]["env"]}
    operator_sa = dep["spec"]["template"]["spec"]["serviceAccountName"]
    exporter_sa = env.get("EXPORTER_SERVICE_ACCOUNT")

    def granted_to(sa, sa_ns):
        """{namespace or '*': grants} of a service account (ClusterRoleBinding → '*', RoleBinding → its namespace)."""
        out = defaultdict(set)
        for b in bindings:
            if not any(s["kind"] == "ServiceAccount" and s["name"] == sa and s["namespace"] == sa_ns
                       for s in b.get("subjects", [])):
                continue
            ref = b["roleRef"]
            role_ns = b["metadata"].get("namespace") if ref["kind"] == "Role" else None
            role = roles[(ref["kind"], role_ns, ref["name"])]
            scope = "*" if b["kind"] == "ClusterRoleBinding" else b["metadata"]["namespace"]
            out[scope] |= grants(role.get("rules", []))
        return out

    subjects = {"operator": granted_to(operator_sa, release_ns)}
    if exporter_sa:
        subjects["exporter"] = granted_to(exporter_sa, release_ns)

    # requests per subject: kapi-logged.py lines; `finops-operator` user agents before the exporter marker are the
    # operator's, after it the exporters'
    requested = defaultdict(lambda: defaultdict(set))  # subject -> (verb, group, resource) -> {namespace}
    segment = "operator"
    for line in open(log, errors="replace"):
        if not line.startswith("REQ\t"):
            continue
        _, agent, method, path_qs, ctype = line.rstrip("\n").split("\t")
        marker = re.search(r"[?&]chart-phase=([^&]+)", path_qs)
        if marker:
            segment = marker.group(1)
            continue
        phase = segment_subject.get(segment)
        if phase is None or not agent.startswith("finops-operator"):
            continue  # another segment; kubectl, curl
        parsed = parse_request(method, path_qs, ctype)
        if parsed is None:
            continue
        verbs, group, resource, namespace, _ = parsed
        for v in verbs:
            requested[phase][(v, group, resource)].add(namespace)

    allow = {}
    for n, line in enumerate(open(allow_path), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            subject, verb, gr = line.split()
            group, resource = gr.split("/", 1)
            allow[(subject, verb, "" if group == "core" else group, resource)] = n

    problems, notes, used_allow = [], [], set()
    for subject, reqs in requested.items():
        scopes = subjects.get(subject, {})
        for (v, g, res), namespaces in sorted(reqs.items()):
            for ns in sorted(namespaces, key=str):
                ok = (v, g, res) in scopes.get("*", set()) or \
                    (ns is not None and (v, g, res) in scopes.get(ns, set()))
                if not ok:
                    problems.append(f"{subject}: requested {fmt(v, g, res)} in {ns or 'cluster scope'}, not granted")
        if granted_only:
            continue
        all_granted = set().union(*scopes.values()) if scopes else set()
        for (v, g, res) in sorted(all_granted):
            if (v, g, res) in reqs:
                if (subject, v, g, res) in allow:
                    notes.append(f"{subject}: {fmt(v, g, res)} is allow-listed (line {allow[(subject, v, g, res)]}) "
                                 "but was exercised in this run")
                    used_allow.add((subject, v, g, res))
                continue
            if (subject, v, g, res) in allow:
                used_allow.add((subject, v, g, res))
                notes.append(f"{subject}: {fmt(v, g, res)} granted, not exercised: allow-listed "
                             f"(rbac-unexercised.txt line {allow[(subject, v, g, res)]})")
            else:
                problems.append(f"{subject}: {fmt(v, g, res)} granted but never requested (add a justified line to "
                                "Tests/Chart/rbac-unexercised.txt or drop the grant)")
    for key, n in allow.items():
        if key not in used_allow and not granted_only:
            problems.append(f"rbac-unexercised.txt line {n}: {key[0]} {fmt(*key[1:])} is not granted: stale line")
    # the Lease must be reachable in the release namespace through the Role, not cluster-wide
    lease = ("update", "coordination.k8s.io", "leases")
    if lease in subjects["operator"].get("*", set()):
        problems.append("leases are granted cluster-wide: the leader-election Role should be namespaced")
    for ns in requested["operator"].get(lease, set()):
        if ns != release_ns:
            problems.append(f"operator renewed a Lease in {ns}, not in the release namespace {release_ns}")

    for s, reqs in requested.items():
        if s in segment_subject.values():
            print(f"# {s}: {len(reqs)} distinct (verb, group, resource) requested")
    for n in notes:
        print("# " + n)
    for p in problems:
        print("PROBLEM " + p)
    if granted_only:
        return 1 if problems else 0
    # final table: resource -> verbs, per subject and scope, with what was exercised marked
    print("# rendered RBAC (default values): resource -> verbs   (* = requested by the binaries in this run)")
    width = max(len((g or "core") + "/" + res) for scopes in subjects.values() for gs in scopes.values()
                for _, g, res in gs) + 2
    for subject, scopes in subjects.items():
        for scope, gs in sorted(scopes.items()):
            where = "cluster-wide" if scope == "*" else f"namespace {scope}"
            print(f"#   {subject} ({where}):")
            by_res = defaultdict(list)
            order = ["get", "list", "watch", "create", "update", "patch", "delete"]
            for v, g, res in gs:
                by_res[(g, res)].append(v)
            for (g, res), verbs in sorted(by_res.items(), key=lambda kv: (kv[0][0], kv[0][1])):
                verbs.sort(key=lambda v: order.index(v) if v in order else 99)
                marked = [v + ("*" if (v, g, res) in requested.get(subject, {}) else "") for v in verbs]
                print(f"#     {(g or 'core') + '/' + res:<{width}}{', '.join(marked)}")
    return 1 if problems else 0


def rules(render, out_dir, operations_md):
    """The rendered PrometheusRule's groups as rules.yaml (for promtool check rules) and, without annotations,
    rules-test/rules.yaml (promtool test rules compares annotations too; they are checked here instead): every alert
    has a summary, a description and a runbook_url whose anchor is a heading of docs/operations.md."""
    import os
    import re
    docs = [d for d in yaml.safe_load_all(open(render)) if d and d.get("kind") == "PrometheusRule"]
    assert len(docs) == 1, f"{len(docs)} PrometheusRules rendered"
    groups = docs[0]["spec"]["groups"]
    yaml.safe_dump({"groups": groups}, open(os.path.join(out_dir, "rules.yaml"), "w"), sort_keys=False)
    headings = set()
    for line in open(operations_md):
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            headings.add(re.sub(r"[^a-z0-9 _-]", "", title).replace(" ", "-"))
    problems = []
    for group in groups:
        for rule in group["rules"]:
            if "alert" not in rule:
                continue
            notes = rule.pop("annotations", {})
            for key in ("summary", "description", "runbook_url"):
                if not notes.get(key):
                    problems.append(f"{rule['alert']}: no {key}")
            anchor = notes.get("runbook_url", "").rpartition("#")[2]
            if anchor not in headings:
                problems.append(f"{rule['alert']}: runbook anchor #{anchor} is no heading of {operations_md}")
    os.makedirs(os.path.join(out_dir, "rules-test"), exist_ok=True)
    yaml.safe_dump({"groups": groups}, open(os.path.join(out_dir, "rules-test", "rules.yaml"), "w"), sort_keys=False)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "builtin":
        builtin(*args)
    elif cmd == "operator-command":
        operator_command(*args)
    elif cmd == "rbac":
        sys.exit(rbac(*args))
    elif cmd == "rules":
        sys.exit(rules(*args))
    else:
        sys.exit(f"unknown subcommand {cmd}")
