"""kapi with Nodes (Tests/Conformance/kapi-with-nodes.py, unchanged) that also logs each request's User-Agent.

KAPI_LOG=1 makes kapi print `METHOD PATH?QUERY CONTENT-TYPE` per request, which cannot tell kubectl's requests from
the operator's. This wrapper adds one tab-separated line per request before kapi handles it:

    REQ <tab> <User-Agent> <tab> <METHOD> <tab> <PATH?QUERY> <tab> <Content-Type or ->

Tests/Chart/chart.sh reads those lines to find every API call the finops-operator binaries made (their User-Agent is
`finops-operator`, set in Sources/KubeClient/HTTP/HTTPKubeClient+Options.swift) and compares them with the chart's
RBAC rules."""
import os
import runpy
import sys

sys.path.insert(0, os.environ["KAPI_TOOLS_DIR"])
import kapi  # noqa: E402  (the module kapi-with-nodes.py imports: patched here first)

_entry = kapi.KApi.entry


async def entry(self, raw):
    print("REQ", raw.headers.get("User-Agent", "-"), raw.method, raw.path_qs, raw.headers.get("Content-Type") or "-",
          sep="\t", file=sys.stderr, flush=True)
    return await _entry(self, raw)


kapi.KApi.entry = entry
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Conformance", "kapi-with-nodes.py"),
               run_name="__main__")
