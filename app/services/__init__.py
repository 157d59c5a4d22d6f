"""Use cases shared by the GUI and the CLI, one module per record type.

Every write validates, runs in one transaction, checks the acting user's permission, writes
an audit entry and returns what changed. Reads return detached objects with what the view
needs already loaded: no caller ever holds a session.
"""
