"""A labelled set for matching: each need with the offer that should answer it.

Realistic, mixed Spanish and English, some with tags. Written by hand for the
matching tests; the offers are in a different order from the needs on purpose.
"""

# (need text, need tags, key of the right offer)
NEEDS = [
    ("Busco abogada laboralista para revisar un despido", ["legal"], "lawyer"),
    ("Looking for seed funding for a climate startup", [], "angels"),
    ("Necesito fotógrafo para la boda de mi hermana", [], "photo_events"),
    ("Need a designer for a mobile app", ["design"], "ux"),
    ("Busco contable para autónomos", [], "accountant"),
    ("Looking for a React mentor", [], "react_mentor"),
    ("Necesito traducir la web al inglés", [], "translator"),
    ("We are hiring two backend developers in Sevilla", ["hiring"], "recruiter"),
    ("Busco cofundador técnico para mi startup", [], "cofounder"),
    ("Need help with my visa for the UK", [], "visa"),
    ("Quiero publicar un libro y no sé por dónde empezar", [], "editor"),
    ("Necesito una oficina o coworking en Madrid", [], "coworking"),
    ("Looking for a physiotherapist for back pain", [], "physio"),
    ("Busco ponente para una charla sobre IA", ["eventos"], "ai_speaker"),
    ("Need someone to shoot a product video", [], "video"),
    ("Busco clases de inglés para mi equipo", [], "english_teacher"),
    ("Necesito mejorar el SEO de mi tienda online", [], "seo"),
    ("Looking for a data scientist to analyse our sales data", [], "data"),
    ("Busco catering para un evento de 50 personas", [], "catering"),
    ("Need a lawyer to review a contract with a client", [], "contract_lawyer"),
    ("Necesito retratos profesionales para LinkedIn", [], "headshots"),
    ("Looking for a copywriter for our blog", [], "copywriter"),
    ("Busco inversores ángel para una ronda pre-seed", ["funding"], "angels"),
    ("Necesito ayuda con la declaración de impuestos", [], "accountant"),
    ("Looking for a UX designer to redesign our onboarding", [], "ux"),
    ("Busco mentor para pasar a product management", [], "pm_mentor"),
    ("Need a DJ for a wedding party", [], "dj"),
    ("Necesito una furgoneta para una mudanza el sábado", [], "moving"),
    ("Looking for a Python developer for a short project", [], "python_dev"),
    ("Busco psicóloga que hable inglés", [], "psychologist"),
    ("Necesito alguien que revise mi CV en inglés", [], "cv"),
    ("Looking for sales leads in the hotel sector", [], "sales"),
]

# key -> (offer text, offer tags)
OFFERS = {
    "photo_events": ("Ofrezco fotografía de eventos y bodas", []),
    "lawyer": ("Abogada laboralista: primera consulta gratis", []),
    "ux": ("Diseño de interfaces y prototipos en Figma", ["design"]),
    "angels": ("I can introduce you to angel investors", ["funding"]),
    "accountant": ("Contable: llevo la contabilidad e impuestos de autónomos", []),
    "react_mentor": ("Happy to mentor junior React developers", []),
    "translator": ("Traductora inglés-español, webs y documentos", []),
    "recruiter": ("Recruiter: I help startups hire developers", ["hiring"]),
    "cofounder": ("Desarrollador backend buscando proyecto como cofundador", []),
    "visa": ("I know the UK immigration process well, visa advice", []),
    "editor": ("Editora de libros: te ayudo a publicar tu libro", []),
    "coworking": ("Alquilo puestos en mi coworking de Madrid", []),
    "physio": ("Fisioterapeuta, consulta en Valencia", []),
    "ai_speaker": ("Doy charlas sobre inteligencia artificial", ["eventos"]),
    "video": ("Video production and editing for brands", []),
    "english_teacher": ("Profesora de inglés para empresas", []),
    "seo": ("SEO y posicionamiento para tiendas online", []),
    "data": ("Data analysis and dashboards for sales teams", []),
    "catering": ("Catering para eventos y empresas", []),
    "contract_lawyer": ("Lawyer: I review commercial contracts", []),
    "headshots": ("Headshots and portrait photography for professionals", []),
    "copywriter": ("Copywriting and blog articles in English", []),
    "pm_mentor": ("Product manager, happy to mentor people moving into product", []),
    "dj": ("DJ para bodas y fiestas", []),
    "moving": ("Tengo furgoneta, ayudo con mudanzas", []),
    "python_dev": ("Freelance Python developer, available for short projects", []),
    "psychologist": ("Psychologist, sessions in English and Spanish", []),
    "cv": ("I review CVs and resumes in English", []),
    "sales": ("Comercial con contactos en el sector hotelero", []),
    "music_lessons": ("Clases de guitarra para principiantes", []),
    "cooking": ("Chef privado para cenas en casa", []),
    "gardening": ("Jardinería y mantenimiento de terrazas", []),
}

# Pairs that must score low: nothing in common.
UNRELATED = [
    (
        "Necesito fotógrafo para la boda de mi hermana",
        "Contable: llevo la contabilidad e impuestos de autónomos",
    ),
    ("Looking for seed funding for a climate startup", "DJ para bodas y fiestas"),
    ("Busco abogada laboralista para revisar un despido", "Clases de guitarra para principiantes"),
    ("Need a DJ for a wedding party", "SEO y posicionamiento para tiendas online"),
    (
        "Necesito una furgoneta para una mudanza el sábado",
        "Headshots and portrait photography for professionals",
    ),
    # Everyday words that a legal speciality also uses must not send people to lawyers.
    (
        "Looking for a cheap flight to Berlin",
        "Abogada de consumo: reclamaciones a bancos y aerolíneas",
    ),
    ("Busco un restaurante familiar", "Family lawyer: divorce, custody and child support"),
    ("Need help with cookies for my bakery", "Data protection lawyer: GDPR compliance"),
    ("Need a security audit", "Abogado fiscalista: inspecciones de Hacienda y recursos"),
    ("Busco diseñador para la marca de mi empresa", "Trademark and patent attorney"),
    ("Organizo una despedida de soltera", "Abogada laboralista: despidos y reclamaciones"),
    ("Need a defense for my thesis, any tips?", "Criminal defence lawyer"),
    ("Busco piso de alquiler en Madrid", "Abogada de arrendamientos y desahucios"),
]
