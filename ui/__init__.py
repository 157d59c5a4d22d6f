"""The Qt desktop client. Talks to the core only through ``app.services`` and ``app.reports``."""
