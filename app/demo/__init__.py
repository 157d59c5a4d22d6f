"""Demo data: a believable, fictional committee (示范县 / 示范市) for trying the program,
screenshots, the smoke test and the benchmark. Never part of a real database."""

from app.demo.context import DemoCancelled
from app.demo.generator import DEFAULT_TODAY, DemoError, DemoSummary, generate_demo
from app.demo.scale import CITY_DECADE, COUNTY, SCALES, DemoScale

__all__ = [
    "CITY_DECADE",
    "COUNTY",
    "DEFAULT_TODAY",
    "SCALES",
    "DemoCancelled",
    "DemoError",
    "DemoScale",
    "DemoSummary",
    "generate_demo",
]
