"""Score event coding on the PLOVER example sentences and the ConfliBERT sentences.

PLOVER (``PLOVER_GSR_CAMEO.txt``, PLOVER 0.5b1): event type accuracy over the
coded sentences (the early types DEMAND, DISAPPROVE, FIGHT and INVESTIGATE
read as today's REQUEST, ACCUSE, ASSAULT and ACCUSE), and actor-country F1: the
set of country codes of the predicted event's actors and recipients against the
gold source and target codes, micro-averaged over sentences (codes that are not
countries, such as IGO or NGO, are left out; CAMEO's JAP, ITL and the like read
as ISO 3166-1 alpha-3). Sector F1 is the same over the sets of sectors (CAMEO's first
three letters: "CVLalb" is CVL; "***" is none; an IGO or NGO code is that sector), and
code F1 over CAMEO codes cut to country and first sector (USAGOV, PSEREB, IGO, USA).

ConfliBERT: five-way class accuracy (``cameo_class``: 0 statement or appeal,
1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
conflict; the CAMEO quad classes, with appeals apart), and source/target span
F1 (``cameo_ner``): a predicted actor (recipient) counts when its words are
exactly the words of a gold source (target) span of the sentence.

PLV (``--plv FILE``, a CSV with text, label, source and target, as
``plv/train.csv``): type accuracy (the predicted event's type read as PLV's,
CONCEDE and RETREAT as YIELD; no event counts as wrong), macro-F1 over the
gold types, per-type precision and recall, and actor and recipient agreement
on correct types as ``newsgraph.evaluate.event_parties`` defines it: of the
sentences with an event of the gold type, the share whose actor (recipient)
span and the gold source (target) are the same words or one holds the other
as a run of whole words ("Zarif" and "Iranian Foreign Minister Mohammad Javad
Zarif"; "U.S. Supreme Court" and "U.S. Supreme Court decision").

ConfliBERT five-way accuracy is also measured in ``folds``-fold cross-validation
(``conflibert_cross_validation``): a softmax regression trained on the other
folds over the event classifier's features of each sentence (its mean-pooled
last layer and its type probabilities), since ConfliBERT's five classes are not
PLOVER's types and the shipped model is not trained on ConfliBERT.

The predicted event of a sentence is the one the event classifier is surest of,
then the one whose trigger is highest in the dependency tree (the main
clause's), the first of those on a tie.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import torch
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.evaluate.event_parties import PartyReport, PlvRow, plv_rows, score_parties
from newsgraph.evaluate.polnear import PRF
from newsgraph.nlp.event_classifier import NONE as NO_EVENT
from newsgraph.nlp.event_classifier import EventClassifier, plv_type
from newsgraph.records import Actor, Article, Event
from newsgraph.resolve.actors import ACTOR_TYPES, NO_COUNTRY

OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
CAMEO_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "ZAR": "COD", "SER": "SRB", "MNC": "MCO", "BAH": "BHS"}
FIVE_WAY = {
    "REQUEST": 0,
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
NO_EVENT_CLASS = 0  # a sentence with no event is a statement
CV_PENALTY = 1e-2  # L2 weight of the cross-validated ConfliBERT regression
NONE = PRF(0, 0, 0)  # nothing counted yet (PRF is immutable, so one instance serves every report)


def _prf(predicted: set[str], gold: set[str]) -> PRF:
    return PRF(len(predicted & gold), len(predicted), len(gold))


@dataclass
class EventReport:
    sentences: int = 0
    type_correct: int = 0
    actor_country: PRF = NONE
    sector: PRF = NONE
    code: PRF = NONE
    classes: int = 0
    class_correct: int = 0
    source: PRF = NONE
    target: PRF = NONE
    cv_classes: int = 0  # ConfliBERT five-way, cross-validated (``conflibert_cross_validation``)
    cv_correct: int = 0
    plv: PlvReport | None = None

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.sentences if self.sentences else 0.0

    @property
    def class_accuracy(self) -> float:
        return self.class_correct / self.classes if self.classes else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "plover_sentences": self.sentences,
            "plover_type_accuracy": round(self.type_accuracy, 3),
            "plover_actor_country_f1": round(self.actor_country.f1, 3),
            "plover_sector_f1": round(self.sector.f1, 3),
            "plover_code_f1": round(self.code.f1, 3),
            "conflibert_class_sentences": self.classes,
            "conflibert_class_accuracy": round(self.class_accuracy, 3),
            "conflibert_source_f1": round(self.source.f1, 3),
            "conflibert_target_f1": round(self.target.f1, 3),
            "conflibert_cv_accuracy": round(_share(self.cv_correct, self.cv_classes), 3),
            **(self.plv.as_dict() if self.plv else {}),
        }

    def table(self) -> str:
        rows = [
            ("PLOVER event type accuracy", self.type_accuracy, f"{self.type_correct}/{self.sentences}"),
            ("PLOVER actor-country F1", self.actor_country.f1, _counts(self.actor_country)),
            ("PLOVER sector F1", self.sector.f1, _counts(self.sector)),
            ("PLOVER code F1", self.code.f1, _counts(self.code)),
            ("ConfliBERT five-way class accuracy", self.class_accuracy, f"{self.class_correct}/{self.classes}"),
            ("ConfliBERT source span F1", self.source.f1, _counts(self.source)),
            ("ConfliBERT target span F1", self.target.f1, _counts(self.target)),
            ("ConfliBERT five-way accuracy, CV", _share(self.cv_correct, self.cv_classes), f"of {self.cv_classes}"),
        ]
        table = "\n".join(f"{name:<38}{value:7.3f}   {detail}" for name, value, detail in rows)
        return f"{table}\n{self.plv.table()}" if self.plv else table


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _counts(prf: PRF) -> str:
    return f"P {prf.precision:.3f} R {prf.recall:.3f} ({prf.hits} hits, {prf.predicted} predicted, {prf.gold} gold)"


def main_events(nlp: Language, articles: Iterable[Article]) -> Iterator[Event | None]:
    """The main event of each article (a sentence): the one whose trigger is highest in the parse."""

    def docs() -> Iterator[Doc]:
        for article in articles:
            doc = nlp.make_doc(article.text)
            doc._.date = article.date
            yield doc

    for doc in nlp.pipe(docs(), batch_size=64):
        depth = {t.idx: sum(1 for _ in t.ancestors) for t in doc}
        yield min(
            doc._.events,
            key=lambda e: (-(e.confidence or 0.0), depth.get(e.trigger.start, 99), e.trigger.start),
            default=None,
        )


def country(code: str | None) -> str | None:
    """An ISO alpha-3 country code for a CAMEO actor code, or None if it names no country."""
    if not code or len(code) < 3:
        return None
    code = CAMEO_COUNTRIES.get(code[:3], code[:3])
    return code if pycountry.countries.get(alpha_3=code) is not None else None


def plover_examples(path: Path) -> Iterator[tuple[Article, str, set[str]]]:
    """(sentence as an article, gold PLOVER type, gold country codes) for each coded sentence."""
    for record in json.loads(path.read_text(encoding="utf-8")):
        if "text" not in record or record["event"] == "DOCUMENT":
            continue
        actors = [a for key in ("source", "target") for a in _as_list(record.get(key))]
        codes = {c for a in actors if (c := country(a.get("code")))}
        article = Article(doc_id=record["id"], text=record["text"], date=record.get("date"))
        yield article, OLD_TYPES.get(record["event"], record["event"]), codes


def plover_parties(path: Path) -> Iterator[tuple[set[str], set[str]]]:
    """(gold sectors, gold codes cut to country and sector) of each sentence ``plover_examples`` gives."""
    for record in json.loads(path.read_text(encoding="utf-8")):
        if "text" not in record or record["event"] == "DOCUMENT":
            continue
        parties = [
            (a.get("code") or "", a.get("sector") or "") for k in ("source", "target") for a in _as_list(record.get(k))
        ]
        yield {s for c, g in parties if (s := _sector(c, g))}, {k for c, g in parties if (k := _code(c, _sector(c, g)))}


def _sector(code: str, sector: str) -> str | None:
    if code[:3] in ACTOR_TYPES:
        return code[:3]
    sector = sector[:3].upper()
    return {"CIV": "CVL", "***": None, "": None}.get(sector, sector)  # CIV: a slip for CVL


def _code(code: str, sector: str | None) -> str | None:
    """A code cut to its country (ISO) and first sector: PSEREBHMS -> PSEREB; IGOUNO -> IGO."""
    if code[:3] in ACTOR_TYPES:
        return code[:3]
    place = NO_COUNTRY if code[:3] == NO_COUNTRY else country(code)
    return place + (sector or "") if place and (place != NO_COUNTRY or sector) else None


def _predicted(actors: Iterable[Actor]) -> tuple[set[str], set[str]]:
    """The sectors and the cut codes of an event's parties."""
    found = [(a.code or "", a.sector) for a in actors if a.code]
    return {s for _, s in found if s}, {k for c, s in found if (k := _code(c, s))}


def _as_list(value: object) -> list[dict[str, str]]:
    items = value if isinstance(value, list) else [value] if value else []
    return [item if isinstance(item, dict) else {"code": str(item)} for item in items]


def conflibert_classes(path: Path) -> Iterator[tuple[Article, int]]:
    with path.open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t")):
            if len(row) == 2 and row[1].strip().isdigit():
                yield Article(doc_id=f"class-{number}", text=row[0], date=None), int(row[1])


def conflibert_spans(path: Path) -> Iterator[tuple[Article, set[str], set[str]]]:
    """(sentence, gold source spans, gold target spans), spans as space-joined words."""
    words: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            word, _, tag = line.rpartition(" ")
            words.append(word)
            tags.append(tag)
            continue
        if words:
            text = " ".join(words)
            yield Article(doc_id=f"ner-{len(text)}-{words[0]}", text=text, date=None), *_bio(words, tags)
        words, tags = [], []


def _bio(words: list[str], tags: list[str]) -> tuple[set[str], set[str]]:
    spans: dict[str, set[str]] = {"S": set(), "T": set()}
    current: list[str] = []
    label = ""
    for word, tag in [*zip(words, tags, strict=True), ("", "O")]:
        if tag.startswith("I-") and tag[2:] == label:
            current.append(word)
            continue
        if current and label in spans:
            spans[label].add(_words(" ".join(current)))
        current, label = ([word], tag[2:]) if tag.startswith("B-") else ([], "")
    return spans["S"], spans["T"]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@dataclass
class PlvReport:
    """Type figures on PLV-style sentences, and the actor and recipient agreement of ``event_parties``."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold, predicted or NONE)
    parties: PartyReport = field(default_factory=PartyReport)

    @property
    def sentences(self) -> int:
        return sum(self.confusion.values())

    @property
    def type_accuracy(self) -> float:
        return _share(sum(n for (gold, found), n in self.confusion.items() if gold == found), self.sentences)

    def per_type(self) -> dict[str, PRF]:
        types = sorted({gold for gold, _ in self.confusion})
        return {
            t: PRF(
                self.confusion[(t, t)],
                sum(n for (_, found), n in self.confusion.items() if found == t),
                sum(n for (gold, _), n in self.confusion.items() if gold == t),
            )
            for t in types
        }

    @property
    def macro_f1(self) -> float:
        scores = self.per_type()
        return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "plv_sentences": self.sentences,
            "plv_type_accuracy": round(self.type_accuracy, 3),
            "plv_macro_f1": round(self.macro_f1, 3),
            "plv_no_event": sum(n for (_, found), n in self.confusion.items() if found == NO_EVENT),
            "plv_actor_agreement": round(self.parties.actor_agreement, 3),
            "plv_recipient_agreement": round(self.parties.recipient_agreement, 3),
            **{f"plv_{t.lower()}_f1": round(s.f1, 3) for t, s in self.per_type().items()},
        }

    def table(self) -> str:
        rows = [
            f"{'PLV type accuracy':<38}{self.type_accuracy:7.3f}   of {self.sentences}",
            f"{'PLV macro-F1':<38}{self.macro_f1:7.3f}",
            f"{'PLV actor agreement (correct types)':<38}{self.parties.actor_agreement:7.3f}   of {self.parties.hits}",
            f"{'PLV recipient agreement':<38}{self.parties.recipient_agreement:7.3f}   of {self.parties.hits}",
        ]
        rows += [f"  {t:<36}{s.f1:7.3f}   {_counts(s)}" for t, s in self.per_type().items()]
        return "\n".join(rows)


def score_plv(nlp: Language, rows: Sequence[PlvRow]) -> PlvReport:
    """Type accuracy, per-type precision and recall of the main event on each PLV row; agreement of parties."""
    report = PlvReport(parties=score_parties(nlp, rows))
    articles = (Article(doc_id=f"plv-{i}", text=row.text, date=None) for i, row in enumerate(rows))
    for row, event in zip(rows, main_events(nlp, articles), strict=True):
        report.confusion[(plv_type(row.label), plv_type(event.event) if event else NO_EVENT)] += 1
    return report


def conflibert_cross_validation(
    path: Path, classifier: EventClassifier, folds: int = 5, seed: int = 0
) -> tuple[int, int]:
    """(correct, sentences) of a softmax regression over the classifier's features, ``folds``-fold."""
    classes = list(conflibert_classes(path))
    features = classifier.features([article.text for article, _ in classes])
    labels = torch.tensor([gold for _, gold in classes])
    order = torch.randperm(len(classes), generator=torch.Generator().manual_seed(seed))
    correct = 0
    for fold in range(folds):
        test = order[fold::folds]
        train = order[torch.isin(order, test, invert=True)]
        model = _softmax_regression(features[train], labels[train], classes=5)
        correct += int((model(features[test]).argmax(-1) == labels[test]).sum())
    return correct, len(classes)


def _softmax_regression(x: torch.Tensor, y: torch.Tensor, classes: int) -> Callable[[torch.Tensor], torch.Tensor]:
    """Multinomial logistic regression on standardised features, L2-penalised, fitted by L-BFGS."""
    torch.manual_seed(0)
    mean, std = x.mean(0), x.std(0).clamp(min=1e-6)
    linear = torch.nn.Linear(x.shape[1], classes)
    optimizer = torch.optim.LBFGS(linear.parameters(), max_iter=200, line_search_fn="strong_wolfe")
    z = (x - mean) / std

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(linear(z), y) + CV_PENALTY * linear.weight.pow(2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return lambda features: linear((features - mean) / std).detach()


def evaluate_events(
    nlp: Language,
    plover: Path | None = None,
    conflibert: Path | None = None,
    plv: Path | None = None,
    folds: int = 5,
) -> EventReport:
    """Score the event coder of ``nlp`` on the PLOVER sentences, the ConfliBERT directory and the PLV CSV given
    (``folds`` 0: no ConfliBERT cross-validation)."""
    report = EventReport()
    if plv is not None:
        report.plv = score_plv(nlp, plv_rows(plv))
    if plover is not None:
        examples = list(plover_examples(plover))
        for (_, gold_type, gold_codes), (sectors, codes), event in zip(
            examples, plover_parties(plover), main_events(nlp, (a for a, _, _ in examples)), strict=True
        ):
            report.sentences += 1
            report.type_correct += event is not None and event.event == gold_type
            predicted = {a.country for a in (*event.actor, *event.recipient) if a.country} if event else set()
            report.actor_country += _prf(predicted, gold_codes)
            found_sectors, found_codes = _predicted((*event.actor, *event.recipient) if event else ())
            report.sector += _prf(found_sectors, sectors)
            report.code += _prf(found_codes, codes)
    if conflibert is not None:
        classes = list(conflibert_classes(conflibert / "cameo_class" / "train.tsv"))
        for (_, gold), event in zip(classes, main_events(nlp, (a for a, _ in classes)), strict=True):
            report.classes += 1
            report.class_correct += (FIVE_WAY[event.event] if event else NO_EVENT_CLASS) == gold
        if folds:
            classifier = nlp.get_pipe("newsgraph_events").shipped()
            report.cv_correct, report.cv_classes = conflibert_cross_validation(
                conflibert / "cameo_class" / "train.tsv", classifier, folds
            )
        spans = list(conflibert_spans(conflibert / "cameo_ner" / "train.txt"))
        for (_, sources, targets), event in zip(spans, main_events(nlp, (a for a, _, _ in spans)), strict=True):
            report.source += _prf({_words(a.span.text) for a in event.actor if a.span} if event else set(), sources)
            report.target += _prf({_words(a.span.text) for a in event.recipient if a.span} if event else set(), targets)
    return report
