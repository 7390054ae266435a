"""The course website: `mkdocs build --strict` passes, and the built pages hold what they promise.

The site is built once per test process, into a temporary folder, from a temporary working
directory (so mkdocs-jupyter's cache, which lives in the working directory, is private to
the build and never shared between two test processes).
"""

import html
import json
import os
import re
import subprocess
import sys

import pytest

from course_tools.exercises import catalog
from tests.support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
API_MODULES = ("servers", "handlers", "mixins", "combined", "wakeup", "pool", "evented",
               "tracing", "lines")
BUILD_TIME_LIMIT = 120  # seconds; a build takes about 8

_builds = {}  # one build per test process, shared with test_docs_browser.py


def build_site(tmp_path_factory):
    """Build the site with --strict; return (site folder, the build's output). Built once."""
    if "site" not in _builds:
        work = tmp_path_factory.mktemp("docs-build")
        site = work / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict",
             "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
            check=False, cwd=work, env=env, capture_output=True, text=True,
            timeout=BUILD_TIME_LIMIT)
        _builds["site"] = (site, run.returncode, run.stdout + run.stderr)
    site, returncode, output = _builds["site"]
    if returncode != 0:
        pytest.fail(f"mkdocs build --strict failed (status {returncode}):\n{output[-3000:]}",
                    pytrace=False)
    return site, output


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory)[0]


def page(site, path):
    """The HTML of a built page, given its folder ("" for the home page)."""
    file = site / path / "index.html"
    assert file.exists(), f"the site has no page {path or '(home)'}/"
    return file.read_text(encoding="utf-8")


def visible_text(markup):
    """What a reader sees of some HTML, roughly: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def notebook(path):
    return json.loads(path.read_text(encoding="utf-8"))


def first_stream_output(path):
    """The first non-blank line printed by a code cell of the notebook at path."""
    for cell in notebook(path)["cells"]:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                for line in "".join(output["text"]).splitlines():
                    if line.strip():
                        return line.strip()
    return None


def mermaid_fences(path):
    """How many Mermaid diagrams a notebook holds, in its cells and its outputs."""
    count = 0
    for cell in notebook(path)["cells"]:
        texts = ["".join(cell["source"])] if cell["cell_type"] == "markdown" else []
        texts += ["".join(o.get("data", {}).get("text/markdown", ""))
                  for o in cell.get("outputs", [])]
        count += sum(text.count("```mermaid") for text in texts)
    return count


def test_the_strict_build_passes_without_warnings(tmp_path_factory):
    _site, output = build_site(tmp_path_factory)
    assert "WARNING" not in output, output


def test_there_is_a_chapter_for_every_notebook():
    assert len(NOTEBOOKS) >= 5, "chapters 01 to 05 should exist"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_chapter_page_shows_the_notebooks_stored_output(site, path):
    chapter = page(site, f"notebooks/{path.stem}")
    printed = first_stream_output(path)
    assert printed, f"{path.name} has no stored output: run `make notebooks`"
    assert printed in visible_text(chapter), f"the page does not show the output {printed!r}"
    assert "jp-OutputArea-output" in chapter
    assert (site / "notebooks" / path.stem / path.name).exists(), "the notebook download is missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_chapter_is_in_the_navigation(site, path):
    assert f'href="notebooks/{path.stem}/"' in page(site, "")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_diagrams_go_to_the_sites_own_mermaid(site, path):
    chapter = page(site, f"notebooks/{path.stem}")
    assert chapter.count('<div class="diagram">') == mermaid_fences(path)
    assert "jp-Mermaid" not in chapter, "a diagram was left to nbconvert's CDN loader"
    assert 'src=""' not in chapter, "nbconvert's empty MathJax script tag is still there"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_table_of_contents_link_of_a_chapter_leads_to_a_heading(site, path):
    chapter = page(site, f"notebooks/{path.stem}")
    anchors = set(re.findall(r'\bid="([^"]+)"', chapter))
    links = re.findall(r'href="#([^"]+)" class="md-nav__link"', chapter)
    assert links, "the chapter has no table of contents"
    assert [link for link in links if link not in anchors] == []


def test_the_exercises_page_lists_every_exercise_in_course_order_by_chapter(site):
    exercises_page = page(site, "exercises")
    exercises = catalog()  # in course order: chapter, then the toml's order
    assert exercises
    rows = [cells for cells in table_rows(exercises_page) if cells]
    assert rows == [[e.name, e.title, f"socketserver-edu check {e.name}"] for e in exercises]
    # One section per chapter, in order, each holding its own chapter's exercises.
    sections = re.split(r"<h2\b", exercises_page)[1:]
    chapters = sorted({e.chapter for e in exercises})
    assert len(sections) == len(chapters)
    for chapter, section in zip(chapters, sections, strict=True):
        listed = [cells[0] for cells in table_rows(section) if cells]
        assert listed == [e.name for e in exercises if e.chapter == chapter], chapter
    for exercise in exercises:
        # Each hint is there too, folded away.
        assert exercises_page.count(f"Hint {len(exercise.hints)} of {len(exercise.hints)}") >= 1
    assert exercises_page.count('<details class="tip">') == sum(len(e.hints) for e in exercises)


def test_the_exercises_page_shows_readers_no_note_for_maintainers(site):
    article = page(site, "exercises").split('<article', 1)[1].split("</article>", 1)[0]
    shown = visible_text(re.sub(r"<!--.*?-->", "", article, flags=re.DOTALL))
    assert "Generated" not in shown and "build time" not in shown and "catalog()" not in shown
    assert "admonition" not in article


def test_the_api_reference_documents_every_module(site):
    index = page(site, "api")
    assert "BaseServer" in visible_text(index)
    servers = page(site, "api/servers")
    assert 'id="socketserver_edu.servers.BaseServer"' in servers
    assert 'id="socketserver_edu.servers.BaseServer.serve_forever"' in servers
    for module in API_MODULES:
        assert f'id="socketserver_edu.{module}.' in page(site, f"api/{module}"), module


def test_the_class_diagrams_are_drawn_from_the_package(site):
    index = page(site, "api")
    diagrams = re.findall(r'<div class="diagram">(.*?)</div>', index, re.DOTALL)
    sources = [html.unescape(d) for d in diagrams]
    assert any("classDiagram" in s and "BaseServer <|-- BaseSocketServer" in s for s in sources)
    assert any("BaseRequestHandler <|-- StreamRequestHandler" in s for s in sources)
    assert "ThreadingMixIn` + `TCPServer" not in index  # the table is rendered, not raw Markdown
    assert "<code>ThreadingTCPServer</code>" in index


def test_the_concepts_page_has_the_request_lifecycle_and_the_class_trees(site):
    concepts = page(site, "concepts")
    sources = [html.unescape(d) for d in re.findall(r'<div class="diagram">(.*?)</div>',
                                                    concepts, re.DOTALL)]
    assert any(s.startswith("sequenceDiagram") and "verify_request()" in s for s in sources)
    assert sum(s.startswith("classDiagram") for s in sources) >= 3
    assert "ThreadingMixIn</code> → <code>TCPServer" in concepts  # the MRO, from the class


def test_the_deadlock_warning_and_the_hints_are_admonitions(site):
    for name in ("student-guide", "concepts"):
        assert re.search(r'class="admonition warning".*?shutdown', page(site, name), re.DOTALL)
    assert '<details class="tip">' in page(site, "exercises")  # collapsible


def test_code_blocks_get_copy_buttons(site):
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                       page(site, ""), re.DOTALL)
    assert "content.code.copy" in json.loads(config[1])["features"]


def test_search_covers_the_chapters(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    chapter_two = [doc for doc in index["docs"]
                   if doc["location"].startswith("notebooks/02_sync_server/")]
    assert any("serve_forever" in doc["text"] for doc in chapter_two)


def table_rows(markup):
    """The cells of every table row, as visible text."""
    return [[visible_text(cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.DOTALL)]
            for row in re.findall(r"<tr>.*?</tr>", markup, re.DOTALL)]


def test_the_glossary_gives_both_chinese_renderings(site):
    rows = {cells[0]: cells for cells in table_rows(page(site, "glossary")) if cells}
    for english, simplified, traditional in [("socket", "套接字", "通訊端"),
                                             ("server", "服务器", "伺服器"),
                                             ("thread", "线程", "執行緒"),
                                             ("process", "进程", "行程"),
                                             ("port", "端口", "連接埠"),
                                             ("datagram", "数据报", "資料包"),
                                             ("handler", "处理器", "處理器")]:
        assert simplified in rows[english][1] and traditional in rows[english][2], english


EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


def test_no_page_loads_a_script_a_stylesheet_or_an_image_from_the_internet(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for file in pages:
        markup = file.read_text(encoding="utf-8")
        loaded = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]*)\"", markup)
        loaded += [re.search(r'href="([^"]*)"', tag)[1]
                   for tag in re.findall(r"<link\b[^>]*>", markup)
                   if re.search(r'rel="(stylesheet|preload|modulepreload|icon)"', tag)]
        loaded += re.findall(r"<(?:img|iframe)\b[^>]*\bsrc=\"([^\"]*)\"", markup)
        external = [url for url in loaded if EXTERNAL.match(url)]
        assert external == [], f"{file.relative_to(site)} loads {external}"
        # Nor a CDN address anywhere, even inside an inline script (nbconvert's loaders).
        cdn = re.search(r"(https?:)?//(cdnjs\.cloudflare\.com|unpkg\.com|cdn\.jsdelivr\.net|"
                        r"fonts\.googleapis\.com)", markup)
        assert cdn is None, f"{file.relative_to(site)} mentions {cdn[0]}"
    for stylesheet in site.rglob("*.css"):
        text = stylesheet.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), stylesheet.name


def test_mermaid_is_served_by_the_site_itself(site):
    script = site / "assets" / "javascripts" / "mermaid.min.js"
    assert script.stat().st_size > 1_000_000  # the real library, not a stub
    assert (site / "assets" / "javascripts" / "mermaid.LICENSE.txt").exists()
    home = page(site, "")
    assert 'src="assets/javascripts/mermaid.min.js"' in home
    assert 'src="assets/javascripts/diagrams.js"' in home


def test_the_build_hooks_are_not_published(site):
    assert not (site / "hooks.py").exists()
    assert not list(site.rglob("__pycache__"))
