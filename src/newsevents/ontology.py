"""The PLOVER ontology and its CAMEO crosswalk, loaded from versioned data files.

Sources of ``data/plover.json`` and ``data/cameo.csv``: types, definitions (paraphrased),
modes, recipient rule, contexts, sectors, actor codes and scores from the OEDA PLOVER manual
draft v2.0; CAMEO names from the CAMEO codebook 1.1b3 (Schrodt, Parus Analytics) as tabled in
andybega/cameo; Goldstein values from Goldstein (1992) "A Conflict-Cooperation Scale for WEIS
Events Data" as extended to CAMEO (CAMEO.SCALE), same table; QuadClass (1 verbal cooperation,
2 material cooperation, 3 verbal conflict, 4 material conflict) from the GDELT 2.0 event
codebook (roots 01-05/06-08/09-13/14-20); the CAMEO -> PLOVER crosswalk from
CAMEO2PLOVER-2021.txt (PLOVER repo), normalised to v2.0. Every choice on the manual's
inconsistencies is listed under ``"decisions"`` in plover.json (``Ontology.decisions``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from newsevents.errors import DataFileError

DATA_DIR = Path(__file__).parent / "data"
PLOVER_PATH = DATA_DIR / "plover.json"
CAMEO_PATH = DATA_DIR / "cameo.csv"

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
"""The 16 PLOVER event types in the order of the manual (v2.0)."""

QUAD_NAMES = MappingProxyType({1: "verbal cooperation", 2: "material cooperation",
                               3: "verbal conflict", 4: "material conflict"})
CAMEO_COLUMNS = ["code", "name", "goldstein", "quad_class", "plover_type", "plover_mode"]
Target = tuple[str, str | None] | None  # forward crosswalk value: (type, mode) or not coded


@dataclass(frozen=True)
class EventTypeInfo:
    """One PLOVER event type; ``modes`` are the manual v2.0 mode names, in order."""
    name: str
    definition: str
    quad_class: int
    requires_recipient: bool
    base_score: float
    modes: tuple[str, ...]


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code: codebook name, Goldstein value, standard QuadClass."""
    code: str
    name: str
    goldstein: float
    quad_class: int


@dataclass(frozen=True, eq=False)
class Ontology:
    """PLOVER types, modes, contexts, sectors and actor codes, with the CAMEO crosswalk.

    ``cameo`` maps every code of cameo.csv to its :class:`CameoCode`.
    """
    version: str
    source: str = field(repr=False)
    types: Mapping[str, EventTypeInfo] = field(repr=False)
    contexts: Mapping[str, str] = field(repr=False)
    sectors: Mapping[str, str] = field(repr=False)
    actor_codes: Mapping[str, str] = field(repr=False)
    decisions: tuple[str, ...] = field(repr=False)
    cameo: Mapping[str, CameoCode] = field(repr=False)
    _forward: Mapping[str, Target] = field(repr=False)
    _type_cameo: Mapping[str, str] = field(repr=False)
    _mode_cameo: Mapping[tuple[str, str], str] = field(repr=False)
    _mode_scores: Mapping[tuple[str, str], float | None] = field(repr=False)

    def _info(self, event_type: str, mode: str | None) -> EventTypeInfo:
        info = self.types.get(event_type)
        if info is None:
            raise KeyError(f"unknown PLOVER event type {event_type!r}; "
                           f"expected one of {', '.join(self.types)}")
        if mode is not None and mode not in info.modes:
            valid = ", ".join(info.modes) or "none (the type has no modes)"
            raise ValueError(f"{mode!r} is not a mode of {event_type}; valid modes: {valid}")
        return info

    def cameo_for(self, event_type: str, mode: str | None = None) -> CameoCode:
        """The most representative CAMEO code of a type and mode (mode None: type default)."""
        self._info(event_type, mode)
        code = self._mode_cameo.get((event_type, mode)) if mode else None
        return self.cameo[code or self._type_cameo[event_type]]

    def plover_score(self, event_type: str, mode: str | None = None) -> float:
        """PLOVER conflict-cooperation score: the mode's own score if it has one, else base."""
        info = self._info(event_type, mode)
        score = self._mode_scores.get((event_type, mode)) if mode else None
        return info.base_score if score is None else score

    def quad_class(self, event_type: str) -> int:
        """PLOVER quad: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
        return self._info(event_type, None).quad_class

    def from_cameo(self, code: str) -> Target:
        """CAMEO -> (type, mode) by longest known prefix ("0412" -> "041"); 01/02 -> None."""
        code = str(code).strip()
        if not code.isdigit():
            raise ValueError(f"not a CAMEO code: {code!r}")
        for end in range(len(code), 1, -1):
            if code[:end] in self._forward:
                return self._forward[code[:end]]
        return None

    def explain(self, code: str) -> str:
        """One line on a PLOVER type ("CONSULT", "CONSULT/phone"), CAMEO code ("041"),
        sector ("GOV"), context ("cyber") or actor code ("IGO"); unknown -> KeyError."""
        key = str(code).strip()
        name, _, mode = key.upper().partition("/")
        if name in self.types:
            info, mode = self.types[name], key.partition("/")[2]
            if not mode:
                return (f"{name}: {info.definition} (quad {info.quad_class}, "
                        f"{QUAD_NAMES[info.quad_class]}; modes: {', '.join(info.modes) or 'none'})")
            try:
                c, score = self.cameo_for(name, mode), self.plover_score(name, mode)
            except ValueError as exc:
                raise KeyError(str(exc)) from None
            return f"{name}/{mode}: mode of {name}; score {score}; CAMEO {c.code} {c.name}"
        if key in self.cameo:
            c, target = self.cameo[key], self._forward.get(key)
            plover = "PLOVER " + "/".join(filter(None, target)) if target else "not coded in PLOVER"
            return f"CAMEO {c.code} {c.name} (Goldstein {c.goldstein}) -> {plover}"
        for table, label, k in ((self.sectors, "sector", key.upper()),
                                (self.actor_codes, "actor code", key.upper()),
                                (self.contexts, "context", key.lower())):
            if k in table:
                return f"{k} (PLOVER {label}): {table[k]}"
        raise KeyError(f"{code!r} is not a PLOVER type, CAMEO code, sector, context or actor code")


def _check(ok: bool, where: str, message: str) -> None:
    if not ok:
        raise DataFileError(f"{where}: {message}")


def _number(value: Any, where: str) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and -10 <= value <= 10
    _check(ok, where, f"expected a number in [-10, 10], got {value!r}")
    return float(value)


def _quad(value: Any, where: str) -> int:
    _check(type(value) is int and value in QUAD_NAMES, where, f"expected 1-4, got {value!r}")
    return value


def _text(value: Any, where: str) -> Any:
    _check(isinstance(value, str) and bool(value.strip()), where, "expected a non-empty string")
    return value


def _text_map(value: Any, where: str) -> Mapping[str, str]:
    _check(isinstance(value, dict) and bool(value), where, "expected a non-empty object")
    return MappingProxyType({k: _text(v, f"{where}.{k}") for k, v in value.items()})


def _cameo_row(row: list[str], at: str) -> tuple[CameoCode, Target]:
    _check(len(row) == 6, at, f"expected 6 fields, got {len(row)}")
    code, name, gold, quad, ptype, pmode = (x.strip() for x in row)
    ok = code.isdigit() and 2 <= len(code) <= 4 and 1 <= int(code[:2]) <= 20
    _check(ok and bool(name), at, f"bad CAMEO code {code!r} or empty name")
    try:
        goldstein, quad_class = float(gold), int(quad)
    except ValueError:
        raise DataFileError(f"{at}: goldstein/quad_class not numeric: {gold!r}, {quad!r}") from None
    _check(not ptype or ptype in EVENT_TYPES, at, f"unknown plover_type {ptype!r}")
    _check(not pmode or bool(ptype), at, "plover_mode given without plover_type")
    return (CameoCode(code, name, _number(goldstein, f"{at}: goldstein"),
                      _quad(quad_class, f"{at}: quad_class")),
            (ptype, pmode or None) if ptype else None)


def _read_cameo(path: Path) -> tuple[dict[str, CameoCode], dict[str, Target], dict[str, str]]:
    cameo: dict[str, CameoCode] = {}
    forward: dict[str, Target] = {}
    lines: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            _check(next(reader, None) == CAMEO_COLUMNS, f"{path}:1",
                   f"header must be {','.join(CAMEO_COLUMNS)}")
            for row in reader:
                at = f"{path}:{reader.line_num}"
                entry, target = _cameo_row(row, at)
                _check(entry.code not in cameo, at, f"duplicate CAMEO code {entry.code}")
                cameo[entry.code], forward[entry.code], lines[entry.code] = entry, target, at
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read: {exc}") from exc
    return cameo, forward, lines


def _event_type(name: str, t: Any, at: str, cameo: Mapping[str, CameoCode]) -> EventTypeInfo:
    _check(isinstance(t, dict) and isinstance(t.get("modes"), dict), at, "expected {..., modes}")
    _check(t.get("cameo") in cameo, f"{at}.cameo", f"{t.get('cameo')!r} is not in the CAMEO table")
    for mode, m in t["modes"].items():
        got = m.get("cameo") if isinstance(m, dict) else m
        _check(isinstance(m, dict) and got in cameo, f"{at}.modes.{mode}.cameo",
               f"{got!r} is not in the CAMEO table")
        if m.get("score") is not None:
            _number(m["score"], f"{at}.modes.{mode}.score")
    recipient = t.get("requires_recipient")
    _check(isinstance(recipient, bool), f"{at}.requires_recipient", "expected true or false")
    return EventTypeInfo(name, _text(t.get("definition"), f"{at}.definition"),
                         _quad(t.get("quad_class"), f"{at}.quad_class"), recipient,
                         _number(t.get("base_score"), f"{at}.base_score"), tuple(t["modes"]))


def _build(path: Path, cameo_path: Path) -> Ontology:
    cameo, forward, lines = _read_cameo(cameo_path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from exc
    _check(isinstance(doc, dict), str(path), "top level must be an object")
    for key in ("version", "source", "types", "contexts", "sectors", "actor_codes", "decisions"):
        _check(key in doc, f"{path}: {key}", "missing")
    raw = doc["types"]
    got = list(raw) if isinstance(raw, dict) else raw
    _check(isinstance(raw, dict) and set(raw) == set(EVENT_TYPES), f"{path}: types",
           f"must hold exactly the 16 PLOVER types, got {got!r}")
    types = {n: _event_type(n, raw[n], f"{path}: types.{n}", cameo) for n in EVENT_TYPES}
    for code, target in forward.items():
        if target and target[1]:
            _check(target[1] in types[target[0]].modes, lines[code],
                   f"plover_mode {target[1]!r} is not a mode of {target[0]}")
    decisions = doc["decisions"]
    _check(isinstance(decisions, list) and all(isinstance(d, str) and d for d in decisions),
           f"{path}: decisions", "expected a list of non-empty strings")
    modes = {(n, m): v for n in EVENT_TYPES for m, v in raw[n]["modes"].items()}
    ro, tables = MappingProxyType, ("contexts", "sectors", "actor_codes")
    return Ontology(
        _text(doc["version"], f"{path}: version"), _text(doc["source"], f"{path}: source"),
        ro(types), *(_text_map(doc[k], f"{path}: {k}") for k in tables),
        tuple(decisions), ro(cameo), ro(forward), ro({n: raw[n]["cameo"] for n in EVENT_TYPES}),
        ro({k: v["cameo"] for k, v in modes.items()}),
        ro({k: None if v.get("score") is None else float(v["score"]) for k, v in modes.items()}))


@lru_cache(maxsize=1)
def _default() -> Ontology:
    return _build(PLOVER_PATH, CAMEO_PATH)


def load_ontology(path: str | Path | None = None, cameo_path: str | Path | None = None) -> Ontology:
    """Load and validate the ontology; the packaged files are loaded once and cached.

    A malformed file raises DataFileError naming ``file:line`` (CSV rows, JSON syntax) or the
    JSON key path (``types.SANCTION.quad_class``). Explicit paths are never cached.
    """
    if path is None and cameo_path is None:
        return _default()
    return _build(Path(path or PLOVER_PATH), Path(cameo_path or CAMEO_PATH))


def explain(code: str) -> str:
    """``Ontology.explain`` over the packaged ontology."""
    return load_ontology().explain(code)
