"""The PLOVER ontology data files and their loader (newsevents.ontology)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from newsevents.errors import DataFileError
from newsevents.ontology import (CAMEO_PATH, EVENT_TYPES, PLOVER_PATH, CameoCode, Ontology,
                                 explain, load_ontology)


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


# --- the PLOVER tables (manual draft v2.0) ----------------------------------------------

MODES = {  # PLOVER.md 2.2 (manual v2.0 mode tables)
    "CONSULT": ["visit", "third-party", "multilateral", "phone"],
    "RETREAT": ["withdraw", "release", "disarm", "ceasefire", "access", "resign"],
    "REQUEST": ["assist", "change", "yield", "meet"],
    "REJECT": ["assist", "change", "yield", "meet"],
    "ACCUSE": ["disapprove", "investigate", "allege"],
    "THREATEN": ["restrict", "arrest", "relations", "expel", "territory", "violence"],
    "PROTEST": ["demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"],
    "SANCTION": ["convict", "expel", "withdraw", "discontinue"],
    "MOBILIZE": ["troops", "weapons", "police", "militia"],
    "COERCE": ["seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"],
    "ASSAULT": ["abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional"],
}
BASE = {"AGREE": 2.5, "CONSULT": 2.5, "SUPPORT": 5.0, "CONCEDE": 4.5, "COOPERATE": 9.5,
        "AID": 10.0, "RETREAT": 6.5, "REQUEST": 0.0, "ACCUSE": -3.0, "REJECT": -2.0,
        "THREATEN": -3.5, "PROTEST": -5.0, "SANCTION": -6.0, "MOBILIZE": -5.5, "COERCE": -7.0,
        "ASSAULT": -9.0}
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
        "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
        "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
CONTEXTS = """military intelligence executive legislative election political_institutions
pro_democracy pro_autocracy economic legal reparations human_rights rights_freedoms repression
human_security gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping health
asylum migration disasters natural_resource environment technology terrorism cbrn cyber
misinformation crime corruption illegal_drugs trafficking""".split()
SECTORS = ("COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK "
           "AGR BUS CRM CVL EDU ELI JRN LAB MED OPP PRE REF REL SOC").split()
ROOTS = {  # PLOVER.md 2.9: root, Goldstein of the root row, standard QuadClass
    "01": (0, 1), "02": (3, 1), "03": (4, 1), "04": (1, 1), "05": (3.5, 1), "06": (6, 2),
    "07": (7, 2), "08": (5, 2), "09": (-2, 3), "10": (-5, 3), "11": (-2, 3), "12": (-4, 3),
    "13": (-6, 3), "14": (-6.5, 4), "15": (-7.2, 4), "16": (-4, 4), "17": (-7, 4), "18": (-9, 4),
    "19": (-10, 4), "20": (-10, 4)}


def test_sixteen_types_in_manual_order(onto):
    assert len(EVENT_TYPES) == 16
    assert tuple(onto.types) == EVENT_TYPES
    assert EVENT_TYPES[0] == "AGREE" and EVENT_TYPES[-1] == "ASSAULT"
    assert "DEMAND" not in onto.types and "CRIME" not in onto.types


def test_quad_classes(onto):
    assert onto.quad_class("AGREE") == 1
    assert onto.quad_class("AID") == 2
    assert onto.quad_class("ACCUSE") == 3
    assert onto.quad_class("SANCTION") == 4  # decision: material conflict (CAMEO root 16)
    assert onto.quad_class("ASSAULT") == 4
    assert {t: onto.quad_class(t) for t in EVENT_TYPES} == QUAD


def test_recipient_required_only_for_cooperate_aid_sanction(onto):
    required = {t for t, i in onto.types.items() if i.requires_recipient}
    assert required == {"COOPERATE", "AID", "SANCTION"}


def test_modes_are_manual_v2(onto):
    for t in EVENT_TYPES:
        assert list(onto.types[t].modes) == MODES.get(t, []), t
    assert "return" not in onto.types["RETREAT"].modes  # commented out in v2.0
    assert "ban" not in onto.types["COERCE"].modes  # POLECAT-only


def test_contexts_sectors_actor_codes(onto):
    assert sorted(onto.contexts) == sorted(CONTEXTS) and len(onto.contexts) == 37
    assert sorted(onto.sectors) == sorted(SECTORS) and len(onto.sectors) == 25
    assert set(onto.actor_codes) == {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
    assert "health" in onto.sectors["MED"].lower()


def test_base_and_mode_scores(onto):
    assert {t: onto.plover_score(t, None) for t in EVENT_TYPES} == BASE
    assert onto.plover_score("ACCUSE", None) == -3.0  # printed +3 in the manual: sign typo
    assert onto.plover_score("CONSULT", "visit") == 4.0
    assert onto.plover_score("CONSULT", "phone") == 1.5
    assert onto.plover_score("PROTEST", "riot") == -7.0
    assert onto.plover_score("RETREAT", "disarm") == 10.0
    assert onto.plover_score("ASSAULT", "unconventional") == -10.0
    for mode in ("targeted", "aerial", "drone", "heavy-weapons", "suicide-attack"):
        assert onto.plover_score("ASSAULT", mode) == -9.5
    assert onto.plover_score("ASSAULT", "beat") == -9.0  # no own score -> base
    assert onto.plover_score("CONSULT", "third-party") == 2.5


def test_cameo_for(onto):
    phone = onto.cameo_for("CONSULT", "phone")
    assert phone == CameoCode("041", "Discuss by telephone", 1.0, 1)
    assert onto.cameo_for("ACCUSE", None).goldstein == -2.0
    assert onto.cameo_for("ACCUSE", "investigate").code == "090"
    assert onto.cameo_for("CONSULT", "visit").code == "042"
    assert onto.cameo_for("AGREE", None).code == "030"
    assert onto.cameo_for("RETREAT", "release").code == "0841"
    assert onto.cameo_for("RETREAT", "ceasefire").code == "0871"
    assert onto.cameo_for("PROTEST", "riot").code == "145"
    assert onto.cameo_for("COERCE", "arrest").code == "173"
    assert onto.cameo_for("ASSAULT", "suicide-attack").code == "1831"
    assert onto.cameo_for("ASSAULT", "aerial").code == "195"
    assert onto.cameo_for("ASSAULT", "unconventional").code == "200"
    assert onto.cameo_for("ASSAULT").code == "190"
    assert onto.cameo_for("SANCTION").quad_class == 4
    # CONCEDE: PLOVER quad 1, its CAMEO code keeps the standard QuadClass of root 08
    assert onto.cameo_for("CONCEDE").quad_class == 2 and onto.quad_class("CONCEDE") == 1


def test_unknown_type_and_mode(onto):
    with pytest.raises(KeyError, match="FIGHT"):
        onto.cameo_for("FIGHT", None)
    with pytest.raises(ValueError, match="visit, third-party, multilateral, phone"):
        onto.cameo_for("CONSULT", "email")
    with pytest.raises(ValueError, match="no modes"):
        onto.plover_score("AGREE", "phone")
    with pytest.raises(KeyError):
        onto.quad_class("DEMAND")


def test_every_type_and_mode_round_trips_to_its_type(onto):
    # The reverse code of a type or mode forward-maps back to that type (and to the same
    # mode or none), except for the documented shared/borrowed codes.
    borrowed = {("SANCTION", "convict")}  # 116 -> ACCUSE in the code-level crosswalk
    shared = {("PROTEST", "boycott"), ("PROTEST", "vandalize"), ("MOBILIZE", "weapons"),
              ("ASSAULT", "drone")}
    for t in EVENT_TYPES:
        assert onto.from_cameo(onto.cameo_for(t).code)[0] == t, t
        for mode in onto.types[t].modes:
            back = onto.from_cameo(onto.cameo_for(t, mode).code)
            if (t, mode) in borrowed:
                continue
            assert back[0] == t, (t, mode, back)
            if (t, mode) not in shared:
                assert back[1] in (mode, None), (t, mode, back)


def test_from_cameo(onto):
    assert onto.from_cameo("041") == ("CONSULT", "phone")
    assert onto.from_cameo("0412") == ("CONSULT", "phone")  # longest prefix: 041
    assert onto.from_cameo("047") == ("CONSULT", None)  # falls back to root 04
    assert onto.from_cameo("010") is None
    assert onto.from_cameo("01") is None and onto.from_cameo("0233") is None
    assert onto.from_cameo("163") == ("COERCE", "restrict")  # code-level crosswalk
    assert onto.from_cameo("1712") == ("ASSAULT", "destroy")
    assert onto.from_cameo("191") == ("COERCE", "restrict")
    assert onto.from_cameo("175") == ("ASSAULT", "crowd-control")
    assert onto.from_cameo("0841") == ("RETREAT", "release")
    assert onto.from_cameo("0813") == ("CONCEDE", None)  # v2.0: lifting curfews is CONCEDE
    assert onto.from_cameo("090") == ("ACCUSE", "investigate")
    assert onto.from_cameo("112") == ("ACCUSE", "allege")
    assert onto.from_cameo("1056") == ("REQUEST", "yield")
    assert onto.from_cameo("20") == ("ASSAULT", "unconventional")
    assert onto.from_cameo("193") == ("ASSAULT", "firearms")
    assert onto.from_cameo("99") is None
    with pytest.raises(ValueError):
        onto.from_cameo("abc")


def test_cameo_csv_roots_and_values(onto):
    with CAMEO_PATH.open(newline="") as f:
        rows = {r["code"]: r for r in csv.DictReader(f)}
    for root, (gold, quad) in ROOTS.items():
        for code in (root, root + "0"):
            assert code in rows, code
            assert onto.cameo[code].quad_class == quad, code
        assert onto.cameo[root].goldstein == gold, root
    assert rows["01"]["plover_type"] == "" and rows["020"]["plover_type"] == ""
    assert onto.cameo["0874"].goldstein == 10.0 and onto.cameo["163"].goldstein == -8.0
    assert all(-10 <= c.goldstein <= 10 for c in onto.cameo.values())
    assert all(code.isdigit() and len(code) in (2, 3, 4) for code in onto.cameo)


def test_every_code_in_plover_json_is_in_cameo_csv(onto):
    doc = json.loads(PLOVER_PATH.read_text())
    codes = {t["cameo"] for t in doc["types"].values()}
    codes |= {m["cameo"] for t in doc["types"].values() for m in t["modes"].values()}
    assert codes <= set(onto.cameo)


def test_decisions_and_version(onto):
    assert onto.version.startswith("plover-2.0")
    text = " ".join(onto.decisions)
    for needle in ("ACCUSE", "SANCTION", "163", "null", "CONCEDE"):
        assert needle in text


def test_explain_each_kind(onto):
    consult = explain("CONSULT")
    assert consult.startswith("CONSULT: ")
    assert "(quad 1, verbal cooperation; modes: visit, third-party" in consult
    assert "modes: none" in explain("AGREE")
    phone = "CAMEO 041 Discuss by telephone (Goldstein 1.0) -> PLOVER CONSULT/phone"
    assert explain("041") == phone
    assert explain("010").endswith("not coded in PLOVER")
    assert "Government" in explain("GOV")
    assert "Cyber attacks" in explain("cyber")
    assert "United Nations" in explain("UNO")
    assert "041" in explain("CONSULT/phone") and "1.5" in explain("CONSULT/phone")
    assert onto.explain("IGO") == explain("IGO")
    for bad in ("NOPE", "999", "CONSULT/email"):
        with pytest.raises(KeyError):
            explain(bad)


def test_default_load_is_cached_and_paths_are_not(tmp_path):
    assert load_ontology() is load_ontology()
    copy = tmp_path / "plover.json"
    shutil.copy(PLOVER_PATH, copy)
    custom = load_ontology(copy)
    assert custom is not load_ontology() and custom.types == load_ontology().types


# --- malformed files --------------------------------------------------------------------

def _broken_json(tmp_path: Path, edit) -> Path:
    doc = json.loads(PLOVER_PATH.read_text())
    edit(doc)
    path = tmp_path / "plover.json"
    path.write_text(json.dumps(doc, indent=2))
    return path


@pytest.mark.parametrize("edit, key", [
    (lambda d: d["types"]["SANCTION"].update(quad_class=7), "types.SANCTION.quad_class"),
    (lambda d: d["types"]["CONSULT"]["modes"]["phone"].update(cameo="0419"),
     "types.CONSULT.modes.phone.cameo"),
    (lambda d: d["types"]["ASSAULT"].update(base_score=-12), "types.ASSAULT.base_score"),
    (lambda d: d["types"]["AID"].update(requires_recipient="yes"), "types.AID.requires_recipient"),
    (lambda d: d["types"].pop("AGREE"), "types"),
    (lambda d: d["contexts"].update(cyber=""), "contexts.cyber"),
    (lambda d: d.pop("sectors"), "sectors"),
])
def test_malformed_plover_json_names_the_key(tmp_path, edit, key):
    path = _broken_json(tmp_path, edit)
    with pytest.raises(DataFileError, match=key.replace(".", r"\.")) as err:
        load_ontology(path)
    assert str(path) in str(err.value) and err.value.code.startswith("E2")


def test_invalid_json_names_file_and_line(tmp_path):
    path = tmp_path / "plover.json"
    path.write_text('{\n  "version": "x",\n  "types": {,\n}\n')
    with pytest.raises(DataFileError, match=r"plover\.json:3: invalid JSON"):
        load_ontology(path)


def _broken_csv(tmp_path: Path, old: str, new: str) -> Path:
    text = CAMEO_PATH.read_text()
    assert old in text
    path = tmp_path / "cameo.csv"
    path.write_text(text.replace(old, new, 1))
    return path


def test_malformed_cameo_csv_names_file_and_line(tmp_path):
    lines = CAMEO_PATH.read_text().splitlines()
    lineno = next(i for i, line in enumerate(lines, 1) if line.startswith("041,"))
    path = _broken_csv(tmp_path, "041,Discuss by telephone,1.0,", "041,Discuss by telephone,11.0,")
    with pytest.raises(DataFileError, match=rf"cameo\.csv:{lineno}: goldstein"):
        load_ontology(cameo_path=path)
    path = _broken_csv(tmp_path, "code,name,", "kode,name,")
    with pytest.raises(DataFileError, match=r"cameo\.csv:1: header"):
        load_ontology(cameo_path=path)
    path = _broken_csv(tmp_path, "041,Discuss by telephone,1.0,1,CONSULT,phone",
                       "041,Discuss by telephone,1.0,1,CONSULT,email")
    with pytest.raises(DataFileError, match="email"):
        load_ontology(cameo_path=path)
    path = _broken_csv(tmp_path, "\n041,", "\n41,")
    with pytest.raises(DataFileError, match=r"cameo\.csv:\d+: bad CAMEO code '41'"):
        load_ontology(cameo_path=path)


def test_mode_code_missing_from_csv(tmp_path):
    row = "1831,Carry out suicide bombing,-10.0,4,ASSAULT,suicide-attack\n"
    path = _broken_csv(tmp_path, row, "")
    with pytest.raises(DataFileError, match=r"types\.ASSAULT\.modes\.suicide-attack\.cameo"):
        load_ontology(cameo_path=path)
