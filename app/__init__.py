"""政协履职工作台 — the Qt-free core.

Nothing under ``app`` may import PySide6 or ``ui``; ``tests/test_architecture.py`` enforces it.
"""

__version__ = "0.1.0"
APP_NAME = "政协履职工作台"
APP_ID = "zxlz-workbench"
