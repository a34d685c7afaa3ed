"""Two versions of the pack side by side in one process, alternating request by request.

On a noisy machine this is the way to tell a few per cent apart: both versions see the same
machine at the same moment, each on its own copy of every request. No gRPC: the servicer is
called directly (profile_pack.in_process_client), so the figures are the pack's own work.

    git worktree add /tmp/base main            # or any checkout of the version to compare with
    venv/bin/python bench/compare_inprocess.py --base /tmp/base --rounds 20
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import _paths  # noqa: F401  (puts the repository on sys.path; must precede the bench and repo imports)
import workload
from measure import REPO
from profile_pack import in_process_client


def load(pack_dir: Path):
    # Each version imports its own `policies` package: forget the other's modules first.
    for name in [name for name in sys.modules if name == "policies" or name.startswith("policies.")]:
        del sys.modules[name]
    client = in_process_client(pack_dir)
    client.stub.Analyze(workload.document_request(300, "warm-up"))
    for request in workload.mix_requests(10**6, 20):
        client.stub.Analyze(request)
    return client


def alternate(base, work, base_requests: list, work_requests: list, round_: int) -> float:
    """work's time over base's for the same requests, each call of one followed by the same call of the other."""
    spent = [0.0, 0.0]
    for index, pair in enumerate(zip(base_requests, work_requests, strict=True)):
        order = (0, 1) if (index + round_) % 2 else (1, 0)
        for which in order:
            client = (base, work)[which]
            began = time.perf_counter()
            client.stub.Analyze(pair[which])
            spent[which] += time.perf_counter() - began
    return spent[1] / spent[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="pack directory of the version to compare with")
    parser.add_argument("--work", type=Path, default=REPO, help="pack directory of the new version (default: this one)")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    base, work = load(args.base.resolve()), load(args.work.resolve())
    ratios: dict[str, list[float]] = {"mix": [], "300-statement document": []}
    for round_ in range(args.rounds):
        # Two equal copies of each request: sharing one object would let a version reuse the other's conversions.
        mix = [workload.mix_requests(round_ * 1000, 50) for _ in range(2)]
        documents = [[workload.document_request(300, f"r{round_}-{i}") for i in range(4)] for _ in range(2)]
        ratios["mix"].append(alternate(base, work, *mix, round_))
        ratios["300-statement document"].append(alternate(base, work, *documents, round_))
    for name, values in ratios.items():
        values.sort()
        quarter = len(values) // 4
        print(f"{name}: work/base {statistics.median(values):.3f} "
              f"(middle half {values[quarter]:.3f}-{values[-1 - quarter]:.3f}, {len(values)} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
