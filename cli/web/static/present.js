// Presentation mode: reveal the map step by step (phase by phase, or node by node along a path),
// each step fitted to a 16:9 slide so its text is large; arrow keys advance, Esc leaves.
"use strict";
(function () {
  const D = window.ScenarioDiagram, h = window.h;
  const data = JSON.parse(document.getElementById("present-data").textContent);
  const slide = document.getElementById("slide");
  const svg = slide.querySelector("svg");
  const caption = document.getElementById("caption");
  const pz = new D.PanZoom(slide);
  pz.attach(svg, false);
  const map = D.index(svg);
  const all = Array.from(svg.querySelectorAll("g.node, g.edge, g.cluster"));
  const byPhase = new Map();  // phase index -> node ids
  Object.values(data.nodes).forEach((n) => {
    if (n.phase === null) return;
    const i = data.phases.indexOf(n.phase);
    if (!byPhase.has(i)) byPhase.set(i, []);
    byPhase.get(i).push(n.id);
  });

  const steps = [];
  const t = window.t;
  steps.push({ title: t("The whole map"), sub: t("Arrow keys step through it"), els: null, on: null });
  if (data.path) {
    const ids = data.path.nodes;
    ids.forEach((id, i) => {
      const label = data.nodes[id].label;
      const sub = i < data.path.steps.length ? t("Then: {branch}", { branch: data.path.steps[i] }) : t("Outcome of path {number}", { number: data.path.number });
      steps.push({ title: label, sub, focus: [id, ids[i + 1]].filter(Boolean), on: ids.slice(0, i + 1) });
    });
  } else if (data.phases.length) {
    data.phases.forEach((p, i) => steps.push({ title: p, sub: t("Phase {number} of {count}", { number: i + 1, count: data.phases.length }), phase: i }));
  } else {
    // No phases: one step per node, in file order.
    Object.values(data.nodes).forEach((n) => steps.push({ title: n.label, sub: t(n.type), focus: [n.id], on: [n.id] }));
  }
  let at = 0;

  function visibleNodes(step) {
    if (step.phase !== undefined) {
      const upto = new Set();
      for (let i = 0; i <= step.phase; i++) (byPhase.get(i) || []).forEach((n) => upto.add(n));
      Object.values(data.nodes).forEach((n) => { if (n.phase === null) upto.add(n.id); });
      return upto;
    }
    return step.on ? new Set(step.on) : null;
  }

  function show() {
    const step = steps[at];
    caption.replaceChildren(step.title, h("small", { text: step.sub + " · " + t("step {number} of {count}", { number: at + 1, count: steps.length }) }));
    const shown = visibleNodes(step);
    const current = step.phase !== undefined ? new Set(byPhase.get(step.phase) || []) : new Set(step.focus || []);
    all.forEach((g) => { g.classList.remove("future", "past", "current"); });
    if (shown) {
      svg.querySelectorAll("g.node").forEach((g) => {
        const id = g.id.slice(2);
        if (!data.nodes[id] && !id.startsWith("more-")) return;  // legend
        if (!shown.has(id)) g.classList.add("future"); else if (!current.has(id)) g.classList.add("past"); else g.classList.add("current");
      });
      svg.querySelectorAll("g.edge").forEach((g) => {
        const [, a, b] = g.id.split(":");
        if (!(shown.has(a) && (shown.has(b) || current.has(a)))) g.classList.add("future");
      });
    }
    let focus = null;
    if (step.phase !== undefined) focus = [map.get("phase:" + step.phase)];
    else if (step.focus) focus = step.focus.map((id) => map.get("n:" + id));
    if (focus) fit(focus); else pz.fit();
  }

  function fit(els) {
    pz.focus(els, 30);
    // Never closer than MIN_WIDTH drawing units across: large text, but still a map, not one box.
    const MIN_WIDTH = 760;
    if (pz.box.w < MIN_WIDTH) { const b = pz.box; pz.set({ ...b, x: b.x - (MIN_WIDTH - b.w) / 2, w: MIN_WIDTH }); }
    // Widen or heighten the box to 16:9, so the slide is filled and nothing is squeezed.
    const b = pz.box, want = 16 / 9;
    if (b.w / b.h < want) { const w = b.h * want; pz.set({ ...b, x: b.x - (w - b.w) / 2, w }); }
    else { const hh = b.w / want; pz.set({ ...b, y: b.y - (hh - b.h) / 2, h: hh }); }
  }

  document.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === " " || e.key === "PageDown") at = Math.min(at + 1, steps.length - 1);
    else if (e.key === "ArrowLeft" || e.key === "PageUp") at = Math.max(at - 1, 0);
    else if (e.key === "Home") at = 0;
    else if (e.key === "End") at = steps.length - 1;
    else if (e.key === "Escape") { location.href = "/s/" + encodeURIComponent(data.name) + location.search; return; }
    else return;
    e.preventDefault();
    show();
  });
  slide.addEventListener("click", () => { at = Math.min(at + 1, steps.length - 1); show(); });
  slide.focus();
  show();
})();
