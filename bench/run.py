"""`make bench`: our pack against the floor pack, side by side, over the Analyzer protocol.

Both packs are started the way the Pulumi CLI starts them and driven with the repository's one
protocol client (stackcheck.analyzer), with identical requests. The machines are noisy, so every
figure is a median over rounds and every verdict is a ratio to the floor measured in the same
rounds: within a round the two packs (and, for growth, every size) run back to back, in orders
that flip from round to round.

    venv/bin/python bench/run.py            # about a minute on 2 cores
    venv/bin/python bench/run.py --quick    # a few seconds, for a smoke check
    venv/bin/python bench/run.py --cli-environment   # both packs with the variables the CLI sets

Raw samples go to bench/out/results.json (results-quick.json with --quick; "-cli-environment"
added to the name with that flag).
"""

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import _paths  # noqa: F401  (puts the repository on sys.path; must precede the bench and repo imports)
import measure
import report
import workload
from measure import PACKS, Samples, interleaved, timed

LABELS = list(PACKS)
STACK_SIZES = (1_000, 5_000, 20_000)
DOCUMENT_SIZES = (10, 100, 1_000)
HEADLINE_STACK = 5_000
HEADLINE_DOCUMENT = 300


@dataclass(frozen=True)
class Rounds:
    startup: int
    mix: int
    mix_copies: int  # copies of the 4-resource mix per round and pack
    stack: int  # the headline 5,000-resource AnalyzeStack
    stack_growth: int  # each round covers every size
    document: int  # the headline 300-statement document
    document_growth: int


FULL = Rounds(startup=15, mix=21, mix_copies=25, stack=9, stack_growth=11, document=15, document_growth=15)
QUICK = Rounds(startup=3, mix=5, mix_copies=10, stack=3, stack_growth=1, document=3, document_growth=3)


def measure_startup(samples: Samples, packs: dict, rounds: Rounds, env: dict | None) -> None:
    """Fresh processes: start-up, and the first mix right after it (which pays for lazy loading)."""
    first_mix = workload.mix_requests(0, 1)
    for _, _, label in interleaved(rounds.startup, ["startup"], LABELS):
        client, startup = measure.start(packs[label], env)
        try:
            measure.prepare(client)
            samples.add("startup", label, startup)
            samples.add("first-mix", label, sum(timed(client.analyze_message, r) for r in first_mix))
        finally:
            client.close()


def measure_mix(samples: Samples, clients: dict, rounds: Rounds) -> None:
    """Steady-state Analyze latency per resource; each round sends fresh copies of the mix."""
    warm_up = workload.mix_requests(10**6, 5)
    for client in clients.values():
        for request in warm_up:
            client.analyze_message(request)
    batches = [workload.mix_requests(r * rounds.mix_copies, rounds.mix_copies) for r in range(rounds.mix)]
    for round_, _, label in interleaved(rounds.mix, ["mix"], LABELS):
        client, batch = clients[label], batches[round_]
        per_call = [timed(client.analyze_message, r) for r in batch]
        samples.add("mix", label, sum(per_call) / len(per_call))
        for request, seconds in zip(batch, per_call, strict=True):
            samples.add(f"mix:{request.type}", label, seconds)


def measure_stacks(samples: Samples, clients: dict, sizes: tuple[int, ...], rounds: int, prefix: str) -> None:
    # One request per size, sent every round: building fresh 20k-resource stacks per round would
    # cost more than measuring them. The pack's stack policy keeps nothing across calls that a
    # repeat could hit: its documents are distinct per copy of the mix and far more than the 256
    # the parse cache holds, read in the same order every time; what it does reuse (the answers of
    # recurring Action elements) a real stack reuses too.
    requests = {f"{prefix}:{size}": workload.stack_request(size) for size in sizes}
    for _, key, label in interleaved(rounds, list(requests), LABELS):
        samples.add(key, label, timed(clients[label].analyze_stack_message, requests[key]))


def measure_documents(samples: Samples, clients: dict, sizes: tuple[int, ...], rounds: int, prefix: str) -> None:
    # A fresh document per round and size (the same for both packs), so no round reads the pack's
    # parse cache.
    requests = {f"{prefix}:{size}": [workload.document_request(size, f"{prefix}{r}") for r in range(rounds)]
                for size in sizes}
    for round_, key, label in interleaved(rounds, list(requests), LABELS):
        samples.add(key, label, timed(clients[label].analyze_message, requests[key][round_]))


def record_rss(samples: Samples, clients: dict, key: str) -> None:
    for label, client in clients.items():
        samples.add(key, label, measure.peak_rss_kib(client.process.process.pid))


def run(packs: dict, rounds: Rounds, progress, env: dict | None = None) -> Samples:
    samples = Samples()
    progress("start-up")
    measure_startup(samples, packs, rounds, env)
    clients = {}
    try:
        for label in LABELS:
            clients[label], _ = measure.start(packs[label], env)
            measure.prepare(clients[label])
        progress("Analyze, realistic mix")
        measure_mix(samples, clients, rounds)
        progress(f"{HEADLINE_DOCUMENT}-statement document")
        measure_documents(samples, clients, (HEADLINE_DOCUMENT,), rounds.document, "doc")
        # What the pack keeps resident for Analyze (catalog, caches), before AnalyzeStack's
        # request and the floor's stack policy dominate the peak.
        record_rss(samples, clients, "rss-analyze")
        progress(f"AnalyzeStack, {HEADLINE_STACK:,} resources")
        measure_stacks(samples, clients, (HEADLINE_STACK,), rounds.stack, "stack")
        # "After the run": the headline workload above, before the growth runs inflate it further.
        record_rss(samples, clients, "rss")
        progress("growth: AnalyzeStack, " + ", ".join(f"{size:,}" for size in STACK_SIZES) + " resources")
        measure_stacks(samples, clients, STACK_SIZES, rounds.stack_growth, "stack-growth")
        progress("growth: documents of " + ", ".join(f"{size:,}" for size in DOCUMENT_SIZES) + " statements")
        measure_documents(samples, clients, DOCUMENT_SIZES, rounds.document_growth, "doc-growth")
        record_rss(samples, clients, "rss-after-growth")
    finally:
        for client in clients.values():
            client.close()
    return samples


def render(samples: Samples, info: dict, quick: bool, pack_dir: Path, cli_environment: bool = False) -> str:
    headline = [
        ("startup", "start-up (process start → port printed)", "s", 1.5),
        ("mix", "Analyze, realistic mix, per resource", "s", 1.25),
        (f"stack:{HEADLINE_STACK}", f"AnalyzeStack, {HEADLINE_STACK:,} resources", "s", 2.0),
        (f"doc:{HEADLINE_DOCUMENT}", f"Analyze, one {HEADLINE_DOCUMENT}-statement document", "s", 3.0),
        ("rss", "peak RSS (VmHWM) after the run", "MiB", 1.5),
        ("first-mix", "first 4 Analyze calls after start-up (lazy loading), total", "s", None),
        ("rss-analyze", "peak RSS after the Analyze calls, before any AnalyzeStack", "MiB", None),
        ("rss-after-growth", "peak RSS after the growth runs too", "MiB", None),
    ]
    by_type = [(f"mix:{type_}", f"Analyze {type_.split(':')[-1]}", "s", None)
               for type_ in (workload.ROLE, workload.POLICY, workload.ATTACHMENT, workload.ENDPOINT)]
    lines = [f"# sagemaker-guardrails vs the floor pack{' (--quick)' if quick else ''}", ""]
    lines += report.machine_lines(info)
    if pack_dir != PACKS["pack"]:
        lines.append(f"- pack measured: {pack_dir}")
    if cli_environment:
        variables = ", ".join(measure.CLI_ENVIRONMENT)
        lines.append(f"- both packs started with the Pulumi CLI's environment ({variables})")
    lines.append("")
    lines += report.headline_table(samples, headline) + [""]
    lines += ["Analyze per resource type (median of single calls):", ""]
    lines += report.headline_table(samples, by_type, rounds=False) + [""]
    lines += report.growth_table(samples, "AnalyzeStack resources", "resource",
                                 [(size, f"stack-growth:{size}") for size in STACK_SIZES]) + [""]
    lines += report.growth_table(samples, "document statements", "statement",
                                 [(size, f"doc-growth:{size}") for size in DOCUMENT_SIZES])
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a smoke check, not a result")
    parser.add_argument("--pack", type=Path, default=PACKS["pack"],
                        help="pack directory to measure against the floor (default: this repository's pack)")
    parser.add_argument("--cli-environment", action="store_true",
                        help="start both packs with the variables the Pulumi CLI sets for a policy pack "
                             "(PULUMI_CONFIG, PULUMI_PROJECT, PULUMI_STACK, ...)")
    args = parser.parse_args(argv)
    packs = {**PACKS, "pack": args.pack.resolve()}
    rounds = QUICK if args.quick else FULL
    info = report.machine()

    def progress(step: str) -> None:
        print(f"... {step}", file=sys.stderr, flush=True)

    env = measure.CLI_ENVIRONMENT if args.cli_environment else None
    samples = run(packs, rounds, progress, env)
    print(render(samples, info, args.quick, packs["pack"], args.cli_environment))
    out = measure.REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    raw = {"machine": info, "quick": args.quick, "pack": str(packs["pack"]), "cli_environment": args.cli_environment,
           "samples": samples.to_json()}
    name = ("results-quick" if args.quick else "results") + ("-cli-environment" if args.cli_environment else "")
    (out / f"{name}.json").write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
