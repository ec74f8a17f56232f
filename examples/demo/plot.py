#!/usr/bin/env python3
"""The README's picture of the local demo: billed cost by service and day, from the embedded SQLite database.

    examples/demo/plot.py DATA/finops_finops-db.sqlite docs/images/cost-by-service.png [--table focus_aws] [--top 6]

Reads ServiceName, BilledCost, BillingCurrency and ChargePeriodStart of the FOCUS table that `finops-operator local
examples/local/` loads (focus_aws), sums BilledCost (exact decimals) per service and UTC day of ChargePeriodStart, and
draws a stacked bar per day: the top services by total billed cost, the rest as "Other". The title gives the total
and the currency; when the table holds more than one currency, the chart shows the one with the most rows and the
subtitle says what it leaves out. Needs matplotlib (Agg backend, no display); the PNG is 900 px wide and carries no
timestamp or version in its metadata, so the same data and matplotlib version give the same file.
"""

import argparse
import datetime
import sqlite3
import sys
from collections import defaultdict
from decimal import Decimal, InvalidOperation

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

OTHER = "Other"
COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
OTHER_COLOR = "#bab0ac"


def utc_date(text):
    """The UTC calendar date of an RFC 3339 timestamp as the database stores it ("2026-05-01T00:00:00Z")."""
    value = text.strip().replace(" ", "T", 1)
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc)
    return moment.date()


def read_costs(database, table):
    """{currency: {(service, date): Decimal}} and the row count per currency."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            f'SELECT ServiceName, BilledCost, BillingCurrency, ChargePeriodStart FROM "{table}"'
        ).fetchall()
    finally:
        connection.close()
    costs = defaultdict(lambda: defaultdict(Decimal))
    counts = defaultdict(int)
    for service, billed, currency, start in rows:
        if billed is None or start is None:
            continue
        try:
            amount = Decimal(str(billed))
        except InvalidOperation:
            continue
        currency = currency or "(no currency)"
        costs[currency][(service or "(no service)", utc_date(str(start)))] += amount
        counts[currency] += 1
    return costs, counts


def money(value):
    return f"{value:,.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("database", help="the SQLite file (DATA/finops_finops-db.sqlite)")
    parser.add_argument("output", help="the PNG to write")
    parser.add_argument("--table", default="focus_aws", help="the FOCUS table (default focus_aws)")
    parser.add_argument("--top", type=int, default=6, help="services drawn on their own (default 6)")
    args = parser.parse_args()

    costs, counts = read_costs(args.database, args.table)
    if not costs:
        sys.exit(f"plot.py: no rows with BilledCost and ChargePeriodStart in {args.table} of {args.database}")
    currency = max(counts, key=lambda c: (counts[c], c))
    cells = costs[currency]
    left_out = sorted(c for c in counts if c != currency)

    totals = defaultdict(Decimal)
    for (service, _), amount in cells.items():
        totals[service] += amount
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    shown = ranked[: args.top] if len(ranked) > args.top + 1 else ranked
    series = shown + ([OTHER] if len(shown) < len(ranked) else [])

    first = min(day for _, day in cells)
    last = max(day for _, day in cells)
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    index = {day: n for n, day in enumerate(days)}
    values = {name: [0.0] * len(days) for name in series}
    series_totals = defaultdict(Decimal)
    for (service, day), amount in cells.items():
        name = service if service in shown else OTHER
        values[name][index[day]] += float(amount)
        series_totals[name] += amount
    total = sum(totals.values(), Decimal(0))

    plt.rcParams.update({"font.size": 9, "axes.titlesize": 11, "svg.hashsalt": "finops", "path.simplify": False})
    figure, axes = plt.subplots(figsize=(9, 4.2), dpi=100, layout="constrained")
    bottom = [0.0] * len(days)
    positions = list(range(len(days)))
    handles = []
    for n, name in enumerate(series):
        color = OTHER_COLOR if name == OTHER else COLORS[n % len(COLORS)]
        others = len(ranked) - len(shown)
        title = f"{OTHER} ({others} services)" if name == OTHER and others > 1 else name
        label = f"{title}  {money(series_totals[name])}"
        bars = axes.bar(positions, values[name], bottom=bottom, width=0.8, color=color, label=label, linewidth=0)
        handles.append(bars)
        bottom = [b + v for b, v in zip(bottom, values[name])]

    # the day of the month; the month's name under the first day shown and under each 1st
    labels = [f"{day.day}\n{day:%b}" if n == 0 or day.day == 1 else str(day.day) for n, day in enumerate(days)]
    axes.set_xticks(positions)
    axes.set_xticklabels(labels, fontsize=8)
    axes.set_xlim(-0.6, len(days) - 0.4)
    axes.set_xlabel("day (UTC date of ChargePeriodStart)")
    axes.set_ylabel(f"billed cost ({currency})")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    axes.grid(axis="y", color="#e5e5e5", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)

    rows = sum(counts.values())
    span = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if first != last else f"{first:%Y-%m-%d}"
    subtitle = f"{args.table}: {rows:,} FOCUS rows, {span}"
    if left_out:
        subtitle += f"; not shown: rows in {', '.join(left_out)}"
    axes.set_title(f"Billed cost {money(total)} {currency}, by service and day", loc="left", fontweight="bold", pad=18)
    axes.text(0, 1.02, subtitle, transform=axes.transAxes, ha="left", va="bottom", fontsize=8.5, color="#555555")
    axes.legend(
        handles[::-1], [h.get_label() for h in handles][::-1],
        title=f"service, total {currency}", loc="upper left", bbox_to_anchor=(1.01, 1.0),
        frameon=False, fontsize=8.5, title_fontsize=8.5, alignment="left",
    )
    figure.savefig(args.output, dpi=100, metadata={"Software": None})
    plt.close(figure)
    print(f"{args.output}: billed cost {money(total)} {currency}, {len(ranked)} services, {len(days)} days")


if __name__ == "__main__":
    main()
