"""A labelled dense set: one popular topic (legal help) with distinct specialists.

In a real network many people need or offer the same kind of help, and that is the
topic that matters most. Every need here is about the law; the offers are lawyers of
different specialities, a few generic lawyers, and unrelated offers that mention the
same places. Spanish and English mixed, some with tags. Written by hand.
"""

# key -> (offer text, offer tags)
OFFERS = {
    "labour": ("Abogada laboralista en Madrid: despidos, ERE y reclamaciones de salarios", []),
    "family": ("Family lawyer: divorce, custody and child support", ["legal"]),
    "tax": ("Abogado fiscalista: inspecciones de Hacienda y recursos tributarios", []),
    "trademarks": ("Trademark and patent attorney, intellectual property for startups", []),
    "tenancy": ("Abogada de arrendamientos: desahucios, fianzas y contratos de alquiler", []),
    "data": ("Data protection lawyer: GDPR compliance and privacy policies", ["legal"]),
    "immigration": ("Abogada de extranjería: visados, NIE, arraigo y nacionalidad", []),
    "criminal": ("Criminal defence lawyer, available for urgent cases", []),
    "inheritance": ("Abogado de herencias y testamentos, también sucesiones", []),
    "corporate": ("Startup lawyer: shareholder agreements, term sheets and incorporation", []),
    "consumer": ("Abogada de consumo: reclamaciones a bancos y aerolíneas", ["legal"]),
    "medical": ("Medical negligence lawyer, free first review of your case", []),
    "generic_es": ("Soy abogado en Madrid", []),
    "generic_en": ("Lawyer, happy to point you in the right direction", ["legal"]),
    "accountant": ("Contable para autónomos: impuestos trimestrales y facturas", []),
    "english": ("Clases de inglés en Madrid", []),
    "designer": ("Diseño de marca y logotipos para startups", []),
    "realtor": ("I help people find a flat to rent in Madrid", []),
}

# (need text, need tags, key of the right offer; None: any lawyer will do)
NEEDS = [
    ("Busco abogada laboralista en Madrid", [], "labour"),
    ("Me han despedido y necesito reclamar el finiquito", [], "labour"),
    ("Need an employment lawyer, my employer has not paid my salary", [], "labour"),
    ("Busco abogado para el divorcio y la custodia de mis hijos", [], "family"),
    ("Need a family lawyer for a custody case", ["legal"], "family"),
    ("Hacienda me ha abierto una inspección, necesito un abogado fiscalista", [], "tax"),
    ("Need a tax lawyer to appeal a tax assessment", [], "tax"),
    ("Quiero registrar la marca de mi startup", [], "trademarks"),
    ("Looking for a patent attorney for my invention", [], "trademarks"),
    ("Mi casero no me devuelve la fianza del alquiler", [], "tenancy"),
    ("Need help with an eviction from my rented flat", ["legal"], "tenancy"),
    ("Necesito adaptar mi web al RGPD y la política de privacidad", [], "data"),
    ("Need a GDPR lawyer to review our privacy policy", [], "data"),
    ("Busco abogada de extranjería para el arraigo de mi pareja", [], "immigration"),
    ("Need help with my visa and NIE in Spain", [], "immigration"),
    ("Necesito un abogado penalista urgente, defensa en un juicio", [], "criminal"),
    ("Looking for a criminal lawyer for my brother", [], "criminal"),
    ("Busco abogado para la herencia de mi padre, no hay testamento", [], "inheritance"),
    ("Need a lawyer for a will and an inheritance in Spain", [], "inheritance"),
    ("Necesitamos un pacto de socios antes de la ronda", [], "corporate"),
    (
        "Looking for a lawyer to incorporate our startup and draft a shareholder agreement",
        [],
        "corporate",
    ),
    ("El banco no me devuelve las comisiones, quiero reclamar", ["legal"], "consumer"),
    (
        "My flight was cancelled and the airline refuses to pay, need a consumer lawyer",
        [],
        "consumer",
    ),
    ("Busco abogado por una negligencia médica en una operación", [], "medical"),
    # Generic needs: a popular concept is the only thing they share with the offers.
    ("Necesito un abogado", [], None),
    ("Need a lawyer", [], None),
    ("Busco abogada en Madrid", ["legal"], None),
    ("Alguien conoce un buen bufete?", [], None),
]

LAWYERS = [key for key in OFFERS if key not in {"accountant", "english", "designer", "realtor"}]
