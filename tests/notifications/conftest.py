"""Fixtures shared with the sessions tests."""

from tests.sessions.conftest import plan

__all__ = ["plan"]
