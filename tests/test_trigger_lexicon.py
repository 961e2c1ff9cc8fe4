"""The trigger lexicon (``data/triggers.csv``) and the role nouns
(``data/actor_nouns.csv``): the files are well formed, and the common ways of
stating each PLOVER event type are coded end to end.

The sentences are made up for these tests, one kind of expression each, from
the PLOVER manual v2.0 definitions and the CAMEO 1.1b3 codebook event
descriptions; none is taken from the gold files. Constructions that fail for
structural reasons (events.py / actors.py, not data) are left out and listed
in ``src/newsevents/data/README.md``."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

import newsevents
from newsevents.actor_lexicon import ActorLexicon, fold
from newsevents.ontology import EVENT_TYPES
from newsevents.triggers import FRAMES, TriggerLexicon, default_triggers

from .conftest import codes

DATA = Path(newsevents.__file__).resolve().parent / "data"
PLOVER = json.loads((DATA / "plover.json").read_text(encoding="utf-8"))
PUBLISHED = "2022-06-01"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- the files ---------------------------------------------------------------

def test_trigger_csv_loads_with_the_packaged_loader():
    lexicon = TriggerLexicon.load(DATA / "triggers.csv", event_types=frozenset(EVENT_TYPES))
    assert sum(len(group) for group in lexicon.rules.values()) == len(_rows("triggers.csv"))
    assert default_triggers().candidates("telephone", "VERB")


def test_no_duplicate_lemma_pos_requires_rows():
    keys = Counter((r["lemma"], r["pos"], r["requires"]) for r in _rows("triggers.csv"))
    assert [k for k, n in keys.items() if n > 1] == []


def test_event_types_and_modes_are_those_of_plover_json():
    types = PLOVER["types"]
    for line, row in enumerate(_rows("triggers.csv"), start=2):
        assert row["event_type"] in types, (line, row)
        assert not row["mode"] or row["mode"] in types[row["event_type"]]["modes"], (line, row)


def test_rows_are_well_formed():
    for line, row in enumerate(_rows("triggers.csv"), start=2):
        assert row["lemma"] and row["lemma"] == row["lemma"].strip().lower(), (line, row)
        assert row["pos"] in ("VERB", "NOUN") and row["frame"] in FRAMES, (line, row)
        # a noun states an event only with a support verb ("held talks")
        assert row["pos"] == "VERB" or row["frame"] == "light", (line, row)
        for part in filter(None, row["requires"].split(";")):
            values = part.partition(":")[2].split("|")
            # "*actor" / "*any" replace the whole value list, so they must stand alone
            assert not any(v.startswith("*") for v in values) or len(values) == 1, (line, row)


def test_actor_nouns_are_unique_and_use_plover_sectors():
    rows = _rows("actor_nouns.csv")
    keys = Counter(fold(r["noun"]) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []
    assert {r["sector"] for r in rows} <= set(PLOVER["sectors"])


@pytest.mark.parametrize("noun, sector", [
    ("warships", "MIL"), ("drones", "MIL"), ("helicopters", "MIL"), ("artillery", "MIL"), ("peacekeepers", "MIL"),
    ("junta", "MIL"), ("militiamen", "PRM"), ("riot police", "COP"), ("dissidents", "OPP"), ("prisoners", "CVL"),
    ("detainees", "CVL"), ("hostages", "CVL"), ("landowners", "AGR"), ("nurses", "MED"), ("terrorists", "REB"),
])
def test_role_nouns_have_their_sector(noun, sector):
    lexicon = ActorLexicon.load()
    found = lexicon.role_noun(noun) or lexicon.role_noun(noun.removesuffix("men") + "man")
    assert found is not None and found.sector == sector


# -- end to end, category by category ----------------------------------------
# (category, sentence, event type, actor codes, recipient codes or None when the
# recipient is not the point, mode or None when not checked)
CASES = [
    # CONSULT
    ("consult", "The Turkish president telephoned the Russian president on Monday.", "CONSULT", ["TUR"], ["RUS"], "phone"),
    ("consult", "Japan called South Korea on Friday to discuss the dispute.", "CONSULT", ["JPN"], ["KOR"], "phone"),
    ("consult", "The French president held a telephone call with the Chinese president.", "CONSULT", ["FRA"], ["CHN"], "phone"),
    ("consult", "The Chinese president received the Iranian foreign minister in Beijing.", "CONSULT", ["IRN"], ["CHN"], "visit"),
    ("consult", "The Egyptian president welcomed the Israeli prime minister to Cairo.", "CONSULT", ["ISR"], ["EGY"], "visit"),
    ("consult", "The Indian foreign minister travelled to Moscow on Tuesday.", "CONSULT", ["IND"], ["RUS"], "visit"),
    ("consult", "Qatar mediated between the United States and Iran.", "CONSULT", ["QAT"], None, "third-party"),
    ("consult", "The German chancellor held a video conference with the French president.", "CONSULT", ["DEU"], ["FRA"], "phone"),
    ("consult", "Turkey held a dialogue with Greece on maritime borders.", "CONSULT", ["TUR"], ["GRC"], None),
    # SUPPORT
    ("support", "China defended Russia at the Security Council.", "SUPPORT", ["CHN"], ["RUS"], None),
    ("support", "Japan lauded India for its response to the crisis.", "SUPPORT", ["JPN"], ["IND"], None),
    ("support", "Hungary sided with Serbia in the dispute.", "SUPPORT", ["HUN"], ["SRB"], None),
    ("support", "Morocco normalized relations with Israel.", "SUPPORT", ["MAR"], ["ISR"], None),
    ("support", "Russia recognized the independence of Abkhazia.", "SUPPORT", ["RUS"], ["GEO"], None),
    ("support", "Poland signed a defence treaty with Sweden.", "SUPPORT", ["POL"], ["SWE"], None),
    ("support", "Iran inked a trade deal with China.", "SUPPORT", ["IRN"], ["CHN"], None),
    ("support", "The Canadian prime minister paid tribute to Ukrainian soldiers.", "SUPPORT", ["CAN"], ["UKR"], None),
    # CONCEDE
    ("concede", "The Iraqi government lifted the curfew in Basra.", "CONCEDE", ["IRQ"], None, None),
    ("concede", "The United States suspended sanctions on Venezuela.", "CONCEDE", ["USA"], None, None),
    ("concede", "The Ethiopian government dropped charges against opposition leaders.", "CONCEDE", ["ETH"], None, None),
    ("concede", "The Kenyan teachers' union called off the strike.", "CONCEDE", ["KEN"], None, None),
    ("concede", "The Burmese junta granted amnesty to thousands of prisoners.", "CONCEDE", ["MMR"], None, None),
    ("concede", "The Kenyan president met the demands of the protesters.", "CONCEDE", ["KEN"], None, None),
    # RETREAT
    ("retreat", "Israel lifted the blockade of Gaza.", "RETREAT", ["ISR"], ["PSE"], "withdraw"),
    ("retreat", "Russia pulled out of the Ukrainian city of Kherson.", "RETREAT", ["RUS"], None, "withdraw"),
    ("retreat", "Iran released two French prisoners.", "RETREAT", ["IRN"], ["FRA"], "release"),
    ("retreat", "Two Japanese hostages were released by Syrian rebels.", "RETREAT", ["SYR"], ["JPN"], "release"),
    ("retreat", "Armenia and Azerbaijan exchanged prisoners.", "RETREAT", ["ARM", "AZE"], None, "release"),
    ("retreat", "Hamas handed over the bodies of two Israeli soldiers.", "RETREAT", ["PSE"], ["ISR"], "release"),
    ("retreat", "Colombian rebels demobilized in 2017.", "RETREAT", ["COL"], None, "disarm"),
    ("retreat", "Turkey declared a ceasefire in northern Syria.", "RETREAT", ["TUR"], None, "ceasefire"),
    ("retreat", "Russia halted its offensive near Kyiv.", "RETREAT", ["RUS"], None, "ceasefire"),
    ("retreat", "The Pakistani prime minister stepped down on Friday.", "RETREAT", ["PAK"], None, "resign"),
    ("retreat", "Syria allowed international inspectors into the site.", "RETREAT", ["SYR"], None, "access"),
    # COOPERATE
    ("cooperate", "Jordan shares intelligence with the United States.", "COOPERATE", ["JOR"], ["USA"], None),
    ("cooperate", "Russia held joint naval drills with China.", "COOPERATE", ["RUS"], ["CHN"], None),
    ("cooperate", "The US military conducted joint patrols with Turkish forces.", "COOPERATE", ["USA"], ["TUR"], None),
    ("cooperate", "Germany extradited the suspect to Turkey.", "COOPERATE", ["DEU"], ["TUR"], None),
    ("cooperate", "Turkey coordinated with Iraq on border security.", "COOPERATE", ["TUR"], ["IRQ"], None),
    # AID
    ("aid", "The United States provided Ukraine with weapons.", "AID", ["USA"], ["UKR"], None),
    ("aid", "China donated vaccines to Pakistan.", "AID", ["CHN"], ["PAK"], None),
    ("aid", "Saudi Arabia extended a $3 billion loan to Pakistan.", "AID", ["SAU"], ["PAK"], None),
    ("aid", "Britain evacuated Afghan civilians.", "AID", ["GBR"], ["AFG"], None),
    ("aid", "Turkey hosts Syrian refugees.", "AID", ["TUR"], ["SYR"], None),
    ("aid", "Poland opened its borders to Ukrainian refugees.", "AID", ["POL"], ["UKR"], None),
    ("aid", "The United States trained Ukrainian troops.", "AID", ["USA"], ["UKR"], None),
    ("aid", "Lebanon received aid from France.", "AID", ["FRA"], ["LBN"], None),
    ("aid", "The Saudi army rescued two Egyptian hostages.", "AID", ["SAU"], ["EGY"], None),
    # REQUEST
    ("request", "Ukraine pressed Germany for tanks.", "REQUEST", ["UKR"], ["DEU"], None),
    ("request", "Lebanon sought aid from France.", "REQUEST", ["LBN"], ["FRA"], "assist"),
    ("request", "Afghan refugees sought asylum in Germany.", "REQUEST", ["AFG"], None, "assist"),
    ("request", "Iraq petitioned the UN Security Council.", "REQUEST", ["IRQ"], ["UNO"], None),
    ("request", "Pakistan appealed to China for help.", "REQUEST", ["PAK"], ["CHN"], None),
    # ACCUSE
    ("accuse", "Israel lodged a formal protest with the Egyptian ambassador.", "ACCUSE", ["ISR"], ["EGY"], "disapprove"),
    ("accuse", "China lodged a complaint with the United States.", "ACCUSE", ["CHN"], ["USA"], "disapprove"),
    ("accuse", "China complained to the United States about arms sales.", "ACCUSE", ["CHN"], ["USA"], "disapprove"),
    ("accuse", "The Chinese foreign ministry summoned the Japanese ambassador.", "ACCUSE", ["CHN"], ["JPN"], "disapprove"),
    ("accuse", "France filed a lawsuit against Google.", "ACCUSE", ["FRA"], ["MNC"], "allege"),
    ("accuse", "American prosecutors charged a Russian businessman.", "ACCUSE", ["USA"], ["RUS"], "allege"),
    ("accuse", "Iran lambasted Saudi Arabia.", "ACCUSE", ["IRN"], ["SAU"], "disapprove"),
    ("accuse", "The UN sent inspectors to Iraq.", "ACCUSE", ["UNO"], ["IRQ"], "investigate"),
    # REJECT
    ("reject", "North Korea spurned the American offer.", "REJECT", ["PRK"], ["USA"], None),
    ("reject", "Russia vetoed the UN resolution on Syria.", "REJECT", ["RUS"], None, "yield"),
    ("reject", "North Korea defied the UN sanctions.", "REJECT", ["PRK"], None, "yield"),
    ("reject", "Iran violated the nuclear agreement.", "REJECT", ["IRN"], None, "yield"),
    ("reject", "Israel turned down the Egyptian proposal.", "REJECT", ["ISR"], ["EGY"], None),
    ("reject", "The Iranian foreign minister cancelled his visit to Paris.", "REJECT", ["IRN"], ["FRA"], "meet"),
    ("reject", "The Palestinian delegation walked out of the talks.", "REJECT", ["PSE"], None, "meet"),
    # THREATEN
    ("threaten", "Hamas vowed revenge against Israel.", "THREATEN", ["PSE"], ["ISR"], "violence"),
    ("threaten", "Iran issued an ultimatum to the United Arab Emirates.", "THREATEN", ["IRN"], ["ARE"], None),
    ("threaten", "The International Criminal Court issued an arrest warrant for the Russian president.", "THREATEN", ["IGO"], ["RUS"], "arrest"),
    # PROTEST
    ("protest", "Kenyan doctors staged a strike over pay.", "PROTEST", ["KEN"], None, "strike"),
    ("protest", "French unions held a general strike.", "PROTEST", ["FRA"], None, "strike"),
    ("protest", "Indian farmers blocked highways around Delhi.", "PROTEST", ["IND"], None, "obstruct"),
    ("protest", "Chilean protesters stormed the presidential palace.", "PROTEST", ["CHL"], None, "riot"),
    ("protest", "Belarusian workers picketed the factory.", "PROTEST", ["BLR"], None, "demo"),
    ("protest", "Kenyan teachers walked out of their classrooms.", "PROTEST", ["KEN"], None, "strike"),
    # MOBILIZE
    ("mobilize", "Russia massed troops on the Ukrainian border.", "MOBILIZE", ["RUS"], None, "troops"),
    ("mobilize", "Russia deployed missiles in Belarus.", "MOBILIZE", ["RUS"], None, "weapons"),
    ("mobilize", "The Chinese army staged military drills near Taiwan.", "MOBILIZE", ["CHN"], None, "troops"),
    ("mobilize", "North Korea test-fired a ballistic missile.", "MOBILIZE", ["PRK"], None, "weapons"),
    ("mobilize", "Russia put its nuclear forces on alert.", "MOBILIZE", ["RUS"], None, "troops"),
    ("mobilize", "Russia called up 300,000 reservists.", "MOBILIZE", ["RUS"], None, "troops"),
    ("mobilize", "The Pentagon sent reinforcements to Poland.", "MOBILIZE", ["USA"], ["POL"], "troops"),
    # SANCTION
    ("sanction", "Britain expelled two Russian diplomats.", "SANCTION", ["GBR"], ["RUS"], "expel"),
    ("sanction", "Iran broke off relations with Saudi Arabia.", "SANCTION", ["IRN"], ["SAU"], "withdraw"),
    ("sanction", "Moscow cut off gas supplies to Bulgaria.", "SANCTION", ["RUS"], ["BGR"], "discontinue"),
    ("sanction", "Lithuania recalled its ambassador from China.", "SANCTION", ["LTU"], ["CHN"], "withdraw"),
    ("sanction", "The United States froze Afghan assets.", "SANCTION", ["USA"], ["AFG"], "discontinue"),
    # COERCE
    ("coerce", "Iranian police rounded up Kurdish activists.", "COERCE", ["IRN"], ["IRN"], "arrest"),
    ("coerce", "The Thai army imposed martial law.", "COERCE", ["THA"], None, "martial-law"),
    ("coerce", "The Myanmar junta declared a state of emergency.", "COERCE", ["MMR"], None, "martial-law"),
    ("coerce", "Chinese authorities shut down Hong Kong newspapers.", "COERCE", ["CHN"], ["HKG"], "censor"),
    ("coerce", "The Hungarian government expelled a Russian journalist.", "COERCE", ["HUN"], ["RUS"], "deport"),
    ("coerce", "Saudi Arabia blockaded Qatar.", "COERCE", ["SAU"], ["QAT"], "restrict"),
    ("coerce", "Russia annexed Crimea in 2014.", "COERCE", ["RUS"], None, "seize"),
    ("coerce", "Kenyan police dispersed opposition supporters in Nairobi.", "COERCE", ["KEN"], None, "restrict"),
    # ASSAULT
    ("assault", "Israeli jets pounded Hamas positions in Gaza.", "ASSAULT", ["ISR"], ["PSE"], "heavy-weapons"),
    ("assault", "Nigerian troops opened fire on protesters.", "ASSAULT", ["NGA"], None, "firearms"),
    ("assault", "Somali militants blew up a bridge.", "ASSAULT", ["SOM"], None, "explosives"),
    ("assault", "Islamic State militants took two Japanese journalists hostage.", "ASSAULT", ["IMG"], ["JPN"], "abduct"),
    ("assault", "Israel and Hamas traded fire across the border.", "ASSAULT", ["ISR", "PSE"], [], "firearms"),
    ("assault", "The Israeli army carried out an air strike on Gaza.", "ASSAULT", ["ISR"], ["PSE"], "aerial"),
    ("assault", "The US carried out a drone strike in Somalia.", "ASSAULT", ["USA"], None, "drone"),
    ("assault", "Syrian government forces fought Islamic State militants near Palmyra.", "ASSAULT", ["SYR"], ["IMG"], None),
    ("assault", "Russian forces violated the ceasefire in Donbas.", "ASSAULT", ["RUS"], None, None),
    ("assault", "Iran downed an American drone.", "ASSAULT", ["IRN"], ["USA"], "aerial"),
    ("assault", "Iraqi militiamen attacked the American embassy.", "ASSAULT", ["IRQ"], ["USA"], None),
    ("assault", "Iraqi forces captured the town of Tal Afar.", "ASSAULT", ["IRQ"], None, None),
    ("assault", "Israeli warplanes struck Hezbollah positions in Lebanon.", "ASSAULT", ["ISR"], ["LBN"], None),
]


@pytest.mark.parametrize("category, text, event_type, actor_codes, recipient_codes, mode", CASES,
                         ids=[f"{case[0]}-{i}" for i, case in enumerate(CASES)])
def test_category_expression(coder, category, text, event_type, actor_codes, recipient_codes, mode):
    found = [(e.event_type, sorted(codes(e.actors)), sorted(codes(e.recipients)), e.mode)
             for e in coder.code(text, published=PUBLISHED)]
    assert any(
        t == event_type and a == sorted(actor_codes)
        and (recipient_codes is None or r == sorted(recipient_codes))
        and (mode is None or m == mode)
        for t, a, r, m in found
    ), found


# The same words in a sense that is not that event ("released a statement",
# "fought corruption", "test-fired a missile", "a general strike").
NOT_EVENTS = [
    ("The Russian ministry released a statement on Monday.", ["RETREAT"]),
    ("The French government released its annual report.", ["RETREAT"]),
    ("Germany called the decision a mistake.", ["CONSULT"]),
    ("The Chinese ministry charged a fee for visas.", ["ACCUSE"]),
    ("The Indian government fought corruption for years.", ["ASSAULT"]),
    ("The Indian government fought against corruption for years.", ["ASSAULT"]),
    ("The Turkish president committed a serious error.", ["AGREE"]),
    ("The Indian government launched a satellite.", ["ASSAULT", "MOBILIZE"]),
    ("North Korea launched a missile into the sea.", ["ASSAULT"]),
    ("The German chancellor held a press conference in Berlin.", ["CONSULT"]),
    ("French unions held a general strike.", ["ASSAULT"]),
    ("Kenyan doctors staged a strike over pay.", ["ASSAULT"]),
    ("The Chinese president received a letter from the American president.", ["AID", "CONSULT"]),
    ("The Russian government reinforced its commitment to the treaty.", ["MOBILIZE"]),
    ("The Kenyan crowd dispersed peacefully.", ["COERCE"]),
    ("Japan and South Korea agreed to resume talks.", ["CONSULT"]),
    ("The Turkish president struck a conciliatory tone.", ["ASSAULT"]),
    ("North Korea test-fired a ballistic missile.", ["ASSAULT"]),
]


@pytest.mark.parametrize("text, wrong_types", NOT_EVENTS)
def test_not_that_event(coder, text, wrong_types):
    events = coder.code(text, published=PUBLISHED)
    assert [(e.event_type, e.trigger.text) for e in events if e.event_type in wrong_types] == []


def test_a_think_tank_is_not_a_military(coder):
    # "tank" is deliberately not a role noun: "think tank" would become MIL
    events = coder.code("A Washington think tank criticized China.", published=PUBLISHED)
    assert [a.sector for e in events for a in e.actors if a.sector == "MIL"] == []
