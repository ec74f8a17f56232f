"""Python peer of `finops-bench exposition`: the same body built with prometheus_client.

A Gauge with the 20 FOCUS labels of focus_labels.py, one `.labels(...).set(v)` per row, then `generate_latest()`,
as an exporter written with the official Python client would do after each poll. Prints `key=value` lines like the
Swift side:

  gen_cpu_seconds    producing the label values alone (a first pass)
  cpu_seconds        producing the values, filling the gauge and rendering the body
  peak_rss_bytes     peak resident set during that, minus the resident set before it
  bytes_per_series   peak_rss_bytes / series
  body_bytes         the rendered text
  values_crc32       CRC-32 of the first 10,000 rows' label values (the Swift side prints the same)
  zlib1_*            zlib level 1 on the body (what a general-purpose gzip of the body costs), unless --no-zlib

Usage: prometheus_client_peer.py [--series N] [--seed S] [--no-zlib]
"""

import argparse
import os
import sys
import time
import zlib

from prometheus_client import CollectorRegistry, Gauge, generate_latest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import focus_labels  # noqa: E402

CHECKED_ROWS = 10_000


def status_bytes(field):
    """A kB field of /proc/self/status (VmRSS: now, VmHWM: peak), in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


def cpu_seconds():
    times = os.times()
    return times.user + times.system


def values_crc32(seed):
    """CRC-32 of rows 0..CHECKED_ROWS-1: values joined by tabs, rows ended by newlines."""
    crc = 0
    for row in range(CHECKED_ROWS):
        values, _ = focus_labels.row(seed, row)
        crc = zlib.crc32(("\t".join(values) + "\n").encode(), crc)
    return crc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-zlib", action="store_true")
    args = parser.parse_args()
    n, seed = args.series, args.seed

    start = cpu_seconds()
    checksum = 0.0
    for row in range(n):
        checksum += focus_labels.row(seed, row)[1]
    gen_seconds = cpu_seconds() - start

    registry = CollectorRegistry()
    gauge = Gauge("finops_billed_cost", "Billed cost of a FOCUS charge row, in the billing currency.",
                  labelnames=focus_labels.LABEL_NAMES, registry=registry)
    rss_before = status_bytes("VmRSS:")
    start = cpu_seconds()
    for row in range(n):
        values, value = focus_labels.row(seed, row)
        gauge.labels(*values).set(value)
    body = generate_latest(registry)
    seconds = cpu_seconds() - start
    peak = status_bytes("VmHWM:") - rss_before

    print(f"series={n}")
    print(f"labels={len(focus_labels.LABEL_NAMES)}")
    print(f"gen_cpu_seconds={gen_seconds:.3f}")
    print(f"cpu_seconds={seconds:.3f}")
    print(f"build_cpu_seconds={seconds - gen_seconds:.3f}")
    print(f"peak_rss_bytes={peak}")
    print(f"bytes_per_series={peak // n if n else 0}")
    print(f"body_bytes={len(body)}")
    print(f"values_crc32={values_crc32(seed):x}")
    if not args.no_zlib:
        start = cpu_seconds()
        compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
        compressed = len(compressor.compress(body)) + len(compressor.flush())
        print(f"zlib1_cpu_seconds={cpu_seconds() - start:.3f}")
        print(f"zlib1_bytes={compressed}")


if __name__ == "__main__":
    main()
