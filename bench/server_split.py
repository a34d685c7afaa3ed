"""Where an Analyze call's time goes behind gRPC: inside the pack's handler, or around it.

Each pack is started as the CLI starts it, with a `sitecustomize` on its PYTHONPATH that times the
SDK servicer's Analyze inside the pack process. The client times the whole call. The difference is
what gRPC, protobuf and the transport cost, which a pack can only change through the size of its
response.

    venv/bin/python bench/server_split.py            # the mix and the 300-statement document, both packs
    venv/bin/python bench/server_split.py --calls 400
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _paths  # noqa: F401  (puts the repository on sys.path; must precede the bench and repo imports)
import workload
from measure import PACKS, prepare

from stackcheck.analyzer import AnalyzerClient, PolicyPackProcess

# Runs at interpreter start in the pack process; keeps timings in memory and writes them out on SIGUSR1.
# The clock wraps whichever Analyze the servicer class has when the pack builds its servicer, i.e.
# after the pack's own loop (policies/analyze_loop.py) replaced the SDK's at import time.
SITECUSTOMIZE = '''
import os, signal, time
import pulumi_policy.policy as _sdk
_times = []
_servicer_init = _sdk._PolicyAnalyzerServicer.__init__
def _clock_analyze(self, *args, **kwargs):
    servicer_class = _sdk._PolicyAnalyzerServicer
    if not getattr(servicer_class, "_bench_clocked", False):
        analyze = servicer_class.Analyze
        def timed(self, request, context):
            began = time.perf_counter()
            try:
                return analyze(self, request, context)
            finally:
                _times.append((request.type, time.perf_counter() - began))
        servicer_class.Analyze = timed
        servicer_class._bench_clocked = True
    _servicer_init(self, *args, **kwargs)
_sdk._PolicyAnalyzerServicer.__init__ = _clock_analyze
def _write(*_):
    with open(os.environ["BENCH_HANDLER_TIMES"], "w") as out:
        out.writelines(f"{kind}\\t{seconds}\\n" for kind, seconds in _times)
    _times.clear()
signal.signal(signal.SIGUSR1, _write)
'''


def measure(requests: list, workdir: Path) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """pack -> request type -> [(client seconds, handler seconds)] for `requests` after a warm-up of the
    first 20; the two packs take turns request by request, so both see the machine at the same moment."""
    clients, files = {}, {}
    try:
        for pack in ("floor", "pack"):
            files[pack] = workdir / f"{pack}.tsv"
            process = PolicyPackProcess(
                PACKS[pack], env={"PYTHONPATH": str(workdir), "BENCH_HANDLER_TIMES": str(files[pack])}
            )
            clients[pack] = AnalyzerClient(f"127.0.0.1:{process.port}", process=process)
            prepare(clients[pack])
        clocked: dict[str, list[tuple[str, float]]] = {pack: [] for pack in clients}
        for index, request in enumerate(requests):
            for pack in (("floor", "pack") if index % 2 else ("pack", "floor")):
                began = time.perf_counter()
                clients[pack].stub.Analyze(request)
                clocked[pack].append((request.type, time.perf_counter() - began))
        split: dict[str, dict[str, list[tuple[float, float]]]] = {}
        for pack, client in clients.items():
            os.kill(client.process.process.pid, signal.SIGUSR1)
            handler = _read_handler_times(files[pack], len(requests))
            for (kind, whole), inside in list(zip(clocked[pack], handler, strict=True))[20:]:
                split.setdefault(pack, {}).setdefault(kind, []).append((whole, inside))
        return split
    finally:
        for client in clients.values():
            client.close()


def _read_handler_times(path: Path, expected: int) -> list[float]:
    for _ in range(100):
        if path.exists():
            lines = path.read_text().splitlines()
            if len(lines) == expected:
                return [float(line.split("\t")[1]) for line in lines]
        time.sleep(0.05)
    raise RuntimeError(f"the pack did not write {expected} handler times to {path}")


def report(title: str, split: dict[str, list[tuple[float, float]]]) -> None:
    rows = [(kind, [w for w, _ in pairs], [h for _, h in pairs]) for kind, pairs in split.items()]
    every = [pair for pairs in split.values() for pair in pairs]
    rows.append(("all", [w for w, _ in every], [h for _, h in every]))
    print(f"\n{title}\n| request | whole call | in the handler | around it |\n|---|---:|---:|---:|")
    for kind, whole, inside in rows:
        whole_us, inside_us = statistics.mean(whole) * 1e6, statistics.mean(inside) * 1e6
        print(f"| {kind.split(':')[-1]} | {whole_us:.0f} µs | {inside_us:.0f} µs | {whole_us - inside_us:.0f} µs |")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=600, help="mix requests per pack (documents: a tenth)")
    args = parser.parse_args(argv)
    mix = workload.mix_requests(0, args.calls // 4 + 5)
    documents = [workload.document_request(300, f"split-{i}") for i in range(args.calls // 10 + 20)]
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        (workdir / "sitecustomize.py").write_text(SITECUSTOMIZE)
        for workload_name, requests in (("realistic mix", mix), ("300-statement document", documents)):
            for pack, split in measure(requests, workdir).items():
                report(f"{pack}: {workload_name}", split)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
