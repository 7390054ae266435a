// Draw the Mermaid diagrams of a page with the copy of Mermaid this site serves
// (mermaid.min.js, next to this file), so diagrams work without the internet.
//
// A diagram is a <div class="diagram"> holding Mermaid source: Markdown ```mermaid fences
// become one (mkdocs.yml, superfences), and so do the diagrams in notebook outputs
// (docs/hooks.py). The SVG replaces the source inside the div, in the page itself.
// Not the theme's own Mermaid support: it loads Mermaid from a CDN and draws into a
// closed shadow root, out of reach of tests and of the browser's find-in-page.
(function () {
  "use strict";

  let drawn = 0;  // every SVG needs an id of its own

  async function drawDiagrams() {
    const boxes = document.querySelectorAll("div.diagram:not([data-drawn])");
    if (boxes.length === 0) {
      return;
    }
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "default",
      suppressErrorRendering: true,  // report a bad diagram here, not as a bomb at the page end
      class: { hideEmptyMembersBox: true },
    });
    for (const box of boxes) {
      const source = box.textContent;
      try {
        const { svg } = await mermaid.render(`diagram-${drawn++}`, source);
        box.innerHTML = svg;
        box.dataset.drawn = "yes";
      } catch (error) {
        // Keep the source readable and say why it was not drawn.
        const shown = document.createElement("pre");
        shown.textContent = `${source}\n\n(diagram not drawn: ${error})`;
        box.replaceChildren(shown);
        box.dataset.drawn = "error";
      }
    }
  }

  // The theme announces every page it shows on document$; without the theme, wait for the DOM.
  if (typeof document$ !== "undefined") {
    document$.subscribe(drawDiagrams);
  } else {
    document.addEventListener("DOMContentLoaded", drawDiagrams);
  }
})();
