"""The filters panel on the bundled region map: Chinese-owned and other choices, combined
with each other and with a layer toggle, counted on the canvas against pandas."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest
from pagechecks import toggle_layer, wait_text

from geoinvest.build import build_map
from geoinvest.page import read_page
from geoinvest.project import Project

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COUNTRY = re.compile(r"\(([A-Za-z]{2})\)\s*(?:\d+(?:\.\d+)?\s*%)?\s*$")


def owner_countries(owners) -> set[str]:
    """The ISO codes of an owners cell, read with a regex of its own (not geoinvest's)."""
    if not isinstance(owners, str):
        return set()
    return {m.group(1).upper() for part in owners.split(";") if (m := COUNTRY.search(part.strip()))}


def expected_owner_sets(frames: dict[str, pd.DataFrame]) -> dict[str, list[set[str]]]:
    """Per layer and row, the owners' countries: sites from their owners column; events
    from ownership.csv at the event's date when it lists the site, else from the site."""
    table = pd.read_csv(ROOT / "layers" / "ownership.csv", dtype=str)
    table = table[table["role"] == "owner"]
    sites = {}
    for frame in frames.values():
        if "owners" in frame.columns:
            pairs = zip(frame["id"], frame["owners"], strict=True)
            sites.update({i: owner_countries(o) for i, o in pairs})
    out = {}
    for layer_id, frame in frames.items():
        if "owners" in frame.columns:
            out[layer_id] = [owner_countries(o) for o in frame["owners"]]
        elif "site_id" in frame.columns:
            rows = []
            for site, date in zip(frame["site_id"], frame["date"], strict=True):
                if not isinstance(site, str):
                    rows.append(set())
                    continue
                history = table[table["site_id"] == site]
                if not len(history):
                    rows.append(sites.get(site, set()))
                    continue
                start = pd.to_datetime(history["start"], format="mixed")
                end = pd.to_datetime(history["end"], format="mixed")
                on = (start.isna() | (start <= date)) & (end.isna() | (date < end))
                rows.append(set(history["country"][on].dropna()))
            out[layer_id] = rows
    return out


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """The bundled region map built as `geoinvest build` does, and its layers as read back."""
    project = Project(ROOT)
    mapdef = project.read_map(ROOT / "maps" / "region.toml")
    path = tmp_path_factory.mktemp("filters") / "region.html"
    build_map(mapdef, project, path)
    frames = read_page(path.read_text(encoding="utf-8"))
    return path, frames, mapdef, project


def open_field(mp, name: str) -> None:
    field = mp.page.locator(f'.gi-filters details[data-gi-field="{name}"]')
    if not field.evaluate("d => d.open"):
        field.locator("summary").click()


def choose(mp, field: str, value: str) -> None:
    """Click a value's checkbox in the filters panel and wait for the redraw."""
    open_field(mp, field)
    mp.page.locator(f'.gi-filters input[data-gi-field="{field}"][value="{value}"]').click()
    mp.page.wait_for_timeout(150)


def panel_counts(mp) -> list[str]:
    return mp.page.locator(".gi-panel .gi-layers .gi-count").all_text_contents()


def test_chinese_owned_with_toggle_and_other_fields(open_map, region):
    path, frames, mapdef, _ = region
    owners = expected_owner_sets(frames)
    everything = {k: len(v) for k, v in frames.items()}
    mp = open_map(path)
    assert mp.api("counts()") == everything
    assert panel_counts(mp) == [str(n) for n in everything.values()]

    # Only Chinese-owned: sites by their owners, events by their site's owners then.
    choose(mp, "owner_country", "CN")
    chinese = {k: sum("CN" in s for s in owners[k]) for k in frames}
    assert all(0 < n < everything[k] for k, n in chinese.items()), chinese
    assert mp.api("counts()") == chinese
    assert panel_counts(mp) == [f"{chinese[k]} of {everything[k]} shown" for k in frames]

    # A layer toggled off draws nothing; the others keep the filter.
    toggle_layer(mp, "protests")
    assert mp.api("counts()") == {**chinese, "protests": 0}
    toggle_layer(mp, "protests")
    assert mp.api("counts()") == chinese

    # OR within a field: Chinese- or British-owned. The 2005 Río Blanco protest counts as
    # British (Monterrico owned the site until 2007, ownership.csv), not Chinese.
    choose(mp, "owner_country", "GB")
    cn_gb = {k: sum(bool({"CN", "GB"} & s) for s in owners[k]) for k in frames}
    assert mp.api("counts()") == cn_gb
    protests = frames["protests"]
    early = protests.index[(protests["site_id"] == "pe-rio-blanco") & (protests["date"] < "2007")]
    assert len(early) == 1 and owners["protests"][early[0]] == {"GB"}

    # AND across fields: status applies to the site layers only; commodity to two of them.
    choose(mp, "owner_country", "GB")
    choose(mp, "status", "operating")
    choose(mp, "commodity", "copper")
    oks = {}
    for k, frame in frames.items():
        ok = pd.Series(["CN" in s for s in owners[k]], index=frame.index)
        if "status" in frame.columns:
            ok &= frame["status"].eq("operating").fillna(False)
        if "commodity" in frame.columns:
            parts = frame["commodity"].fillna("").str.split(";")
            ok &= parts.map(lambda p: "copper" in [x.strip() for x in p])
        oks[k] = ok
    want = {k: int(ok.sum()) for k, ok in oks.items()}
    assert want["mining_sites"] < chinese["mining_sites"]
    assert mp.api("counts()") == want
    assert panel_counts(mp) == [f"{want[k]} of {everything[k]} shown" for k in frames]
    badge = mp.page.locator('.gi-filters details[data-gi-field="status"] .gi-filters-badge')
    assert badge.text_content() == "1 chosen"

    # The filters and "hide approximate locations" hide rows together, each by its own bit.
    mp.page.get_by_label("Hide approximate locations").check()
    mp.page.wait_for_timeout(150)
    exact = {k: int((oks[k] & (frame["precision"] <= 2)).sum()) for k, frame in frames.items()}
    assert exact != want
    assert mp.api("counts()") == exact
    mp.page.get_by_label("Hide approximate locations").uncheck()
    mp.page.wait_for_timeout(150)
    assert mp.api("counts()") == want

    # Clear: every point again, plain counts.
    mp.page.locator(".gi-filters-clear").click()
    mp.page.wait_for_timeout(150)
    assert mp.api("counts()") == everything
    assert panel_counts(mp) == [str(n) for n in everything.values()]
    assert mp.page.locator(".gi-filters input:checked").count() == 0
    assert mp.errors == []
    assert mp.blocked == []


def test_perpetrator_values_split_and_spanish_labels(open_map, region, tmp_path):
    _, _, mapdef, project = region
    spanish = dataclasses.replace(mapdef, language="es")
    path = tmp_path / "region-es.html"
    build_map(spanish, project, path)
    frames = read_page(path.read_text(encoding="utf-8"))
    mp = open_map(path)
    names = mp.page.locator(".gi-filters-name").all_text_contents()
    assert names == [
        "País de origen de los propietarios",
        "Estado",
        "Mineral o producto",
        "Perpetrador",
    ]
    open_field(mp, "status")
    labels = mp.page.locator(
        '.gi-filters details[data-gi-field="status"] .gi-filters-label'
    ).all_text_contents()
    assert "en operación" in labels and "operating" not in labels
    open_field(mp, "owner_country")
    countries = mp.page.locator(
        '.gi-filters details[data-gi-field="owner_country"] .gi-filters-label'
    ).all_text_contents()
    assert "Estados Unidos" in countries and "Reino Unido" in countries
    assert countries == sorted(countries, key=lambda s: s.lower().replace("é", "e"))

    # "protesters" is one of several perpetrators in some cells ("Police; protesters").
    choose(mp, "perpetrator", "protesters")
    want = {}
    for k, frame in frames.items():
        if "perpetrator" not in frame.columns:
            want[k] = len(frame)
            continue
        parts = frame["perpetrator"].fillna("").str.split(";")
        want[k] = int(parts.map(lambda p: "protesters" in [x.strip() for x in p]).sum())
    assert 1 < want["protests"] < len(frames["protests"])
    assert mp.api("counts()") == want
    n = len(frames["protests"])
    text = wait_text(
        mp,
        ".gi-panel .gi-layers li:nth-child(5) .gi-count",
        f"{want['protests']} de {n} visibles",
    )
    assert text == f"{want['protests']} de {n} visibles"
    assert mp.errors == []
    assert mp.blocked == []
