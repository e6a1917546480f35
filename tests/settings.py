"""sigap's settings with the test suite's fixed keys (tests/environment.py), for tools that load the settings
outside pytest, such as the type checker (pyproject.toml, [tool.django-stubs])."""

import tests.environment  # noqa: F401  (sets the keys before the settings read them)
from sigap.settings import *  # noqa: F403
