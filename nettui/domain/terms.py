"""The words of a need or offer as matching terms, in Spanish and English.

Text is folded (accents, case) and split into words; Spanish and English stop words
(the `stop-words` package, plus the words every need or offer says, such as "busco",
"looking", "ofrezco") are dropped. Each word becomes terms: its Spanish and English
Snowball stems (so "fotógrafo", "fotografía" and "fotografías" meet, and so do
"photographer" and "photography"), plus a concept from a small bilingual table
(abogada = lawyer, diseño = design...) so a Spanish need meets an English offer.
A term is "s:" + stem or "c:" + concept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from nettui.domain.text import fold

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
def _stemmers() -> tuple[Any, Any]:  # snowballstemmer has no types
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
