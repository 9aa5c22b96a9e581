"""Persistence on TinyDB: a storage that never loses data, and a typed repository."""
