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

  // A class box has three compartments: its name, its attributes, its methods. Mermaid
  // draws the attributes' and the methods' even when one of them is empty (its option
  // hideEmptyMembersBox only helps a class that has neither), so a class with attributes
  // and no methods ends in an empty strip. Take away the line that opens an empty one.
  function hideEmptyCompartments(box) {
    for (const node of box.querySelectorAll("g.node")) {
      const members = node.querySelector(":scope > g.members-group");
      const methods = node.querySelector(":scope > g.methods-group");
      const dividers = node.querySelectorAll(":scope > g.divider");
      if (!members || !methods || dividers.length !== 2) {
        continue;
      }
      if (methods.childElementCount === 0) {
        dividers[1].remove();  // the line above the methods
      } else if (members.childElementCount === 0) {
        dividers[0].remove();  // the line above the attributes
      }
    }
  }

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
      // Natural size: a wide diagram scrolls sideways in its box (site.css) instead of
      // shrinking to fit the page, which made the text of a wide one about 6 px high.
      flowchart: { useMaxWidth: false },
      sequence: { useMaxWidth: false },
      state: { useMaxWidth: false },
      class: { useMaxWidth: false, hideEmptyMembersBox: true },
    });
    for (const box of boxes) {
      const source = box.textContent;
      try {
        const { svg } = await mermaid.render(`diagram-${drawn++}`, source);
        box.innerHTML = svg;
        hideEmptyCompartments(box);
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
