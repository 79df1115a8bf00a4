// The diagram on a page: mount the server's SVG, zoom and pan it, and highlight nodes and edges
// by the stable ids the renderer gives them (n:NODE, e:FROM:TO, phase:I). Shared by the scenario
// page, presentation mode and the single-file export. It never computes paths or weights.
"use strict";
window.ScenarioDiagram = (function () {
  const SVGNS = "http://www.w3.org/2000/svg";

  function clean(root) {
    // The SVG comes from Graphviz, which escapes all text; drop anything active regardless.
    root.querySelectorAll("script, foreignObject").forEach((el) => el.remove());
    root.querySelectorAll("*").forEach((el) => {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on") || ((name === "href" || name === "xlink:href") && !attr.value.startsWith("#"))) {
          el.removeAttribute(attr.name);
        }
      }
    });
  }

  function parse(text) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = doc.documentElement;
    if (!svg || svg.nodeName !== "svg") return null;
    clean(svg);
    return document.importNode(svg, true);
  }

  function byId(svg, id) {
    // getElementById on the svg's document; ids contain ':' so no CSS selectors are needed.
    for (const el of svg.querySelectorAll("g[id]")) if (el.id === id) return el;
    return null;
  }

  function index(svg) {
    const map = new Map();
    svg.querySelectorAll("g[id]").forEach((el) => map.set(el.id, el));
    return map;
  }

  function nodeIdOf(el) {
    const g = el.closest("g.node");
    return g && g.id.startsWith("n:") ? g.id.slice(2) : null;
  }

  function highlight(svg, kind, nodes, edges) {
    const map = index(svg);
    svg.querySelectorAll(".on").forEach((el) => el.classList.remove("on"));
    svg.classList.remove("lit", "lit-path", "lit-play", "lit-where");
    if (!kind) return 0;
    let found = 0;
    (nodes || []).forEach((n) => { const el = map.get("n:" + n); if (el) { el.classList.add("on"); found++; } });
    (edges || []).forEach(([a, b]) => {
      const el = map.get("e:" + a + ":" + b) || map.get("e:" + a + ":more-" + b);
      if (el) el.classList.add("on");
    });
    // A folded subtree: light the stub a lit path runs into.
    (edges || []).forEach(([a, b]) => {
      if (map.has("n:" + a) && !map.has("n:" + b)) { const stub = map.get("n:more-" + b); if (stub) stub.classList.add("on"); }
    });
    svg.classList.add("lit", "lit-" + kind);
    return found;
  }

  // Swap the words that follow the assumptions (texts from the server: edge weight lines by
  // edge id, stub labels by node id, the notes under the title) from `before` to `after`.
  // Lines are found in order by their old words; centred lines keep their centre.
  function swapTexts(svg, before, after) {
    if (!svg || !before || !after) return;
    const map = index(svg), jobs = [];
    const plan = (group, olds, news, centred, only) => {
      if (!group || !olds || !news || olds.length !== news.length) return;
      const texts = Array.from(group.querySelectorAll(only || "text"));
      let from = 0;
      olds.forEach((old, i) => {
        let k = from;
        while (k < texts.length && texts[k].textContent !== old) k++;
        if (k === texts.length) return;
        if (news[i] !== old) jobs.push({ el: texts[k], text: news[i], centred });
        from = k + 1;
      });
    };
    for (const [id, lines] of Object.entries(after.edges || {})) plan(map.get(id), (before.edges || {})[id], lines, true, "text[font-size='10.00']");
    for (const [id, label] of Object.entries(after.stubs || {})) {
      const old = (before.stubs || {})[id];
      if (old !== undefined) plan(map.get(id), [old], [label], true);
    }
    const graph = svg.querySelector("g.graph");
    if (graph) plan(graph, before.notes, after.notes, false, ":scope > text");
    // A centred line is anchored at its middle the first time it changes (one measurement,
    // for all lines at once), so later changes need no layout work at all.
    const fresh = jobs.filter((j) => j.centred && !j.el.hasAttribute("data-mid") && j.el.x.baseVal.numberOfItems);
    const widths = fresh.map((j) => j.el.getComputedTextLength());
    fresh.forEach((j, i) => {
      j.el.x.baseVal.getItem(0).value += widths[i] / 2;
      j.el.setAttribute("text-anchor", "middle");
      j.el.setAttribute("data-mid", "");
    });
    jobs.forEach((j) => { j.el.textContent = j.text; });
  }

  function chain(nodes) {
    const out = [];
    for (let i = 0; i + 1 < nodes.length; i++) out.push([nodes[i], nodes[i + 1]]);
    return out;
  }

  function baseBox(svg) {
    const vb = svg.viewBox.baseVal;
    if (vb && vb.width) return { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    return { x: 0, y: 0, w: svg.width.baseVal.value || 100, h: svg.height.baseVal.value || 100 };
  }

  function graphMatrix(svg) {
    const g = svg && svg.querySelector("g.graph");
    const m = g && g.transform.baseVal.consolidate();
    return m ? m.matrix : { a: 1, d: 1, e: 0, f: 0 };
  }

  // The smallest text the map means to be read (its node and edge labels), in the drawing's units.
  function smallestLabel(svg) {
    let least = Infinity;
    svg.querySelectorAll("g.node text, g.edge text").forEach((el) => {
      const size = parseFloat(el.getAttribute("font-size"));
      if (el.textContent.trim() && size > 0) least = Math.min(least, size);
    });
    return isFinite(least) ? least : 14;
  }

  // The size (CSS px) a label must have to be read: 18 on a window as wide as a 1920x1080 projector's (from 1800 px),
  // down to 12 on a phone.
  function readablePx() { return Math.min(18, Math.max(12, window.innerWidth / 100)); }

  // Where the map begins: the first node no edge leads into (the legend and folded stubs aside).
  function firstNode(svg) {
    const into = new Set();
    svg.querySelectorAll("g.edge[id^='e:']").forEach((g) => into.add(g.id.split(":")[2]));
    for (const g of svg.querySelectorAll("g.node[id^='n:']")) {
      const id = g.id.slice(2);
      if (!id.startsWith("legend") && !id.startsWith("more-") && !into.has(id)) return g;
    }
    return null;
  }

  // Zoom and pan by moving the viewBox; the drawing keeps its own coordinates.
  class PanZoom {
    constructor(container) {
      this.container = container;
      this.svg = null;
      this.box = null;
      this.base = null;
      container.addEventListener("wheel", (e) => {
        if (!this.svg) return;
        e.preventDefault();
        const p = this.point(e.clientX, e.clientY);
        this.zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
      }, { passive: false });
      let drag = null;
      container.addEventListener("pointerdown", (e) => {
        if (!this.svg || e.button !== 0) return;
        drag = { x: e.clientX, y: e.clientY, box: { ...this.box }, moved: false };
      });
      container.addEventListener("pointermove", (e) => {
        if (!drag) return;
        const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
        if (!drag.moved) { drag.moved = true; container.classList.add("dragging"); container.setPointerCapture(e.pointerId); }
        const scale = this.scale();
        this.set({ ...drag.box, x: drag.box.x - dx * scale, y: drag.box.y - dy * scale });
      });
      const end = (e) => {
        if (drag && drag.moved) {
          container.classList.remove("dragging");
          this.justDragged = true;
          setTimeout(() => { this.justDragged = false; }, 0);
        }
        drag = null;
      };
      container.addEventListener("pointerup", end);
      container.addEventListener("pointercancel", end);
      container.addEventListener("keydown", (e) => {
        if (!this.svg || e.target !== container) return;
        const step = 60 * this.scale();
        const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
        if (moves[e.key]) { this.set({ ...this.box, x: this.box.x + moves[e.key][0], y: this.box.y + moves[e.key][1] }); }
        else if (e.key === "+" || e.key === "=") this.zoom(1.25);
        else if (e.key === "-") this.zoom(1 / 1.25);
        else if (e.key === "0") this.fit();
        else return;
        e.preventDefault();
      });
    }
    scale() {
      const r = this.container.getBoundingClientRect();
      return Math.max(this.box.w / Math.max(r.width, 1), this.box.h / Math.max(r.height, 1));
    }
    point(cx, cy) {
      const r = this.container.getBoundingClientRect();
      const s = this.scale();
      const offx = (this.box.w - r.width * s) / 2, offy = (this.box.h - r.height * s) / 2;
      return { x: this.box.x + offx + (cx - r.left) * s, y: this.box.y + offy + (cy - r.top) * s };
    }
    attach(svg, keepView) {
      const old = this.base;
      this.svg = svg;
      this.base = baseBox(svg);
      this.label = smallestLabel(svg) * graphMatrix(svg).a;
      svg.removeAttribute("width");
      svg.removeAttribute("height");
      svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
      const same = old && Math.abs(old.w - this.base.w) < 1 && Math.abs(old.h - this.base.h) < 1;
      if (keepView && this.box && (same || keepView === "always")) this.set(this.box); else this.start();
    }
    start() {
      // The whole map when its labels are readable fitted to the box; otherwise its start (the first node) at a
      // readable size, the rest reached by panning, the phases, or Fit.
      const r = this.container.getBoundingClientRect();
      if (!r.width || !r.height || this.legibleWhole()) { this.fit(); return; }
      const root = firstNode(this.svg);
      const at = root ? this.boxOf(root) : { x: this.base.x, y: this.base.y, w: 0, h: 0 };
      this.readableFrom(at, at);
    }
    legibleWhole() {
      const r = this.container.getBoundingClientRect();
      return Math.min(r.width / this.base.w, r.height / this.base.h) * this.label >= readablePx();
    }
    readableFrom(region, anchor) {
      // A view at the readable size that begins at `region`'s left edge (top edge on a map drawn top to bottom,
      // that is, taller than the box) and is centred across on `anchor`, kept within the map.
      const r = this.container.getBoundingClientRect();
      const per = this.label / (readablePx() * 1.02);  // drawing units per CSS px, a little inside the limit
      const w = r.width * per, h = r.height * per, b = this.base, pad = 12;
      const across = this.across();
      let x = across ? region.x - pad : anchor.x + anchor.w / 2 - w / 2;
      let y = across ? anchor.y + anchor.h / 2 - h / 2 : region.y - pad;
      // near the map's own edge, begin at that edge (a title or legend there is not cut)
      if (across && x - b.x < w / 4) x = b.x;
      if (!across && y - b.y < h / 4) y = b.y;
      const keep = (v, lo, span, size) => (size >= span ? lo + (span - size) / 2 : Math.min(Math.max(v, lo), lo + span - size));
      x = keep(x, b.x, b.w, w); y = keep(y, b.y, b.h, h);
      this.set({ x, y, w, h });
    }
    across() {
      // A map wider than the box (left to right) begins at its left edge; a taller one (top to bottom) at its top.
      const r = this.container.getBoundingClientRect();
      return this.base.w / this.base.h >= r.width / Math.max(r.height, 1);
    }
    boxOf(el) {
      // An element's box in the drawing's coordinates (getBBox is in its user space; Graphviz puts all under one transform).
      const bb = el.getBBox(), m = graphMatrix(this.svg);
      return { x: bb.x * m.a + m.e, y: bb.y * m.d + m.f, w: bb.width * m.a, h: bb.height * m.d };
    }
    set(box) {
      this.box = box;
      if (this.svg) this.svg.setAttribute("viewBox", `${box.x} ${box.y} ${box.w} ${box.h}`);
      if (this.onview) this.onview(box);
    }
    fit() { if (this.base) this.set({ ...this.base }); }
    zoom(factor, cx, cy) {
      const b = this.box;
      if (cx === undefined) { cx = b.x + b.w / 2; cy = b.y + b.h / 2; }
      const w = b.w / factor, h = b.h / factor;
      if (w > this.base.w * 4 || w < 20) return;
      this.set({ x: cx - (cx - b.x) / factor, y: cy - (cy - b.y) / factor, w, h });
    }
    focus(elements, pad) {
      // Fit the view to some elements (a node and its neighbours, a phase).
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const el of elements) {
        if (!el) continue;
        const b = this.boxOf(el);
        x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h);
      }
      if (!isFinite(x0)) return;
      pad = pad || 20;
      const box = { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
      const r = this.container.getBoundingClientRect();
      if (r.width && Math.min(r.width / box.w, r.height / box.h) * this.label < readablePx()) {
        // too far apart to be read together: the first of them at a readable size, the others reached by panning
        const first = this.boxOf(elements.find(Boolean));
        this.readableFrom(first, first);
        return;
      }
      this.set(box);
    }
  }

  // --- a map drawn at a readable size on part of it: its phases (Graphviz clusters phase:I, found by their title) --
  function clusterOf(svg, title) {
    if (!svg) return null;
    for (const g of svg.querySelectorAll("g.cluster[id^='phase:']")) {
      const label = g.querySelector("text");
      if (label && label.textContent === title) return g;
    }
    return null;
  }

  // Go to a phase: its entry (its first node along the map) at a readable size.
  function goToPhase(pz, title) {
    const cluster = clusterOf(pz.svg, title);
    if (!cluster) return;
    const box = pz.boxOf(cluster), across = pz.across();
    let entry = null, best = Infinity;
    pz.svg.querySelectorAll("g.node[id^='n:']").forEach((g) => {
      const b = pz.boxOf(g), cx = b.x + b.w / 2, cy = b.y + b.h / 2;
      if (cx < box.x || cx > box.x + box.w || cy < box.y || cy > box.y + box.h) return;
      const along = across ? b.x : b.y;
      if (along < best) { best = along; entry = b; }
    });
    pz.readableFrom(box, entry || box);
    pz.container.focus({ preventScroll: true });
  }

  // The phase under the middle of the view (the nearest one when the middle falls between them).
  function phaseInView(pz, titles, view) {
    const cx = view.x + view.w / 2, cy = view.y + view.h / 2;
    let here = null, best = Infinity;
    for (const title of titles) {
      const c = clusterOf(pz.svg, title);
      if (!c) continue;
      const b = pz.boxOf(c);
      const d = Math.max(b.x - cx, 0, cx - b.x - b.w) + Math.max(b.y - cy, 0, cy - b.y - b.h);
      if (d < best) { best = d; here = title; }
    }
    return here;
  }

  // A strip of the drawn phases, each a button going to it, the one in view marked (aria-current) as the view moves.
  function phaseStrip(pz, strip, phases) {
    const h = window.h, t = window.t;
    const drawn = phases.map((p) => p.title).filter((title) => clusterOf(pz.svg, title));
    strip.hidden = !drawn.length;
    strip.replaceChildren(h("span", { class: "phase-strip-label", text: t("Phases:") }),
      ...drawn.map((title, i) => h("button", { type: "button", "data-title": title, onclick: () => goToPhase(pz, title) },
        h("span", { class: "phase-n", text: String(i + 1) }), " " + title)));
    const mark = (view) => {
      const here = phaseInView(pz, drawn, view);
      strip.querySelectorAll("button").forEach((b) => {
        if (b.dataset.title === here) b.setAttribute("aria-current", "location"); else b.removeAttribute("aria-current");
      });
    };
    pz.onview = drawn.length ? mark : null;
    if (pz.box && drawn.length) mark(pz.box);
  }

  return { parse, byId, index, nodeIdOf, highlight, swapTexts, chain, readablePx, clusterOf, goToPhase, phaseStrip, PanZoom, SVGNS };
})();
