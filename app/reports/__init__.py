"""Figures and reports: every number shown anywhere is defined once in ``app.reports.figures``."""
