"""Prints the database bench's table: server COPY against `finops-operator load`, and whether the targets hold.

usage: report.py ROWS BYTES COPY_SECONDS OURS_SECONDS OURS_CPU_SECONDS AGAIN_SECONDS AGAIN_CPU_SECONDS AGAIN_JSON
                 PSQL_SECONDS PSQL_CPU_SECONDS [RUN_RATIO ...]
"""
import json
import sys


def main() -> int:
    rows, size = int(sys.argv[1]), int(sys.argv[2])
    copy_s, ours_s, ours_cpu = float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
    again_s, again_cpu = float(sys.argv[6]), float(sys.argv[7])
    with open(sys.argv[8]) as handle:
        again = json.load(handle)
    psql_s, psql_cpu = float(sys.argv[9]), float(sys.argv[10])
    run_ratios = [float(value) for value in sys.argv[11:]]
    millions = rows / 1e6
    copy_rate, ours_rate, again_rate = rows / copy_s, rows / ours_s, rows / again_s
    ratio = ours_rate / copy_rate
    cpu_per_million = ours_cpu / millions
    print(f"FOCUS 1.3 CSV, {rows:,} rows, {size / 1e9:.2f} GB, PostgreSQL 15 on loopback (fastest of the runs)")
    print(f"{'load':<58} {'seconds':>8} {'rows/s':>9} {'client CPU-s/M rows':>20}")
    print(f"{'server COPY FROM file (same columns, no key, no index)':<58} {copy_s:>8.1f} {copy_rate:>9,.0f} "
          f"{'-':>20}")
    psql_label = "psql \\copy FROM file (COPY FROM STDIN, same columns, no key)"
    print(f"{psql_label:<58} {psql_s:>8.1f} "
          f"{rows / psql_s:>9,.0f} {psql_cpu / millions:>20.2f}")
    print(f"{'finops-operator load, new table (COPY with row keys)':<58} {ours_s:>8.1f} {ours_rate:>9,.0f} "
          f"{cpu_per_million:>20.2f}")
    print(f"{'finops-operator load, same rows again (staging + upsert)':<58} {again_s:>8.1f} {again_rate:>9,.0f} "
          f"{again_cpu / millions:>20.2f}")
    print(f"ratio (new table / server COPY rows/s): {ratio:.2f}  "
          f"(target >= 0.90: {'met' if ratio >= 0.9 else 'NOT met'})")
    if run_ratios:
        listed = ", ".join(f"{value:.2f}" for value in run_ratios)
        print(f"ratio of each run (COPY and load back to back): {listed}; best {max(run_ratios):.2f}")
    print(f"ratio (same rows again / server COPY rows/s): {again_rate / copy_rate:.2f}")
    print(f"client CPU per million rows: {cpu_per_million:.2f} s  "
          f"(target <= 1.00: {'met' if cpu_per_million <= 1.0 else 'NOT met'}); "
          f"{ours_cpu / psql_cpu:.2f}x psql's client CPU")
    print(f"second load: {again['rowsUnchanged']:,} unchanged, {again['rowsInserted']} inserted, "
          f"{again['rowsUpdated']} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
