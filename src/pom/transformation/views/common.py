"""What every transformation page shares."""

from __future__ import annotations

from pom.core.web import renderer

render = renderer("transformation")
