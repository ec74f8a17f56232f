"""The peers of `finops-bench csv`: read one FOCUS CSV file and print key=value lines (bench/csv.sh).

    python peers.py pyarrow FILE          pyarrow.csv.read_csv with one thread (types inferred, as it does by default)
    python peers.py pyarrow-strings FILE  the same with every column read as a string (no type conversion)
    python peers.py python-csv FILE       Python's csv module, iterating all rows

CPU time is the process's (time.process_time: user + system of all threads), around the read only; the best of
--repeat runs (default 3) is reported, as the Swift side does.
"""

import argparse
import csv
import resource
import time


def pyarrow_read(path, strings):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    convert = pacsv.ConvertOptions()
    if strings:
        with open(path, newline="", encoding="utf-8") as file:
            names = next(csv.reader(file))
        convert = pacsv.ConvertOptions(column_types={name: pa.string() for name in names})
    table = pacsv.read_csv(path, read_options=pacsv.ReadOptions(use_threads=False), convert_options=convert)
    return table.num_rows


def python_csv_read(path):
    rows = 0
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        next(reader)
        for _ in reader:
            rows += 1
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("peer", choices=["pyarrow", "pyarrow-strings", "python-csv"])
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = []
    rows = 0
    for _ in range(max(args.repeat, 1)):
        before = time.process_time()
        if args.peer == "python-csv":
            rows = python_csv_read(args.path)
        else:
            rows = pyarrow_read(args.path, strings=args.peer == "pyarrow-strings")
        runs.append(time.process_time() - before)
    print(f"rows={rows}")
    print(f"cpu_seconds={min(runs):.3f}")
    print(f"all_cpu_seconds={','.join(f'{run:.3f}' for run in runs)}")
    print(f"max_rss_mib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")


if __name__ == "__main__":
    main()
