"""geoinvest: source-cited maps of foreign investment and security incidents."""

__version__ = "0.1.0"

__all__ = ["Map", "__version__"]


def __getattr__(name: str):
    """``geoinvest.Map`` is imported on first use, so ``import geoinvest`` (and every
    command) does not load the page and figure code."""
    if name == "Map":
        from geoinvest.api import Map

        return Map
    raise AttributeError(f"module 'geoinvest' has no attribute {name!r}")
