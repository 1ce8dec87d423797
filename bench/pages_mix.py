"""The page mix of bench/pages_load.py: the 10 most-used pages, per role, with weights.

Kept apart from the locustfile (which brings gevent) so that the query counts can walk
the same pages with Django's test client.
"""

FLOOR = "/bench/floor/"

# name: (path template, weight for a participant, weight for a coach)
PAGES: dict[str, tuple[str, int, int]] = {
    "overview": ("/mijn/", 4, 2),
    "chat": ("/groepen/{cohort}/chat/", 4, 2),
    "group": ("/groepen/{cohort}/", 2, 2),
    "sessions": ("/groepen/{cohort}/bijeenkomsten/", 2, 1),
    "session": ("/bijeenkomsten/{session}/", 2, 1),
    "my plan": ("/plannen/{membership}/", 2, 0),
    "group goals": ("/groepen/{cohort}/doelen/", 1, 1),
    "my data": ("/privacy/", 1, 0),
    "attendance": ("/groepen/{cohort}/aanwezigheid/", 0, 2),
    "attention list": ("/groepen/{cohort}/aandacht/", 0, 2),
}
FLOOR_WEIGHT = 2  # per role, next to the pages


def path(name: str, identity: dict) -> str:
    return PAGES[name][0].format(**identity)


def pages_for(role: str) -> list[tuple[str, int]]:
    """(page name, weight) of the pages this role visits."""
    column = 1 if role == "participant" else 2
    return [(name, spec[column]) for name, spec in PAGES.items() if spec[column]]
