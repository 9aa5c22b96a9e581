"""Errors of the domain, in a module of their own so the CLI can catch them cheaply."""


class ValidationError(ValueError):
    """A record that cannot be stored, with a reason a user can act on."""
