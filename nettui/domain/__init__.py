"""Pure Python: models, text folding, dates. No Textual, no I/O."""
