"""Demo content for the embedded mode."""

from .site_tree import ensure_site_tree


def load() -> None:
    ensure_site_tree()
