"""Where a pack's time goes: the benchmark's workloads, run in-process under cProfile.

A pack's `__main__.py` is executed with `PolicyPack` swapped for a stand-in that keeps its
arguments instead of starting a server; the SDK's own servicer is then built from them and the
repository's protocol client is pointed at it in-process. So the profile covers the whole path a
request takes inside the pack process (SDK deserialization, proxies, every policy) minus gRPC,
and the pack's code runs unmodified.

    venv/bin/python bench/profile_pack.py                  # our pack, every workload
    venv/bin/python bench/profile_pack.py --pack floor     # the floor, for comparison
    venv/bin/python bench/profile_pack.py --pack ../other-checkout   # any pack directory
    venv/bin/python bench/profile_pack.py --workload doc --top 40
    venv/bin/python bench/profile_pack.py --startup        # import time of each pack

Profiles are also saved to bench/out/<pack>-<workload>.pstats (open with `python -m pstats`).
"""

import argparse
import cProfile
import os
import pstats
import runpy
import subprocess
import sys
import time
from pathlib import Path

import _paths  # noqa: F401  (puts the repository on sys.path; must precede the bench and repo imports)
import pulumi_policy
import workload
from measure import PACKS, REPO
from pulumi_policy.policy import _PolicyAnalyzerServicer

from stackcheck.analyzer import AnalyzerClient


def load_servicer(pack_dir: Path) -> _PolicyAnalyzerServicer:
    captured = {}

    def keep_arguments(name, policies, enforcement_level=None, initial_config=None, **_metadata):
        captured.update(name=name, policies=policies, level=enforcement_level, initial_config=initial_config)

    real = pulumi_policy.PolicyPack
    pulumi_policy.PolicyPack = keep_arguments
    cwd = os.getcwd()
    try:
        # The CLI runs a pack with its directory as working directory and on the import path.
        os.chdir(pack_dir)
        sys.path.insert(0, str(pack_dir))
        runpy.run_path(str(pack_dir / "__main__.py"), run_name="__main__")
    finally:
        sys.path.remove(str(pack_dir))
        os.chdir(cwd)
        pulumi_policy.PolicyPack = real
    return _PolicyAnalyzerServicer(
        captured["name"], "0.0.1", captured["policies"],
        captured["level"] or pulumi_policy.EnforcementLevel.ADVISORY, captured["initial_config"],
    )


class _InProcessStub:
    """Stands in for the gRPC stub: each call goes straight to the servicer method."""

    def __init__(self, servicer: _PolicyAnalyzerServicer) -> None:
        self._servicer = servicer

    def __getattr__(self, method: str):
        target = getattr(self._servicer, method)
        return lambda request, timeout=None: target(request, None)


def in_process_client(pack_dir: Path) -> AnalyzerClient:
    # The channel is never used (grpc connects lazily); only the stub is replaced.
    client = AnalyzerClient("127.0.0.1:1", pack_dir=pack_dir)
    client.stub = _InProcessStub(load_servicer(pack_dir))
    client.info()
    client.configure(None)
    client.configure_stack(workload.STACK, workload.PROJECT)
    return client


# The three workloads of bench/run.py, each as one call to profile (fresh documents, as there).
def workloads(client: AnalyzerClient) -> dict:
    mix = workload.mix_requests(0, 250)
    docs = [workload.document_request(300, f"p{i}") for i in range(10)]
    stack = workload.stack_request(5_000)
    return {
        "mix": lambda: [client.analyze_request(request) for request in mix],
        "doc": lambda: [client.analyze_request(request) for request in docs],
        "stack": lambda: client.analyze_stack_request(stack),
    }


def profile(pack: str, name: str, run, top: int) -> None:
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.runcall(run)
    elapsed = time.perf_counter() - began
    out = REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    profiler.dump_stats(out / f"{pack}-{name}.pstats")
    print(f"\n===== {pack}: {name} ({elapsed * 1000:.0f} ms under the profiler) =====")
    stats = pstats.Stats(profiler)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)


def startup_imports(pack: str) -> None:
    """`-X importtime` of the pack's entry point minus the PolicyPack call: the modules it adds."""
    pack_dir = PACKS[pack]
    code = (
        "import pulumi_policy, runpy, sys; pulumi_policy.PolicyPack = lambda *a, **k: None; "
        f"sys.path.insert(0, {str(pack_dir)!r}); runpy.run_path('__main__.py', run_name='__main__')"
    )
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=pack_dir,
                            capture_output=True, text=True, check=True)
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "cumulative" in line:
            continue
        _, cumulative, module = line.removeprefix("import time:").split("|")
        depth = (len(module) - len(module.lstrip())) // 2
        if depth == 0:
            rows.append((int(cumulative), module.strip()))
    print(f"\n===== {pack}: top-level imports (cumulative µs) =====")
    for microseconds, module in sorted(rows, reverse=True)[:15]:
        print(f"{microseconds:>9,}  {module}")
    print(f"{sum(us for us, _ in rows):>9,}  total")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pack", default="pack", help="floor, pack (default), or a pack directory")
    parser.add_argument("--workload", choices=("mix", "doc", "stack", "all"), default="all")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--startup", action="store_true", help="import-time breakdown of both packs instead")
    args = parser.parse_args(argv)
    if args.startup:
        for pack in PACKS:
            startup_imports(pack)
        return 0
    pack_dir = PACKS[args.pack] if args.pack in PACKS else Path(args.pack).resolve()
    client = in_process_client(pack_dir)
    runs = workloads(client)
    # One untimed pass of each, so lazily loaded data (the IAM catalog) is not in the profile.
    client.analyze_request(workload.document_request(300, "warm-up"))
    for request in workload.mix_requests(10**6, 5):
        client.analyze_request(request)
    for name, run in runs.items():
        if args.workload in (name, "all"):
            profile(args.pack if args.pack in PACKS else pack_dir.name, name, run, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
