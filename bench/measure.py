"""Clocks, pack processes and statistics for the benchmark."""

import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import workload

from stackcheck.analyzer import AnalyzerClient, PolicyPackProcess

REPO = Path(__file__).resolve().parent.parent
PACKS = {"floor": REPO / "bench" / "floor_pack", "pack": REPO}

# What the Pulumi CLI adds to a policy pack's environment (pkg/resource/plugin's constructEnv): the
# stack's config as JSON, the project, stack, organization and whether the run is a preview. Under
# it pulumi-policy's own Analyze re-applies Pulumi's runtime settings on every call (`--cli-environment`).
CLI_ENVIRONMENT = {
    "PULUMI_CONFIG": '{"aws:region": "us-west-2", "ml-platform:team": "ml"}',
    "PULUMI_PROJECT": workload.PROJECT,
    "PULUMI_STACK": workload.STACK,
    "PULUMI_ORGANIZATION": "acme",
    "PULUMI_DRY_RUN": "false",
}


def start(pack_dir: Path, env: dict[str, str] | None = None) -> tuple[AnalyzerClient, float]:
    """Start a pack the way the CLI does; the clock covers process start to the printed port only.

    The channel is opened after the clock stops: the engine's own connection cost is not the
    pack's start-up.
    """
    began = time.perf_counter()
    process = PolicyPackProcess(pack_dir, env=env)
    startup = time.perf_counter() - began
    return AnalyzerClient(f"127.0.0.1:{process.port}", process=process), startup


def prepare(client: AnalyzerClient) -> None:
    """The CLI's conversation before any Analyze: validated Configure, then ConfigureStack."""
    client.configure(None)
    client.configure_stack(workload.STACK, workload.PROJECT)


def timed(call: Callable[..., object], *args: object) -> float:
    began = time.perf_counter()
    call(*args)
    return time.perf_counter() - began


def interleaved(rounds: int, keys: Sequence[str], labels: Sequence[str]) -> Iterator[tuple[int, str, str]]:
    """(round, measure, pack): every round runs every measure on every pack, back to back.

    Orders flip each round so no pack, and no size of a growth series, always gets the quieter
    part of a round on a machine whose load drifts (other jobs share these cores).
    """
    for round_ in range(rounds):
        flip = round_ % 2 == 1
        for key in (list(reversed(keys)) if flip else keys):
            for label in (list(reversed(labels)) if flip else labels):
                yield round_, key, label


def peak_rss_kib(pid: int) -> int:
    """VmHWM: the most resident memory the process has ever had, which is what a CI runner's
    memory limit is measured against."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for pid {pid}")


class Samples:
    """Seconds (or KiB) per (measure, pack); figures are medians, compared as ratios."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], list[float]] = defaultdict(list)

    def add(self, measure: str, pack: str, value: float) -> None:
        self.values[measure, pack].append(value)

    def median(self, measure: str, pack: str) -> float:
        return statistics.median(self.values[measure, pack])

    def ratio(self, measure: str) -> float:
        return self.median(measure, "pack") / self.median(measure, "floor")

    def paired_ratio_range(self, measure: str) -> tuple[float, float]:
        """Smallest and largest pack/floor ratio within one round: how far noise moves a ratio."""
        ratios = [p / f for p, f in zip(self.values[measure, "pack"], self.values[measure, "floor"], strict=True)]
        return min(ratios), max(ratios)

    def to_json(self) -> dict:
        return {f"{measure}/{pack}": values for (measure, pack), values in self.values.items()}
