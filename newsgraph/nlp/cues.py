"""Cue verbs of attribution, by what they attribute.

Lemmas of the verbs news uses to report speech, beliefs and intentions
(after the PARC 3.0 / PolNeAR cue inventory). The kind of an attribution
follows from its cue: speech, or a belief or intention that PolNeAR also
annotates and that users may want to leave out.
"""

from __future__ import annotations

from typing import Literal

CueClass = Literal["speech", "belief", "intention"]

SPEECH = frozenset(
    """
    say tell add write note ask warn deny tweet claim argue insist explain state announce report
    declare suggest acknowledge admit confirm reply respond answer recall predict promise vow urge
    caution complain contend assert maintain stress emphasize emphasise describe testify quip joke
    remark observe comment reveal concede charge accuse allege threaten pledge question wonder
    estimate conclude blast slam criticize criticise praise mock boast brag demand post retort
    counter dismiss reiterate repeat echo lament decry concur disclose mention underscore
    highlight signal tout characterize characterise brief inform assure notify proclaim
    speculate recount lash scoff call quote
    """.split()
)
BELIEF = frozenset(
    """
    believe think feel know expect fear hope doubt suspect worry assume consider find see
    understand realize realise agree disagree suppose imagine figure reckon guess trust
    """.split()
)
INTENTION = frozenset("want plan intend seek aim refuse decide wish".split())


def cue_class(lemma: str) -> CueClass | None:
    """The class of a cue lemma, or None if it is not a cue."""
    if lemma in SPEECH:
        return "speech"
    if lemma in BELIEF:
        return "belief"
    if lemma in INTENTION:
        return "intention"
    return None
