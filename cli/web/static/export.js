// The single-file export: the same diagram and node panel, and the path table with a text and
// outcome filter. All paths were listed by the engine when the file was written.
"use strict";
(function () {
  const h = window.h, t = window.t, D = window.ScenarioDiagram;
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const $ = (id) => document.getElementById(id);
  const box = $("diagram");
  const svg = box.querySelector("svg");
  const pz = new D.PanZoom(box);
  pz.attach(svg, false);
  let chosen = null;

  $("zoom-in").addEventListener("click", () => pz.zoom(1.25));
  $("zoom-out").addEventListener("click", () => pz.zoom(1 / 1.25));
  $("zoom-fit").addEventListener("click", () => pz.fit());
  $("zoom-start").addEventListener("click", () => pz.start());
  D.phaseStrip(pz, $("phase-strip"), data.phases && data.phases.length > 1 ? data.phases : []);
  $("clear-highlight").addEventListener("click", () => { chosen = null; draw(); });
  svg.querySelectorAll("g.node").forEach((g) => { g.setAttribute("tabindex", "0"); g.setAttribute("role", "button"); });
  function open(target) {
    const id = D.nodeIdOf(target);
    const node = id && data.nodes[id];
    if (!node) return;
    svg.querySelectorAll("g.selected").forEach((g) => g.classList.remove("selected"));
    D.byId(svg, "n:" + id).classList.add("selected");
    $("panel").replaceChildren(...window.nodePanel(node, data.shares[id], null).flat().filter(Boolean));
  }
  box.addEventListener("click", (e) => { if (!pz.justDragged) open(e.target); });
  box.addEventListener("keydown", (e) => { if (e.key === "Enter") open(e.target); });

  const weights = data.paths.some((p) => p.weight !== null);
  $("paths").tHead.replaceChildren(h("tr", {}, h("th", { class: "num", text: "#" }), h("th", { text: t("Branches taken") }),
    h("th", { text: t("Outcome") }), weights ? h("th", { class: "num", text: t("Weight") + "*" }) : null));
  function draw() {
    const text = $("filter").value.trim().toLowerCase();
    const outcome = $("outcome").value;
    const rows = data.paths.filter((p) => (!outcome || p.outcome === outcome) &&
      (!text || (p.steps.join(" ") + " " + p.outcome_label).toLowerCase().includes(text)));
    $("paths").tBodies[0].replaceChildren(...rows.slice(0, 500).map((p) => h("tr", {
      class: "path-row" + (p.number === chosen ? " chosen" : ""), tabindex: "0", "data-number": p.number },
      h("td", { class: "num", text: p.number }), h("td", { text: p.steps.join(" → ") }), h("td", { text: p.outcome_label }),
      weights ? h("td", { class: "num", text: p.weight || "" }) : null)));
    $("paths-count").textContent = t("Paths shown: {shown} of {total}", { shown: rows.length.toLocaleString(), total: data.paths.length.toLocaleString() }) +
      (rows.length > 500 ? " " + t("(the first 500 listed; narrow the filter)") : "") +
      (weights ? ". *" + t("Weights follow from the stated assumptions; they are not forecasts.") : ".");
    const row = chosen && data.paths.find((p) => p.number === chosen);
    if (row) D.highlight(svg, "path", row.nodes, D.chain(row.nodes));
    else if (text || outcome) {
      const nodes = new Set(), edges = [];
      rows.forEach((p) => { p.nodes.forEach((n) => nodes.add(n)); edges.push(...D.chain(p.nodes)); });
      D.highlight(svg, rows.length ? "where" : null, Array.from(nodes), edges);
    } else D.highlight(svg, null);
    $("clear-highlight").hidden = !chosen;
  }
  function choose(tr) { const n = Number(tr.dataset.number); chosen = chosen === n ? null : n; draw(); }
  $("paths").addEventListener("click", (e) => { const tr = e.target.closest("tr.path-row"); if (tr) choose(tr); });
  $("paths").addEventListener("keydown", (e) => { const tr = e.target.closest("tr.path-row"); if (tr && e.key === "Enter") choose(tr); });
  $("filter").addEventListener("input", draw);
  $("outcome").addEventListener("change", draw);
  draw();
})();
