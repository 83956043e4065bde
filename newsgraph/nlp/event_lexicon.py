"""Words that name events, by PLOVER type, and words that name actors' sectors.

Built from the PLOVER manual's type definitions and the verb patterns of the
CAMEO codebook (Schrodt 2012), by the CAMEO-to-PLOVER table in ../shared/data
(e.g. CAMEO 10 "demand" and 02 "appeal" are PLOVER REQUEST; 11 "disapprove"
and 09 "investigate" are ACCUSE). A word names an event only with the
arguments it needs ("send troops" mobilises, "send aid" aids).
"""

from __future__ import annotations

from typing import NamedTuple


class Sense(NamedTuple):
    event: str
    mode: str | None = None
    context: str | None = None


def _senses(table: dict[str, str], mode: str | None = None) -> dict[str, Sense]:
    return {word: Sense(event, mode) for event, words in table.items() for word in words.split()}


# Verb lemmas, by the PLOVER type they name on their own.
VERBS = _senses(
    {
        "AGREE": "agree ratify pledge promise commit settle accept offer endorse",
        "CONSULT": "meet visit host discuss negotiate consult confer telephone phone mediate summon",
        "SUPPORT": "support praise back defend welcome applaud commend thank congratulate approve hail sign apologize "
        "apologise forgive",
        "CONCEDE": "concede yield ease relax compromise pardon allow permit cancel",
        "COOPERATE": "cooperate collaborate share coordinate partner extradite",
        "AID": "aid help assist donate supply deliver fund finance rescue grant provide contribute",
        "RETREAT": "withdraw retreat evacuate disband demobilize demobilise surrender resign lift",
        "REQUEST": "ask request urge appeal demand seek plead petition implore pressure press",
        "ACCUSE": "accuse blame criticize criticise condemn denounce allege investigate probe slam blast fault decry "
        "sue complain",
        "REJECT": "reject refuse veto decline dismiss oppose rebuff snub deny boycott renege violate",
        "THREATEN": "threaten warn",
        "PROTEST": "protest demonstrate march rally riot picket",
        "SANCTION": "sanction expel suspend sever embargo freeze recall halt prohibit",
        "MOBILIZE": "mobilize mobilise deploy mass amass station reinforce patrol",
        "COERCE": "arrest detain seize deport raid confiscate imprison jail censor ban outlaw demolish hack deface "
        "prevent blockade impose indict charge",
        "ASSAULT": "attack invade bomb shell kill strike shoot assault fight clash storm ambush wound murder "
        "assassinate massacre execute bombard kidnap abduct torture beat abuse capture retake occupy overrun",
    }
)
# Nouns that name an event ("Russia's invasion of Ukraine", "the talks").
NOUNS = _senses(
    {
        "AGREE": "agreement accord treaty deal consensus",
        "CONSULT": "meeting summit talks talk visit negotiation negotiations call consultation mediation welcome",
        "AID": "aid assistance donation asylum grant",
        "RETREAT": "withdrawal pullback pullout resignation ceasefire truce",
        "REQUEST": "request appeal demand",
        "ACCUSE": "accusation investigation probe condemnation hearing complaint lawsuit",
        "REJECT": "rejection veto boycott",
        "THREATEN": "threat ultimatum warning",
        "PROTEST": "protest demonstration rally strike riot march",
        "SANCTION": "sanction sanctions embargo expulsion suspension",
        "MOBILIZE": "mobilization mobilisation deployment buildup patrol patrols alert",
        "COERCE": "arrest detention crackdown raid curfew blockade siege",
        "COOPERATE": "cooperation collaboration",
        "ASSAULT": "invasion attack bombing airstrike shelling assault offensive war massacre killing torture "
        "cleansing fighting firefight gunfight gunbattle skirmish clash battle",
    }
)
# Verbs that only carry the event of their object noun: "held talks", "staged rallies", "lodged a protest".
LIGHT_VERBS = frozenset(
    "hold launch renew stage begin start undertake conduct open lodge issue impose declare make continue resume "
    "order carry reimpose announce extend tighten give organize organise call pay attend file express join lead "
    "mount wage step".split()
) | {"stag"}  # "stag": the small English model's lemma of "staged"
# A noun with one of these modifiers is another event: "an air strike" attacks, "a hunger strike" protests.
MODIFIED_NOUNS = {
    ("strike", word): Sense("ASSAULT") for word in "air missile drone rocket military aerial artillery naval".split()
}
# "beat" in a contest of votes is no assault: "Democrats beat incumbent Gov. Matt Bevin".
ELECTORAL = frozenset(
    "election elections electoral vote votes voters poll polls race incumbent candidate ballot primary runoff "
    "reelection seat governorship".split()
)
CONTEST_VERBS = frozenset({"beat", "defeat", "unseat", "oust"})
# "seeking to deepen a partnership": the complement is the event, the seeking an intention.
SEEK_VERBS = frozenset({"seek", "try", "attempt", "strive"})
# A verb with one of these particles or objects is another event: "call for" asks, "send troops" mobilises.
PHRASES = {
    ("call", "for"): Sense("REQUEST"),
    ("call", "on"): Sense("REQUEST"),
    ("call", "off"): Sense("CONCEDE"),
    ("pull", "out"): Sense("RETREAT"),
    ("step", "down"): Sense("RETREAT"),
    ("crack", "down"): Sense("COERCE"),
    ("cut", "tie"): Sense("SANCTION"),
    ("break", "tie"): Sense("SANCTION"),
    ("establish", "tie"): Sense("SUPPORT"),
    ("establish", "relation"): Sense("SUPPORT"),
    ("restore", "tie"): Sense("SUPPORT"),
    ("upgrade", "tie"): Sense("SUPPORT"),
    ("open", "embassy"): Sense("SUPPORT"),
    ("open", "border"): Sense("CONCEDE"),
    ("close", "border"): Sense("SANCTION"),
    ("end", "mediation"): Sense("SANCTION"),
    ("halt", "mediation"): Sense("SANCTION"),
    ("halt", "negotiation"): Sense("SANCTION"),
    ("halt", "talk"): Sense("SANCTION"),
    ("stop", "work"): Sense("PROTEST"),
    ("block", "transport"): Sense("PROTEST"),
    ("fire", "at"): Sense("ASSAULT"),
    ("fire", "on"): Sense("ASSAULT"),
    ("deny", "entry"): Sense("SANCTION"),
    ("reduce", "aid"): Sense("SANCTION"),
    ("reduce", "supply"): Sense("SANCTION"),
    ("send", "troop"): Sense("MOBILIZE"),
    ("send", "force"): Sense("MOBILIZE"),
    ("send", "weapon"): Sense("AID", "military"),
    ("send", "arm"): Sense("AID", "military"),
    ("send", "aid"): Sense("AID"),
    ("strengthen", "force"): Sense("MOBILIZE"),
    ("put", "alert"): Sense("MOBILIZE"),
    ("remain", "alert"): Sense("MOBILIZE"),
    ("reach", "agreement"): Sense("AGREE"),
    ("reach", "consensus"): Sense("AGREE"),
    ("reach", "deal"): Sense("AGREE"),
    ("hand", "over"): Sense("RETREAT"),
    ("lodge", "protest"): Sense("ACCUSE"),
    ("lodge", "complaint"): Sense("ACCUSE"),
    ("block", "road"): Sense("PROTEST"),
    ("block", "street"): Sense("PROTEST"),
    ("block", "bridge"): Sense("PROTEST"),
    ("blow", "up"): Sense("COERCE"),
    ("set", "fire"): Sense("COERCE"),
    ("force", "out"): Sense("ASSAULT"),
    ("open", "fire"): Sense("ASSAULT"),
    ("speak", "video"): Sense("CONSULT"),
    ("deepen", "partnership"): Sense("COOPERATE"),
    ("deepen", "cooperation"): Sense("COOPERATE"),
    ("deepen", "tie"): Sense("COOPERATE"),
    ("strengthen", "partnership"): Sense("COOPERATE"),
    ("strengthen", "cooperation"): Sense("COOPERATE"),
    ("expand", "cooperation"): Sense("COOPERATE"),
    ("speak", "phone"): Sense("CONSULT"),
    ("speak", "with"): Sense("CONSULT"),
    ("talk", "with"): Sense("CONSULT"),
    ("release", "prisoner"): Sense("RETREAT"),
    ("release", "hostage"): Sense("RETREAT"),
    ("release", "detainee"): Sense("RETREAT"),
    ("release", "captive"): Sense("RETREAT"),
    ("give", "aid"): Sense("AID"),
    ("give", "grant"): Sense("AID"),
    ("give", "asylum"): Sense("AID"),
    ("give", "money"): Sense("AID"),
    ("give", "weapon"): Sense("AID", "military"),
    ("free", "prisoner"): Sense("RETREAT"),
    ("free", "hostage"): Sense("RETREAT"),
}
# CAMEO 111 "criticize or denounce" in other words: a report that calls a party wrong or to blame
# ("Hua said the U.S. was on the wrong side of history", "said Taliban militants were responsible").
REPORT_VERBS = frozenset("say tell add write tweet post state declare insist argue stress".split())
CONDEMNING = frozenset(
    "wrong blame responsible irresponsible guilty culpable hypocritical hypocrite illegal illegitimate unlawful "
    "unacceptable reckless provocative dishonest liar criminal".split()
)
# Events two sides do together: coordinated actors of one are one actor and its recipients.
MUTUAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
MUTUAL_WORDS = frozenset({"clash", "sign", "exchange", "trade"})
# PLOVER codes an intention to cooperate as AGREE ("will visit", "offered to hand over"), and a
# conflictual action announced for the future or on a condition as THREATEN ("will boycott ... unless").
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset({"REJECT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
# Refusing to cooperate is rejecting: "will not accept", "would not meet".
NEGATED_TO_REJECT = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE"})
INTENT_HEADS = frozenset("offer promise pledge vow swear sworn agree willing ready prepared plan intend decide".split())
# "Sudan must return the helicopter", reported: a demand on Sudan.
DEMAND_MODALS = frozenset({"must"})
# Verbs that report, plan or guess rather than state that something happened.
FUTURE_HEADS = frozenset("plan intend prepare expect aim schedule set going will shall willing ready prepared".split())
# "would" is the future of reported speech ("said he would press"), not a condition.
FUTURE_MODALS = frozenset({"will", "shall", "would", "'ll"})
HYPOTHETICAL_MARKERS = frozenset("if unless whether could might may".split())

# Sector codes of CAMEO/PLOVER actors, by the words that name them.
SECTORS = {
    "GOV": "government president minister ministry prime premier chancellor official officials administration "
    "cabinet spokesman spokeswoman spokesperson ambassador diplomat diplomats envoy secretary state leader "
    "leaders king queen governor mayor authorities regime kremlin white house adviser",
    "MIL": "army military troops soldiers soldier forces navy air force warships militia general commander "
    "defense defence marines battalion",
    "REB": "rebels rebel insurgents insurgent guerrillas guerrilla militants militant separatists fighters",
    "COP": "police policeman officers security forces",
    "OPP": "opposition dissident dissidents",
    "LEG": "parliament congress senate lawmakers legislators legislature senator deputies assembly",
    "JUD": "court judge judges prosecutor prosecutors tribunal",
    "CVL": "civilians residents people villagers citizens protesters demonstrators workers students",
    "MED": "media newspaper reporters journalists television",
    "BUS": "company companies firm business businesses bank corporation",
    "IGO": "un nato eu union league alliance",
    "NGO": "ngo charity amnesty",
}
SECTOR_WORDS = {word: sector for sector, words in SECTORS.items() for word in words.split()}
