"""Locust users for bench/pages_load.py: logged-in participants and coaches walking the
page mix of bench/pages_mix.py, and the floor view, on the servers given as --host.

Identities (session cookies, cohort, session) come from the JSON file named by
HC_PAGES_IDENTITIES; HC_PAGES_WAIT is the mean pause between two pages of one user.
"""

import itertools
import json
import os
import random
from pathlib import Path

import pages_mix
from locust import HttpUser, task

IDENTITIES = json.loads(Path(os.environ["HC_PAGES_IDENTITIES"]).read_text())
BY_ROLE = {
    role: itertools.cycle([i for i in IDENTITIES if i["role"] == role])
    for role in ("participant", "coach")
}
COACH_SHARE = float(os.environ.get("HC_PAGES_COACH_SHARE", "0.2"))
WAIT = float(os.environ.get("HC_PAGES_WAIT", "1.0"))
HOSTS = os.environ["HC_PAGES_HOSTS"].split(",")
COUNTER = itertools.count()


class Member(HttpUser):
    """One logged-in person; each user sticks to one of the two servers."""

    host = HOSTS[0]

    def wait_time(self) -> float:
        return random.uniform(0.5 * WAIT, 1.5 * WAIT)

    def on_start(self) -> None:
        number = next(COUNTER)
        self.client.base_url = HOSTS[number % len(HOSTS)]
        role = "coach" if random.random() < COACH_SHARE else "participant"
        self.identity = next(BY_ROLE[role])
        self.client.cookies.set("sessionid", self.identity["cookie"])
        mix = [*pages_mix.pages_for(role), ("floor", pages_mix.FLOOR_WEIGHT)]
        self.names = [name for name, _ in mix]
        self.weights = [weight for _, weight in mix]

    @task
    def page(self) -> None:
        name = random.choices(self.names, self.weights)[0]
        url = pages_mix.FLOOR if name == "floor" else pages_mix.path(name, self.identity)
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {url}")
