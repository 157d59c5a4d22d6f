"""PyInstaller run-time hook: matplotlib's cache in the user's cache folder.

It replaces PyInstaller's own hook (removed in zxlz.spec), which points MPLCONFIGDIR at a new
temporary folder on every start, so that matplotlib would rebuild its font list each time the
dashboard draws a chart. With ZXLZ_HOME set (portable use) the cache stays inside it.
"""

import os


def _zxlz_mplconfig() -> None:
    if os.environ.get("MPLCONFIGDIR"):
        return
    home = os.environ.get("ZXLZ_HOME")
    if home:
        base = os.path.join(home, "cache")
    else:
        from platformdirs import PlatformDirs

        from app import APP_ID

        base = PlatformDirs(APP_ID, appauthor=False).user_cache_dir
    os.environ["MPLCONFIGDIR"] = os.path.join(base, "matplotlib")


_zxlz_mplconfig()
del _zxlz_mplconfig
