"""geoinvest: source-cited maps of foreign investment and security incidents."""

__version__ = "0.1.0"
