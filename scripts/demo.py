"""`make demo`: run the offline checker the way a user would, over the sample stack's three
environments (expected clean) and over the insecure example (expected blocked).

It runs the real command line, so what it prints is exactly what `python -m stackcheck check`
prints, and it exits non-zero only when a verdict is not the expected one.
"""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXIT_CLEAN, EXIT_BLOCKED = 0, 1
RUNS = [
    ("sample_stack", "dev", EXIT_CLEAN),
    ("sample_stack", "staging", EXIT_CLEAN),
    ("sample_stack", "prod", EXIT_CLEAN),
    ("examples/insecure_stack", "prod", EXIT_BLOCKED),
]
VERDICTS = {EXIT_CLEAN: "clean", EXIT_BLOCKED: "blocked"}


def main() -> int:
    surprises = []
    for program, stack, expected in RUNS:
        print(f"\n$ python -m stackcheck check {program} --stack {stack}", flush=True)
        code = subprocess.run([sys.executable, "-m", "stackcheck", "check", program, "--stack", stack],
                              cwd=REPO, check=False).returncode
        outcome = VERDICTS.get(code, f"could not be checked (exit {code})")
        print(f"-> {program} / {stack}: {outcome} (exit {code}), expected {VERDICTS[expected]}", flush=True)
        if code != expected:
            surprises.append(f"{program} / {stack}")
    if surprises:
        print(f"\nDemo FAILED: unexpected verdict for {', '.join(surprises)}")
        return 1
    print("\nDemo passed: the sample stacks are clean in every environment, and the insecure example is "
          "blocked with the fix for each violation (see examples/insecure_stack/README.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
