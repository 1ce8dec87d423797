"""Everything the platform holds about one person, for the right of access (GDPR art. 15).

The rows are found by following the person's own links through the project's apps: a
model belongs to the person when it points at them (or at one of their rows) through an
owner field (person, membership, author, ...). Fields that name who *did* something to
a row (recorded_by, entered_by, ...) are not followed: those rows are about someone else.
Secrets (passwords, feed tokens, authenticator keys) are never exported.

Only the person's own data: a row reached through one of their rows but owned by someone
else (another person's vote on their proposal, a cheer on their goal) is left out, and a
field naming another person (who recorded, entered or hid something) is exported empty;
who looked at or changed their data is listed under ``access_log``. ``fields`` describes
every exported field of every model, in the person's language.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .models import AccessLogEntry

OWNER_FIELDS_OF_PERSON = {"person", "user", "author", "voter", "proposed_by", "owner"}
ACTOR_FIELD_NAMES = {
    "by",
    "recorded_by",
    "entered_by",
    "decided_by",
    "opened_by",
    "hidden_by",
    "created_by",
    "facilitator",
    "actor",
    "cheered_by",
}
SECRET_WORDS = ("password", "token", "secret", "key", "stripe")
MAX_DEPTH = 3


@dataclass
class Section:
    model: type[models.Model]
    rows: list[models.Model] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


def _project_models() -> list[type[models.Model]]:
    base = Path(settings.BASE_DIR).resolve()
    found: list[type[models.Model]] = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base not in path.parents or ".venv" in path.parts or config.label == "privacy":
            continue
        found.extend(config.get_models())
    return found


def _exported_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not any(word in f.name.lower() for word in SECRET_WORDS)
    ]


def _owned_by(model, person, user_model) -> Q:
    """Rows whose owner fields (voter, person, author, ...) name no one but the person."""
    condition = Q()
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is user_model and f.name in OWNER_FIELDS_OF_PERSON:
            condition &= Q(**{f"{f.name}__isnull": True}) | Q(**{f.name: person.pk})
    return condition


def collect(person) -> list[Section]:
    """The person's rows in every project model, grouped per model, in a stable order."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    sections: dict[type, Section] = {user_model: Section(user_model, [person])}
    frontier: dict[type, set] = {user_model: {person.pk}}
    candidates = _project_models()
    for _depth in range(MAX_DEPTH):
        next_frontier: dict[type, set] = {}
        for model in candidates:
            for fk in model._meta.concrete_fields:
                if not fk.is_relation or fk.name in ACTOR_FIELD_NAMES:
                    continue
                target = fk.related_model
                if target not in frontier or target is model:  # no replies to my messages
                    continue
                if target is user_model and fk.name not in OWNER_FIELDS_OF_PERSON:
                    continue
                rows = model._default_manager.filter(**{f"{fk.name}__in": frontier[target]})
                rows = rows.filter(_owned_by(model, person, user_model))
                section = sections.setdefault(model, Section(model))
                known = {row.pk for row in section.rows}
                for row in rows.order_by("pk"):
                    if row.pk not in known:
                        section.rows.append(row)
                        known.add(row.pk)
                        next_frontier.setdefault(model, set()).add(row.pk)
        if not next_frontier:
            break
        frontier = next_frontier
    return [s for s in sections.values() if s.rows]


def _raw(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _own_value(row, f: models.Field, person, user_model):
    value = getattr(row, f.attname)
    if f.is_relation and f.related_model is user_model and value != person.pk:
        return None  # someone else: not the person's data
    return _raw(value)


def _describe(f: models.Field) -> str:
    text = str(f.verbose_name)
    if f.help_text:
        text = f"{text}: {f.help_text}"
    if f.choices:
        text += " (" + ", ".join(f"{key} = {label}" for key, label in f.flatchoices) + ")"
    return text


def as_data(person) -> dict:
    """A JSON-ready dict: field names and raw values, per model, and what each field means."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    data = {
        "exported_at": timezone.now().isoformat(),
        "person": person.email,
        "data": {},
        "fields": {},
    }
    for section in collect(person):
        fields = _exported_fields(section.model)
        data["data"][section.key] = [
            {f.attname: _own_value(row, f, person, user_model) for f in fields}
            for row in section.rows
        ]
        data["fields"][section.key] = {f.attname: _describe(f) for f in fields}
    data["access_log"] = [
        {
            "at": entry.at.isoformat(),
            "action": entry.action,
            "data_kind": entry.data_kind,
            "actor": entry.actor.public_name if entry.actor else None,
            "actor_role": entry.actor_role,
            "organisation": str(entry.organisation) if entry.organisation else None,
        }
        for entry in AccessLogEntry.objects.about(person).select_related("actor", "organisation")
    ]
    return data
