"""The people and bodies of one article, as its text names them: who is a person (by the
article's vote, not one tag), which names are one entity ("Xi Jinping", "Mr. Xi"), and the
roles, gender evidence and country the text gives each."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsgraph.nlp.cues import cue_class
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.names import name_gender, noun_gender
from newsgraph.resolve.countries import country_code, country_in

MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince"})
FEMALE_TITLES = frozenset({"ms", "ms.", "mrs", "mrs.", "miss", "madam", "dame", "lady", "queen", "princess"})
# Titles before a name that make it a person's whatever the tagger says.
PERSON_TITLES = (
    MALE_TITLES
    | FEMALE_TITLES
    | frozenset("dr dr. sen sen. rep rep. gov gov. gen gen. president senator governor judge".split())
)
# Possessives too: a source "his" ("His economic worldview is ...") is whom "he" would be.
PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
THING_PRONOUNS = frozenset({"it", "its"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})
QUANTIFIERS = frozenset("some many others other most all several few each both none one either neither any".split())
# Words that are never a name, whatever the tagger says ("I", "his", "Some").
NOT_NAMES = (
    FIRST_PERSON
    | GROUP_PRONOUNS
    | THING_PRONOUNS
    | RELATIVE_PRONOUNS
    | QUANTIFIERS
    | frozenset(PRONOUN_GENDER)
    | frozenset("his hers its their our my your you this these those".split())
)

# Head nouns of roles, by the kind of source they make (after the Gender Gap Tracker's categories).
CATEGORY_HEADS = {
    "official": frozenset(
        """president minister secretary spokesman spokeswoman spokesperson senator governor mayor ambassador
        official adviser advisor chair chairman chairwoman director councillor councilman councilwoman lawmaker
        representative congressman congresswoman leader premier chancellor king queen commissioner chief head
        general officer prosecutor judge justice sheriff deputy diplomat envoy nominee candidate speaker
        counterpart""".split()
    ),
    "expert": frozenset(
        """professor analyst economist researcher expert scientist historian scholar strategist consultant
        lawyer attorney doctor physician author fellow pollster specialist engineer""".split()
    ),
    "ordinary": frozenset(
        """resident voter worker parent mother father student neighbour neighbor owner customer passenger
        farmer shopper witness victim fan citizen member""".split()
    ),
}
# "Gov. Eric Holcomb" is "the governor".
TITLE_ABBREVIATIONS = {
    "gov.": "governor",
    "sen.": "senator",
    "rep.": "representative",
    "gen.": "general",
    "pres.": "president",
    "sec.": "secretary",
    "amb.": "ambassador",
    "lt.": "lieutenant",
    "col.": "colonel",
    "prof.": "professor",
    "dr.": "doctor",
}
# Title words that the tagger takes for proper nouns ("U.S. President Joe Biden", "Ambassador Qin Gang").
TITLE_WORDS = frozenset().union(*CATEGORY_HEADS.values())
POSSESSIVE = ("’s", "'s", "’", "'")
# Words that make a name a body's, not a person's ("Goldman Sachs Group", "Fox News").
ORG_NAME_WORDS = frozenset(
    """news times post journal party inc. inc corp. corp co. company group bank fund committee council
    university college institute center centre foundation association department agency administration
    office board league union alliance coalition society project media network club court campaign
    commission service services house senate congress church school capital partners holdings america
    american international national federal state city county airlines motors energy democrats democratic
    republicans republican gop""".split()
)
# Last words of a company's name, which no person's surname is in news ("Patriot Coal", "Peabody
# Energy"); not "Church", "House", "Post" or "Court", which are.
COMPANY_WORDS = frozenset(
    """coal energy oil petroleum gas steel mining motors airlines airways pharmaceuticals healthcare insurance
    technologies industries holdings inc. inc corp. corp llc plc""".split()
)
MAX_NAME_WORDS = 10
PARTIES = frozenset("democratic democrat republican gop libertarian green conservative labour liberal".split())
# The words of one party ("the GOP nominee" is "the Republican nominee") and the nouns for a member.
SAME_PARTY = {"gop": "republican", "democrat": "democratic"}
PARTY_NOUNS = frozenset("republican democrat libertarian".split())


def parties_in(words: Iterable[str]) -> set[str]:
    """The parties lower-case ``words`` name, one word each: {"gop", "democrat"} is {"republican", "democratic"}."""
    return {SAME_PARTY.get(w, w) for w in words if w in PARTIES}


@dataclass
class Entity:
    id: str
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    descriptors: set[str] = field(default_factory=set)  # words of its roles
    role_heads: set[str] = field(default_factory=set)  # head nouns of its roles: "leader", "head"
    seen_at: list[int] = field(default_factory=list)  # offsets of its mentions, in text order
    country: str | None = None
    members: tuple[str, ...] = ()  # a group of named people: their names
    # What the text says of their gender: honorifics and role nouns count 3, a resolved pronoun 1.
    gender_votes: Counter[str] = field(default_factory=Counter)
    given_gender: str | None = None  # what their given name suggests: for pronouns, never shown

    @property
    def gender(self) -> str | None:
        """The gender most of the article's evidence gives, if any and not tied."""
        ranked = self.gender_votes.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    @property
    def likely_gender(self) -> str | None:
        """The text's gender, else the given name's: what a pronoun must agree with."""
        return self.gender or self.given_gender

    @property
    def category(self) -> str:
        """What kind of source it is, as source-diversity audits count them: by the head noun of its
        role or description ("the mayor", "U.S. officials": official), else organisation for what is
        not a named person."""
        for category, heads in CATEGORY_HEADS.items():
            if self.role_heads & heads:
                return category
        return "unspecified" if self.type == "PERSON" else "organisation"

    def last_before(self, offset: int) -> int:
        """Offset of its last mention before ``offset``, or -1."""
        return max((at for at in self.seen_at if at < offset), default=-1)


def slug(name: str) -> str:
    """The id part of a name: lower case, accents off, words joined by "-"; letters of every
    script kept ("Путин" is "путин"), and a name with no letter or digit gets a stable hash."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = re.sub(r"[\W_]+", "-", bare.casefold()).strip("-")
    return words or "x" + hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def comparable(name: str) -> list[str]:
    """A name's words as names are compared: case and apostrophes aside ("PENCE", "O’Neill")."""
    return name.replace("’", "'").casefold().split()


def name_words(ent: SpacySpan) -> list[Token]:
    """The words of a tagged name that are the name: without punctuation, a possessive, or the
    lower-case words before it ("the 14th-ranked Schwartzman", "Kim Kardashian -")."""
    words = [t for t in ent if not (t.is_punct or t.is_space or t.tag_ == "POS" or t.text in POSSESSIVE)]
    # an ordinal in words is part of a body's name ("the Sixth Circuit")
    while words and (
        words[0].is_lower or (words[0].like_num and not words[0].is_title) or not words[0].text[0].isalnum()
    ):
        words = words[1:]
    if len(words) > 1 and is_opening_gerund(words[0]):
        words = words[1:]
    titles = leading_titles(ent)
    return words[len(titles) :] if len(words) > len(titles) and words[: len(titles)] == titles else words


def is_opening_gerund(token: Token) -> bool:
    """A verb in "-ing" opening a sentence that the tagger ran into the name after it ("Injecting
    Clinton's marital woes into the race ..."): capitalised only there, no given name, and nowhere
    else in the article capitalised inside a sentence, as a name would be ("Sterling Brown")."""
    if not token.is_sent_start or not token.lower_.endswith("ing") or name_gender(token.text) is not None:
        return False
    return not any(t.text == token.text and not t.is_sent_start for t in token.doc)


def leading_titles(ent: SpacySpan) -> list[Token]:
    """Titles the tagger took into a name ("Sen. Ted Cruz", "President Obama"): they are a role."""
    titles = []
    for token in ent:
        if token.lower_ not in TITLE_WORDS and token.lower_ not in TITLE_ABBREVIATIONS:
            break
        titles.append(token)
    return titles


def better_name(name: str, than: str) -> bool:
    """Whether ``name`` is a better canonical name than ``than``: fuller, or as long and not in
    capitals ("Pence" over a transcript's "PENCE"); but words before a full name that are no
    given names are an epithet, not a fuller name ("Crooked Hillary Clinton")."""
    words, other = comparable(name), comparable(than)
    longer = len(words) - len(other)
    if longer > 0 and len(other) > 1 and words[longer:] == other and name_gender(than.split()[0]) is not None:
        return all(name_gender(word) is not None for word in name.split()[:longer])
    # the same the other way: "Alicia Machado" over "Universe Alicia Machado" (of "Miss Universe ...")
    if longer < 0 and len(words) > 1 and other[-longer:] == words and name_gender(name.split()[0]) is not None:
        return not all(name_gender(word) is not None for word in than.split()[:-longer])
    return longer > 0 or (longer == 0 and than.isupper() and not name.isupper())


def clean_name(ent: SpacySpan) -> str:
    words = name_words(ent)
    if not words:
        return ""
    if nickname_of(ent):  # 'Robert C. "Bobby" Scott' is Robert C. Scott
        return " ".join(t.text for t in words if not in_quotes(t, ent)).strip()
    text = doc_text(ent.doc)[words[0].idx : words[-1].idx + len(words[-1])]
    for mark in POSSESSIVE:
        text = text.removesuffix(mark)
    return text.strip()


def in_quotes(token: Token, ent: SpacySpan) -> bool:
    quotes = [t.i for t in ent if t.is_quote]
    return len(quotes) == 2 and quotes[0] <= token.i <= quotes[1]


def nickname_of(ent: SpacySpan) -> str | None:
    """The nickname in quotes inside a full name: "Bobby" in 'Robert C. "Bobby" Scott'."""
    quotes = [t.i for t in ent if t.is_quote]
    if len(quotes) != 2 or quotes[0] == ent.start or quotes[1] == ent.end - 1 or quotes[1] - quotes[0] != 2:
        return None
    return ent.doc[quotes[0] + 1].text


def joined_bodies(ents: Sequence[SpacySpan]) -> list[SpacySpan]:
    """Bodies whose name the tagger split at "for" or "of": "the U.S. Court of Appeals" + "for" +
    "the Sixth Circuit" is one court, when the second name is the object of a preposition on the
    first (or on the noun the first is the object of: the parser attaches it either way)."""
    joined: list[SpacySpan] = []
    for ent in ents:
        if joined and ent.label_ == "ORG" and joined[-1].label_ == "ORG":
            first = joined[-1]
            between = ent.doc[first.end : ent.start]
            preposition = (
                between[0] if len(between) == 1 or (len(between) == 2 and between[1].lower_ == "the") else None
            )
            if (
                preposition is not None
                and preposition.lower_ in ("for", "of")
                and preposition.head.i in (first.root.i, first.root.head.head.i)
                and ent.root.head.i == preposition.i
            ):
                joined[-1] = SpacySpan(ent.doc, first.start, ent.end, label="ORG")
                continue
        joined.append(ent)
    return joined


def with_nicknames(ents: Sequence[SpacySpan]) -> list[SpacySpan]:
    """Names whose tagged span stops inside a nickname's quotes ('Robert C. "Bobby' + '" Scott')
    made whole; the surname tagged on its own after it goes into the name."""
    whole: list[SpacySpan] = []
    for ent in ents:
        if whole and ent.start < whole[-1].end:
            continue
        doc = ent.doc
        quotes = [t for t in ent if t.is_quote]
        end = ent.end
        if len(quotes) == 1 and end + 1 < len(doc) and doc[end].is_quote and doc[end + 1].pos_ == "PROPN":
            ent = SpacySpan(doc, ent.start, end + 2, label=ent.label_)
        whole.append(ent)
    return whole


def is_name(ent: SpacySpan) -> bool:
    """Whether a tagged span can name an entity: not empty, not a pronoun or a quantifier."""
    name = clean_name(ent)
    return any(c.isalpha() for c in name) and name.casefold() not in NOT_NAMES


def title_before(ent: SpacySpan) -> str:
    return ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""


def title_gender(ent: SpacySpan) -> str | None:
    for word in (title_before(ent), ent[0].lower_):
        if word in MALE_TITLES:
            return "male"
        if word in FEMALE_TITLES:
            return "female"
    return None


def speaks_alone(token: Token) -> bool:
    """A capitalised word on its own, the subject of a verb of speech ("Holt asks", "Fox said")."""
    doc = token.doc
    joined = (token.i > 0 and doc[token.i - 1].pos_ == "PROPN") or (
        token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"
    )
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.dep_ == "nsubj"
        and cue_class(token.head.lemma_) == "speech"
        and not joined
    )


def kinds_by_vote(ents: Sequence[SpacySpan]) -> dict[int, str]:
    """Each name's kind (PERSON, ORG, GPE or NORP) by the article's vote: a name tagged as an
    organisation is a person's when the article tags the same name, or a full name it is part of,
    as a person, or gives it an honorific or a given name."""
    people = {clean_name(e) for e in ents if e.label_ == "PERSON"}
    titled = {clean_name(e) for e in ents if title_before(e) in PERSON_TITLES}
    # words the article uses alone for one who speaks, as it does a person's surname ("Holt asks")
    alone = {t.lower_ for e in ents[:1] for t in e.doc if speaks_alone(t)}
    groups = {t.lower_ for e in ents if e.label_ in ("NORP", "GPE") for t in e}

    def full_name_person(ent: SpacySpan, words: list[str]) -> bool:
        # a given name; or a name shaped like a person's that the article shortens to its last
        # word, as it does people ("NBC's Lester Holt" ... "Holt asks"), and no body's word in it
        if not 2 <= len(words) <= 3 or not all(w[0].isupper() for w in words):
            return False
        if ent.label_ == "GPE":
            return False
        lowered = [w.casefold() for w in words]
        return name_gender(words[0]) is not None or (
            ent.label_ == "ORG"
            and lowered[-1] in alone
            and not any(t.text in POSSESSIVE for t in ent)  # "Alphabet's Google"
            and not set(lowered) & (ORG_NAME_WORDS | groups)  # "Nevada Democrats" is nobody's name
            and country_code(words[0]) is None
        )

    people |= {name for e in ents if full_name_person(e, (name := clean_name(e)).split())}
    # a name ending in a company's word is a company's whatever the tagger says ("Patriot Coal"), and
    # so is its first word alone ("Patriot"), unless the article gives it an honorific
    companies = {name for e in ents if is_company_name(name := clean_name(e))} - titled
    people -= companies
    parts = {part for name in people if len(name.split()) > 1 for part in comparable(name)}
    company_words = {comparable(name)[0] for name in companies} - parts
    kinds = {}
    for ent in ents:
        name = clean_name(ent)
        words = name.split()
        if name in companies or (len(words) == 1 and comparable(name)[0] in company_words and name not in titled):
            kinds[ent.start] = "ORG"
            continue
        person = ent.label_ == "PERSON" or name in people or name in titled
        if not person and len(words) == 1 and comparable(name)[0] in parts:
            person = country_code(name) is None
        kinds[ent.start] = "PERSON" if person else ent.label_
    return kinds


def is_company_name(name: str) -> bool:
    """A name of two or more words whose last is a company's ("Patriot Coal", "Lenox Healthcare") and
    whose first is no given name."""
    words = name.split()
    return len(words) > 1 and words[-1].casefold() in COMPANY_WORDS and name_gender(words[0]) is None


class Registry:
    """The people and organisations of one article, as the text introduces them."""

    def __init__(self, name_counts: Counter[str]) -> None:
        self.entities: list[Entity] = []
        self.by_name: dict[str, Entity] = {}
        self.nicknamed: dict[str, Entity] = {}
        # How often each full name occurs in the article: a bare "Clinton" is the Clinton it is about.
        self.name_counts = name_counts

    def see(self, ent: SpacySpan, kind: str) -> Entity:
        name = clean_name(ent)
        gender = title_gender(ent)
        entity = self.by_name.get(name) or (self.body_by_short_name(name) if kind == "ORG" else None)
        if kind == "PERSON":
            entity = self.nicknamed.get(name) or self.person_by_part(name, gender)
        if entity is None:
            country = country_code(name) if kind == "GPE" else country_in(name.split()) if kind != "PERSON" else None
            entity = Entity(f"{kind.lower()}:{slug(name)}", name, kind, country=country)
            self.entities.append(entity)
        elif kind == "PERSON" and better_name(name, entity.name):
            entity.name, entity.id = name, f"person:{slug(name)}"  # the fuller name wins
        self.by_name[name] = entity
        entity.seen_at.append(ent.start_char)
        if kind == "PERSON" and (nickname := nickname_of(ent)):
            self.nicknamed[f"{nickname} {name.split()[-1]}"] = entity  # "Bobby Scott"
        if kind == "PERSON":
            if gender:
                entity.gender_votes[gender] += 3
            if len(name.split()) > 1:
                entity.given_gender = entity.given_gender or name_gender(name.split()[0])
            if role := role_of(ent):
                entity.roles.append(role.text)
                # "Indiana Gov. Mike Pence" is "the Indiana governor"
                words = (TITLE_ABBREVIATIONS.get(t.lower_, t.lower_) for t in role.words if not t.is_punct)
                entity.descriptors |= set(words)
                entity.role_heads.add(TITLE_ABBREVIATIONS.get(role.head.lower_, role.head.lower_))
                if role_gender := noun_gender(role.head.lower_):
                    entity.gender_votes[role_gender] += 3
                entity.country = entity.country or country_in([t.text for t in role.words]) or self.country_of(role)
        return entity

    def fuller(self, entity: Entity, name: str, given: bool = False) -> None:
        """Give a person known by one word the full name another part of the text has ("Clinton",
        "Hillary Clinton" in the headline), when the word before is a given name: a headline's
        capitals make "Derelict Obama" look like one (``given``: the caller knows it is one)."""
        words = name.split()
        given = len(words) == 2 and (given or name_gender(words[0]) is not None)
        if entity.type == "PERSON" and len(entity.name.split()) == 1 and given and better_name(name, entity.name):
            entity.name, entity.id = name, f"person:{slug(name)}"
            self.by_name[name] = entity

    def body_by_short_name(self, name: str) -> Entity | None:
        """The one body named before of which ``name`` is the initials ("CNS": Christian News Service),
        the first word ("Peabody": Peabody Energy) or the last words, two or more, without a modifier
        before them ("the Tax Policy Center": the Urban-Brookings Tax Policy Center), as news shortens
        a body's name after the first time."""
        bare = name.replace(".", "")
        tail = [w for w in comparable(name) if w != "the"]

        def shortens(entity: Entity) -> bool:
            words = [w for w in entity.name.split() if w.casefold() not in ("the", "of", "for", "and", "&")]
            if entity.type != "ORG" or len(words) < 2:
                return False
            initials = "".join(w[0] for w in words)
            full = [w for w in comparable(entity.name) if w != "the"]
            # "National Interests: The Human Rights Council" is a heading the tagger ran into a name
            ends = len(tail) >= 2 and len(full) > len(tail) and full[-len(tail) :] == tail and ":" not in entity.name
            return (
                (bare.isupper() and len(bare) >= 2 and bare == initials.upper() and initials.isupper())
                or (" " not in name and name[:1].isupper() and comparable(name) == comparable(words[0]))
                or (ends and "of" not in tail)
            )

        found = [e for e in self.entities if shortens(e)]
        return found[0] if len(found) == 1 else None

    def find(self, name: str) -> Entity | None:
        """The entity a name (or a part of a person's name) already stands for."""
        if not name:
            return None
        return self.by_name.get(name) or self.person_by_part(name)

    def person(self, name: str, at: int) -> Entity:
        """The person of this name, made if the article has not named them."""
        return self._seen(self.find(name) or self._made(name, "person", "PERSON"), at)

    def body(self, name: str, at: int) -> Entity:
        """The organisation of this name ("Bloomberg poll"), made if the article has not named it."""
        return self._seen(self.by_name.get(name) or self._made(name, "org", "ORG"), at)

    def _made(self, name: str, prefix: str, type_: str) -> Entity:
        entity = Entity(f"{prefix}:{slug(name)}", name, type_)
        self.entities.append(entity)
        self.by_name[name] = entity
        return entity

    @staticmethod
    def _seen(entity: Entity, at: int) -> Entity:
        entity.seen_at.append(at)
        return entity

    def country_of(self, role: Role) -> str | None:
        """The country of a person the role names: "Mr. Biden's national security adviser"."""
        for token in role.words:
            if token.ent_type_ == "PERSON":
                entity = self.person_by_part(token.text)
                if entity is not None and entity.country:
                    return entity.country
        return None

    def group(self, name: str, words: list[str], head: str, at: int) -> Entity:
        """A speaker named by a description ("U.S. officials", head noun "official"), kept so that
        "they" can refer to it."""
        entity = self.by_name.get(name)
        if entity is None or entity.type != "GROUP":  # "Democrats" quoted are unnamed ones, not the NORP
            entity = Entity(f"group:{slug(name)}", name, "GROUP", role_heads={head}, country=country_in(words))
            self.entities.append(entity)
            self.by_name[name] = entity
        entity.seen_at.append(at)
        return entity

    def members_group(self, members: Sequence[Entity], at: int, name: str | None = None) -> Entity:
        """The group of several named people ("Mr. Xi and Mr. Biden"), or of the named ones among
        those ``name`` says ("RT and its defenders")."""
        name = name or " and ".join(e.name for e in members)
        entity = self.group(name, [], "people", at)
        entity.members = tuple(e.name for e in members)
        countries = {e.country for e in members}
        entity.country = countries.pop() if len(countries) == 1 else None
        return entity

    def person_by_part(self, name: str, gender: str | None = None) -> Entity | None:
        """The person a name is part of, or who is part of it: a single word joins a full name of
        which it is the first or last word ("Xi", "Hillary"); two full names join only if equal.
        An honorific's gender picks among namesakes ("Mrs. Clinton"). Of several, the one the
        article names most in full and has named so far (a bare "Cruz" after one mention of "Heidi
        Cruz" is still the Ted Cruz of the eight before), then the latest."""
        words = comparable(name)

        def joins(other: list[str]) -> bool:
            short, full = (words, other) if len(words) <= len(other) else (other, words)
            if short == full or (len(short) == 1 and short[0] in (full[0], full[-1])):
                return True
            # "De Blasio" of "Bill de Blasio": a surname of several words ends the full name
            return 1 < len(short) < len(full) and full[-len(short) :] == short

        people = [e for e in self.entities if e.type == "PERSON" and joins(comparable(e.name))]
        if gender:
            people = [e for e in people if e.likely_gender in (None, gender)] or people
            same = [e for e in people if e.likely_gender == gender]
            people = same or people
        return max(people, key=lambda e: (self.name_counts[e.name] + len(e.seen_at), e.seen_at[-1]), default=None)


@dataclass(frozen=True)
class Role:
    words: list[Token]

    @property
    def text(self) -> str:
        """The role as the article writes it, from its first word to its last."""
        first, last = self.words[0], self.words[-1]
        return doc_text(first.doc)[first.idx : last.idx + len(last)]

    @property
    def head(self) -> Token:
        """The word the others modify: 'secretary' in 'White House press secretary'; of titles that
        all modify the name, the last ('Gov.' in 'Vermont Gov.'), as an English noun phrase ends in its head."""
        inside = {t.i for t in self.words}
        return next((t for t in reversed(self.words) if t.head.i not in inside), self.words[-1])


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def role_of(ent: SpacySpan) -> Role | None:
    """The article's words for who a person is: 'White House press secretary', 'the former head of
    ...': a noun phrase of at most ten words, never a clause. An apposition that is no role ("Sen.
    Lindsey Graham (R-S.C.)") leaves the words before the name ("Sen.")."""
    root, titles = ent.root, leading_titles(ent)
    candidates = []
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        candidates.append([t for t in head.subtree if t.i < root.left_edge.i and not (t.is_punct or t.is_space)])
    else:
        appos = next((c for c in root.children if c.dep_ == "appos" and c.i > ent.end), None)
        if appos is not None:
            candidates.append([t for t in appos.subtree if not (t.is_punct or t.is_space)])
        before = ent.doc[root.left_edge.i : ent.start]
        candidates.append([t for t in before if not (t.is_punct or t.is_space)] + titles)
    return next((role for words in candidates if (role := as_role(ent, words, titles))), None)


def as_role(ent: SpacySpan, words: list[Token], titles: list[Token]) -> Role | None:
    """``words`` as a role of the person ``ent`` names, if they are one."""
    while words and (words[0].lower_ in ("the", "a", "an") or words[0].lower_ in MALE_TITLES | FEMALE_TITLES):
        words = words[1:]
    # a party is a role too ("Democrat Tim Kaine"): "the Republican" is not he
    if not any(t.pos_ == "NOUN" or t.lower_ in TITLE_WORDS | TITLE_ABBREVIATIONS.keys() | PARTIES for t in words):
        return None
    if len(words) > MAX_NAME_WORDS or any(t.tag_ in FINITE_TAGS for t in words):
        return None
    if any(t.ent_type_ == "PERSON" and ent.start <= t.i < ent.end for t in words if t not in titles):
        return None
    role = Role(words)
    # one person's role is singular: "close loopholes Donald Trump used" is a clause the parser misread
    return None if role.head.tag_ in ("NNS", "NNPS") else role
