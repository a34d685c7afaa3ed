"""What the offline "random" provider (pulumi_random) answers: plausible values of the shape its
resources output (`RandomUuid.result`, `RandomId.hex`, `RandomPet.id`, ...), so a trust policy whose
`sts:ExternalId` is a `RandomUuid` is judged with a value, as after a real update.

The values are drawn from a hash of the type and logical name, so a recording is reproducible. The
real provider draws them when it creates the resource: a preview does not know them.
"""

from __future__ import annotations

import base64
import hashlib
import string
from typing import Any

PACKAGE = "random"
# RandomPet's words: a few of the provider's own adjectives and animals are enough for a shape.
_ADJECTIVES = ("able", "brave", "calm", "eager", "fair", "gentle", "happy", "keen", "lucky", "proud")
_ANIMALS = ("otter", "badger", "heron", "lynx", "marten", "osprey", "panda", "quokka", "raven", "walrus")
# The provider's default special characters for RandomString and RandomPassword.
_DEFAULT_SPECIAL = "!@#$%&*()-_=+[]{}<>:?"


# The resources whose outputs `random_outputs` draws.
_KINDS = {"RandomUuid", "RandomUuid4", "RandomUuid7", "RandomString", "RandomPassword", "RandomId", "RandomBytes",
          "RandomPet", "RandomInteger", "RandomShuffle"}


def draws_outputs(type_: str) -> bool:
    """Whether `random_outputs` answers for this type (`random:index/randomUuid:RandomUuid`)."""
    return type_.startswith(f"{PACKAGE}:") and type_.rsplit(":", 1)[-1] in _KINDS


def _stream(type_: str, logical_name: str, length: int) -> bytes:
    """`length` reproducible pseudo-random bytes for this resource."""
    out, counter = b"", 0
    while len(out) < length:
        out += hashlib.sha256(f"{type_}\0{logical_name}\0{counter}".encode()).digest()
        counter += 1
    return out[:length]


def _number(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _uuid(data: bytes, version: str = "4") -> str:
    text = data[:16].hex()
    # The version the resource makes (4, or 7 for RandomUuid7), RFC 4122 variant.
    text = text[:12] + version + text[13:16] + "89ab"[data[8] % 4] + text[17:]
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:32]}"


def _characters(inputs: dict[str, Any]) -> str:
    """RandomString's and RandomPassword's alphabet, by their `upper`, `lower`, `numeric` and `special`
    flags (all on by default) and `overrideSpecial`."""
    alphabet = ""
    for flag, characters in (("upper", string.ascii_uppercase), ("lower", string.ascii_lowercase),
                             ("numeric", string.digits)):
        if inputs.get(flag, True) not in (False, "false"):
            alphabet += characters
    if inputs.get("special", True) not in (False, "false"):
        override = inputs.get("overrideSpecial")
        alphabet += override if isinstance(override, str) else _DEFAULT_SPECIAL
    return alphabet or string.ascii_lowercase


def random_outputs(type_: str, logical_name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(id, outputs) of a created pulumi_random resource, or None for a type this module does not know."""
    if not draws_outputs(type_):
        return None
    kind = type_.rsplit(":", 1)[-1]
    outputs = dict(inputs)
    if kind in ("RandomUuid", "RandomUuid4", "RandomUuid7"):
        outputs["result"] = _uuid(_stream(type_, logical_name, 16), "7" if kind == "RandomUuid7" else "4")
        return outputs["result"], outputs
    if kind in ("RandomString", "RandomPassword"):
        length = _number(inputs.get("length"), 16)
        alphabet = _characters(inputs)
        outputs["result"] = "".join(alphabet[b % len(alphabet)] for b in _stream(type_, logical_name, length))
        if kind == "RandomPassword":
            # The shape of a bcrypt hash; nothing can check it offline.
            outputs["bcryptHash"] = "$2a$10$" + base64.b64encode(_stream(type_, logical_name, 40)).decode()[:53]
        return "none", outputs
    if kind in ("RandomId", "RandomBytes"):
        data = _stream(type_, logical_name, _number(inputs.get("byteLength", inputs.get("length")), 8))
        if kind == "RandomBytes":
            outputs.update(base64=base64.b64encode(data).decode(), hex=data.hex())
            return outputs["base64"], outputs
        prefix = inputs.get("prefix") if isinstance(inputs.get("prefix"), str) else ""
        b64_url = base64.urlsafe_b64encode(data).decode().rstrip("=")
        outputs.update(hex=prefix + data.hex(), b64Std=prefix + base64.b64encode(data).decode(),
                       b64Url=prefix + b64_url, dec=prefix + str(int.from_bytes(data, "big")))
        return outputs["b64Url"], outputs
    if kind == "RandomPet":
        words = _number(inputs.get("length"), 2)
        data = _stream(type_, logical_name, max(words, 1))
        separator = inputs.get("separator") if isinstance(inputs.get("separator"), str) else "-"
        parts = [_ADJECTIVES[b % len(_ADJECTIVES)] for b in data[:words - 1]] + [_ANIMALS[data[-1] % len(_ANIMALS)]]
        if isinstance(inputs.get("prefix"), str):
            parts.insert(0, inputs["prefix"])
        pet = separator.join(parts)
        return pet, outputs
    if kind == "RandomInteger":
        low, high = _number(inputs.get("min"), 0), _number(inputs.get("max"), 0)
        value = low + int.from_bytes(_stream(type_, logical_name, 8), "big") % (max(high - low, 0) + 1)
        outputs["result"] = value
        return str(value), outputs
    # RandomShuffle: its inputs in a drawn order, as many as `resultCount` asks.
    items = list(inputs.get("inputs") or [])
    data = _stream(type_, logical_name, len(items) or 1)
    shuffled = [items[i] for i in sorted(range(len(items)), key=lambda i: (data[i], i))]
    count = _number(inputs.get("resultCount"), len(items))
    outputs["results"] = shuffled[:count] if count else shuffled
    return "-", outputs
