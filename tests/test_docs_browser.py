"""The course website in a real browser that can reach nothing but 127.0.0.1.

The built site (see test_docs_build.py) is served by http.server on 127.0.0.1, port 0, from
a thread of this test. Headless Chromium loads pages after their scripts have run
(--dump-dom with a virtual time budget) and takes screenshots. Every other address is
unreachable to it: all traffic goes to a proxy at 127.0.0.1:1, where nothing listens, and
Chromium sends only loopback addresses past a proxy. The first test proves that this really
blocks a name that would otherwise be reached; the page tests then check, in Chromium's own
network log, that no page asked for anything but the site.
"""

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import threading
import urllib.parse

import pytest

from course_tools.exercises import catalog
from tests.test_docs_build import NOTEBOOKS, ROOT, build_site, mermaid_fences, visible_text

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium), "
                             "so the website is not checked in a browser")

BROWSER_TIME_LIMIT = 60  # seconds for one page; a page takes about 2
DEAD_PROXY = "127.0.0.1:1"  # nothing listens on port 1: connecting there fails at once
# TOOLCHAIN.md's flags: headless, and no background traffic of Chromium's own.
BROWSER = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           # Autofill asks a Google server about each page it shows: not the page's doing.
           "--disable-features=AutofillServerCommunication",
           "--hide-scrollbars", "--window-size=1280,1600",
           "--virtual-time-budget=10000"]  # let scripts (Mermaid) finish before the dump
OFFLINE = [f"--proxy-server={DEAD_PROXY}"]
OUTSIDE = "outside.test"  # a name that is not loopback; mapped to our server for the proof
MAP_OUTSIDE = [f"--host-resolver-rules=MAP {OUTSIDE} 127.0.0.1"]
INDIGO_HEADER = (64, 81, 181)  # the theme's primary colour, at the top of every page

PROBE_PAGE = """<!doctype html><meta charset="utf-8"><title>probe</title><pre id="out">waiting</pre>
<script>
const targets = JSON.parse(decodeURIComponent(location.hash.slice(1)));
async function attempt(url) {
  try { await fetch(url, {mode: "no-cors", cache: "no-store"}); return "reached " + url; }
  catch (error) { return "unreachable " + url; }
}
Promise.all(targets.map(attempt)).then(lines => {
  document.getElementById("out").textContent = lines.join("\\n");
});
</script>
"""


# Measures a page of the site as the reader sees it: the page is loaded into a same-origin
# frame of the given width, its diagrams are waited for, then sizes and positions are read
# with getBoundingClientRect() and getComputedStyle(). Lengths are CSS pixels.
LAYOUT_PAGE = """<!doctype html><meta charset="utf-8"><title>layout</title>
<style>body { margin: 0 } iframe { border: 0; display: block }</style>
<pre id="out">waiting</pre>
<script>
const asked = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const frame = document.createElement("iframe");
frame.width = asked.width;
frame.height = 1600;

function box(el) {
  const r = el.getBoundingClientRect();
  return {left: r.left, right: r.right, width: r.width};
}

// Where what is too wide for el ends up: the first box from el up to stop that holds it
// (overflow-x auto or scroll: it scrolls; hidden or clip: it is cut off). An overflow
// that is "visible" passes on to the parent; null if nothing is too wide.
function overflowing(el, stop, win) {
  let spilled = null;
  for (; el && el !== stop; el = el.parentElement) {
    if (el.scrollWidth > el.clientWidth + 1) {
      spilled = {overflowX: win.getComputedStyle(el).overflowX, box: box(el),
                 scrollWidth: el.scrollWidth, clientWidth: el.clientWidth};
      if (spilled.overflowX !== "visible") {
        return spilled;
      }
    }
  }
  return spilled;
}

function measure(doc, win) {
  const content = doc.querySelector(".md-content__inner");
  const prose = content.querySelector(".jp-MarkdownCell .jp-RenderedMarkdown > p") ||
                content.querySelector(":scope > p");
  const found = {content: box(content), prose: prose && box(prose),
                 diagrams: [], tables: [], code: []};
  for (const div of content.querySelectorAll("div.diagram")) {
    const svg = div.querySelector("svg");
    if (!svg) { found.diagrams.push({state: div.dataset.drawn || "not drawn"}); continue; }
    const natural = svg.viewBox.baseVal.width, shown = svg.getBoundingClientRect().width;
    const labels = [...svg.querySelectorAll("foreignObject span, text")]
      .filter(el => el.textContent.trim() && el.getBoundingClientRect().height > 0);
    // The size a reader sees: the font's size, times the scale the SVG is drawn at.
    const sizes = labels.map(el => parseFloat(win.getComputedStyle(el).fontSize) * shown / natural);
    let empty = 0;  // class boxes with a compartment line above nothing
    for (const node of svg.querySelectorAll("g.node")) {
      const groups = [...node.querySelectorAll(
        ":scope > g.members-group, :scope > g.methods-group")];
      const lines = node.querySelectorAll(":scope > g.divider").length;
      if (lines > groups.filter(g => g.childElementCount > 0).length) empty++;
    }
    found.diagrams.push({state: div.dataset.drawn, kind: svg.getAttribute("aria-roledescription"),
      natural, shown, font: Math.min(...sizes), box: box(div), scrollWidth: div.scrollWidth,
      clientWidth: div.clientWidth, overflowX: win.getComputedStyle(div).overflowX,
      emptyCompartments: empty});
  }
  for (const table of content.querySelectorAll("table")) {
    const wrap = table.closest(".md-typeset__scrollwrap") || table.parentElement;
    const rows = [...table.querySelectorAll("tr")].map(tr => [...tr.children].map(cell => ({
      text: cell.textContent.trim(), right: box(cell).right,
      cut: cell.scrollWidth > cell.clientWidth + 1})));
    found.tables.push({visible: box(wrap), scrollWidth: wrap.scrollWidth,
                       clientWidth: wrap.clientWidth, rows});
  }
  for (const pre of content.querySelectorAll(".jp-CodeCell .jp-InputArea pre")) {
    const editor = pre.closest(".jp-InputArea-editor");
    found.code.push({editor: box(editor), overflow: overflowing(pre, content, win)});
  }
  return found;
}

frame.onload = () => {
  let waited = 0;
  (function ready() {
    const doc = frame.contentDocument;
    if (doc.querySelector("div.diagram:not([data-drawn])") && waited++ < 400) {
      setTimeout(ready, 25);
      return;
    }
    setTimeout(() => {
      const measured = measure(doc, frame.contentWindow);
      document.getElementById("out").textContent = JSON.stringify(measured);
    }, 100);
  })();
};
frame.src = asked.page;
document.body.append(frame);
</script>
"""


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the site's files; remember each path asked for instead of logging it."""

    def log_message(self, format, *args):
        self.server.requested.append(self.path)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The built site (plus a probe page), served on 127.0.0.1 for the module's tests."""
    site = build_site(tmp_path_factory)[0]
    (site / "offline-probe.html").write_text(PROBE_PAGE, encoding="utf-8")
    (site / "layout-probe.html").write_text(LAYOUT_PAGE, encoding="utf-8")
    handler = functools.partial(SiteHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        server.requested = []
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="docs-http")
        thread.start()
        try:
            yield server, f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()  # from this thread, not the serving one
            thread.join()  # blocking


@pytest.fixture
def browser(tmp_path):
    """load(url, *flags, screenshot=None) -> (the DOM after scripts ran, Chromium's net log)."""
    runs = iter(range(1000))

    def load(url, *flags, screenshot=None):
        run = next(runs)
        netlog = tmp_path / f"netlog-{run}.json"
        command = [CHROMIUM, *BROWSER, f"--user-data-dir={tmp_path / f'profile-{run}'}",
                   f"--log-net-log={netlog}", *flags]
        if screenshot:
            command.append(f"--screenshot={screenshot}")
        result = subprocess.run([*command, "--dump-dom", url], check=False, capture_output=True,
                                text=True, timeout=BROWSER_TIME_LIMIT)
        assert result.returncode == 0, f"Chromium failed on {url}:\n{result.stderr[-2000:]}"
        return result.stdout, json.loads(netlog.read_text(encoding="utf-8"))
    return load


def page_requests(netlog, origin):
    """The URLs that pages of the site asked for (not Chromium's own background requests)."""
    names = {number: name for name, number in netlog["constants"]["logEventTypes"].items()}
    site = urllib.parse.urlsplit(origin)
    asked = []
    for event in netlog["events"]:
        params = event.get("params", {})
        if names.get(event["type"]) == "URL_REQUEST_START_JOB" and \
                params.get("network_isolation_key", "").startswith(f"{site.scheme}://{site.hostname}"):
            asked.append(params["url"])
    return asked


def assert_only_the_site_was_asked(netlog, origin):
    asked = page_requests(netlog, origin)
    assert any(url.endswith("mermaid.min.js") for url in asked), "the log shows no page request"
    assert [url for url in asked if not url.startswith(origin)] == []


def assert_looks_like_a_light_page(screenshot):
    """Not blank, the theme's indigo header on top, a white page below it."""
    from PIL import Image, ImageStat

    with Image.open(screenshot) as image:
        picture = image.convert("RGB")
    assert max(ImageStat.Stat(picture).stddev) > 10, "the screenshot is blank"
    assert picture.getpixel((5, 5)) == INDIGO_HEADER
    assert picture.getpixel((5, picture.height // 4)) == (255, 255, 255), "not light mode"


def drawn_diagrams(dom):
    """The diagrams of a page after its scripts ran: (state, the SVG) for each.

    diagrams.js marks each one data-drawn="yes" with Mermaid's SVG inside, or "error"; a
    diagram that was never looked at keeps no mark, and fails here.
    """
    assert '<div class="diagram">' not in dom, "a diagram was never drawn"
    found = []
    for chunk in dom.split('<div class="diagram" data-drawn="')[1:]:
        state, _, inside = chunk.partition('">')
        found.append((state, inside[:inside.find("</svg>") + len("</svg>")]))
    return found


def probe(browser, base, targets, *flags):
    """Which of targets the probe page could fetch: {url: "reached" or "unreachable"}."""
    fragment = urllib.parse.quote(json.dumps(targets))
    dom, _netlog = browser(f"{base}offline-probe.html#{fragment}", *flags)
    lines = html.unescape(re.search(r'<pre id="out">(.*?)</pre>', dom, re.DOTALL)[1]).splitlines()
    return {url: state for state, url in (line.split(" ", 1) for line in lines)}


def layout(browser, base, path, width=1280):
    """What LAYOUT_PAGE measured on the page at path, seen in a window width pixels wide."""
    fragment = urllib.parse.quote(json.dumps({"page": f"{base}{path}", "width": width}))
    dom, _netlog = browser(f"{base}layout-probe.html#{fragment}", *OFFLINE,
                           f"--window-size={width + 20},1700")
    measured = html.unescape(re.search(r'<pre id="out">(.*?)</pre>', dom, re.DOTALL)[1])
    assert measured != "waiting", f"the page {path} did not finish loading"
    return json.loads(measured)


def test_the_browser_reaches_127_0_0_1_and_nothing_else(site_url, browser):
    server, base = site_url
    port = server.server_address[1]
    outside = f"http://{OUTSIDE}:{port}/ping-from-outside"  # our own server, by another name
    targets = [f"{base}index.html", outside, "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
               "http://192.0.2.1/"]  # a CDN, and a literal address (TEST-NET, never local)

    blocked = probe(browser, base, targets, *OFFLINE, *MAP_OUTSIDE)
    assert blocked == {targets[0]: "reached", outside: "unreachable",
                       targets[2]: "unreachable", targets[3]: "unreachable"}
    assert "/ping-from-outside" not in server.requested

    # The control: without the dead proxy the same name reaches the same server. So it is
    # the proxy that stops it, not a missing network.
    control = probe(browser, base, targets[:2], *MAP_OUTSIDE)
    assert control == {targets[0]: "reached", outside: "reached"}
    assert "/ping-from-outside" in server.requested


def test_the_home_page_tells_how_to_get_the_course_and_links_to_chapter_01(site_url, browser):
    _server, base = site_url
    dom, _netlog = browser(base, *OFFLINE)
    article = dom.split("<article", 1)[1].split("</article>", 1)[0]
    top = visible_text(article)[:1500]  # near the top: before the long sections
    assert "Get the course" in top and "git clone" in top and "clone this repository" in top
    assert "student bundle" in top
    link = re.search(r'<a href="([^"]+)">chapter 01\b', article)
    assert link, "no link that says chapter 01"
    target = urllib.parse.urljoin(base, html.unescape(link[1]))
    chapter, _netlog = browser(target, *OFFLINE)
    assert "<title>01 · Raw sockets: an echo server from scratch - socketserver-edu</title>" \
        in chapter, f"the chapter 01 link leads to {target}, not to chapter 01"
    assert "jp-CodeCell" in chapter


@pytest.mark.parametrize("width", [1280, 800], ids=["wide", "narrow"])
def test_the_exercises_page_fits_its_tables_in_course_order(site_url, browser, width):
    _server, base = site_url
    measured = layout(browser, base, "exercises/", width)
    tables = measured["tables"]
    names = [row[0]["text"] for table in tables for row in table["rows"][1:]]
    assert names == [e.name for e in catalog()], "not in course order"
    for table in tables:
        assert [cell["text"] for cell in table["rows"][0]][-1] == "Check it"
        visible = table["visible"]["right"]
        assert table["scrollWidth"] <= table["clientWidth"] + 1, (
            f"a table is {table['scrollWidth']} px wide in {table['clientWidth']} px: "
            "its right part is cut off")
        for row in table["rows"][1:]:
            check_it = row[-1]
            assert check_it["text"].startswith("socketserver-edu check ")
            assert check_it["right"] <= visible + 1 and not check_it["cut"], (
                f"{check_it['text']!r} is cut off at the right edge")


def test_the_exercises_page_shows_no_note_for_maintainers(site_url, browser):
    _server, base = site_url
    dom, _netlog = browser(f"{base}exercises/", *OFFLINE)
    article = dom.split("<article", 1)[1].split("</article>", 1)[0]
    shown = visible_text(re.sub(r"<!--.*?-->", "", article, flags=re.DOTALL))
    assert "Generated" not in shown and "build time" not in shown
    assert 'class="admonition' not in article


DIAGRAM_PAGES = ["api/", "concepts/", *(f"notebooks/{path.stem}/" for path in NOTEBOOKS)]
READABLE = 12  # px: the smallest text size a diagram may be shown at


def test_diagrams_keep_their_natural_size_and_scroll_when_wide(site_url, browser):
    _server, base = site_url
    seen, wide = [], []
    for path in DIAGRAM_PAGES:
        for diagram in layout(browser, base, path)["diagrams"]:
            assert diagram["state"] == "yes", f"a diagram of {path} was not drawn"
            name = f"a {diagram['kind']} of {path} ({diagram['natural']:.0f} px wide)"
            seen.append(name)
            assert diagram["shown"] >= diagram["natural"] - 1, (
                f"{name} is shrunk to {diagram['shown']:.0f} px")
            assert diagram["font"] >= READABLE, (
                f"{name} shows its text {diagram['font']:.1f} px high: too small to read")
            if diagram["natural"] > diagram["box"]["width"] + 1:
                wide.append(name)
                assert diagram["overflowX"] in ("auto", "scroll") and \
                    diagram["scrollWidth"] >= diagram["natural"] - 1, f"{name} does not scroll"
            assert diagram["emptyCompartments"] == 0, (
                f"{name} has {diagram['emptyCompartments']} class boxes with an empty compartment")
    assert any("classDiagram" in name for name in seen), "no class diagram was checked"
    assert wide, "no diagram is wider than the page: the scrolling was not checked"


def test_code_cells_are_as_wide_as_the_prose_and_scroll_long_lines(site_url, browser):
    _server, base = site_url
    long_lines = 0
    for path in NOTEBOOKS:
        measured = layout(browser, base, f"notebooks/{path.stem}/")
        prose, content = measured["prose"], measured["content"]
        assert measured["code"], f"{path.stem} shows no code cell"
        for cell in measured["code"]:
            editor = cell["editor"]
            assert editor["left"] <= prose["left"] + 1 and editor["right"] >= prose["right"] - 1, (
                f"a code cell of {path.stem} spans {editor['left']:.0f}-{editor['right']:.0f} px,"
                f" the prose {prose['left']:.0f}-{prose['right']:.0f} px")
            scroller = cell["overflow"]
            if scroller:
                long_lines += 1
                assert scroller["overflowX"] in ("auto", "scroll"), (
                    f"a long line of {path.stem} is clipped (overflow-x: "
                    f"{scroller['overflowX']}), not scrolled")
                assert scroller["box"]["right"] <= content["right"] + 1
                assert scroller["box"]["width"] >= prose["width"] - 2, (
                    f"a long line of {path.stem} scrolls in a box narrower than the prose")
    assert long_lines, "no code cell has a line too long for it: the scrolling was not checked"


def test_the_home_page(site_url, browser, tmp_path):
    _server, base = site_url
    screenshot = tmp_path / "home.png"
    dom, netlog = browser(base, *OFFLINE, screenshot=screenshot)
    assert "<title>socketserver-edu</title>" in dom
    assert re.search(r"<h1[^>]*>socketserver-edu", dom)
    assert "make test" in visible_text(dom) and "make lab" in visible_text(dom)
    assert 'data-md-type="copy"' in dom, "no copy button on the code blocks"
    assert_only_the_site_was_asked(netlog, base)
    assert f"{base}search/search_index.json" in page_requests(netlog, base), "search did not load"
    assert_looks_like_a_light_page(screenshot)


def test_a_chapter_shows_its_code_cells_with_their_output_and_its_diagrams(site_url, browser,
                                                                           tmp_path):
    _server, base = site_url
    notebook = ROOT / "notebooks" / "02_sync_server.ipynb"
    screenshot = tmp_path / "chapter.png"
    dom, netlog = browser(f"{base}notebooks/{notebook.stem}/", *OFFLINE, screenshot=screenshot)
    assert "<title>02 · A synchronous server: BaseServer and TCPServer - socketserver-edu</title>" \
        in dom
    source, printed = first_cell_with_printed_output(notebook)
    cells = dom.split('<div class="jp-Cell jp-CodeCell')[1:]
    assert any(source in visible_text(cell.split("jp-OutputArea")[0]) and
               printed in visible_text(cell.split("jp-OutputArea", 1)[1])
               for cell in cells if "jp-OutputArea" in cell), \
        f"no code cell shows {source!r} with its output {printed!r}"
    diagrams = drawn_diagrams(dom)
    assert len(diagrams) == mermaid_fences(notebook)
    assert all(state == "yes" and inside.startswith("<svg") for state, inside in diagrams)
    assert_only_the_site_was_asked(netlog, base)
    assert_looks_like_a_light_page(screenshot)


def first_cell_with_printed_output(path):
    """(first source line, first printed line) of the first code cell that prints."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            printed = [ln for ln in "".join(output.get("text", "")).splitlines() if ln.strip()]
            source = [ln for ln in "".join(cell["source"]).splitlines() if ln.strip()]
            if output["output_type"] == "stream" and printed and source:
                return source[0].strip(), printed[0].strip()
    raise AssertionError(f"{path.name} has no code cell that prints")


def test_the_api_page_draws_the_class_hierarchy(site_url, browser, tmp_path):
    _server, base = site_url
    screenshot = tmp_path / "api.png"
    dom, netlog = browser(f"{base}api/", *OFFLINE, screenshot=screenshot)
    assert "<title>API reference - socketserver-edu</title>" in dom
    diagrams = drawn_diagrams(dom)
    assert len(diagrams) >= 3
    assert all(state == "yes" and inside.startswith("<svg") for state, inside in diagrams)
    assert any("BaseServer" in visible_text(inside) and "TCPServer" in visible_text(inside)
               for _state, inside in diagrams)
    assert_only_the_site_was_asked(netlog, base)
    assert_looks_like_a_light_page(screenshot)


def test_the_concepts_page_draws_the_request_lifecycle(site_url, browser):
    _server, base = site_url
    dom, netlog = browser(f"{base}concepts/", *OFFLINE)
    diagrams = drawn_diagrams(dom)
    assert all(state == "yes" for state, _inside in diagrams)
    assert any("verify_request()" in visible_text(inside) and "handle()" in visible_text(inside)
               for _state, inside in diagrams), "the sequence diagram was not drawn"
    assert_only_the_site_was_asked(netlog, base)
