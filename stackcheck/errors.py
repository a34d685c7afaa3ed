"""Errors stackcheck raises. All derive from StackcheckError so callers (and the CLI) can tell
"could not check" apart from "checked and found violations"."""


class StackcheckError(Exception):
    """Base class: the stack could not be checked."""


class PackStartError(StackcheckError):
    """The policy pack process died or never announced its gRPC port."""


class AnalyzerCallError(StackcheckError):
    """A gRPC call to the policy pack failed (for example a policy raised an exception)."""

    def __init__(self, method: str, code: str, details: str, stderr: str = "") -> None:
        self.method = method
        self.code = code
        self.details = details
        self.stderr = stderr
        text = f"{method} failed ({code}): {details}"
        if stderr.strip():
            text += f"\n--- policy pack stderr (tail) ---\n{stderr.rstrip()}"
        super().__init__(text)


class PolicyConfigError(StackcheckError):
    """The policy configuration does not match the pack's policies or their config schemas."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid policy configuration:\n" + "\n".join(f"  - {p}" for p in self.problems))


class ProgramLoadError(StackcheckError):
    """The Pulumi program could not be loaded or run under mocks."""

    def __init__(self, message: str, *, details: str = "") -> None:
        self.details = details
        super().__init__(f"{message}\n{details.rstrip()}" if details.strip() else message)
