"""Database layer: declarative base, engines, migrations and backups."""
