"""A realistic, bilingual network for `nettui --demo` and for the benchmarks.

The demo is ~60 people, some met in person and some online only (two of them are only
a handle: who are they?), with needs, offers, interactions and meetups past and
upcoming, all relative to today so it always looks alive. `synthetic_people` makes
large stores of the same flavour for bench/.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from nettui.domain.labels import meetup_title
from nettui.domain.models import (
    ME,
    Channel,
    Event,
    Handle,
    Interaction,
    Meetup,
    MeetupKind,
    MeetupStatus,
    NeedOffer,
    NeedOfferKind,
    Person,
)
from nettui.store.repository import Repository

# What the demo is made of: the records with an id and references to other records' ids.
DemoRecord = Person | Interaction | NeedOffer | Meetup | Event

FIRST_NAMES = [
    "José",
    "María",
    "Lucía",
    "Álvaro",
    "Íñigo",
    "Begoña",
    "Sofía",
    "Martín",
    "Nuria",
    "Andrés",
    "Ramón",
    "Inés",
    "Pilar",
    "Jesús",
    "Ángela",
    "Raúl",
    "Concepción",
    "Óscar",
    "Emma",
    "Oliver",
    "Grace",
    "James",
    "Charlotte",
    "Henry",
    "Amelia",
    "Thomas",
    "Olivia",
    "William",
    "Zoe",
    "Daniel",
    "Chloe",
    "Samuel",
    "Hannah",
    "Lena",
    "Matteo",
    "Aiko",
]
LAST_NAMES = [
    "Núñez",
    "García",
    "Muñoz",
    "Peña",
    "Martínez",
    "Sánchez",
    "López",
    "Ibáñez",
    "Fernández",
    "Gómez",
    "Díaz",
    "Ortega",
    "Rodríguez",
    "Castaño",
    "Zúñiga",
    "Álvarez",
    "Smith",
    "Taylor",
    "O'Brien",
    "Walker",
    "Hughes",
    "Patel",
    "Nguyen",
    "Murphy",
    "Kowalski",
    "Rossi",
    "Tanaka",
    "Brown",
    "Wilson",
    "Evans",
]
ROLES = [
    ("Abogada laboralista", "Despacho Ortega"),
    ("Fotógrafo de eventos", "Luz y Foco"),
    ("Diseñadora UX", "Estudio Nube"),
    ("Contable", "Asesoría Pérez"),
    ("Product manager", "Shopwise"),
    ("Backend engineer", "Fintech Labs"),
    ("Founder", "GreenRoute"),
    ("Investor", "Seedcamp Iberia"),
    ("Periodista", "El Diario Digital"),
    ("Data scientist", "Analytica"),
    ("Profesora de marketing", "Universidad de Sevilla"),
    ("Community manager", "Café & Code"),
    ("Recruiter", "TalentBridge"),
    ("Arquitecta", "Taller Sur"),
    ("Illustrator", "Freelance"),
    ("CTO", "Mediterránea Health"),
]
CITIES = ["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "London", "Lisboa", "Berlin"]
HOW_WE_MET = [
    "Twitter thread about remote work",
    "LinkedIn, after a talk at a meetup",
    "Conferencia Tech Sevilla 2025",
    "Introduced by a friend",
    "Python Madrid meetup",
    "Comentarios en su blog",
]
GOALS = [
    "Raise a seed round",
    "Abrir oficina en Lisboa",
    "Find a cofounder",
    "Publicar un libro",
    "Move into product management",
    "Contratar dos desarrolladores",
]
CONCERNS = [
    "Burnout",
    "Cash flow this quarter",
    "Encontrar clientes fuera de España",
    "Visa for the UK",
    "Falta de tiempo",
]
NEEDS = [
    ("Busco abogada laboralista para revisar un despido", ["legal"]),
    ("Looking for seed funding for a climate startup", ["funding"]),
    ("Necesito fotógrafo para la boda de mi hermana", ["foto"]),
    ("Need a designer for a mobile app", ["design"]),
    ("Busco contable para autónomos", ["finanzas"]),
    ("Looking for a React mentor", ["mentoring"]),
    ("Necesito traducir la web al inglés", ["traducción"]),
    ("Busco a alguien que revise mi CV en inglés", ["cv"]),
    ("Need advice on my resume for a UK job", ["cv"]),
]
OFFERS = [
    ("Ofrezco fotografía de eventos", ["foto"]),
    ("I can review pitch decks", ["funding"]),
    ("Asesoría legal laboral gratuita la primera hora", ["legal"]),
    ("Happy to mentor junior developers", ["mentoring"]),
    ("Diseño de interfaces y prototipos", ["design"]),
    ("Puedo presentar a inversores ángel", ["funding"]),
]
MEETUP_KINDS = [
    MeetupKind.COFFEE,
    MeetupKind.COFFEE,
    MeetupKind.MEAL,
    MeetupKind.CALL,
]  # titled in the interface language
CHANNELS = ["email", "twitter", "linkedin", "phone", "message", "video"]


def _person(rng: random.Random, now: datetime, i: int) -> Person:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    role, company = rng.choice(ROLES)
    slug = f"{first}{last}".lower().replace("'", "")
    ascii_slug = slug.translate(str.maketrans("áéíóúñüç", "aeiounuc"))
    handles = [Handle(network="twitter", value=f"@{ascii_slug[:12]}{i}")]
    if rng.random() < 0.6:
        handles.append(Handle(network="linkedin", value=f"in/{ascii_slug}-{i}"))
    met = rng.random() < 0.45
    met_day = (now - timedelta(days=rng.randint(20, 900))).date().isoformat() if met else None
    return Person(
        name=f"{first} {last}",
        handles=handles,
        emails=[f"{ascii_slug}{i}@example.org"] if rng.random() < 0.8 else [],
        phones=[f"+34 6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"]
        if rng.random() < 0.5
        else [],
        role=role,
        company=company,
        location=rng.choice(CITIES),
        about=f"{role} en {company}." if rng.random() < 0.5 else f"{role} at {company}.",
        goals=rng.sample(GOALS, rng.randint(0, 2)),
        concerns=rng.sample(CONCERNS, rng.randint(0, 1)),
        how_we_met=rng.choice(HOW_WE_MET),
        tags=rng.sample(["tech", "sevilla", "startups", "diseño", "legal", "inversión"], 2),
        met_in_person=met_day,
        last_contact=None,
        cadence=rng.choice([None, None, None, "FREQ=MONTHLY;INTERVAL=3", "FREQ=WEEKLY;INTERVAL=6"]),
        notes="Le encanta el café de especialidad." if rng.random() < 0.2 else "",
    )


def synthetic_people(count: int, seed: int = 7) -> list[Person]:
    """`count` plausible people for benchmarks (names repeat, ids do not)."""
    rng = random.Random(seed)
    now = datetime.now().astimezone()
    return [_person(rng, now, i) for i in range(count)]


NEED_FRAMES = ["Busco {}", "Necesito {}", "Looking for {}", "Need {}"]
OFFER_FRAMES = ["Ofrezco {}", "Puedo ayudar con {}", "I can help with {}", "Happy to offer {}"]


def synthetic_needs_offers(
    person_ids: list[str], count: int, seed: int = 11, topic_share: float = 0.0
) -> list[NeedOffer]:
    """`count` open needs and offers for benchmarks: a professional word (from the
    matching table) and one to three rarer words, so terms are shared as in life.
    With `topic_share`, that share of them are about one popular topic (legal help: a
    word for a lawyer and often a speciality), as in a network of one trade."""
    from nettui.domain.matching import CONCEPTS

    rng = random.Random(seed)
    lawyers = CONCEPTS["lawyer"].split()
    specialities = [CONCEPTS[name].split() for name in ("employment law", "family law", "tenancy")]
    syllables = ["ba", "ce", "di", "lo", "mu", "ra", "te", "vi", "no", "sa", "pe", "co"]
    vocabulary = sorted(
        {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)}
    )[:3000]
    professional = [w for words in CONCEPTS.values() for w in words.split()]
    items = []
    for i in range(count):
        kind = NeedOfferKind.NEED if i % 2 == 0 else NeedOfferKind.OFFER
        words = [rng.choice(professional), *rng.sample(vocabulary, rng.randint(1, 3))]
        if topic_share and rng.random() < topic_share:
            words[0] = rng.choice(lawyers)
            if rng.random() < 0.7:
                words.insert(1, rng.choice(rng.choice(specialities)))
        frame = rng.choice(NEED_FRAMES if kind == NeedOfferKind.NEED else OFFER_FRAMES)
        items.append(
            NeedOffer(
                person_id=rng.choice(person_ids), kind=kind, text=frame.format(" ".join(words))
            )
        )
    return items


def build_demo(repo: Repository, seed: int = 2026, now: datetime | None = None) -> None:
    """Fill an empty store with the demo network. Given `now`, the same network every
    time, ids and timestamps too (for screenshots that must not change)."""
    fixed = now is not None
    rng = random.Random(seed)
    now = (now or datetime.now().astimezone()).replace(second=0, microsecond=0)
    people = [_person(rng, now, i) for i in range(58)]
    # Two contacts known only by a handle: the app should ask who they are.
    people.append(Person(name="CL72DJ33", handles=[Handle(network="twitter", value="CL72DJ33")]))
    people.append(Person(handles=[Handle(network="github", value="@nightowl_dev")]))
    records: list[DemoRecord] = list(people)

    for person in people[:40]:
        for _ in range(rng.randint(1, 4)):
            when = now - timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 10))
            in_person = person.met_in_person is not None and rng.random() < 0.3
            channel = Channel.IN_PERSON if in_person else rng.choice(CHANNELS)
            records.append(
                Interaction(
                    person_id=person.id,
                    at=when.isoformat(),
                    channel=channel,
                    in_person=in_person,
                    summary=rng.choice(
                        [
                            "Charlamos sobre su nuevo proyecto",
                            "Sent the article we talked about",
                            "Quick call about hiring",
                            "Café en el centro",
                            "Replied to her thread on remote work",
                        ]
                    ),
                )
            )
            day = when.date().isoformat()
            if person.last_contact is None or day > person.last_contact:
                person.last_contact = day

    for person in rng.sample(people[:58], 16):
        text, tags = rng.choice(NEEDS)
        records.append(
            NeedOffer(person_id=person.id, kind=NeedOfferKind.NEED, text=text, tags=tags)
        )
    for person in rng.sample(people[:58], 12):
        text, tags = rng.choice(OFFERS)
        records.append(
            NeedOffer(person_id=person.id, kind=NeedOfferKind.OFFER, text=text, tags=tags)
        )
    records.append(
        NeedOffer(
            person_id=ME,
            kind=NeedOfferKind.OFFER,
            text="I can review CVs in English",
            tags=["career"],
        )
    )
    records.append(
        NeedOffer(
            person_id=ME, kind=NeedOfferKind.NEED, text="Busco fotógrafo para mi web", tags=["foto"]
        )
    )

    for n in range(10):
        person = people[n * 3]
        upcoming = n % 2 == 0
        start = (
            now + timedelta(days=rng.randint(1, 12))
            if upcoming
            else now - timedelta(days=rng.randint(5, 300))
        )
        start = start.replace(hour=rng.choice([9, 10, 13, 18]), minute=0)
        kind = rng.choice(MEETUP_KINDS)
        records.append(
            Meetup(
                title=meetup_title(kind, [person.display_name]),
                people=[person.id],
                start=start.isoformat(),
                end=(start + timedelta(hours=1)).isoformat(),
                place=rng.choice(["Café Central", "La Bicicleta", "Online", "Hotel Colón lobby"]),
                kind=kind,
                status=MeetupStatus.PLANNED if upcoming else MeetupStatus.DONE,
                photo_together=not upcoming and rng.random() < 0.5,
            )
        )
        if not upcoming:  # a meetup that happened means the two of you have met
            day = start.date().isoformat()
            if person.met_in_person is None or day < person.met_in_person:
                person.met_in_person = day
    # -- birthdays (issue 24, part 3): a few in the next two weeks, whatever the day;
    # no draw from rng, so the rest of the demo stays as it was --
    talked_to_online = [p for p in people[:40] if p.met_in_person is None]
    in_days = [(now + timedelta(days=n)).date() for n in (0, 3, 9, 12)]

    def years_before(day: date, years: int) -> str:  # a 29 February goes to the 28th
        day_n = 28 if (day.month, day.day) == (2, 29) else day.day
        return f"{day.year - years:04d}-{day.month:02d}-{day_n:02d}"

    talked_to_online[0].birthday = years_before(in_days[1], 34)
    talked_to_online[1].birthday = f"--{in_days[3]:%m-%d}"  # the year not known
    people[1].birthday = years_before(in_days[0], 41)
    people[4].anniversary = years_before(in_days[2], 10)
    # -- end of birthdays --
    # -- trips (issue 24): a few people in Valladolid, for a trip worth planning --
    from nettui.domain.card import Address

    valladolid = [
        Person(name="Irene Valdés", role="UX researcher", location="Valladolid, España"),
        Person(
            name="Rodrigo Álamo",
            role="Abogado laboral",
            addresses=[Address(street="Calle Santiago 12", locality="Valladolid")],
        ),
        Person(name="Marta Cuesta", role="CTO", company="Pucela Labs", location="Valladolid"),
        Person(
            name="Sergio Bernal",
            role="Product manager",
            location="Valladolid",
            met_in_person=(now - timedelta(days=400)).date().isoformat(),
            cadence="FREQ=MONTHLY;INTERVAL=3",
        ),
    ]
    records.extend(valladolid)
    records.append(
        NeedOffer(
            person_id=valladolid[2].id,
            kind=NeedOfferKind.NEED,
            text="Need someone to review CVs in English for two hires",
        )
    )
    for person, talks, since in (
        (valladolid[0], 4, 10),
        (valladolid[1], 1, 30),
        (valladolid[3], 6, 150),
    ):
        for n in range(talks):
            when = now - timedelta(days=since + 20 * n)
            records.append(
                Interaction(
                    person_id=person.id,
                    at=when.isoformat(),
                    channel=rng.choice(CHANNELS),
                    summary="Hablamos de su proyecto",
                )
            )
        person.last_contact = (now - timedelta(days=since)).date().isoformat()
    # -- end of trips --
    # -- events (issue 24, part 5): one past, with people met there; one upcoming, with
    # people known online only going ("meet them there"). No draw from `rng`, so the
    # rest of the demo stays as it was.
    met_before = [p for p in people[:58] if p.met_in_person is not None]
    online_only = [p for p in people[:58] if p.met_in_person is None]
    today = datetime.combine(now.date(), datetime.min.time(), now.tzinfo)
    records.append(
        Event(
            name="Conferencia Tech Sevilla",
            start=(today - timedelta(days=12)).isoformat(),
            end=(today - timedelta(days=10)).isoformat(),
            place="Sevilla, FIBES",
            people=[p.id for p in met_before[:4]],
            met=[p.id for p in met_before[:3]],
        )
    )
    records.append(
        Event(
            name="PyConES",
            start=(today + timedelta(days=9)).isoformat(),
            end=(today + timedelta(days=11)).isoformat(),
            place="Valladolid",
            people=[p.id for p in (*online_only[:3], *met_before[4:5])],
        )
    )
    # -- end of events --
    if fixed:
        _make_deterministic(records, rng, now)
    _photo_together(repo, records)
    repo.add_many(list(records))  # a list of Record, as add_many takes (lists are invariant)


# --- issue 24, the photo together: one done meetup has one (drawn here, not a file
# from the web), so a person's page shows a photo in the demo.
def _photo_together(repo: Repository, records: list[DemoRecord]) -> None:
    import io

    from PIL import Image, ImageDraw

    from nettui.store import photos

    done = [r for r in records if isinstance(r, Meetup) and r.status == MeetupStatus.DONE]
    if not done:
        return
    meetup = done[0]
    image = Image.new("RGB", (240, 240), (120, 170, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 170, 240, 240), fill=(90, 140, 70))  # grass
    draw.ellipse((170, 20, 215, 65), fill=(250, 220, 90))  # the sun
    for x, shirt in ((60, (200, 60, 60)), (140, (60, 60, 170))):  # the two of you
        draw.ellipse((x - 22, 70, x + 22, 114), fill=(240, 200, 160))
        draw.rectangle((x - 30, 118, x + 30, 210), fill=shirt)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    meetup.photo = photos.meetup_name_for(meetup.id, "jpeg")
    meetup.photo_together = True
    photos.write(repo.path, meetup.photo, out.getvalue())


def _make_deterministic(records: list[DemoRecord], rng: random.Random, now: datetime) -> None:
    """Ids from the seeded generator and timestamps from `now`, references kept."""
    stamp = now.isoformat()
    new_ids = {r.id: f"{rng.getrandbits(128):032x}" for r in records}
    for record in records:
        record.id = new_ids[record.id]
        for name in ("created", "updated"):
            if hasattr(record, name):
                setattr(record, name, stamp)
        if isinstance(record, (Interaction, NeedOffer)) and record.person_id in new_ids:
            record.person_id = new_ids[record.person_id]
        if isinstance(record, (Meetup, Event)):
            record.people = [new_ids.get(p, p) for p in record.people]
        if isinstance(record, Event):
            record.met = [new_ids.get(p, p) for p in record.met]
