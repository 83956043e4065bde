"""The words the speaker resolver reads descriptions by: what a document, a person, a body is called,
which words in a name say what kind of body it is, and which make a role another office."""

from __future__ import annotations

from newsgraph.nlp.people import CATEGORY_HEADS

# "An announcement from the Chinese government": the government speaks.
DOCUMENTS = frozenset(
    """announcement statement report release letter memo communique readout post tweet data study survey poll
    video ad advertisement clip complaint filing analysis lawsuit suit film documentary article ruling spot
    commercial decision findings brief submission datum speech response reply answer reaction remark""".split()
)
# Documents of one kind, which a later mention may call by another noun: "A web video by the RNC
# ... The ad ... The clip", "a Reuters survey ... The study", "her new documentary ... The film".
DOCUMENT_KINDS = (
    frozenset("study survey poll analysis report data datum findings research".split()),  # "Data": datum
    frozenset("ad advertisement clip video spot film documentary commercial".split()),
    frozenset("statement release announcement letter memo communique readout speech".split()),
    frozenset("complaint filing lawsuit suit ruling decision opinion brief submission motion".split()),
    # what someone says back: "his best response was to say ...", "Obama and Clinton's gut reaction"
    frozenset("response reply answer reaction remark".split()),
)
# A document named for what its maker did: "The appeals court ruled ... the ruling said".
NOMINALISED = {"ruling": "rule", "statement": "state", "announcement": "announce", "decision": "decide"}
# Surveys of opinion, which news names by their sponsor ("a new Washington Post-ABC News poll").
POLLS = frozenset({"poll"})
# How many sentences back "the ad" looks for the ad it means, and the verbs that make one.
DOCUMENT_HORIZON = 5
# ("Hillary Clinton has a new ad": hers)
MAKING = frozenset(
    "release unveil launch air publish issue conduct post run produce make film write tweet have".split()
)
GROUP_NOUNS = frozenset("man men woman women leader leaders president official people minister candidate".split())
NUMBERS = {"two": 2, "three": 3, "both": 2}
# Head nouns of a definite description of one person ("the businessman", "the 56-year-old").
PERSON_NOUNS = frozenset(
    """businessman businesswoman billionaire star actor actress singer coach manager player founder executive
    mogul veteran lady man woman year-old incumbent challenger frontrunner nominee candidate""".split()
)
# Head nouns of a definite description of a body ("the utility", "the agency").
ORG_NOUNS = frozenset(
    """company firm agency utility department ministry government campaign committee organisation organization
    union party administration network newspaper court council bank club board commission military
    army police embassy journal bloc""".split()
)
# Head nouns of a definite description of a place ("the state": Florida, named just before).
PLACE_NOUNS = frozenset("state country city nation province town county".split())
# Words in a body's name that make it what a description's head noun says: "the union" is the United
# Mine Workers, "the agency" the Department of Veterans Affairs.
BODY_KIND_WORDS = {
    "union": frozenset("workers association federation brotherhood teamsters afl-cio seiu".split()),
    "bloc": frozenset("union alliance".split()),  # "the bloc": the European Union
    "journal": frozenset("journal review".split()),
    "agency": frozenset("department administration bureau service office commission authority agency".split()),
    "department": frozenset({"department"}),
    "network": frozenset("news tv television broadcasting channel cnn msnbc nbc abc cbs fox bbc".split()),
    "newspaper": frozenset("times post journal tribune herald gazette globe chronicle telegraph guardian".split()),
    "court": frozenset({"court"}),
    "party": frozenset({"party"}),
    "company": frozenset("inc. inc corp. corp co. company group".split()),
    "firm": frozenset("inc. inc corp. corp co. llc llp group partners".split()),
}
ORG_LABELS = ("ORG", "GPE", "NORP")
# Sources that say what was said or thought, not who: "talk had been mounting that ...".
NOBODY_NOUNS = frozenset(
    "talk speculation rumor rumour chatter gossip buzz word concern fear hope expectation belief suspicion".split()
)
# Words that make a role another office than the description says: "the presidential nominee" is not
# the vice presidential nominee, "the secretary" not the deputy secretary, "the mayor" not a former one.
OTHER_OFFICE = frozenset("vice deputy assistant associate lieutenant former ex ex-".split())
# Offices and professions: "the governor", "the economist" is one person the article established.
OFFICE_HEADS = CATEGORY_HEADS["official"] | CATEGORY_HEADS["expert"]
# A description's head noun, and the role heads of the people it can mean ("the judge" is the
# article's "Supreme Court Justice Frank Nervo"; "the lawmaker" its senator or representative).
_LAWMAKERS = frozenset("lawmaker legislator senator representative congressman congresswoman".split())
ROLE_EQUIVALENTS = {
    "judge": frozenset({"judge", "justice"}),
    "justice": frozenset({"judge", "justice"}),
    "lawmaker": _LAWMAKERS,
    "legislator": _LAWMAKERS,
    "congressman": frozenset({"congressman", "representative"}),
    "congresswoman": frozenset({"congresswoman", "representative"}),
}
# How many sentences back "the agency" may find a body not called an agency.
NEAR = 2
# Parts of a noun phrase that are about the speaker, not its name: "Reed, who will chair ...".
ASIDES = frozenset({"appos", "relcl", "acl", "advcl", "punct", "cc", "conj", "parataxis", "prep_aside"})


def role_heads(head: str) -> frozenset[str]:
    """The role heads a description with head noun ``head`` can mean (``ROLE_EQUIVALENTS``)."""
    return ROLE_EQUIVALENTS.get(head, frozenset({head}))
