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

from tests.test_docs_build import ROOT, build_site, mermaid_fences, visible_text

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


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the site's files; remember each path asked for instead of logging it."""

    def log_message(self, format, *args):
        self.server.requested.append(self.path)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The built site (plus a probe page), served on 127.0.0.1 for the module's tests."""
    site = build_site(tmp_path_factory)[0]
    (site / "offline-probe.html").write_text(PROBE_PAGE, encoding="utf-8")
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
