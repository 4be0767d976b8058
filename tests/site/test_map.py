"""The vascular map: an SVG of the leg's arterial tree over its pain territories, linked both ways.

The built page draws a labelled path for every artery of every segment, and the links between segments and
territories are exactly the content's (vascular_map.yaml: usual and occasional regions). In Debian Chromium,
hovering or focusing (Tab) a segment lights its territories, and a territory its segments, with no script; patient
mode shows the arteries' plain names. Every content string in the SVG is HTML-escaped.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from devtools.waits import wait_until
from generator.content import load_content
from generator.render import render_site
from tests.conftest import REAL_CONTENT, REPO_ROOT

SCHEMA = REPO_ROOT / "generator" / "schemas" / "vascular_map.schema.json"
MAP_CSS = REPO_ROOT / "site_overrides" / "assets" / "stylesheets" / "map.css"


def vascular_map():
    return load_content(REAL_CONTENT, REPO_ROOT).topics["vascular_map"]


class SvgShapes(HTMLParser):
    """The map's territories and segments: their attributes, and per segment its arteries' paths and labels."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, dict] = {}
        self.group: dict | None = None
        self.vessel: dict | None = None
        self.tspan: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "g" and {"lc-map-territory", "lc-map-segment"} & set(classes):
            self.group = {**attributes, "vessels": {}}
            self.groups[attributes["id"]] = self.group
        elif tag == "g" and "lc-map-vessel" in classes and self.group is not None:
            self.vessel = {"paths": 0, "clinician": "", "patient": ""}
            self.group["vessels"][attributes["data-lc-vessel"]] = self.vessel
        elif tag == "path" and "lc-map-vessel-line" in classes and self.vessel is not None:
            self.vessel["paths"] += 1
        elif tag == "tspan" and self.vessel is not None:
            self.tspan = attributes.get("data-audience")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tspan":
            self.tspan = None

    def handle_data(self, data: str) -> None:
        if self.tspan and self.vessel is not None:
            self.vessel[self.tspan] += data


@pytest.fixture(scope="module")
def shapes(built_site: Path) -> dict[str, dict]:
    parser = SvgShapes()
    parser.feed((built_site / "vascular-map" / "index.html").read_text(encoding="utf-8"))
    return parser.groups


def test_every_artery_of_every_segment_is_a_labelled_path(shapes):
    page = vascular_map()
    assert len(page.segments) == 3
    for segment in page.segments:
        group = shapes[f"map-{segment.artery}"]
        assert group["tabindex"] == "0" and group["role"] == "img"
        assert group["aria-label"].startswith(segment.name)
        assert list(group["vessels"]) == [vessel.id for vessel in segment.vessels]
        for vessel in segment.vessels:
            drawn = group["vessels"][vessel.id]
            assert drawn == {"paths": 1, "clinician": vessel.name, "patient": vessel.patient_label}
            assert vessel.name in group["aria-label"]
    drawn_vessels = [vessel for group in shapes.values() for vessel in group["vessels"]]
    assert len(drawn_vessels) == len(set(drawn_vessels)) >= 12  # aorta to the tibial and peroneal arteries


def test_segments_and_territories_are_linked_exactly_as_the_content_says(shapes):
    page = vascular_map()
    regions = json.loads(SCHEMA.read_text())["properties"]["segments"]["items"]["properties"]["pain_regions"]
    for segment in page.segments:
        group = shapes[f"map-{segment.artery}"]
        assert group["data-lc-usual"].split() == list(segment.usual)
        assert group["data-lc-occasional"].split() == list(segment.occasional)
    for region in regions["items"]["enum"]:
        group = shapes[f"map-{region}"]
        assert group["tabindex"] == "0" and group["aria-label"]
        assert group["data-lc-usual"].split() == [s.artery for s in page.segments if region in s.usual]
        assert group["data-lc-occasional"].split() == [s.artery for s in page.segments if region in s.occasional]
    # The sourced mapping (REFERENCES.md, claudication): aortoiliac -> buttock, hip, thigh (+/- calf);
    # femoral/popliteal -> calf; tibial -> calf, rarely foot.
    links = {segment.artery: (segment.usual, segment.occasional) for segment in page.segments}
    assert links == {
        "aortoiliac": (("buttock", "hip", "thigh"), ("calf",)),
        "femoropopliteal": (("calf",), ()),
        "tibial": (("calf",), ("foot",)),
    }


def test_the_stylesheet_lights_every_word_of_both_vocabularies():
    """CSS cannot compare attributes, so map.css spells out each segment and region: a word added to the schema
    without its lines would never light."""
    items = json.loads(SCHEMA.read_text())["properties"]["segments"]["items"]["properties"]
    css = MAP_CSS.read_text()
    for attribute, words in (("segment", items["artery"]["enum"]), ("region", items["pain_regions"]["items"]["enum"])):
        for word in words:
            for kind in ("usual", "occasional"):
                rule = f'[data-lc-{attribute}="{word}"]:is(:hover, :focus, :target))) [data-lc-{kind}~="{word}"]'
                assert rule in css, rule


def test_every_content_string_in_the_svg_is_escaped(content_copy: Path):
    path = content_copy / "vascular_map.yaml"
    data = yaml.safe_load(path.read_text())
    data["segments"][0]["name"] = "Tom & Jerry's segment"
    data["segments"][0]["patient_label"] = "Jerry's & Tom's"
    data["segments"][0]["vessels"][0].update(name="A & B's artery", patient_label="C & D's artery")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    (rendered,) = [
        page for page in render_site(load_content(content_copy, REPO_ROOT)) if page.path == "vascular-map.md"
    ]
    svg = re.search(r"<svg.*?</svg>", rendered.markdown, re.S)[0]
    for raw in ("Tom & Jerry's", "Jerry's & Tom's", "A & B's", "C & D's"):
        assert raw not in svg
    for escaped in ("Tom &amp; Jerry&#x27;s segment", "Jerry&#x27;s &amp; Tom&#x27;s", "A &amp; B&#x27;s artery"):
        assert escaped in svg
    assert ">C &amp; D&#x27;s artery</tspan>" in svg


# ------------------------------------------------------------------------------------------------- browser --------
STATE = """() => ({
  territories: Object.fromEntries([...document.querySelectorAll(".lc-map-territory")].map((g) =>
    [g.dataset.lcRegion, getComputedStyle(g.querySelector(".lc-map-shape")).fill])),
  segments: Object.fromEntries([...document.querySelectorAll(".lc-map-segment")].map((g) =>
    [g.dataset.lcSegment, [...g.querySelectorAll(".lc-map-vessel-line")].map((line) => {
      const s = getComputedStyle(line);
      return `${s.stroke} ${s.strokeOpacity} ${s.strokeDasharray}`;
    })])),
  tokens: Object.fromEntries(["--lc-map-tissue-active", "--lc-map-artery-active"].map((name) =>
    [name, getComputedStyle(document.body).getPropertyValue(name).trim()])),
})"""


def rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i : i + 2], 16) for i in (0, 2, 4)))


def lit(state: dict) -> dict[str, set[str]]:
    """What the page lights now: territories lit and hatched, segments lit and dashed (all their arteries)."""
    tissue, artery = rgb(state["tokens"]["--lc-map-tissue-active"]), rgb(state["tokens"]["--lc-map-artery-active"])
    return {
        "territories": {region for region, fill in state["territories"].items() if fill == tissue},
        "hatched": {region for region, fill in state["territories"].items() if fill.startswith("url(")},
        "segments": {s for s, lines in state["segments"].items() if all(x == f"{artery} 1 none" for x in lines)},
        "dashed": {s for s, lines in state["segments"].items() if all(x.startswith(f"{artery} 1 6") for x in lines)},
    }


def expected(shape: str) -> dict[str, set[str]]:
    """What using ``shape`` (a segment's artery id or a region) must light, from the content."""
    segments = vascular_map().segments
    by_artery = {segment.artery: segment for segment in segments}
    if shape in by_artery:
        segment = by_artery[shape]
        return {
            "territories": set(segment.usual),
            "hatched": set(segment.occasional),
            "segments": {shape},
            "dashed": set(),
        }
    return {
        "territories": {shape},
        "hatched": set(),
        "segments": {s.artery for s in segments if shape in s.usual},
        "dashed": {s.artery for s in segments if shape in s.occasional},
    }


SHAPES = ["buttock", "hip", "thigh", "calf", "foot", "aortoiliac", "femoropopliteal", "tibial"]
NOTHING = {"territories": set(), "hatched": set(), "segments": set(), "dashed": set()}


@pytest.fixture
def map_page(guarded, site_url):
    page = guarded.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "vascular-map/")
    page.locator("figure.lc-map").scroll_into_view_if_needed()
    yield page
    assert guarded.blocked == [] and guarded.errors == []


def point_at(page, shape: str) -> None:
    """Move the mouse onto a territory (at its label, which lets the pointer through) or a segment (an artery)."""
    target = f"#map-{shape} .lc-map-territory-label" if shape in SHAPES[:5] else f"#map-{shape} .lc-map-vessel-line"
    box = page.locator(target).first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_hovering_a_segment_lights_its_territories_and_a_territory_its_segments(map_page):
    page = map_page
    page.mouse.move(1, 1)
    assert lit(page.evaluate(STATE)) == NOTHING
    for shape in SHAPES:
        point_at(page, shape)
        assert page.evaluate("(id) => document.getElementById(id).matches(':hover')", f"map-{shape}"), shape
        assert lit(page.evaluate(STATE)) == expected(shape), shape
    page.mouse.move(1, 1)
    assert lit(page.evaluate(STATE)) == NOTHING


def test_tab_reaches_every_segment_and_territory_and_lights_the_other(map_page):
    page = map_page
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "map-buttock":
            break
    for shape in SHAPES:
        focused = page.evaluate(
            "() => { const el = document.activeElement, s = getComputedStyle(el);"
            " return [el.id, el.getAttribute('aria-label'), s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert focused[0] == f"map-{shape}"
        assert focused[1] and focused[2] == "solid" and focused[3] >= 2, focused  # named, and a visible ring
        assert lit(page.evaluate(STATE)) == expected(shape), shape
        page.keyboard.press("Tab")
    assert lit(page.evaluate(STATE)) == NOTHING


def test_a_link_from_the_text_lights_the_shape_it_names(map_page, site_url):
    page = map_page
    page.goto(site_url + "vascular-map/#map-tibial")
    assert lit(page.evaluate(STATE)) == expected("tibial")


def test_patient_mode_labels_the_arteries_in_plain_words(map_page):
    page = map_page
    visible = (
        "() => [...document.querySelectorAll('.lc-map tspan')]"
        ".filter((t) => getComputedStyle(t).display !== 'none').map((t) => t.textContent)"
    )
    vessels = [vessel for segment in vascular_map().segments for vessel in segment.vessels]
    assert page.evaluate(visible) == [vessel.name for vessel in vessels]
    page.locator("[data-lc-audience-choice=patient]").click()
    wait_until(page, "document.documentElement.classList.contains('lc-audience-patient')")
    assert page.evaluate(visible) == [vessel.patient_label for vessel in vessels]
