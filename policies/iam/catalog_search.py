"""Finding the actions of every service that one action pattern matches, without testing them all.

A pattern whose service part holds a wildcard (`*Get*`, `s*:Put*`) can match actions of any
service. Every action name, as lower-case `service:name`, is indexed by the three-character runs
it contains, so only the names that contain the pattern's rarest run are compared with the whole
pattern, and a pattern naming no action is answered without a scan. Patterns whose literal pieces
are all shorter than three characters are compared with every name. Each comparison spends from
the work budget.
"""

import re

from .wildcards import compile_glob
from .work_budget import spend

_WILDCARDS = re.compile(r"[*?]+")
RUN = 3


class CatalogNames:
    def __init__(self, actions: list) -> None:
        self._actions = actions
        self._names = [f"{action.service}:{action.name}".lower() for action in actions]
        self._by_run: dict[str, list[int]] = {}
        for index, name in enumerate(self._names):
            for run in {name[start:start + RUN] for start in range(len(name) - RUN + 1)}:
                self._by_run.setdefault(run, []).append(index)

    def matching(self, pattern: str) -> dict[str, tuple]:
        """service -> the actions of that service the pattern matches, in catalog order."""
        pattern = pattern.lower()
        glob = compile_glob(pattern, True)
        matched: dict[str, list] = {}
        for index in self._candidates(pattern):
            if glob.fullmatch(self._names[index]):
                action = self._actions[index]
                matched.setdefault(action.service, []).append(action)
        return {service: tuple(actions) for service, actions in matched.items()}

    def _candidates(self, pattern: str):
        runs = {piece[start:start + RUN] for piece in _WILDCARDS.split(pattern)
                for start in range(len(piece) - RUN + 1)}
        spend(1 + len(runs))
        if not runs:
            spend(len(self._names))
            return range(len(self._names))
        rarest = min((self._by_run.get(run, ()) for run in runs), key=len)
        spend(len(rarest))
        return rarest
