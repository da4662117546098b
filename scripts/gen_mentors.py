#!/usr/bin/env python3
"""Generate the fictional mentor directory for the example site.

Writes one YAML file per mentor to data/mentors/<id>.yaml. Every person,
organisation and biography is invented. The output is deterministic: the
same seed always gives the same files, so re-running the script is safe.

Usage (from the site root or anywhere):

    python3 scripts/gen_mentors.py [--count N]

Standard library only; the YAML is written by hand.
"""

import argparse
import json
import random
from pathlib import Path

SEED = 20210222
DEFAULT_COUNT = 64

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "mentors"

FIRST_NAMES = [
    "Amara", "Tomás", "Ingrid", "Kwabena", "Priyanka", "Oluwaseun", "Dafydd",
    "Eilidh", "Farhan", "Meiling", "Rukhsana", "Bartosz", "Catriona",
    "Ifeoma", "Joaquín", "Anwen", "Tariq", "Sunniva", "Deepak", "Nkechi",
    "Orla", "Yusuf", "Marisol", "Hendrik", "Aoife", "Kofi", "Saoirse",
    "Rhodri", "Ngozi", "Ewa", "Ravindra", "Zainab", "Mateusz", "Thandiwe",
    "Cillian", "Parveen", "Lorcan", "Adaeze", "Emeka", "Greta", "Hiroshi",
    "Fenella", "Ayesha", "Branwen", "Kiran", "Leonie", "Osagie", "Magnus",
    "Shirin", "Idris", "Wiebke", "Chidi", "Ailsa", "Rasmus", "Nasrin", "Ugo",
    "Imogen", "Folasade", "Gwilym", "Yasmin", "Dagny", "Samir", "Ottilie",
    "Benedikt", "Funmilayo", "Halima", "Keir", "Lucinda", "Arjun", "Teodora",
]

SURNAMES = [
    "Okafor", "Lindqvist", "Varga", "Adeyemi", "Chaudhry", "Pryce-Jenkins",
    "MacInnes", "Nakashima", "Ferreira", "Kowalczyk", "Osei", "Rahmani",
    "van der Berg", "Dunleavy", "Szabó", "Oyelaran", "Haddad", "Iqbal",
    "Thorsen", "Mukherjee", "Balogun", "Quigley", "Castellanos", "Eriksen",
    "Mbatha", "Tremayne", "Gallacher", "Nwosu", "Petrakis", "O'Donoghue",
    "Albrecht", "Sandhu", "Kaminski", "Yilmaz", "Abernethy", "Delacourt",
    "Fitzwilliam", "Ogunleye", "Bergström", "Carmichael", "Vasquez",
    "Llewellyn", "Mahmood", "Rautenbach", "Cavanagh", "Sokolova", "Kapoor",
    "Ekwueme", "Halvorsen", "Penhaligon", "Zielinski", "Bhattacharya",
    "Ferrante", "McAllister", "Nyambura", "Trevithick", "Asante", "Lindholm",
    "Rosales", "Gurung", "Whitcombe", "Oduya", "Kerrigan", "Marchetti",
    "Ahluwalia", "Drennan", "Oyinlola", "Moyo", "Strachan", "Wojcik",
]

# Fictional organisations for each UK region: (universities, NHS bodies).
ORGANISATIONS = {
    "North East": (["University of Eastmere"], ["Eastmere and Coldwell NHS Foundation Trust"]),
    "North West": (["University of Lanfield", "Lanfield Metropolitan University"], ["Harbour City NHS Trust"]),
    "Yorkshire and the Humber": (["University of Wenbridge"], ["Calder Moor Teaching Hospitals NHS Trust"]),
    "East Midlands": (["Trentholme University"], ["Soarbrook Community Health NHS Trust"]),
    "West Midlands": (["University of Ashcombe"], ["Severnside Partnership NHS Trust"]),
    "East of England": (["Fenmoor University"], ["Ouseland Hospitals NHS Foundation Trust"]),
    "London": (["Aldergate University London", "Thameside Institute of Health"], ["Riverbank Hospitals NHS Foundation Trust"]),
    "South East": (["University of Downhaven"], ["Weald and Coast NHS Foundation Trust"]),
    "South West": (["Tamarwick University"], ["Exe Valley Health NHS Trust"]),
    "Wales": (["Glanmor University"], ["Bae Teifi University Health Board"]),
    "Scotland": (["University of Glenraven"], ["NHS Lochside"]),
    "Northern Ireland": (["Lagan Bay University"], ["Foyle and Mourne Health and Social Care Trust"]),
}

# Second and third disciplines are drawn from neighbours of the first.
NEIGHBOURS = {
    "Primary care": ["Public health", "Health services research", "Geriatric medicine", "Pharmacy", "Epidemiology"],
    "Public health": ["Epidemiology", "Health economics", "Social care", "Primary care", "Dentistry"],
    "Nursing": ["Midwifery", "Mental health", "Health services research", "Geriatric medicine"],
    "Midwifery": ["Nursing", "Public health", "Mental health", "Health services research"],
    "Physiotherapy": ["Occupational therapy", "Geriatric medicine", "Health psychology"],
    "Occupational therapy": ["Physiotherapy", "Mental health", "Social care", "Geriatric medicine"],
    "Speech and language therapy": ["Occupational therapy", "Geriatric medicine", "Health services research"],
    "Pharmacy": ["Primary care", "Health services research", "Medical statistics"],
    "Dentistry": ["Public health", "Epidemiology", "Health services research"],
    "Geriatric medicine": ["Primary care", "Physiotherapy", "Social care", "Nursing"],
    "Mental health": ["Health psychology", "Nursing", "Social care", "Primary care"],
    "Health economics": ["Health services research", "Medical statistics", "Public health"],
    "Health services research": ["Health economics", "Primary care", "Social care", "Nursing"],
    "Epidemiology": ["Medical statistics", "Public health", "Primary care"],
    "Medical statistics": ["Epidemiology", "Health economics", "Health services research"],
    "Social care": ["Health services research", "Mental health", "Public health", "Geriatric medicine"],
    "Health psychology": ["Mental health", "Public health", "Physiotherapy"],
}

# discipline -> (usually clinical?, consultant title or None, research topics)
DISCIPLINES = {
    "Primary care": (True, None, ["multimorbidity in general practice", "remote consultations", "deprescribing for older people"]),
    "Public health": (False, "Consultant in public health", ["health inequalities in coastal towns", "alcohol policy", "healthy urban planning"]),
    "Nursing": (True, "Consultant nurse", ["safe staffing on acute wards", "nurse-led follow-up clinics", "pressure ulcer prevention"]),
    "Midwifery": (True, "Consultant midwife", ["continuity of midwifery care", "perinatal mental health", "birth choices for migrant women"]),
    "Physiotherapy": (True, "Consultant physiotherapist", ["rehabilitation after stroke", "persistent low back pain", "exercise in cancer care"]),
    "Occupational therapy": (True, "Consultant occupational therapist", ["return to work after illness", "living well with dementia at home", "vocational rehabilitation"]),
    "Speech and language therapy": (True, "Consultant speech and language therapist", ["swallowing difficulties after stroke", "communication in early childhood", "aphasia therapy delivered online"]),
    "Pharmacy": (True, "Consultant pharmacist", ["medicines safety in care homes", "antimicrobial stewardship", "pharmacist prescribing"]),
    "Dentistry": (True, None, ["oral health in care homes", "dental anxiety", "community fluoride programmes"]),
    "Geriatric medicine": (True, None, ["frailty and falls", "delirium prevention", "hospital at home"]),
    "Mental health": (True, None, ["early intervention in psychosis", "crisis care", "young people's mental health services"]),
    "Health economics": (False, None, ["the value of preventive care", "cost-effectiveness of digital therapies", "measuring quality of life"]),
    "Health services research": (False, None, ["how hospitals adopt innovations", "waiting lists and patient experience", "integrated care"]),
    "Epidemiology": (False, None, ["air pollution and respiratory health", "long-term conditions in young adults", "linked health records"]),
    "Medical statistics": (False, None, ["adaptive trial designs", "missing data in trials", "prediction models"]),
    "Social care": (False, None, ["unpaid carers", "the social care workforce", "home care for older people"]),
    "Health psychology": (False, None, ["behaviour change in long-term conditions", "health anxiety", "self-management support"]),
}

THEMES = {
    "balancing-professional-and-academic-work": "balancing practice with research",
    "career-progression": "career progression",
    "career-transition": "changing direction",
    "research-funding": "fellowship and grant applications",
    "global-research-profile": "building international collaborations",
    "networking": "networking",
    "work-life-balance": "work-life balance",
    "diversity-and-inclusion": "diversity and inclusion",
    "leadership-development": "stepping into leadership",
    "research-practice": "research methods and public involvement",
    "managing-research-teams": "managing a research team",
}

SHARES = {
    "first-in-family-to-university": "was the first in the family to go to university",
    "caring-responsibilities": "combines research with caring responsibilities",
    "career-break": "came back to research after a career break",
    "part-time-working": "has worked part time for much of their career",
    "disability-or-long-term-condition": "lives with a long-term health condition",
    "neurodivergent": "is neurodivergent",
    "international-background": "moved to the UK partway through their career",
    "lgbtq-plus": "is happy to talk about being LGBTQ+ in research",
    "minority-ethnic-background": "can speak about building a career as a researcher from a minority ethnic background",
    "changed-discipline": "changed discipline after their doctorate",
}

OPENERS = [
    "{first} leads a programme of research on {topic} at {org}.",
    "{first}'s research at {org} focuses on {topic}.",
    "At {org}, {first} works on {topic}, with a particular interest in {topic2}.",
]
CLINICAL_LINES = [
    "{first} still keeps regular clinical sessions alongside research and teaching.",
    "Clinical practice continues to shape {first}'s research questions.",
    "{first} has combined clinical work with research for most of a long career.",
]
ACADEMIC_LINES = [
    "{first} has supervised more than a dozen doctoral students and sits on a national funding panel.",
    "{first} has led several multi-site studies and enjoys working with colleagues from other professions.",
    "Before moving into research, {first} worked in policy and brings that perspective to mentoring.",
    "{first} has reviewed for several funding schemes and knows what panels look for.",
]
OFFER_LINES = [
    "As a mentor, {first} is glad to talk through {a} and {b}.",
    "{first} particularly enjoys mentoring on {a} and {b}.",
    "Mentees have found {first} most useful on {a} and {b}.",
]


def yaml_str(s):
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def yaml_list(items):
    return "[" + ", ".join(yaml_str(i) for i in items) + "]"


def position_and_honorific(rng, discipline, clinical):
    _, consultant, _ = DISCIPLINES[discipline]
    d = discipline.lower()
    roll = rng.random()
    if roll < 0.45:
        return f"Professor of {d}", rng.choice(["Prof", "Prof", "Professor"])
    if roll < 0.60:
        return f"Reader in {d}", "Dr"
    if roll < 0.75:
        return f"Associate professor of {d}", "Dr"
    if roll < 0.85:
        return f"Principal research fellow in {d}", "Dr"
    if clinical and consultant:
        title = f"{consultant} and honorary associate professor"
        return title, rng.choice(["Dr", "Ms", "Mr", "Mx"])
    if clinical:
        return f"Clinical senior lecturer in {d}", "Dr"
    return f"Senior lecturer in {d}", "Dr"


def bio(rng, first, org, discipline, clinical, themes, shares):
    if org.startswith("University of"):
        org = "the " + org
    topics = DISCIPLINES[discipline][2]
    topic, topic2 = rng.sample(topics, 2)
    lines = [rng.choice(OPENERS).format(first=first, org=org, topic=topic, topic2=topic2)]
    if clinical:
        lines.append(rng.choice(CLINICAL_LINES).format(first=first))
    elif rng.random() < 0.6:
        lines.append(rng.choice(ACADEMIC_LINES).format(first=first))
    a, b = rng.sample(themes, 2)
    lines.append(rng.choice(OFFER_LINES).format(first=first, a=f"**{THEMES[a]}**", b=THEMES[b]))
    if shares and len(lines) < 4:
        lines.append(f"{first} {SHARES[shares[0]]}.")
    return lines


def mentor(rng, n, first, surname):
    region = rng.choice(list(ORGANISATIONS))
    first_discipline = rng.choice(list(DISCIPLINES))
    k = rng.choices([1, 2, 3], weights=[3, 5, 2])[0]
    disciplines = [first_discipline] + rng.sample(NEIGHBOURS[first_discipline], k - 1)
    usually_clinical = DISCIPLINES[first_discipline][0]
    clinical = rng.random() < (0.85 if usually_clinical else 0.15)
    position, honorific = position_and_honorific(rng, disciplines[0], clinical)
    universities, nhs = ORGANISATIONS[region]
    org = rng.choice(nhs if position.startswith("Consultant") else universities)
    themes = sorted(rng.sample(list(THEMES), rng.randint(2, 5)), key=list(THEMES).index)
    n_shares = rng.choices([0, 1, 2, 3], weights=[30, 35, 25, 10])[0]
    shares = sorted(rng.sample(list(SHARES), n_shares), key=list(SHARES).index)
    availability = "full" if rng.random() < 0.2 else "open"
    lines = bio(rng, first, org, disciplines[0], clinical, themes, shares)
    ident = f"m-{n:04d}"
    out = [
        f"id: {ident}",
        f"name: {yaml_str(f'{honorific} {first} {surname}')}",
        f"position: {yaml_str(position)}",
        f"organisation: {yaml_str(org)}",
        f"region: {yaml_str(region)}",
        f"disciplines: {yaml_list(disciplines)}",
        f"clinical: {'true' if clinical else 'false'}",
        f"themes: {yaml_list(themes)}",
        f"shares: {yaml_list(shares)}",
        f"availability: {availability}",
        "bio: |",
    ]
    out += ["  " + line for line in lines]
    return ident, "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    args = parser.parse_args()
    if args.count > min(len(FIRST_NAMES), len(SURNAMES)):
        parser.error("not enough names for that many mentors")

    rng = random.Random(SEED)
    firsts = rng.sample(FIRST_NAMES, args.count)
    surnames = rng.sample(SURNAMES, args.count)

    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("m-*.yaml"):
        old.unlink()
    full = 0
    for n, (first, surname) in enumerate(zip(firsts, surnames), start=1):
        ident, text = mentor(rng, n, first, surname)
        full += "availability: full" in text
        (OUT / f"{ident}.yaml").write_text(text, encoding="utf-8")
    print(f"wrote {args.count} mentors to {OUT.relative_to(ROOT)} ({full} full)")


if __name__ == "__main__":
    main()
