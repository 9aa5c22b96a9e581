"""Needs x offers: who can help whom, and why.

Every open need is scored against every open offer of another person:

- text is folded (accents, case) and split into words; Spanish and English stop words
  (the `stop-words` package, plus the words every need or offer says, such as
  "busco", "looking", "ofrezco") are dropped;
- each word becomes terms: its Spanish and English Snowball stems (so "fotógrafo",
  "fotografía" and "fotografías" meet, and so do "photographer" and "photography"),
  plus a concept from a small bilingual table (abogada = lawyer, diseño = design...)
  so a Spanish need meets an English offer;
- a term weighs less the more items have it (rare words count more than common
  ones, but every word counts), a concept more than a stem, a tag TAG_WEIGHT times
  a word; the score is the cosine of the two weighted term sets;
- the reason ("why") is the shared words, concepts and #tags.

Scoring goes through an inverted index of terms, so a need is only compared with the
offers that share a term with it; adding one need or offer scores only that one.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import defaultdict
from collections.abc import Container, Iterable
from functools import lru_cache
from typing import Any

from nettui.domain.models import ME, NeedOffer
from nettui.domain.text import fold
from nettui.i18n import N_

TAG_WEIGHT = 2.5
# A word gives up to two stems (Spanish and English) but only one concept; concepts
# carry the meaning across languages and synonyms ("retratos" ~ "headshots").
STEM_WEIGHT = 0.7
CONCEPT_WEIGHT = 1.5
MIN_SCORE = 0.12  # below this a pair is noise, not a match
MATCHES_PER_ITEM = 5  # the best offers kept for each need (and needs for each offer)
# Pairs (needs x every offer) scored at once: a sum each, 1 MB. Blocks four times as
# big were no quicker and raised the app's peak by 6 MB at 10,000 people.
BLOCK_CELLS = 125_000
BLOCK_NEEDS = 50  # at most: the sort key below keeps scores apart for so many needs
# A term's weight falls with the number of open items that have it (df) as df**-IDF_POWER.
# It depends on nothing else, not on how many items there are: adding an item changes
# the weights of only the items that share a term with it, so it never moves the score
# of an unrelated pair. Common terms weigh less but always count (a popular topic such
# as "lawyer" must never go blind): a term in 1 item weighs 3.3 times one in 30, as
# log(N/df) did in a store of 60 items, at every size.
IDF_POWER = 0.35

KIND_YOU_CAN_HELP = "you_can_help"  # my offer x their need
KIND_THEY_CAN_HELP = "they_can_help"  # their offer x my need
KIND_INTRODUCE = "introduce"  # A's offer x B's need, neither is me
KIND_TITLES = {  # marked for translation; shown through _()
    KIND_YOU_CAN_HELP: N_("You can help"),
    KIND_THEY_CAN_HELP: N_("They can help you"),
    KIND_INTRODUCE: N_("Introduce"),
}

# What a score means to a person: words, not cosines (JSON keeps the number).
STRENGTH_STRONG, STRENGTH_GOOD, STRENGTH_POSSIBLE = "strong", "good", "possible"
STRENGTH_LABELS = {  # marked for translation; shown through _()
    STRENGTH_STRONG: N_("strong"),
    STRENGTH_GOOD: N_("good"),
    STRENGTH_POSSIBLE: N_("possible"),
}
STRONG_SCORE = 0.45  # at or above: strong
GOOD_SCORE = 0.25  # at or above: good; below: possible


def strength_of(score: float) -> str:
    """How strong a match is, in a word a person reads ("strong", "good", "possible")."""
    if score >= STRONG_SCORE:
        return STRENGTH_STRONG
    if score >= GOOD_SCORE:
        return STRENGTH_GOOD
    return STRENGTH_POSSIBLE


# Words every need or offer uses to say that it is one: they match nothing.
FRAME_WORDS = """
busco buscamos buscando necesito necesitamos necesita necesitan quiero queremos
ofrezco ofrecemos ofrece puedo podemos ayudo ayudar ayuda alguien persona gente
algun alguna buen buena recomendacion recomienda recomiendas conoces conoceis
looking look need needs needed want wants wanted seeking seek offer offering offers
can could help helping happy someone somebody anyone good great recommend know
free gratis gratuita gratuito primera first hour hora
"""

# Common professional words, Spanish and English, grouped by what they mean.
CONCEPTS: dict[str, str] = {
    "lawyer": "abogado abogada abogados abogadas abogacia juridico juridica legal legales "
    "lawyer lawyers attorney solicitor law despacho bufete",
    "employment law": "laboral laboralista despido despidos finiquito "
    "salario salarios employment employer dismissal dismissed fired salary wages unpaid "
    "contrato contratos contract",
    # Legal help is a popular topic: its specialities tell the lawyers apart. Only
    # words that mean the speciality on their own: "familia", "banco", "flight",
    # "cookies", "audit" or "marca" would send a bakery or a trip to a lawyer.
    "family law": "divorcio divorciar divorciarme custodia alimenticia divorce divorced "
    "custody alimony",
    "tax law": "fiscalista hacienda tributario tributaria tributarios",
    "intellectual property": "patente patentes patentar invento invencion trademark "
    "trademarks patent patents invention intelectual intellectual copyright",
    "tenancy": "arrendamiento arrendamientos arrendador inquilino inquilina inquilinos casero "
    "casera fianza desahucio desahucios eviction evicted tenant tenants landlord",
    "data protection": "rgpd gdpr lopd privacidad privacy",
    "criminal law": "penal penalista criminal delito delitos detenido detenida arrested",
    "inheritance": "herencia herencias testamento testamentos sucesion sucesiones heredero "
    "herederos inheritance probate heir heirs",
    "corporate law": "mercantil societario pacto shareholder shareholders incorporation "
    "incorporate",
    "consumer law": "consumo consumidor consumidores consumer reclamacion reclamaciones reclamar",
    "medical negligence": "negligencia negligence malpractice",
    "photography": "fotografo fotografa fotografia fotografias foto fotos photographer "
    "photography photo photos photoshoot headshots retrato retratos portrait",
    "design": "diseno disenador disenadora disenar design designer designers ux ui "
    "interfaz interfaces prototipo prototipos prototype wireframes figma",
    "funding": "financiacion financiar inversion inversiones inversor inversores inversora "
    "ronda seed funding fundraising investor investors investment angel angeles "
    "business pitch deck capital",
    "accounting": "contable contables contabilidad gestor gestoria fiscal impuestos "
    "accountant accounting bookkeeping tax taxes facturas invoices autonomo autonomos",
    "translation": "traduccion traducciones traductor traductora traducir translation "
    "translations translator translate",
    "english": "ingles english",
    "marketing": "marketing seo posicionamiento redes sociales social media campana "
    "campanas campaign campaigns growth branding marca brand",
    "software": "programador programadora programacion desarrollador desarrolladora "
    "desarrollo developer developers development software codigo code backend "
    "frontend react python javascript",
    "web": "web website pagina tienda online ecommerce shop",
    "mentoring": "mentor mentora mentores mentoria mentoring mentorship coaching coach "
    "orientacion consejo consejos advice",
    "hiring": "contratar contratacion reclutar reclutamiento recruiter recruiting hiring "
    "hire talento talent candidatos candidates",
    "job": "empleo trabajo job jobs puesto role position",
    "writing": "redactor redactora redaccion copywriter copywriting escribir writing "
    "writer articulos articles blog editor editora",
    "book": "libro libros book books publicar publish publishing editorial",
    "video": "video videos grabacion grabar filming film montaje editing",
    "events": "evento eventos event events conferencia conferencias conference "
    "conferences charla charlas talk talks ponente speaker meetup boda bodas wedding",
    "sales": "ventas vender comercial comerciales sales selling clientes customers clients leads",
    "data": "datos data analitica analytics analisis analysis estadistica statistics dashboards",
    "ai": "ia ai inteligencia intelligence machine learning modelos models",
    "immigration": "visado visados visa visas nie inmigracion immigration residencia "
    "residency permit extranjeria arraigo nacionalidad nationality citizenship asilo asylum",
    "teaching": "profesor profesora clases classes teacher tutor ensenar teach teaching "
    "curso cursos course courses formacion training",
    "office": "oficina oficinas office offices coworking espacio space alquiler rent",
    "health": "medico medica doctor fisioterapeuta physio physiotherapist nutricionista "
    "nutritionist psicologo psicologa psychologist therapist terapeuta",
    "cofounder": "cofundador cofundadora socio socia cofounder co-founder partner",
    "music": "musica musico musicos music musician musicians dj banda band",
    "cooking": "cocina cocinero cocinera chef catering comida food",
    "moving": "mudanza mudanzas moving furgoneta van",
    "cv": "cv cvs curriculum resume resumes",
}


# Two words that name a speciality together where neither does alone ("marca" is a
# brand as often as a trademark), folded, without the stop words between them.
CONCEPT_PHRASES: dict[str, str] = {
    "registrar marca": "intellectual property",
    "registro marca": "intellectual property",
    "propiedad intelectual": "intellectual property",
    "proteccion datos": "data protection",
    "data protection": "data protection",
    "derecho familia": "family law",
    "family lawyer": "family law",
    "family law": "family law",
    "pension alimenticia": "family law",
    "pacto socios": "corporate law",
    "derecho penal": "criminal law",
}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from stop_words import get_stop_words  # imported on use: headless commands start fast

    words = set(get_stop_words("es")) | set(get_stop_words("en")) | set(FRAME_WORDS.split())
    folded = {fold(w) for w in words}
    return frozenset(folded - {w for group in CONCEPTS.values() for w in group.split()})


@lru_cache(maxsize=1)
def _stemmers():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("spanish"), snowballstemmer.stemmer("english")


_TRAILING_VOWELS = re.compile(r"[aeiouy]+$")
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The stems of a folded word, Spanish and English.

    The Spanish stem loses a trailing vowel: Snowball leaves "fotografi" for
    "fotografia" and "fotograf" for "fotografo", and they must meet.
    """
    spanish, english = _stemmers()
    es = spanish.stemWord(word)
    if len(es) > 4:
        es = _TRAILING_VOWELS.sub("", es)
    en = english.stemWord(word)
    return (es,) if es == en else (es, en)


@lru_cache(maxsize=1)
def _concept_by_stem() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = defaultdict(set)
    for concept, words in CONCEPTS.items():
        for word in words.split():
            for stem in stems(fold(word)):
                table[stem].add(concept)
    return {stem: tuple(sorted(concepts)) for stem, concepts in table.items()}


@lru_cache(maxsize=65536)
def _word_terms(word: str) -> tuple[tuple[str, str], ...]:
    """(term, label) pairs of one folded word; none for a stop word."""
    if word in _stop_words() or len(word) < 2:
        return ()
    concept_by_stem = _concept_by_stem()
    found: list[tuple[str, str]] = []
    for stem in stems(word):
        found.append(("s:" + stem, word))
        found.extend(("c:" + concept, concept) for concept in concept_by_stem.get(stem, ()))
    return tuple(found)


def concepts_of(text: str) -> list[str]:
    """The concepts `text` speaks of ("abogada laboralista": lawyer, employment law)."""
    return [term[2:] for term in terms_of(text) if term.startswith("c:")]


def terms_of(text: str) -> dict[str, str]:
    """Terms of `text`, each with the word that produced it (for "why")."""
    terms: dict[str, str] = {}
    previous = ""
    for word in _WORD.findall(fold(text)):
        found = _word_terms(word)
        for term, label in found:
            terms.setdefault(term, label)
        if not found:
            continue  # a stop word: "registro de marca" is the pair "registro marca"
        concept = CONCEPT_PHRASES.get(f"{previous} {word}")
        if concept:
            terms.setdefault("c:" + concept, concept)
        previous = word
    return terms


class Match:
    """A need, an offer that may answer it, how well, and why (worked out when asked)."""

    __slots__ = ("_matcher", "_why", "kind", "need", "offer", "score")

    def __init__(self, need: NeedOffer, offer: NeedOffer, score: float, matcher: Matcher) -> None:
        self.need = need
        self.offer = offer
        self.score = score
        self.kind = kind_of(need, offer)
        # The matcher itself, not its bound method: a new one per match was 3 MB of
        # the 50,000 matches at 10,000 people.
        self._matcher = matcher
        self._why: list[str] | None = None

    @property
    def why(self) -> list[str]:
        """The shared words, concepts and tags, the most telling first."""
        if self._why is None:
            self._why = self._matcher._reasons(self.need, self.offer)
        return self._why


class Matcher:
    """All matches between open needs and open offers, kept up to date item by item.

    Memory is the constraint (the TUI's target is 150 MB at 10,000 people, 20,000 needs
    and offers): the terms and weights of the items present at the start are numpy
    arrays, one row per item, not dicts per item (those took 50 MB); the words behind
    a match ("why") are worked out again from its two texts when it is shown. Items
    added or changed later keep their weights in a dict each, next to the arrays.
    """

    def __init__(
        self, items: Iterable[NeedOffer] = (), dismissed: Iterable[tuple[str, str]] = ()
    ) -> None:
        import numpy as np  # imported on use: headless commands start fast

        self.dismissed: set[tuple[str, str]] = set(dismissed)
        self._items: dict[str, NeedOffer] = {}  # every open need and offer, by id
        self._term_ids: dict[str, int] = {}
        self._df: list[int] = []  # by term id: how many open items have the term
        self._owners: dict[str, int] = {}  # person id -> a number, for numpy's sake
        # need id -> {offer id: score}, rounded as shown: the matches share the floats.
        self._best: dict[str, dict[str, float]] = {}
        # Every match, ranked, as last asked for: kept until an item or a dismissal
        # changes them (ranking 50,000 matches takes 0.4 s at 10,000 people).
        self._ranked: list[Match] | None = None
        # The items present at the start, one row each: their normalised weights in
        # CSR form (row r's terms are terms[pointers[r]:pointers[r + 1]]).
        self._row_items: list[NeedOffer] = []
        # Each start item's row, made on the first change (1.2 MB at 20,000 items, and
        # most sessions change none): only rows still open and unchanged.
        self._row_of: dict[str, int] | None = None
        # Flat C arrays, not lists: 120,000 int and float objects left holes in the
        # heap that the process kept (12 MB at 10,000 people).
        term_list = array("i")
        factor_list = array("d")
        pointer_list = array("q", [0])
        for item in items:
            if item.status != "open":
                continue
            self._items[item.id] = item
            self._row_items.append(item)
            factors = self._factors(item)
            term_list.extend(factors)
            factor_list.extend(factors.values())
            pointer_list.append(len(term_list))
        rows = len(self._row_items)
        self._pointers = np.frombuffer(pointer_list, dtype=np.int64)
        self._terms = np.frombuffer(term_list, dtype=np.int32)
        df = np.bincount(self._terms, minlength=len(self._term_ids))
        self._df = df.tolist()
        idf = np.maximum(df, 1) ** -IDF_POWER
        weights = np.frombuffer(factor_list, dtype=np.float64) * idf[self._terms]
        entry_rows = np.repeat(np.arange(rows, dtype=np.int32), np.diff(self._pointers))
        norms = np.sqrt(np.bincount(entry_rows, weights * weights, minlength=rows))
        norms[norms == 0] = 1.0
        self._weights = weights / norms[entry_rows]
        self._is_offer = np.array([i.kind == "offer" for i in self._row_items], dtype=bool)
        self._owner = np.array(
            [self._owner_code(i.person_id) for i in self._row_items], dtype=np.int32
        )
        self._open = np.ones(rows, dtype=bool)  # False once the row's item changed or left
        # The same weights by term, to score one new item against every row: built when
        # the first one comes (term t's rows are rows[pointers[t]:pointers[t + 1]]).
        self._by_term: tuple[Any, Any, Any] | None = None
        self._added: dict[str, dict[int, float]] = {}  # id -> normalised weights
        self._score_all_needs(entry_rows)

    # -- terms and weights -------------------------------------------------------------

    @staticmethod
    def _labelled_terms(item: NeedOffer) -> tuple[dict[str, str], dict[str, str]]:
        """The item's terms from its text (term -> word) and from its tags (-> #tag)."""
        tags: dict[str, str] = {}
        for tag in item.tags:
            for term in terms_of(tag):
                tags.setdefault(term, "#" + tag)
        return terms_of(item.text), tags

    def _term_id(self, term: str) -> int:
        found = self._term_ids.get(term)
        if found is None:
            found = self._term_ids[term] = len(self._term_ids)
            self._df.append(0)
        return found

    def _owner_code(self, person_id: str) -> int:
        return self._owners.setdefault(person_id, len(self._owners))

    def _factors(self, item: NeedOffer) -> dict[int, float]:
        """Each term's weight before idf: a concept more than a stem, a tag more still."""
        words, tags = self._labelled_terms(item)
        factors: dict[int, float] = {}
        for term in words:
            factors[self._term_id(term)] = CONCEPT_WEIGHT if term[0] == "c" else STEM_WEIGHT
        for term in tags:
            term_id = self._term_id(term)
            factors[term_id] = factors.get(term_id, 0.0) + TAG_WEIGHT
        return factors

    @staticmethod
    def _idf(df: int) -> float:
        return max(df, 1) ** -IDF_POWER

    def _df_of(self, term: str) -> int:
        term_id = self._term_ids.get(term)
        return 0 if term_id is None else self._df[term_id]

    def _reasons(self, need: NeedOffer, offer: NeedOffer) -> list[str]:
        """The shared words, concepts and #tags of a pair, the heaviest first."""
        need_words, need_tags = self._labelled_terms(need)
        offer_words, offer_tags = self._labelled_terms(offer)

        def weights(words: dict[str, str], tags: dict[str, str]) -> dict[str, float]:
            found: dict[str, float] = {}
            for term in words:
                factor = CONCEPT_WEIGHT if term[0] == "c" else STEM_WEIGHT
                found[term] = factor * self._idf(self._df_of(term))
            for term in tags:
                found[term] = found.get(term, 0.0) + TAG_WEIGHT * self._idf(self._df_of(term))
            return found

        mine, theirs = weights(need_words, need_tags), weights(offer_words, offer_tags)
        shared = sorted((t for t in mine if t in theirs), key=lambda t: -(mine[t] * theirs[t]))
        reasons: list[str] = []
        for term in shared:
            label = need_tags.get(term) or offer_tags.get(term) or need_words.get(term, term)
            if label not in reasons:
                reasons.append(label)
        return reasons

    # -- scoring -------------------------------------------------------------------------

    def _score_all_needs(self, entry_rows: Any) -> None:
        """Every need against every offer at once, a block of needs at a time.

        A pair's cosine is the sum, over the terms they share, of the two normalised
        weights multiplied. For each term of the block's needs, every offer that has
        the term adds its product; np.bincount sums them by (need, offer). Every term
        counts, however common. numpy alone: scipy's sparse product was about 1.4x
        quicker (all of matching 1.15x), but importing scipy.sparse cost the app 12 MB.

        Tried for a popular term (one in a third of the items): summing it as a dense
        product per block (BLAS, or elementwise term by term) instead of pair by pair
        saved 4% of the CPU time at most, and BLAS's threads made it slower on a busy
        machine; it was dropped.
        """
        import numpy as np

        items = self._row_items
        need_rows = np.flatnonzero(~self._is_offer)
        offer_rows = np.flatnonzero(self._is_offer)
        if not len(need_rows) or not len(offer_rows):
            return
        offers = len(offer_rows)
        entry_is_offer = self._is_offer[entry_rows]
        # The offers' entries by term: term t's are at term_start[t], term_count[t] long.
        column_of = np.zeros(len(items), dtype=np.int32)
        column_of[offer_rows] = np.arange(offers)
        order = np.argsort(self._terms[entry_is_offer], kind="stable")
        offer_columns = column_of[entry_rows[entry_is_offer]][order]
        offer_weights = self._weights[entry_is_offer][order]
        term_count = np.bincount(self._terms[entry_is_offer], minlength=len(self._df))
        term_count = term_count.astype(np.int32)
        term_start = np.cumsum(term_count, dtype=np.int64) - term_count
        # The needs' entries, in need order.
        number_of = np.zeros(len(items), dtype=np.int64)
        number_of[need_rows] = np.arange(len(need_rows))
        need_numbers = number_of[entry_rows[~entry_is_offer]]
        need_terms, need_weights = self._terms[~entry_is_offer], self._weights[~entry_is_offer]
        block = max(1, min(BLOCK_NEEDS, BLOCK_CELLS // offers))
        # Which entry read a pair's sum last: each pair is taken once (reused buffer).
        last_reader = np.empty(block * offers, dtype=np.int32)
        bounds = np.searchsorted(need_numbers, np.arange(0, len(need_rows) + block, block))
        offer_owner, need_owner = self._owner[offer_rows], self._owner[need_rows]
        for at, first in enumerate(range(0, len(need_rows), block)):
            start, end = bounds[at], bounds[at + 1]
            terms = need_terms[start:end]
            lengths = term_count[terms]
            total = int(lengths.sum())
            if not total:
                continue
            # Entry i of the block reads its term's offers: one flat run of them all.
            reads = np.repeat(term_start[terms] - (np.cumsum(lengths) - lengths), lengths)
            reads += np.arange(total)
            pairs = np.repeat((need_numbers[start:end] - first) * offers, lengths)
            pairs += offer_columns[reads]
            products = np.repeat(need_weights[start:end], lengths) * offer_weights[reads]
            sums = np.bincount(pairs, products, minlength=block * offers)
            readers = np.arange(total, dtype=np.int32)
            last_reader[pairs] = readers
            pairs = pairs[last_reader[pairs] == readers]  # each pair once
            scores = sums[pairs]
            rows, cols = np.divmod(pairs, offers)  # rows within the block
            keep = (scores >= MIN_SCORE) & (offer_owner[cols] != need_owner[rows + first])
            rows, cols, scores = rows[keep], cols[keep], scores[keep]
            # One float32 key orders by need, then best score first (scores are in 0..1,
            # rows < block fit with room to spare): one argsort, not lexsort on two keys.
            order = np.argsort((rows + (1.0 - scores) * 0.999).astype(np.float32))
            rows, cols, scores = rows[order], cols[order], scores[order]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
            chosen = rank < MATCHES_PER_ITEM
            for row, col, score in zip(
                rows[chosen].tolist(), cols[chosen].tolist(), scores[chosen].tolist(), strict=True
            ):
                need_id = items[need_rows[row + first]].id
                self._best.setdefault(need_id, {})[items[offer_rows[col]].id] = round(score, 3)

    def _rows_by_term(self) -> tuple[Any, Any, Any]:
        """(pointers, rows, weights) of the start's items, ordered by term."""
        import numpy as np

        if self._by_term is None:
            order = np.argsort(self._terms, kind="stable")
            entry_rows = np.repeat(
                np.arange(len(self._row_items), dtype=np.int32), np.diff(self._pointers)
            )
            counts = np.bincount(self._terms, minlength=len(self._df))
            pointers = np.r_[0, np.cumsum(counts)]
            self._by_term = (pointers, entry_rows[order], self._weights[order])
        return self._by_term

    def _score_against(self, item: NeedOffer, weights: dict[int, float]) -> dict[str, float]:
        """The best items of the other kind for this one: {id: cosine}."""
        import numpy as np

        wants_offers = item.kind == "need"
        found: list[tuple[float, str]] = []
        pointers, term_rows, term_weights = self._rows_by_term()
        rows, products = [], []
        for term, weight in weights.items():
            if term + 1 < len(pointers) and pointers[term] < pointers[term + 1]:
                start, end = pointers[term], pointers[term + 1]
                rows.append(term_rows[start:end])
                products.append(term_weights[start:end] * weight)
        if rows:
            sums = np.bincount(
                np.concatenate(rows), np.concatenate(products), minlength=len(self._row_items)
            )
            keep = (
                (sums >= MIN_SCORE)
                & self._open
                & (self._is_offer == wants_offers)
                & (self._owner != self._owner_code(item.person_id))
            )
            for row in np.flatnonzero(keep).tolist():
                found.append((float(sums[row]), self._row_items[row].id))
        for other_id, theirs in self._added.items():  # changed or added since the start
            other = self._items[other_id]
            if (other.kind == "offer") != wants_offers or other.person_id == item.person_id:
                continue
            score = sum(weight * theirs.get(term, 0.0) for term, weight in weights.items())
            if score >= MIN_SCORE:
                found.append((score, other_id))
        found.sort(reverse=True)
        return {other_id: round(score, 3) for score, other_id in found[:MATCHES_PER_ITEM]}

    # -- changes -------------------------------------------------------------------------

    def put(self, item: NeedOffer) -> None:
        """A need or offer was added or changed: score only it (idf is not recomputed)."""
        self._ranked = None
        self.remove(item.id)
        if item.status != "open":
            return
        self._items[item.id] = item
        factors = self._factors(item)
        for term in factors:
            self._df[term] += 1
        weights = {term: factor * self._idf(self._df[term]) for term, factor in factors.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        normalised = {term: w / norm for term, w in weights.items()}
        self._added[item.id] = normalised
        if item.kind == "need":
            self._best[item.id] = self._score_against(item, normalised)
            return
        for need_id, score in self._score_against(item, normalised).items():
            best = self._best.setdefault(need_id, {})
            best[item.id] = score
            if len(best) > MATCHES_PER_ITEM:
                del best[min(best, key=best.__getitem__)]

    def remove(self, item_id: str) -> None:
        self._ranked = None
        item = self._items.pop(item_id, None)
        if item is None:
            return
        if self._row_of is None:
            self._row_of = {
                item.id: row
                for row, (item, still) in enumerate(
                    zip(self._row_items, self._open.tolist(), strict=True)
                )
                if still
            }
        row = self._row_of.pop(item_id, None)
        if row is not None:
            self._open[row] = False
            terms = self._terms[self._pointers[row] : self._pointers[row + 1]].tolist()
        else:
            terms = list(self._added.pop(item_id))
        for term in terms:
            self._df[term] -= 1
        self._best.pop(item_id, None)
        if item.kind == "offer":
            for best in self._best.values():
                best.pop(item_id, None)

    def _weights_of(self, item_id: str) -> dict[int, float]:
        """An open item's normalised weights by term id (KeyError if it is not open)."""
        if item_id not in self._items:
            raise KeyError(item_id)
        if item_id in self._added:
            return self._added[item_id]
        row = next(
            row
            for row, item in enumerate(self._row_items)
            if item.id == item_id and self._open[row]
        )
        start, end = self._pointers[row], self._pointers[row + 1]
        terms, weights = self._terms[start:end].tolist(), self._weights[start:end].tolist()
        return dict(zip(terms, weights, strict=True))

    def score(self, need_id: str, offer_id: str) -> float:
        """The cosine of two open items as they are weighted now, matched or not."""
        need, offer = self._weights_of(need_id), self._weights_of(offer_id)
        return sum(weight * offer.get(term, 0.0) for term, weight in need.items())

    def dismiss(self, need_id: str, offer_id: str) -> None:
        self._ranked = None
        self.dismissed.add((need_id, offer_id))

    # -- results -------------------------------------------------------------------------

    def _match(self, need_id: str, offer_id: str, score: float) -> Match:
        return Match(self._items[need_id], self._items[offer_id], score, self)

    def matches(self, limit: int | None = None) -> list[Match]:
        """Every match above MIN_SCORE, best first (the same Match objects until the
        matches change, so what each one worked out, such as `why`, is kept)."""
        if self._ranked is None:
            self._ranked = self._ranked_for(self._items)
        return self._ranked[:limit] if limit else list(self._ranked)

    def matches_of_offers_by(self, person_id: str) -> list[Match]:
        """The matches of this person's offers, best first, as `matches()` ranks them:
        a look at a few offers, not a sort of every match (0.4 s at 10,000 people)."""
        theirs = {
            item_id
            for item_id, item in self._items.items()
            if item.kind == "offer" and item.person_id == person_id
        }
        return self._ranked_for(theirs)

    def _ranked_for(self, offer_ids: Container[str]) -> list[Match]:
        """The matches of these offers that are open and not dismissed, best first."""
        items, dismissed = self._items, self.dismissed
        ranked = [
            self._match(need_id, offer_id, score)
            for need_id, best in self._best.items()
            if need_id in items
            for offer_id, score in best.items()
            if offer_id in offer_ids and offer_id in items and (need_id, offer_id) not in dismissed
        ]
        return _best_first(ranked)

    def matches_for_need(self, need_id: str) -> list[Match]:
        best = self._best.get(need_id, {})
        found = [
            self._match(need_id, offer_id, score)
            for offer_id, score in best.items()
            if offer_id in self._items and (need_id, offer_id) not in self.dismissed
        ]
        return sorted(found, key=lambda m: -m.score)

    def matches_for_offer(self, offer_id: str) -> list[Match]:
        if offer_id not in self._items:
            return []
        found = [
            self._match(need_id, offer_id, best[offer_id])
            for need_id, best in self._best.items()
            if offer_id in best
            and need_id in self._items
            and (need_id, offer_id) not in self.dismissed
        ]
        return sorted(found, key=lambda m: -m.score)


def _best_first(matches: list[Match]) -> list[Match]:
    """Best score first, then by need and offer id: three stable sorts on attributes the
    matches hold, not one on a new tuple per match (50,000 of them at 10,000 people)."""
    matches.sort(key=lambda m: m.offer.id)
    matches.sort(key=lambda m: m.need.id)
    matches.sort(key=lambda m: m.score, reverse=True)
    return matches


def kind_of(need: NeedOffer, offer: NeedOffer) -> str:
    if offer.person_id == ME:
        return KIND_YOU_CAN_HELP
    if need.person_id == ME:
        return KIND_THEY_CAN_HELP
    return KIND_INTRODUCE
