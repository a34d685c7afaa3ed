"""A pack that fails while loading, for the start-up error test."""

raise ImportError("kit broken pack: cannot import the rules")
