"""kapi (../shared/tools/kapi/kapi.py) with what the cluster-native cost source needs of a real API server and kapi
lacks: cluster-scoped v1 Nodes with a status subresource, and the Pod field selectors `status.phase` and
`spec.nodeName` (kapi knows only metadata.name/namespace; the real API server documents both for Pods). kapi serves
every built-in from the same generic store, so this adds a table entry and two selector fields; nothing else of the
emulator changes."""
import asyncio
import os
import sys

sys.path.insert(0, os.environ["KAPI_TOOLS_DIR"])
import kapi  # noqa: E402

kapi.BUILTINS.setdefault("v1/nodes", ("Node", False, ["status"]))
kapi.SHORTNAMES.setdefault("nodes", ["no"])

EXTRA_FIELDS = ("status.phase", "spec.nodeName")
original_parse = kapi.parse_field_selector
original_match = kapi.fields_match


def parse_field_selector(sel):
    kept, extra = [], []
    for part in kapi.split_selector(sel or ""):
        (extra if part.strip().split("=")[0].rstrip("!") in EXTRA_FIELDS else kept).append(part)
    reqs = original_parse(",".join(kept))
    for part in extra:
        field, op, val = kapi.re.match(r"\s*([A-Za-z.]+)\s*(==|=|!=)\s*(.*?)\s*$", part).groups()
        reqs.append((field, op, val))
    return reqs


def fields_match(obj, reqs):
    plain = [r for r in reqs if r[0] not in EXTRA_FIELDS]
    for field, op, val in (r for r in reqs if r[0] in EXTRA_FIELDS):
        section, name = field.split(".", 1)
        value = (obj.get(section) or {}).get(name) or ""
        if (op in ("=", "==") and value != val) or (op == "!=" and value == val):
            return False
    return original_match(obj, plain)


kapi.parse_field_selector = parse_field_selector
kapi.fields_match = fields_match
asyncio.run(kapi.main())
