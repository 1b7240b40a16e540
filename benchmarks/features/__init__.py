"""Per-feature benchmarks: each module has ``measure(page, n) -> list[dict]`` (see COMMON rules)."""
