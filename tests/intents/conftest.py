"""Shared fixtures for the intent tests: the package templates, loaded once."""

from __future__ import annotations

import pytest

from voice_coach.intents.expand import expand
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.templates import Templates, load_templates


@pytest.fixture(scope="session")
def templates() -> Templates:
    """The templates shipped with the package."""
    return load_templates()


@pytest.fixture(scope="session")
def parser(templates: Templates) -> IntentParser:
    """A parser over the package templates."""
    return IntentParser(templates)


@pytest.fixture(scope="session")
def expansions(templates: Templates) -> list[tuple[str, str, dict[str, str]]]:
    """Every (sentence, intent, slots) the templates accept."""
    return list(expand(templates))
