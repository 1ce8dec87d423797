"""Statistical disclosure control for every figure a report releases.

The method is the cell-key method of the Australian Bureau of Statistics (Fraser and
Wooton 2005; Thompson, Broadfoot and Elazar 2013, "Methodology for the automatic
confidentialisation of statistical outputs from remote servers at the Australian Bureau
of Statistics", UNECE work session on statistical data confidentiality), as used by the
Office for National Statistics for the 2021 census tables and recommended for Eurostat's
census hub (Giessing and Tent 2019; Hundepool et al., "Statistical Disclosure Control",
Wiley 2012, chapter 5). docs/disclosure-control.md explains it for readers.

Counts (people, or register entries):
- every person has a fixed *record key* in 0..255, a keyed hash of their id (so the key
  is the same in every report, and nobody without the site's secret can work it out);
- a cell's *cell key* is the sum of its people's record keys modulo 256: the same set of
  people always gets the same cell key, whatever report, section, period or export;
- the released count is looked up from the true count and the cell key in a fixed
  perturbation table (ptable). Counts of 1 to k-1 are never released: they become 0 or k
  (with probabilities that keep the expected value, the "js" threshold of the ptable
  package of Destatis); larger counts move by at most 2 (-2..+2, variance 1.2).
  A zero stays zero: nobody is in it.
  Asking again gives the same figure, so noise cannot be averaged away.

Magnitudes (means, spread, change, interval, p-value, shares, money) are released only
for groups of at least ``magnitude_threshold()`` people (a threshold rule, Hundepool et
al. 2012, 4.2), and a figure over several cohorts only sums up cohorts (or cohort-months)
that reach that size themselves: two released magnitudes over nested groups then differ
by a whole block of at least that many people. Shares are ratios of perturbed counts.
"""

import functools
import hashlib
import hmac
from enum import StrEnum

from django.conf import settings
from django.db.models import Func, IntegerField

KEY_RANGE = 256
_PRIME = 2_147_483_647  # 2^31 - 1: (id + b) * a stays below 2^63 for ids below 2^32
# Perturbation of counts of at least k: -2..+2 with these chances (out of 256 cell keys).
_NOISE = ((-2, 26), (-1, 51), (0, 102), (1, 51), (2, 26))  # 26+51+102+51+26 = 256
MAX_NOISE = 2


def threshold() -> int:
    """k: no count of 1 to k-1 people is ever released."""
    return settings.REPORT_MIN_GROUP_SIZE


def magnitude_threshold() -> int:
    """The group size from which means, shares and money are released."""
    return max(settings.REPORT_MIN_MAGNITUDE_GROUP_SIZE, threshold())


def _salts(purpose: str) -> tuple[int, int]:
    return _salts_for(settings.REPORT_CELL_KEY_SECRET or settings.SECRET_KEY, purpose)


@functools.lru_cache(maxsize=16)
def _salts_for(secret: str, purpose: str) -> tuple[int, int]:
    message = f"herstelcirkel-record-key:{purpose}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256)
    raw = digest.digest()
    a = int.from_bytes(raw[:8], "big") % (_PRIME - 1) + 1
    b = int.from_bytes(raw[8:16], "big") % _PRIME
    return a, b


def record_key_sql(column: str, purpose: str = "person") -> str:
    """SQL for the record key of the id in ``column`` (0..255), for cursor.execute with
    parameters ("%%" is a literal percent sign there)."""
    a, b = _salts(purpose)
    # an integer, so that PostgreSQL sums the keys in a bigint, not in a slower numeric
    return f"CAST((((({column}) + {b}) * {a}) %% {_PRIME}) %% {KEY_RANGE} AS INTEGER)"


def record_key(pk: int, purpose: str = "person") -> int:
    """The same record key in Python (tests and small lookups)."""
    a, b = _salts(purpose)
    return ((pk + b) * a) % _PRIME % KEY_RANGE


class RecordKey(Func):
    """The record key as an ORM expression: Sum(RecordKey("person_id"), filter=...)."""

    output_field = IntegerField()

    def __init__(self, expression, purpose: str = "person", **extra):
        a, b = _salts(purpose)
        # "%%%%" becomes "%%" in the SQL, a literal "%" for the database driver
        template = (
            f"CAST(((((%(expressions)s) + {b}) * {a}) %%%% {_PRIME}) %%%% {KEY_RANGE} AS INTEGER)"
        )
        super().__init__(expression, template=template, **extra)


class Cell:
    """A count of people (or register entries) and the sum of their record keys.

    A value: never changed after it is made (a plain class with slots rather than a
    frozen dataclass, which takes twice as long to make; a report of a thousand cohorts
    makes a hundred thousand cells)."""

    __slots__ = ("keys", "n")

    def __init__(self, n: int = 0, keys: int = 0) -> None:
        self.n = n
        self.keys = keys

    def __add__(self, other: "Cell") -> "Cell":
        return Cell(self.n + other.n, self.keys + other.keys)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return self.n == other.n and self.keys == other.keys

    def __hash__(self) -> int:
        return hash((self.n, self.keys))

    def __repr__(self) -> str:
        return f"Cell(n={self.n}, keys={self.keys})"

    @property
    def cell_key(self) -> int:
        return self.keys % KEY_RANGE


def cell_total(cells) -> Cell:
    """Cells summed up in one pass."""
    n = keys = 0
    for cell in cells:
        n += cell.n
        keys += cell.keys
    return Cell(n, keys)


def released_count(cell: Cell, *, k: int | None = None) -> int:
    """The count as released: never 1..k-1, the same for the same people every time."""
    k = threshold() if k is None else k
    n, key = cell.n, cell.cell_key
    if n <= 0:
        return 0
    if n < k:
        # to 0 or k, keeping the expected value: k with chance n / k
        return k if key < round(KEY_RANGE * n / k) else 0
    cumulative = 0
    for noise, chance in _NOISE:
        cumulative += chance
        if key < cumulative:
            return max(k, n + noise)
    raise AssertionError("the noise chances add up to KEY_RANGE")


def possible_true_counts(released: int, *, k: int | None = None, upto: int = 10_000) -> range:
    """What an attacker who knows the ptable can conclude from one released count."""
    k = threshold() if k is None else k
    if released == 0:
        return range(0, k)
    if released == k:
        return range(1, k + MAX_NOISE + 1)
    return range(max(k, released - MAX_NOISE), min(upto, released + MAX_NOISE) + 1)


class Withheld(StrEnum):
    """Why a figure is not shown."""

    SMALL_GROUP = "small"  # the group is smaller than the magnitude threshold
    FOR_ANOTHER = "other"  # shown, it would let another withheld figure be worked out


def sum_blocks(blocks, *, size) -> list:
    """The blocks (cohorts, cohort-months) that may count in a magnitude: size(block) is
    the number of people in it, and only blocks of at least the threshold count."""
    m = magnitude_threshold()
    return [block for block in blocks if size(block) >= m]
