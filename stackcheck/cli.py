"""`python -m stackcheck`: check a Pulumi Python program's stack against a policy pack, offline.

Exit codes: 0 no mandatory findings, 1 mandatory findings, 2 the stack could not be checked
(usage error, program load error, bad policy config, pack failure).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .errors import StackcheckError
from .output import FORMATS, render, summary_line
from .project import load_yaml_text

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m stackcheck",
                                     description="Test Pulumi Python stacks against a policy pack, offline.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def program_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("program_dir", type=Path, help="directory with Pulumi.yaml and the program")
        sub.add_argument("--stack", "-s", help="stack name (default: the only Pulumi.<stack>.yaml there)")
        sub.add_argument("--config", "-c", action="append", default=[], type=_key_value, metavar="KEY=VALUE",
                         help="override a stack config value (repeatable)")
        sub.add_argument("--preview", action="store_true", help="run as a preview (uncomputed outputs unknown)")
        sub.add_argument("--timeout", type=float, default=120.0, help="seconds the program may run (default 120)")
        sub.add_argument("--output", "-o", type=Path, help="write the report to FILE instead of stdout")
        sub.add_argument("--python", metavar="PATH",
                         help="interpreter to run the program with (default: that of the virtualenv Pulumi.yaml"
                              " names, when it has pulumi; else this one)")

    check = commands.add_parser("check", help="check one stack of a program")
    program_options(check)
    check.add_argument("--policy-config", type=Path, metavar="FILE",
                       help="policy config file (JSON or YAML, Pulumi's policy-config format)")
    check.add_argument("--stack-tag", action="append", default=[], type=_key_value, metavar="KEY=VALUE",
                       help="stack tag the policies see (repeatable)")
    check.add_argument("--pack", type=Path, help="policy pack directory (default: this repository's pack)")
    check.add_argument("--format", "-f", choices=FORMATS, default="table")
    check.add_argument("--progress-every", type=int, default=100, metavar="N",
                       help="report progress on stderr every N resources (0: never)")

    record = commands.add_parser("record", help="print the resources a program registers, as JSON")
    program_options(record)

    policies = commands.add_parser("policies", help="list the policies of a pack")
    policies.add_argument("--pack", type=Path)
    policies.add_argument("--format", "-f", choices=("table", "json"), default="table")

    return parser


def _choose_stack(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    if args.stack:
        return args.stack
    from .project import load_project

    stacks = load_project(args.program_dir).available_stacks()
    if len(stacks) != 1:
        parser.error(f"--stack is required: {args.program_dir} has stacks {', '.join(stacks) or '(none)'}")
    return stacks[0]


def _load_policy_config(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise StackcheckError(f"cannot read policy config {path}: {error.strerror}") from None
    import yaml

    try:
        if path.suffix in (".yaml", ".yml"):
            # An exemption's unquoted `expires: 2027-03-31` is the date text its schema expects.
            return load_yaml_text(text) or {}
        return json.loads(text)
    except (ValueError, yaml.YAMLError) as error:
        raise StackcheckError(f"cannot parse policy config {path}: {error}") from None


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def _progress_printer(every: int):
    if every <= 0:
        return None

    def progress(done: int, total: int) -> None:
        if total > every and (done % every == 0 or done == total):
            print(f"stackcheck: analyzed {done}/{total} resources", file=sys.stderr, flush=True)

    return progress


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .checker import check_stack

    report = check_stack(
        args.program_dir,
        _choose_stack(parser, args),
        pack_dir=args.pack,
        policy_config=_load_policy_config(args.policy_config),
        stack_tags=dict(args.stack_tag),
        config=dict(args.config),
        preview=args.preview,
        progress=_progress_printer(args.progress_every),
        timeout=args.timeout,
        python=args.python,
    )
    _emit(render(report, args.format), args.output)
    _warn(report.config_warnings)
    if report.unmocked_invokes:
        # Values built from them are missing, which can read as a violation the real stack lacks.
        print("stackcheck: warning: no offline answer for " + ", ".join(report.unmocked_invokes)
              + "; values built from them are empty (edit the recording, see README)", file=sys.stderr)
    if args.output is not None or args.format != "table":
        print(summary_line(report), file=sys.stderr)
    return EXIT_VIOLATIONS if report.mandatory else EXIT_OK


def _record(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .program import record_program

    recording = record_program(args.program_dir, _choose_stack(parser, args), config=dict(args.config),
                               preview=args.preview, timeout=args.timeout, python=args.python)
    data = {
        "project": recording.project,
        "stack": recording.stack,
        "stack_tags": recording.stack_tags,
        "invokes": recording.invokes,
        "unmocked_invokes": recording.unmocked_invokes,
        "config_warnings": recording.config_warnings,
        "resources": [r.to_dict() for r in recording.resources],
    }
    _emit(json.dumps(data, indent=2) + "\n", args.output)
    _warn(recording.config_warnings)
    return EXIT_OK


def _write_failed_sarif(args: argparse.Namespace, error: str) -> None:
    if args.command == "check" and args.format == "sarif" and args.output is not None:
        from .output import failed_run_sarif

        _emit(json.dumps(failed_run_sarif(error), indent=2) + "\n", args.output)


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"stackcheck: warning: {warning}", file=sys.stderr)


def _policies(args: argparse.Namespace) -> int:
    from .analyzer import AnalyzerClient
    from .checker import default_pack_dir

    with AnalyzerClient.start(args.pack or default_pack_dir()) as client:
        info = client.info()
    if args.format == "json":
        print(json.dumps([asdict(p) for p in info.policies], indent=2))
        return EXIT_OK
    for policy in info.policies:
        print(f"{policy.name:40} {policy.enforcement_level:10} {policy.description}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(parser, args)
        if args.command == "record":
            return _record(parser, args)
        return _policies(args)
    except StackcheckError as error:
        print(f"stackcheck: error: {error}", file=sys.stderr)
        _write_failed_sarif(args, str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - still "could not check", never mistaken for violations (1)
        traceback.print_exc()
        print("stackcheck: internal error (see traceback above)", file=sys.stderr)
        return EXIT_ERROR
