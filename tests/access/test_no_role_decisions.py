"""No view, template tag, consumer, service or selector decides by role outside access/.

A search of the code (its syntax trees): role facts (groups.roles) are read only by the
policy, and no branch in those modules compares a role. Asking a query for the rows of
one role (``filter(role=...)``) is a fact, not a decision, and stays allowed.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "accounts",
    "attention",
    "chat",
    "cms",
    "contributions",
    "coupling",
    "groups",
    "health",
    "notices",
    "notifications",
    "privacy",
    "reports",
    "sessions",
    "safety",
]
# The names of groups.roles (and safety.roles, a person's relations to a practice) that a
# decision is made from.
ROLE_FACTS = {
    "Role",
    "cohort_roles",
    "cohort_standing",
    "cohorts_where",
    "funders_of_contact",
    "is_fellow_member",
    "is_funder_contact",
    "membership_relations",
    "organisation_roles",
    "organisations_where",
    "patients_of_nurse",
    "practices_of_nurse",
    "staff_roles_anywhere",
    # safety.roles
    "organisation_staff",
    "people_related",
    "practice_relations",
    "practices_related",
}
# Modules that read role facts without deciding anything, each with its reason.
READS_ROLE_FACTS = {
    "privacy/access_log.py": "labels the role an access was made in; it allows nothing",
}
# Modules whose branches compare roles to keep a row valid, not to allow a person.
ROLE_INVARIANTS = {
    "groups/services/aanjagers.py": "appointing and stepping down change the role they expect",
    "groups/services/cohorts.py": "removing a coach ends a coach's membership, nothing else",
    "groups/services/leaving.py": "an aanjager who leaves stops being one (the seat is freed)",
    "groups/selectors.py": "sorts a cohort's members into coaches, aanjagers, participants",
}
LAYERS = ("views", "templatetags", "consumers", "services", "selectors")


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            yield relative, ast.parse(path.read_text(), relative)


def _in_layer(relative: str) -> bool:
    parts = relative.removesuffix(".py").split("/")
    return any(part in LAYERS for part in parts[1:])


def _mentions_role(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and child.attr in {"Role", "role", "roles"}:
            return True
        if isinstance(child, ast.Name) and child.id in {"Role", "roles", "relations"}:
            return True
    return False


def test_role_facts_are_read_only_by_the_policy():
    found = []
    for relative, tree in _modules():
        if relative in READS_ROLE_FACTS or relative in {"groups/roles.py", "safety/roles.py"}:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("roles"):
                names = {alias.name for alias in node.names} & ROLE_FACTS
                if names:
                    found.append(f"{relative}:{node.lineno} imports {sorted(names)}")
    assert found == []


def test_no_branch_outside_access_compares_a_role():
    found = []
    for relative, tree in _modules():
        if not _in_layer(relative) or relative in ROLE_INVARIANTS:
            continue
        for node in ast.walk(tree):
            tests = []
            if isinstance(node, ast.If | ast.IfExp | ast.While | ast.Assert):
                tests.append(node.test)
            if isinstance(node, ast.comprehension):
                tests.extend(node.ifs)
            if isinstance(node, ast.Compare | ast.BoolOp):
                tests.append(node)
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
                tests.append(node)  # roles & {...}
            for test in tests:
                if _mentions_role(test):
                    found.append(f"{relative}:{node.lineno}: {ast.unparse(test)[:80]}")
    assert sorted(set(found)) == []


def test_the_search_finds_a_role_decision():
    """The search itself can fail: a view that branches on a role is found."""
    tree = ast.parse(
        "def view(request, membership):\n    if membership.role == 'coach':\n        pass\n"
    )
    compare = next(node for node in ast.walk(tree) if isinstance(node, ast.Compare))
    assert _mentions_role(compare)
