"""Test data for the page: tiny CSV layers typed like the schema, and synthetic big layers."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geoinvest.model import Layer, LayerSpec, MapDefinition
from geoinvest.schema import column

DATA = Path(__file__).resolve().parent.parent / "data"
NUMERIC = {"float", "int", "year", "precision", "latitude", "longitude"}


def typed_frame(df: pd.DataFrame) -> pd.DataFrame:
    """String columns converted to the schema's numbers and dates."""
    out = df.copy()
    for name in out.columns:
        col = column(name)
        if col is None:
            continue
        if col.type in NUMERIC:
            out[name] = pd.to_numeric(out[name], errors="coerce")
        elif col.type == "date":
            out[name] = pd.to_datetime(out[name], format="%Y-%m-%d")
    return out


def csv_layer(path: Path, layer_id: str, kind: str, **spec) -> Layer:
    """A Layer read from a small CSV, as the store would type it."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], index_col=False)
    df = typed_frame(df)
    gdf = gpd.GeoDataFrame(
        df, geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs="EPSG:4326"
    )
    spec.setdefault("title", {"en": layer_id.replace("_", " ").title()})
    return Layer(LayerSpec(id=layer_id, kind=kind, path=path, **spec), gdf)


def fixture_layers() -> list[Layer]:
    """The tiny two-layer fixture map's layers."""
    page = DATA / "page"
    return [
        csv_layer(
            page / "sites.csv",
            "sites",
            "site",
            title={"en": "Mines and dams", "es": "Minas y represas"},
            color="#b35806",
            symbol="square",
        ),
        csv_layer(
            page / "events.csv",
            "events",
            "event",
            title={"en": "Incidents", "es": "Incidentes"},
            color="#7b3294",
            symbol="diamond",
        ),
    ]


def fixture_mapdef(**kw) -> MapDefinition:
    """A map of the fixture layers over the three countries."""
    kw.setdefault("title", {"en": "Fixture map", "es": "Mapa de prueba"})
    kw.setdefault("subtitle", {"en": "Test data, not real findings"})
    return MapDefinition(
        id=kw.pop("id", "fixture"),
        countries=kw.pop("countries", ("PE", "CO", "HN")),
        layers=kw.pop("layers", ("sites", "events")),
        **kw,
    )


BOXES = {  # inner boxes that lie inside each country: (west, south, east, north)
    "PE": (-78.0, -14.0, -71.0, -5.0),
    "CO": (-76.0, 1.0, -70.0, 8.0),
    "HN": (-88.0, 13.8, -84.5, 15.3),
}


def synthetic_layers(n: int, seed: int = 7) -> list[Layer]:
    """Two synthetic layers (sites, events) of ``n`` points in total across PE, CO and HN."""
    rng = np.random.default_rng(seed)
    layers = []
    for kind, share, symbol, color in (
        ("site", 0.3, "triangle", "#2166ac"),
        ("event", 0.7, "circle", "#b2182b"),
    ):
        k = int(n * share) if kind == "site" else n - int(n * 0.3)
        codes = np.array(list(BOXES))
        country = codes[rng.integers(0, 3, k)]
        boxes = np.array([BOXES[c] for c in country])
        lon = boxes[:, 0] + rng.random(k) * (boxes[:, 2] - boxes[:, 0])
        lat = boxes[:, 1] + rng.random(k) * (boxes[:, 3] - boxes[:, 1])
        ids = np.char.add(f"{kind}-", np.arange(k).astype(str))
        data = {
            "id": ids,
            "name": np.char.add(f"Synthetic {kind} ", np.arange(k).astype(str)),
            "country": country,
            "admin1": np.array(["Junín", "Caquetá", "Olancho", "Cusco"])[rng.integers(0, 4, k)],
            "locality": np.char.add("Place ", (rng.integers(0, 3000, k)).astype(str)),
            "latitude": lat,
            "longitude": lon,
            "precision": rng.choice([1, 2, 3, 4], k),
            "sources": np.char.add(
                'Example Wire, "Report ', np.char.add(ids, '", 2020-01-01, https://example.org/r')
            ),
            "notes": np.char.add("Note for ", ids),
        }
        if kind == "site":
            data |= {
                "status": np.array(["operating", "construction", "announced"])[
                    rng.integers(0, 3, k)
                ],
                "owners": np.array(["Sinohydro (CN) 100%", "Zijin (CN) 60%; Local SA (PE) 40%"])[
                    rng.integers(0, 2, k)
                ],
                "operator": np.array(["Sinohydro", "Chinalco", "MMG"])[rng.integers(0, 3, k)],
                "capacity_mw": np.round(rng.random(k) * 500, 1),
                "start_year": rng.integers(1990, 2024, k).astype("float"),
            }
        else:
            days = rng.integers(-3000, 19000, k)
            data |= {
                "event_type": np.array(["protest", "abduction", "attack"])[rng.integers(0, 3, k)],
                "date": pd.to_datetime(days, unit="D"),
                "date_precision": np.array(["day", "month", "year"])[rng.integers(0, 3, k)],
                "perpetrator": np.array(["Unknown", "FARC dissidents", "ELN"])[
                    rng.integers(0, 3, k)
                ],
                "victims": np.char.add("Victims ", rng.integers(1, 9, k).astype(str)),
                "fatalities": rng.integers(0, 5, k).astype("float"),
            }
        df = pd.DataFrame(data)
        gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
        spec = LayerSpec(
            id=f"synthetic_{kind}s",
            title={"en": f"Synthetic {kind}s", "es": f"{kind}s sintéticos"},
            kind=kind,
            path=Path(f"synthetic_{kind}s.csv"),
            color=color,
            symbol=symbol,
        )
        layers.append(Layer(spec, gdf))
    return layers
