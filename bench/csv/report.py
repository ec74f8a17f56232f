"""Prints the table of bench/csv.sh from the key=value outputs of finops-bench and the peers.

    python report.py BYTES SWIFT_OUT PYARROW_OUT PYARROW_STRINGS_OUT PYTHON_CSV_OUT

Throughput is MB (10^6 bytes) of input per CPU second; one process on one core, so it is MB/s per core.
"""

import sys

TARGET_MB_PER_S = 500


def parse(path):
    values = {}
    with open(path) as file:
        for line in file:
            key, _, value = line.strip().partition("=")
            if key:
                values[key] = value
    return values


def main():
    size = int(sys.argv[1])
    swift, pyarrow, strings, python = (parse(path) for path in sys.argv[2:6])
    megabytes = size / 1e6

    def rate(seconds):
        return megabytes / float(seconds)

    rows = [
        ("swift tokenize (CSVRecordCounter)", float(swift["tokenize_cpu_seconds"]), swift.get("max_rss_mib")),
        ("swift read to RowBatches (CSVReader)", float(swift["read_cpu_seconds"]), swift.get("max_rss_mib")),
        ("pyarrow read_csv, 1 thread", float(pyarrow["cpu_seconds"]), pyarrow.get("max_rss_mib")),
        ("pyarrow read_csv, 1 thread, all strings", float(strings["cpu_seconds"]), strings.get("max_rss_mib")),
        ("python csv module", float(python["cpu_seconds"]), python.get("max_rss_mib")),
    ]
    print(f"input: {size:,} bytes ({megabytes:,.1f} MB), {swift['rows']} rows, {swift['fields']} fields")
    print(f"{'task':42} {'CPU s':>8} {'MB/s/core':>10} {'max RSS MiB':>12}")
    for name, seconds, rss in rows:
        print(f"{name:42} {seconds:8.3f} {rate(seconds):10.1f} {rss or '-':>12}")
    tokenize = rate(float(swift["tokenize_cpu_seconds"]))
    read = rate(float(swift["read_cpu_seconds"]))
    print()
    for name, seconds, _ in rows[2:]:
        peer = rate(seconds)
        print(f"swift tokenize / {name}: {tokenize / peer:.2f}x   swift read / {name}: {read / peer:.2f}x")
    verdict = "holds" if tokenize >= TARGET_MB_PER_S else "MISSED"
    print(f"target: tokenizing >= {TARGET_MB_PER_S} MB/s per core: {verdict} ({tokenize:.0f} MB/s)")
    if int(swift["rows"]) != int(pyarrow["rows"]) or int(swift["rows"]) != int(python["rows"]):
        print(f"row counts differ: swift {swift['rows']}, pyarrow {pyarrow['rows']}, python {python['rows']}")
        sys.exit(1)


if __name__ == "__main__":
    main()
