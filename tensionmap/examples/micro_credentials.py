"""The micro-credentials example: the readable source of workspaces/micro-credentials.tmap.

The shipped .tmap file is generated from this module (``python -m
tensionmap.examples.build``) and a test proves the two agree, so the example
can be reviewed as code while users get an ordinary workspace file. Ids are
uuid5 values derived from stable keys, so regenerating gives the same file
content and edits show up as small diffs.
"""

from __future__ import annotations

import uuid

from ..model import Evidence, Lens, Node, Question, Relation, Workspace

_NAMESPACE = uuid.UUID("6f1f0c1e-5b1a-4e0e-9a57-7d2b1c7e0a11")

GALLAGHER = (
    "Gallagher, S. R. (2016). The future of university credentials: New developments at the "
    "intersection of higher education and hiring. Cambridge, MA: Harvard Education Press."
)
SURVEY = (
    "Nic Giolla Mhichil, M., et al. (2021). National survey of Irish employers and employees on "
    "micro-credentials (survey conducted 2020)."
)


def stable_id(key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, key))


# key, label, group, description, power, interest
STAKEHOLDERS = [
    (
        "learners",
        "Learners and employees",
        "Learners",
        "People taking micro-credentials. Arguably two groups: a learner on an academic path "
        "is not an employee doing continuing professional development.",
        2,
        5,
    ),
    (
        "institutions",
        "Universities and colleges",
        "Higher education institutions",
        "Higher education institutions that design, award and stack micro-credentials.",
        4,
        4,
    ),
    (
        "employers",
        "Employers and industry",
        "Employers and industry",
        "Organisations that hire and train the people who hold micro-credentials.",
        4,
        3,
    ),
    (
        "smes",
        "Small and medium enterprises",
        "Employers and industry",
        "SMEs, where learning and development competes with day-to-day operations and often "
        "has no dedicated function.",
        2,
        3,
    ),
    (
        "hr",
        "HR and recruitment",
        "Employers and industry",
        "Recruiters and HR functions, who know how to read traditional qualifications.",
        3,
        3,
    ),
]

# key, label, description
DRIVERS = [
    ("scalability", "Scalability", "Offerings that reach the largest number of learners."),
    ("specificity", "Specificity", "Learning fitted to one organisation's own context."),
    (
        "choice",
        "Learner choice and agency",
        "Learners choose and scaffold their own path through small units of learning.",
    ),
    (
        "coherence",
        "Academic coherence",
        "A stacked award must still add up to a coherent programme of study.",
    ),
    (
        "interests",
        "What learners want to learn",
        "The topics learners themselves pick, which may not match anyone's strategy.",
    ),
    (
        "strategy",
        "Strategic priorities of institutions and industry",
        "What institutions, industry and employer groups plan for.",
    ),
    ("ld", "Learning and development", "Time and budget set aside for staff to learn."),
    (
        "operations",
        "Operational focus",
        "Keeping the business running day to day; in SMEs it crowds out training.",
    ),
    (
        "recognition",
        "Recognition in recruitment",
        "Micro-credentials counting when people apply for jobs.",
    ),
    (
        "traditional",
        "Traditional qualifications",
        "Degrees and diplomas: the established currency in hiring, weighing most early in a "
        "career, before a track record exists.",
    ),
    (
        "cpd",
        "Continuous professional development",
        "Learning through a working life; where micro-credentials are most likely to gain "
        "ground, in a wider credential ecology.",
    ),
    (
        "roi",
        "Evidence of return on investment",
        "Proof of the public or private return of a micro-credential; so far there is little, "
        "unlike for degrees.",
    ),
]

#: Where each node sits: the signed layout of this map (``tensionmap layout
#: --engine signed``, seed 0), so the example opens laid out around its tensions.
POSITIONS: dict[str, tuple[float, float]] = {
    "learners": (362.0, -304.0),
    "institutions": (108.0, 380.0),
    "employers": (-20.0, -34.0),
    "smes": (-529.0, -164.0),
    "hr": (531.0, 156.0),
    "scalability": (-234.0, 538.0),
    "specificity": (-274.0, -78.0),
    "choice": (526.0, -176.0),
    "coherence": (149.0, 597.0),
    "interests": (215.0, -410.0),
    "strategy": (101.0, 106.0),
    "ld": (-610.0, -395.0),
    "operations": (-761.0, -35.0),
    "recognition": (714.0, -344.0),
    "traditional": (779.0, 149.0),
    "cpd": (279.0, -64.0),
    "roi": (-92.0, -278.0),
}

# source, target, type, strength, horizon, note, evidence keys
RELATIONS = [
    # The two tensions the brief names, and the other pulls it describes.
    (
        "scalability",
        "specificity",
        "in_tension_with",
        5,
        "unknown",
        "An offering built to scale to many learners cannot also fit each employer's own "
        "context; matching workplace skill needs is hard from both sides.",
        (),
    ),
    (
        "choice",
        "coherence",
        "in_tension_with",
        4,
        "unknown",
        "More freedom to pick units makes it harder to say whether the stacked award is "
        "academically coherent, and the choice itself needs scaffolding.",
        (),
    ),
    (
        "interests",
        "strategy",
        "in_tension_with",
        3,
        "unknown",
        "Nothing guarantees that what learners want to learn lines up with what "
        "institutions and employers plan for.",
        (),
    ),
    (
        "ld",
        "operations",
        "in_tension_with",
        4,
        "short",
        "In SMEs, time spent learning is time away from the day-to-day work.",
        (),
    ),
    (
        "recognition",
        "traditional",
        "in_tension_with",
        3,
        "medium",
        "Recruiters already trust degrees; micro-credentials must earn a place beside them.",
        ("gallagher",),
    ),
    # Learners
    (
        "learners",
        "choice",
        "values",
        5,
        "short",
        "More agency to choose and stack their own learning, available from the first unit.",
        (),
    ),
    (
        "learners",
        "interests",
        "values",
        4,
        "short",
        "They study what matters to them now.",
        (),
    ),
    (
        "learners",
        "cpd",
        "benefits",
        4,
        "medium",
        "Short units fit around work, so learning can continue through a career.",
        (),
    ),
    (
        "learners",
        "recognition",
        "benefits",
        3,
        "long",
        "The payoff in hiring depends on employers recognising the credential, which is "
        "uncertain and may take years.",
        ("survey",),
    ),
    # Institutions
    (
        "institutions",
        "scalability",
        "supports",
        5,
        "medium",
        "Offerings that scale to many learners spread design and delivery costs.",
        (),
    ),
    (
        "institutions",
        "coherence",
        "values",
        5,
        "long",
        "They must be able to stand behind any award that stacked units add up to.",
        (),
    ),
    (
        "institutions",
        "strategy",
        "supports",
        4,
        "medium",
        "Programmes are planned around institutional priorities.",
        (),
    ),
    (
        "institutions",
        "choice",
        "resists",
        2,
        "short",
        "Every extra choice has to be scaffolded, which costs support effort.",
        (),
    ),
    (
        "institutions",
        "specificity",
        "resists",
        3,
        "medium",
        "A course tailored to one employer is expensive to build and hard to reuse.",
        (),
    ),
    # Employers and industry
    (
        "employers",
        "specificity",
        "supports",
        5,
        "short",
        "Learning fitted to their own context pays back quickly in the job.",
        (),
    ),
    (
        "employers",
        "strategy",
        "supports",
        4,
        "medium",
        "Training is steered towards the skills the business plans to need.",
        (),
    ),
    (
        "employers",
        "cpd",
        "benefits",
        4,
        "medium",
        "Staff keep their skills current without leaving work for a full programme.",
        (),
    ),
    (
        "employers",
        "roi",
        "values",
        3,
        "long",
        "They want proof the investment returns something; so far there is little.",
        (),
    ),
    (
        "employers",
        "scalability",
        "resists",
        2,
        "medium",
        "A generic, large-scale offering rarely matches the skills a workplace needs.",
        (),
    ),
    # SMEs
    (
        "smes",
        "operations",
        "values",
        5,
        "short",
        "Keeping the business running comes first, every week.",
        ("survey",),
    ),
    (
        "smes",
        "specificity",
        "supports",
        4,
        "short",
        "With no learning and development function, only directly relevant training is taken up.",
        (),
    ),
    (
        "smes",
        "ld",
        "benefits",
        2,
        "long",
        "Short units make some staff development possible, but the gain comes later.",
        (),
    ),
    # HR and recruitment
    (
        "hr",
        "traditional",
        "values",
        4,
        "short",
        "A degree is a signal they already know how to read, especially for early-career hires.",
        ("gallagher",),
    ),
    (
        "hr",
        "recognition",
        "resists",
        3,
        "medium",
        "Most rarely see micro-credentials on applications and have no way yet to weigh them.",
        ("survey",),
    ),
    (
        "hr",
        "cpd",
        "supports",
        3,
        "long",
        "Later in a career, track record and continued learning count more than the first degree.",
        ("gallagher",),
    ),
]

QUESTIONS = [
    "How would you measure the return on investment of a micro-credential?",
    "What must happen for micro-credentials to be valued and recognised in recruitment?",
    "Will the status of micro-credentials change in the near future?",
]

SURVEY_DATA = (
    ("Always", 0.0),
    ("Most of the time", 8.0),
    ("About half the time", 12.0),
    ("Sometimes", 40.0),
    ("Never", 40.0),
)


def build() -> Workspace:
    """The example as a fresh in-memory Workspace."""
    ws = Workspace(
        title="Micro-credentials in higher education",
        description=(
            "Who benefits from micro-credentials, how, and when - and where the benefits one "
            "group values pull against what another values."
        ),
    )
    for key, label, group, description, power, interest in STAKEHOLDERS:
        x, y = POSITIONS[key]
        ws.add_node(
            Node(
                id=stable_id(key),
                kind="stakeholder",
                label=label,
                description=description,
                group=group,
                power=power,
                interest=interest,
                x=float(x),
                y=float(y),
                tags=("employers",) if group == "Employers and industry" else (),
            )
        )
    for key, label, description in DRIVERS:
        x, y = POSITIONS[key]
        ws.add_node(
            Node(
                id=stable_id(key), kind="driver", label=label, description=description, x=float(x), y=float(y)
            )
        )
    ws.add_evidence(
        Evidence(
            id=stable_id("survey"),
            title="How often employers see micro-credentials on job applications",
            citation=SURVEY,
            note=(
                "Share of employers by answer (%). 80% said never or only sometimes, yet over 90% "
                "wanted to learn more about micro-credentials; many responding organisations had "
                "no learning and development function."
            ),
            data=SURVEY_DATA,
        )
    )
    ws.add_evidence(
        Evidence(
            id=stable_id("gallagher"),
            title="Degrees early in a career, track record later",
            citation=GALLAGHER,
            note=(
                "Degrees weigh most when candidates have little track record; later, experience "
                "counts for more than the level of education."
            ),
        )
    )
    for source, target, rtype, strength, horizon, note, cites in RELATIONS:
        ws.add_relation(
            Relation(
                id=stable_id(f"{source}->{target}"),
                source=stable_id(source),
                target=stable_id(target),
                type=rtype,
                strength=strength,
                horizon=horizon,
                note=note,
                evidence=tuple(stable_id(c) for c in cites),
            )
        )
    for i, text in enumerate(QUESTIONS):
        ws.add_question(Question(id=stable_id(f"question-{i}"), text=text, order=i))
    ws.add_lens(Lens(id=stable_id("lens-short"), name="Short term only", max_horizon="short", order=0))
    ws.add_lens(
        Lens(
            id=stable_id("lens-employers"), name="The employers' view", focus=stable_id("employers"), order=1
        )
    )
    ws.add_lens(
        Lens(
            id=stable_id("lens-stakeholders-drivers"),
            name="Learners and institutions",
            groups=("Learners", "Higher education institutions"),
            order=2,
        )
    )
    return ws
