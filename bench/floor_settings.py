"""Settings for bench/pages_load.py's servers: the site's own, with the floor view added."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
