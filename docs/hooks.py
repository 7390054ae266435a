"""Build-time hooks for the course website (listed under ``hooks:`` in mkdocs.yml).

What they do, so that nothing on the site is kept by hand where the code can say it:

- The chapters: every ``notebooks/NN_slug.ipynb`` becomes the page ``notebooks/NN_slug/``,
  read in place (no copy of the notebook in docs/). mkdocs-jupyter renders it from its
  stored outputs.
- The exercises page, ``exercises.md``, is written from the exercise catalog, in course
  order, one section per chapter.
- ``<!-- class-diagram: NAME -->`` in a page becomes a Mermaid class diagram of the
  package's real classes (NAME: servers, handlers, or a class and its ancestors),
  ``<!-- mro: NAME -->`` that class's method resolution order, and
  ``<!-- ready-made-table -->`` a table of the ready-made servers and what they join.
- Docstrings name methods bare (``__exit__``); Markdown would make ``exit`` bold, so
  such names are shown as code (DunderNames).
- Notebook pages are made to work offline: nbconvert's loaders for MathJax and Mermaid
  point at CDNs, so they are taken out, and the Mermaid diagrams of cell outputs are
  handed to the site's own drawing script (docs/assets/javascripts/diagrams.js).
"""

import html
import importlib
import inspect
import logging
import posixpath
import re
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from course_tools.exercises import catalog

log = logging.getLogger("mkdocs.hooks.course")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CHAPTERS = NOTEBOOKS.name  # the site mirrors the repository: notebooks/NN_slug/
EXERCISES_PAGE = "exercises.md"


# --- Markdown: dunder names in docstrings -------------------------------------------------

class DunderNames(Extension):
    """Show a bare __name__ as code instead of a bold "name"."""

    def extendMarkdown(self, md):
        # Above the bold and italic patterns (priorities 60 and 50), below code spans.
        md.inlinePatterns.register(DunderName(r"(?<![\w`])(__[A-Za-z]\w*?__)(?!\w)", md),
                                   "dunder_name", 65)


class DunderName(InlineProcessor):
    def handleMatch(self, match, data):
        code = etree.Element("code")
        code.text = AtomicString(match[1])  # atomic: no further Markdown inside
        return code, match.start(0), match.end(0)


@event_priority(100)  # before mkdocstrings, which copies the extensions for the docstrings
def on_config(config):
    config.markdown_extensions.append(DunderNames())
    return config


# --- chapters and the exercises page --------------------------------------------------------

@event_priority(100)  # before mkdocs-jupyter, which picks the notebooks out of the files
def on_files(files, config):
    for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        # A real file whose "docs folder" is the repository root. Not File.generated():
        # mkdocs-jupyter's wrapper recomputes abs_src_path from src_dir, and loses it.
        files.append(File(f"{CHAPTERS}/{notebook.name}", src_dir=str(ROOT),
                          dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls))
    files.append(File.generated(config, EXERCISES_PAGE, content=exercises_page(config)))
    return files


def chapter_titles(config):
    """{chapter number: (page path, nav title)} for the chapters listed in the nav."""
    titles = {}

    def walk(items):
        for item in items:
            for title, target in (item.items() if isinstance(item, dict) else ()):
                if isinstance(target, list):
                    walk(target)
                elif target.startswith(f"{CHAPTERS}/"):
                    titles[Path(target).name[:2]] = (target, title)

    walk(config.nav or [])
    return titles


def on_nav(nav, config, files):
    """A chapter that exists but is missing from the nav is a mistake: say so (--strict fails)."""
    listed = {target for target, _title in chapter_titles(config).values()}
    for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        if f"{CHAPTERS}/{notebook.name}" not in listed:
            log.warning("notebooks/%s is not in the nav of mkdocs.yml: add it under 'The course'",
                        notebook.name)
    return nav


def escape_markdown(text):
    """Text from the exercise data, safe in Markdown: code spans kept, the rest escaped."""
    pieces = re.split(r"(`[^`]*`)", text)
    for i in range(0, len(pieces), 2):  # the even pieces are outside code spans
        plain = pieces[i]
        plain = re.sub(r"([\\*_\[\]|#])", r"\\\1", plain)
        pieces[i] = plain.replace("<", "&lt;").replace(">", "&gt;")
    return "".join(pieces)


def exercises_page(config):
    """The Markdown of the exercises index, from course_tools.exercises.catalog().

    In course order (chapter, then each exercise's place in its chapter), one section per
    chapter: a small table of its exercises, then each exercise with its hints folded away.
    """
    titles = chapter_titles(config)
    exercises = catalog()  # already in course order
    lines = [
        "# Exercises",
        "",
        # For maintainers, not shown on the page:
        "<!-- Written at build time by docs/hooks.py from exercises/*.toml "
        "(course_tools.exercises.catalog()): edit those, not this page. -->",
        "",
        f"{len(exercises)} exercises so far, in the order of the course. Each is a file",
        "`exercises/NN_slug.py` that you complete; its tests say what works. Check one with the",
        "command in the last column; the [student guide](student-guide.md#exercises) tells how",
        "checks, hints and solutions work.",
    ]
    chapters = {}
    for exercise in exercises:
        chapters.setdefault(exercise.chapter, []).append(exercise)
    for chapter, members in chapters.items():
        heading = f"Chapter {chapter}"
        if chapter in titles:
            target, title = titles[chapter]
            heading = f"[{escape_markdown(title)}]({target})"
        lines += ["", f"## {heading}", "",
                  '<div class="exercise-list" markdown>', "",
                  "| Exercise | What you build | Check it |",
                  "|---|---|---|"]
        for exercise in members:
            lines.append(f"| [`{exercise.name}`](#{exercise.name}) | "
                         f"{escape_markdown(exercise.title)} | "
                         f"`socketserver-edu check {exercise.name}` |")
        lines += ["", "</div>"]
        for exercise in members:
            count = len(exercise.hints)
            lines += [
                "",
                f"### `{exercise.name}` {{ #{exercise.name} }}",
                "",
                f"**{escape_markdown(exercise.title)}**",
                "",
                (f"Your file: `exercises/{exercise.name}.py` · "
                 f"{count} hint{'s' if count != 1 else ''}"
                 f" · check it with `socketserver-edu check {exercise.name}`"),
            ]
            for number, hint in enumerate(exercise.hints, start=1):
                lines += ["", f'??? tip "Hint {number} of {count}"',
                          f"    {escape_markdown(hint)}"]
    return "\n".join(lines) + "\n"


# --- class diagrams and tables drawn from the package -----------------------------------

MODULES = ("servers", "handlers", "mixins", "combined", "wakeup", "pool", "evented",
           "tracing", "lines")


def package_classes():
    """{name: class} for every public class defined in the package's modules."""
    found = {}
    for module_name in MODULES:
        module = importlib.import_module(f"socketserver_edu.{module_name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == module.__name__ \
                    and not name.startswith("_"):
                found[name] = value
    return found


def is_mixin(cls):
    return cls.__name__.endswith("MixIn")


def is_ready_made(cls):
    """A server made by joining mixins to a server class, like ThreadingTCPServer."""
    from socketserver_edu.servers import BaseServer
    return issubclass(cls, BaseServer) and any(is_mixin(base) for base in cls.__bases__)


def chosen_classes(name, classes):
    """The classes that the diagram called name shows: a family, or one class and its ancestors."""
    from socketserver_edu.evented import EventHandler
    from socketserver_edu.handlers import BaseRequestHandler
    from socketserver_edu.servers import BaseServer

    if name == "servers":  # the socket servers, without the ready-made combinations
        return [c for c in classes.values() if issubclass(c, BaseServer)
                and not any(is_mixin(a) for a in c.__mro__)]
    if name == "handlers":
        return [c for c in classes.values() if issubclass(c, (BaseRequestHandler, EventHandler))]
    if name in classes:
        return [c for c in classes[name].__mro__ if c in classes.values()]
    raise LookupError(f"no class diagram called {name!r}: use servers, handlers or a class name")


def class_diagram(name):
    """A Mermaid classDiagram: an arrow from each chosen class to each of its chosen bases."""
    shown = chosen_classes(name, package_classes())
    lines = ["classDiagram"]
    for cls in shown:
        lines.append(f"    class {cls.__name__}")
        if is_mixin(cls):
            lines.append(f"    <<mixin>> {cls.__name__}")
    for cls in shown:
        for base in cls.__bases__:
            if base in shown:
                lines.append(f"    {base.__name__} <|-- {cls.__name__}")
    return f"```mermaid\n{chr(10).join(lines)}\n```"


def ready_made_table(page):
    """A Markdown table of the ready-made servers: each one's bases, mixins first, in order."""
    here = posixpath.dirname(page.file.src_uri)
    rows = ["| Server | is made of (in this order) | module |", "|---|---|---|"]
    for cls in package_classes().values():
        if is_ready_made(cls):
            parts = " + ".join(f"`{base.__name__}`" for base in cls.__bases__)
            module = cls.__module__.removeprefix("socketserver_edu.")
            link = posixpath.relpath(f"api/{module}.md", here or ".")
            rows.append(f"| `{cls.__name__}` | {parts} | [`{module}`]({link}) |")
    return "\n".join(rows)


def method_resolution_order(name):
    """The MRO of a package class, as the arrow-joined names Python searches in order."""
    classes = package_classes()
    if name not in classes:
        raise LookupError(f"no class called {name!r} in the package")
    return " → ".join(f"`{cls.__name__}`" for cls in classes[name].__mro__)


MARKER = re.compile(r"<!--\s*(class-diagram|ready-made-table|mro):?\s*([\w-]*)\s*-->")


def on_page_markdown(markdown, page, config, files):
    def replace(match):
        try:
            if match[1] == "class-diagram":
                return class_diagram(match[2])
            if match[1] == "mro":
                return method_resolution_order(match[2])
            return f"\n{ready_made_table(page)}\n"  # a table needs blank lines around it
        except LookupError as problem:
            log.warning("%s: %s", page.file.src_uri, problem)
            return match[0]
    return MARKER.sub(replace, markdown)


# --- notebook pages, offline ---------------------------------------------------------------

# nbconvert's template adds these; each loads a script from a CDN.
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->",
                     re.DOTALL)
MERMAID_LOADER = re.compile(r'<script type="module">\s*document\.addEventListener\('
                            r'"DOMContentLoaded".*?<!-- End of mermaid configuration -->',
                            re.DOTALL)
# nbconvert's rendering of a ```mermaid fence, in a markdown cell or a markdown output.
NB_MERMAID = re.compile(r'<div class="jp-Mermaid"><pre class="mermaid">(.*?)</pre></div>',
                        re.DOTALL)


HEADING = re.compile(r'<h[1-6][^>]*\bid="([^"]+)"[^>]*>(.*?)</h[1-6]>', re.DOTALL)
ANCHOR_LINK = re.compile(r'<a class="anchor-link".*?</a>', re.DOTALL)


def on_page_content(content, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    content = MATHJAX.sub("", content)
    content = MERMAID_LOADER.sub("", content)

    def diagram(match):
        source = html.unescape(match[1]).strip()
        return f'<div class="diagram">{html.escape(source)}</div>'
    content = NB_MERMAID.sub(diagram, content)
    mend_toc(page.toc, content)
    return content


def mend_toc(toc, content):
    """Make the table of contents match the headings: same text, same anchors.

    mkdocs-jupyter collects the titles and anchors without the headings' inline code:
    "3. When the handler raises: `handle_error`" is listed as "3. When the handler
    raises:", with an anchor that the page does not have. The headings come in the same
    order as the entries, so each entry takes the text and id of its heading.
    """
    entries = []

    def flatten(items):
        for item in items:
            entries.append(item)
            flatten(item.children)
    flatten(toc)
    headings = HEADING.findall(content)
    if len(headings) != len(entries):
        log.warning("the table of contents has %d entries for %d headings: left as it is",
                    len(entries), len(headings))
        return
    for item, (anchor, inner) in zip(entries, headings, strict=True):
        text = re.sub(r"<[^>]+>", "", ANCHOR_LINK.sub("", inner))
        item.id = anchor
        item.title = html.escape(html.unescape(text).strip(), quote=False)
