"""Pronoun resolution: which named person "he", "she" or "his" refers to.

No coreference model runs offline, so this is a salience model in the manner of Lappin and
Leass (1994). Every mention of a person outside quotation marks earns salience for its referent,
weighted by grammatical role (subjects most, the subject of a main clause more) and halved for
every sentence since. A pronoun refers to the most salient referent whose gender agrees. A
resolved pronoun is a mention too, so a run of "he ..." sentences keeps its referent in focus.

Pure data in, data out: the extractor turns spaCy tokens into `Mention`s and feeds them in
reading order to a `Discourse`.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from app.ingest.names import name_tokens, same_person, surname_key

RECENCY = 100.0
ROLE_WEIGHTS = {"subject": 80.0, "object": 50.0, "oblique": 30.0, "possessive": 30.0}
MAIN_CLAUSE_BONUS = 20.0
SPEAKER_BONUS = 40.0
"""For a pronoun that speaks (`he said`), a mention that spoke too: news carries a speaker on
by pronoun (`Ferreira said Mendes had trained well. "..." he said.`), rarely someone he
spoke about, though that person may be the subject of the reported clause. Other pronouns
(`her comments`, `asked Holder whether he ...`) get no such preference."""
DECAY_PER_SENTENCE = 0.5
UNKNOWN_GENDER_FACTOR = 0.85
"""A referent of unknown gender is a weaker candidate than one known to agree; only a little
weaker, since the table of first names knows mostly English ones, and `Montell` or `Kwabena`
is not less likely a `he` for being missing from it."""
NAME_GENDER_MISMATCH_FACTOR = 0.3
"""A first name of the other gender makes a weak candidate, not an impossible one; so does a
gender this model only guessed from earlier pronouns (`Mo Lindt, an aide during her run`
resolves `her` to Lindt before `he said` shows the guess wrong)."""
FREQUENCY_SHARE = 0.1
"""How much a referent's other recent mentions add to its best one."""
MAX_PARAGRAPHS_BACK = 3
CONFIDENT_MARGIN = 1.3
"""A pronoun teaches its referent's gender only when the winner is this many times ahead."""

TITLE_ROLES = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "adm": "admiral",
    "amb": "ambassador",
    "sec": "secretary",
    "pres": "president",
    "supt": "superintendent",
    "atty": "attorney",
    "congressman": "representative",
    "congresswoman": "representative",
    "lawmaker": "representative",
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "chairwoman": "chair",
    "chairman": "chair",
}
"""Titles and role words that name the same office ("Sen. Hale" is "the senator")."""

PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}


@dataclass(frozen=True)
class Mention:
    """Where and how a referent is mentioned."""

    start: int
    sentence: int
    paragraph: int
    role: str = "other"
    """subject, object, oblique, possessive or other (a compound modifier, say)."""
    main_clause: bool = False
    speaks: bool = False
    """The subject of the sentence's own speech cue (`said Ferreira`, `she told reporters`),
    not of one reported inside it (`Bakare said Adeyemi had promised ...`)."""

    @property
    def weight(self) -> float:
        bonus = MAIN_CLAUSE_BONUS if self.main_clause and self.role == "subject" else 0.0
        return RECENCY + ROLE_WEIGHTS.get(self.role, 0.0) + bonus


@dataclass
class Referent:
    """One person of the article, with every mention of them so far."""

    name: str
    gender: str | None = None
    role: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    name_gender: str | None = None
    """What the first name suggests; `gender` (from a title, a role word or the pronouns
    that refer to this person) overrides it: Marty and Sandy can be women."""
    offices: set[str] = field(default_factory=set)
    """Role words from titles and appositions, normalised ("Sen." → senator)."""
    gender_guessed: bool = False
    """`gender` was learnt from the pronouns resolved to this person, not told by a title or
    a role word: weaker evidence, which a first name given later overrules."""


def office_words(role: str | None) -> set[str]:
    """Normalised role words of a title or apposition: "Sen." → {"senator"}."""
    if not role:
        return set()
    words = {w.strip(".,'’").lower() for w in role.split()}
    return {TITLE_ROLES.get(w, w) for w in words if w}


@cache
def _first_names() -> dict[str, str]:
    table = files("app.ingest") / "data" / "first_names.tsv"
    genders = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, gender = line.split("\t")
            genders[name] = gender
    return genders


def name_gender(name: str) -> str | None:
    """ "m" or "f" when the first name is a strongly gendered one, else None."""
    tokens = name_tokens(name)
    if len(tokens) < 2:
        return None
    return _first_names().get(tokens[0])


class Discourse:
    """The people of one article in reading order, and their salience at any point."""

    def __init__(self) -> None:
        self.referents: list[Referent] = []

    def mention_named(
        self, name: str, mention: Mention, gender: str | None = None, role: str | None = None
    ) -> Referent:
        """Record a named mention: "Donald Trump", later "Trump" or "Mr. Trump"."""
        referent = self._find(name, mention, gender)
        if referent is None:
            referent = Referent(name=name)
            self.referents.append(referent)
        elif len(name_tokens(name)) > len(name_tokens(referent.name)):
            referent.name = name
        first_name_gender = name_gender(name)
        if gender is not None:
            referent.gender, referent.gender_guessed = gender, False
        elif referent.gender_guessed and first_name_gender not in {None, referent.gender}:
            referent.gender, referent.gender_guessed = None, False
        referent.name_gender = first_name_gender or referent.name_gender
        referent.role = referent.role or role
        referent.offices |= office_words(role)
        referent.mentions.append(mention)
        return referent

    def holder_of(self, office: str, at: Mention) -> Referent | None:
        """Whom "the senator" or "the minister" at `at` means: the most salient person with that
        office, or the only one in the article so far."""
        office = TITLE_ROLES.get(office, office)
        holders = [
            r for r in self.referents if office in r.offices and r.mentions[0].start < at.start
        ]
        if not holders:
            return None
        ranked = sorted(holders, key=lambda r: -self.salience(r, at))
        if self.salience(ranked[0], at) > 0 or len(holders) == 1:
            return ranked[0]
        return None

    def most_salient(self, at: Mention, gender: str | None = None) -> Referent | None:
        """Whom a description (`the 56-year-old`, `the company`) at `at` most likely means
        when no one holds it by name: the most salient referent, of `gender` when the
        description tells one. Without one, only referents the text has treated as people (a
        gender or an office known): a club the tagger took for a person is not `the boss`."""
        if gender is not None:
            return self.antecedent(gender, at)
        people = [r for r in self.referents if r.gender or r.name_gender or r.offices]
        ranked = sorted(((self.salience(r, at), r) for r in people), key=lambda pair: -pair[0])
        return ranked[0][1] if ranked and ranked[0][0] > 0 else None

    def mention_pronoun(
        self, gender: str, mention: Mention, not_: Referent | None = None
    ) -> Referent | None:
        """Resolve a pronoun at `mention` and record it as a mention of its referent; `not_`
        is someone it cannot mean (the subject of its own clause, for `Obama backed her`).
        A clear winner over others teaches its referent the pronoun's gender, even against
        the first name (Marty and Sandy can be women), and so does a lone candidate when the
        pronoun is a subject (`Walz ... She said`); a lone candidate's possessive or object
        does not, against the first name: the `her` of `Aziz Karimov, an aide to X during
        her campaign` is more likely a woman the tagger missed."""
        ranked = [pair for pair in self._ranked(gender, mention) if pair[1] is not not_]
        if not ranked:
            return None
        (best_score, referent), *rest = ranked
        if rest:
            confident = best_score >= CONFIDENT_MARGIN * rest[0][0]
        else:
            confident = referent.name_gender in {None, gender} or mention.role == "subject"
        if referent.gender is None and confident:
            referent.gender, referent.gender_guessed = gender, True
        referent.mentions.append(mention)
        return referent

    def antecedent(self, gender: str, mention: Mention) -> Referent | None:
        """The referent a pronoun of `gender` at `mention` most likely means, without recording."""
        ranked = self._ranked(gender, mention)
        return ranked[0][1] if ranked else None

    def focus(self, at: Mention) -> Referent | None:
        """The person the text is about at `at`, if one clearly leads in salience: who an
        unattributed quote opening a paragraph most likely belongs to."""
        ranked = sorted(
            ((self.salience(r, at), r) for r in self.referents), key=lambda pair: -pair[0]
        )
        if not ranked or ranked[0][0] <= 0:
            return None
        if len(ranked) > 1 and ranked[0][0] < CONFIDENT_MARGIN * ranked[1][0]:
            return None
        return ranked[0][1]

    def _ranked(self, gender: str, at: Mention) -> list[tuple[float, Referent]]:
        scored = []
        for referent in self.referents:
            guessed_wrong = (
                referent.gender_guessed
                and referent.gender != gender
                and referent.name_gender is None
            )
            if referent.gender is not None and referent.gender != gender and not guessed_wrong:
                continue
            score = self.salience(referent, at)
            if score <= 0:
                continue
            named_other = referent.gender is None and referent.name_gender not in {None, gender}
            if guessed_wrong or named_other:
                score *= NAME_GENDER_MISMATCH_FACTOR
            elif referent.gender is None and referent.name_gender is None:
                score *= UNKNOWN_GENDER_FACTOR
            scored.append((score, referent))
        scored.sort(key=lambda pair: -pair[0])
        return scored

    @staticmethod
    def salience(referent: Referent, at: Mention) -> float:
        bonus = SPEAKER_BONUS if at.speaks else 0.0
        scores = [
            (m.weight + (bonus if m.speaks else 0.0))
            * DECAY_PER_SENTENCE ** (at.sentence - m.sentence)
            for m in referent.mentions
            if m.start < at.start and at.paragraph - m.paragraph <= MAX_PARAGRAPHS_BACK
        ]
        if not scores:
            return 0.0
        best = max(scores)
        return best + FREQUENCY_SHARE * (sum(scores) - best)

    def _find(self, name: str, at: Mention, gender: str | None = None) -> Referent | None:
        """The referent a name continues: the same name, its surname, or a variant of it.

        A bare surname shared by two people (Hillary and Bill Clinton) goes to the one whose
        gender agrees with the title (`Mrs. Clinton`), else to the one mentioned most recently."""
        tokens = name_tokens(name)
        exact = [r for r in self.referents if name_tokens(r.name) == tokens]
        if exact:
            return exact[0]
        if len(tokens) == 1:
            same = [r for r in self.referents if surname_key(r.name) == tokens[0]]
        else:
            same = [r for r in self.referents if same_person(r.name, name)]
        if gender is not None:
            same = [r for r in same if (r.gender or r.name_gender) in {None, gender}]
        if not same:
            return None
        return max(same, key=lambda r: max((m.start for m in r.mentions), default=-1))
