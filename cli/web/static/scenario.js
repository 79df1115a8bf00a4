// The scenario page: sends the view's state (assumptions, rule, path, where, folds) to the server
// and shows what comes back. Every path, weight and analysis is computed by the engine there.
"use strict";
(function () {
  const h = window.h, t = window.t, D = window.ScenarioDiagram;
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const name = data.name;
  const api = "/api/s/" + encodeURIComponent(name);
  const lang = new URLSearchParams(location.search).get("lang");  // asked in the URL: kept in every link and request
  const rules = Object.fromEntries(data.rules.map((r) => [r.name, r]));  // the engine's: which is the default, which takes α
  let nodes = data.nodes;
  let current = data.state;               // the server's last answer
  const q = Object.assign({}, current.query);
  q.assumptions = Object.assign({}, q.assumptions);
  let selected = null, showPlay = false;
  const $ = (id) => document.getElementById(id);
  const pz = new D.PanZoom($("diagram"));

  function params(extra) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q.assumptions)) p.set("a." + k, v);
    if (!rules[q.rule].default) p.set("rule", q.rule);
    if (rules[q.rule].alpha) p.set("alpha", q.alpha);
    if (q.path) p.set("path", q.path);
    if (q.where) p.set("where", q.where);
    if (q.page > 1) p.set("page", q.page);
    if (q.fold.length) p.set("fold", q.fold.join(","));
    if (q.dir !== "LR") p.set("dir", q.dir);
    if (lang) p.set("lang", lang);
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p;
  }

  function syncUrl() {
    const p = params().toString();
    history.replaceState(null, "", location.pathname + (p ? "?" + p : ""));
    $("present-link").href = "/s/" + encodeURIComponent(name) + "/present" + (p ? "?" + p : "");
    document.querySelectorAll("nav.langs a[hreflang]").forEach((a) => {
      const other = params(); other.set("lang", a.getAttribute("hreflang"));
      a.href = location.pathname + "?" + other.toString();
    });
    const dl = $("download");
    if (dl) dl.href = "/s/" + encodeURIComponent(name) + "/assumptions.yaml" + (p ? "?" + p : "");
  }

  // One request in flight; a newer state waits for it and then goes (sliders fire many events).
  let inflight = false, queued = false;
  async function refresh() {
    syncUrl();
    if (inflight) { queued = true; return; }
    inflight = true;
    const slow = setTimeout(() => document.body.classList.add("busy"), 300);  // dim the page only for a slow answer
    $("status").textContent = t("updating…");
    try {
      const have = current && current.svgKey && $("diagram").querySelector("svg") ? { have: current.svgKey, v: current.version } : {};
      const r = await fetch(api + "/state?" + params(have).toString(), { headers: { accept: "application/json" } });
      const body = await r.json();
      if (!r.ok) { showInputError(body.error || t("error {status}", { status: r.status })); $("status").textContent = ""; }
      else { clearInputError(); show(body); $("status").textContent = t("updated"); }
    } catch (e) {
      $("status").textContent = t("the server did not answer (is scenarios serve still running?)");
    } finally {
      inflight = false;
      clearTimeout(slow);
      document.body.classList.remove("busy");
      if (queued) { queued = false; refresh(); }
    }
  }

  function inputErrorBox() { return q.where && current && document.activeElement === $("where") ? $("where-error") : ($("assumption-error") || $("where-error")); }
  let lastErrorBox = null;
  function showInputError(msg) {
    const box = msg.startsWith("--where") ? $("where-error") : inputErrorBox();
    box.textContent = msg; box.hidden = false; lastErrorBox = box;
  }
  function clearInputError() { ["where-error", "assumption-error"].forEach((id) => { const b = $(id); if (b) b.hidden = true; }); }

  function showProblems(s) {
    const box = $("problems");
    $("diagram-box").classList.toggle("stale", !!s.stale);
    box.replaceChildren();
    if (!s.errors || !s.errors.length) { box.hidden = true; return; }
    box.hidden = false;
    box.append(h("p", {}, h("strong", { text: t("The file does not check clean.") }),
      s.stale ? " " + t("The diagram below is the last good version, marked stale, until the file is fixed.") : ""));
    box.append(h("ol", { class: "errors" }, s.errors.map((e) => h("li", {}, h("code", { class: "msg", text: e.message }),
      e.text !== null ? h("pre", { class: "line" }, h("span", { class: "lineno", text: String(e.line) }), " " + e.text) : null))));
  }

  // While the map is laid out in the background (or when it is too big for Graphviz), the folded view takes its
  // place: the phases as words; the page asks again until the map is ready.
  let again = null;
  function showFolded(f) {
    shown = null;
    $("diagram").replaceChildren(h("div", { class: "folded-view", tabindex: "0" }, h("p", { class: "folded-why", role: "status", text: f.why }),
      h("ol", { class: "folded-boxes" }, f.boxes.map((b) => h("li", {}, h("strong", { text: b.title }),
        ...b.lines.map((line) => h("span", { text: line })), h("span", { class: "muted", text: b.paths }))))));
    clearTimeout(again);
    if (f.again) again = setTimeout(refresh, 1500);
  }

  // The words the drawing on screen shows (weights, stub counts, notes): the server lays a view
  // out once and sends each assumption vector's words, swapped in here by the drawing's ids.
  let shown = null;
  function show(s) {
    showProblems(s);
    if (!s.svg && !s.svgKey) return;  // a file that never loaded: keep what is on screen
    const keep = current && current.svgKey;
    current = s;
    if (s.nodes) nodes = s.nodes;
    const svg = s.svg ? D.parse(s.svg) : null;
    if (s.folded) showFolded(s.folded);
    if (svg) {
      $("diagram").replaceChildren(svg);
      pz.attach(svg, keep);
      svg.querySelectorAll("g.node").forEach((g) => { g.setAttribute("tabindex", "0"); g.setAttribute("role", "button"); });
      shown = s.svgTexts;
    }
    if (shown && s.texts && $("diagram").querySelector("svg")) { D.swapTexts($("diagram").querySelector("svg"), shown, s.texts); shown = s.texts; }
    if (changed("paths", [s.paths, q.path])) showPaths(s.paths);
    if (changed("summary", s.summary)) showSummary(s.summary);
    if (changed("analysis", s.analysis)) showAnalysis(s.analysis);
    if (s.phases && (svg || changed("phases", s.phases))) showPhases(s.phases);
    applyHighlight();
    if (selected && nodes[selected]) openNode(selected, false); else if (selected) closePanel();
    $("unfold-all").hidden = !q.fold.length;
  }

  // A slider often leaves a table as it was (counts move only with guards): rebuild only what differs.
  const drawnFrom = {};
  function changed(part, value) {
    const text = JSON.stringify(value);
    if (drawnFrom[part] === text) return false;
    drawnFrom[part] = text;
    return true;
  }

  function applyHighlight() {
    const svg = $("diagram").querySelector("svg");
    if (!svg) return;
    let kind = null, lit = { nodes: [], edges: [] };
    const row = q.path && current.paths.rows.find((r) => r.number === q.path);
    if (q.path && (row || current.pathRow)) {
      const r = row || current.pathRow;
      kind = "path"; lit = { nodes: r.nodes, edges: D.chain(r.nodes) };
    } else if (showPlay && current.analysis && current.analysis.play) {
      kind = "play"; lit = current.analysis.play;
    } else if (q.where && current.paths.lit) {
      kind = "where"; lit = current.paths.lit;
    }
    D.highlight(svg, kind, lit.nodes, lit.edges);
    $("clear-highlight").hidden = !kind;
    if (selected) { const g = D.byId(svg, "n:" + selected); if (g) g.classList.add("selected"); }
  }

  // --- the phases: the map opens at a readable size on its start; the rest is summarised phase by phase -------
  function showPhases(list) {
    const phases = list.length > 1 ? list : [];
    D.phaseStrip(pz, $("phase-strip"), $("diagram").querySelector("svg") ? phases : []);  // none over the folded view
    const summary = $("phase-summary");
    if (summary) summary.replaceChildren(...(phases.length ? [
      h("h3", { text: t("The map by phase") }),
      h("p", { class: "note", text: pz.svg && !pz.legibleWhole()
        ? t("The map opens at a readable size on its start; choose a phase to go to it, or Fit to see all of it small.")
        : t("Choose a phase to go to it.") }),
      h("ol", { class: "phase-boxes" }, phases.map((p) => h("li", {},
        D.clusterOf(pz.svg, p.title) ? h("button", { type: "button", class: "link", onclick: () => D.goToPhase(pz, p.title), text: p.title }) : h("strong", { text: p.title }),
        ...p.lines.map((line) => h("span", { text: line })), h("span", { class: "note", text: p.paths }))))] : []));
  }

  // --- node panel, folding -------------------------------------------------------------
  function closePanel() {
    selected = null;
    const summary = $("phase-summary") || h("div", { id: "phase-summary" });
    $("panel").replaceChildren(h("h2", { text: t("Details") }), h("p", { class: "note", text: t("Click a node on the diagram to see its details.") }), summary);
    if (current && current.phases) showPhases(current.phases);
  }
  function openNode(id, scroll) {
    const node = nodes[id];
    if (!node) return;
    selected = id;
    const svg = $("diagram").querySelector("svg");
    if (svg) { svg.querySelectorAll("g.selected").forEach((g) => g.classList.remove("selected")); const g = D.byId(svg, "n:" + id); if (g) g.classList.add("selected"); }
    const folded = q.fold.includes(id);
    const actions = node.branches.length ? h("p", {}, h("button", { type: "button", id: "fold-toggle", onclick: () => toggleFold(id) },
      folded ? t("Unfold what follows") : t("Fold what follows"))) : null;
    $("panel").replaceChildren(...window.nodePanel(node, current.shares[id], actions).flat().filter(Boolean));
    if (scroll && window.innerWidth < 900) $("panel").scrollIntoView({ behavior: "smooth", block: "start" });
  }
  function toggleFold(id) {
    q.fold = q.fold.includes(id) ? q.fold.filter((f) => f !== id) : q.fold.concat([id]);
    refresh();
  }
  function unfoldStub(hidden) {
    // A stub stands for a hidden node: unfold every folded node with a branch into it.
    q.fold = q.fold.filter((f) => !(nodes[f].branches || []).some((b) => b.to === hidden));
    refresh();
  }
  function clickNode(target) {
    const id = D.nodeIdOf(target);
    if (!id) return;
    if (id.startsWith("more-")) unfoldStub(id.slice(5)); else openNode(id, true);
  }
  $("diagram").addEventListener("click", (e) => { if (!pz.justDragged) clickNode(e.target); });
  $("diagram").addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target.closest && e.target.closest("g.node")) clickNode(e.target); });

  // --- paths and summary ---------------------------------------------------------------
  function showPaths(p) {
    const table = $("paths");
    const weights = p.rows.some((r) => r.weight !== null);
    table.tHead.replaceChildren(h("tr", {}, h("th", { class: "num", text: "#" }), h("th", { text: t("Branches taken") }),
      h("th", { text: t("Outcome") }), weights ? h("th", { class: "num", text: t("Weight") + "*" }) : null));
    table.tBodies[0].replaceChildren(...p.rows.map((r) => h("tr", {
      class: "path-row" + (r.number === q.path ? " chosen" : ""), tabindex: "0", "data-number": r.number,
      "aria-label": t("Path {number}: highlight it on the diagram", { number: r.number }),
    }, h("td", { class: "num", text: r.number }), h("td", { text: r.steps.join(" → ") }), h("td", { text: r.outcome_label }),
      weights ? h("td", { class: "num", text: r.weight === null ? "" : r.weight }) : null)));
    const total = p.total.toLocaleString() + (p.exact ? "" : "+");
    const count = p.where ? t("Paths that end where {where}: {count}", { count: total, where: p.where }) : t("Paths: {count}", { count: total });
    $("paths-count").textContent = count + (weights ? ". *" + t("Weights follow from the stated assumptions; they are not forecasts.") : ".");
    $("page").textContent = t("page {page} of {pages}", { page: p.page, pages: p.pages.toLocaleString() });
    $("prev").disabled = p.page <= 1;
    $("next").disabled = p.page >= p.pages;
  }
  function choosePath(n) {
    q.path = q.path === n ? null : n;
    showPlay = false; $("show-play").setAttribute("aria-pressed", "false");
    syncUrl();
    $("paths").querySelectorAll("tr.path-row").forEach((tr) => tr.classList.toggle("chosen", Number(tr.dataset.number) === q.path));
    applyHighlight();
  }
  $("paths").addEventListener("click", (e) => { const tr = e.target.closest("tr.path-row"); if (tr) choosePath(Number(tr.dataset.number)); });
  $("paths").addEventListener("keydown", (e) => { const tr = e.target.closest("tr.path-row"); if (tr && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); choosePath(Number(tr.dataset.number)); } });
  async function loadPage(n) {
    q.page = n;
    syncUrl();
    const r = await fetch(api + "/paths?" + params().toString());
    const body = await r.json();
    if (!r.ok) { showInputError(body.error); return; }
    current.paths = body;
    changed("paths", [body, q.path]);
    showPaths(body);
    applyHighlight();
  }
  $("prev").addEventListener("click", () => loadPage(q.page - 1));
  $("next").addEventListener("click", () => loadPage(q.page + 1));
  $("where-form").addEventListener("submit", (e) => {
    e.preventDefault();
    q.where = $("where").value.trim() || null; q.page = 1; q.path = null;
    refresh();
  });
  $("where-clear").addEventListener("click", () => { $("where").value = ""; q.where = null; q.page = 1; refresh(); });

  function showSummary(s) {
    $("summary").tBodies[0].replaceChildren(...s.outcomes.map((o) => h("tr", {},
      h("td", {}, h("span", { text: o.label }), h("div", { class: "note", text: Object.entries(o.ranges).map(([k, v]) => `${(s.names || {})[k] || k} ${v}`).join(" · ") })),
      h("td", { class: "num", text: o.paths.toLocaleString() }))));
  }

  // --- analysis --------------------------------------------------------------------------
  function showAnalysis(a) {
    const box = $("analysis");
    if (!a) { box.replaceChildren(); return; }
    if (a.error) { box.replaceChildren(h("p", { class: "problem", text: a.error })); return; }
    const byRule = Object.keys((a.rules[0] || {}).by_rule || {});
    box.replaceChildren(...[
      h("p", { class: "note", text: a.note }),
      h("h3", { text: t("Value to each actor") }),
      h("table", { id: "values" }, h("tbody", {}, a.values.map((v) => h("tr", {}, h("td", { text: v.name }), h("td", { class: "num", text: fmt(v.value) }))))),
      h("h3", { text: t("Choices along the play") }),
      a.choices.length ? h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": t("Choices along the play") }, stacked(h("table", { id: "choices" },
        h("thead", {}, h("tr", {}, [t("Decision"), t("Actor"), t("Reached after"), t("Choice"), t("Value of each branch to the actor")].map((w) => h("th", { text: w })))),
        h("tbody", {}, a.choices.map((c) => h("tr", {}, h("td", { text: c.label }), h("td", { text: c.actor }),
          h("td", { text: c.history.length ? c.history.join(" → ") : t("(start)") }), h("td", {}, h("strong", { text: c.choice }), c.tied.length > 1 ? " " + t("(tied)") : ""),
          h("td", { text: Object.entries(c.values).map(([k, v]) => `${k} ${fmt(v)}`).join(" · ") }))))))) : h("p", { text: t("No decision is reached.") }),
      a.more_choices ? h("p", { class: "note", text: a.more_choices }) : null,
      h("h3", { text: t("Paths of the play: {count}", { count: a.play.count.toLocaleString() }) }),
      h("ul", { id: "play" }, a.play.paths.map((p) => h("li", {}, p.steps.join(" → ") + " ⇒ " + p.outcome_label + (p.weight ? " (" + p.weight + ")" : "")))),
      a.unweighted.length ? h("p", { class: "note", text: t("Chance nodes without weights: {nodes}", { nodes: a.unweighted.join(", ") }) }) : null,
      h("h3", { text: t("Does the choice depend on the rule?") }),
      h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": t("Does the choice depend on the rule?") }, stacked(h("table", { id: "rules-table" },
        h("thead", {}, h("tr", {}, h("th", { text: t("Decision") }), h("th", { text: t("Reached after") }), byRule.map((r) => h("th", { text: rules[r].label })))),
        h("tbody", {}, a.rules.map((row) => h("tr", {}, h("td", { text: row.label }), h("td", { text: row.history.length ? row.history.join(" → ") : t("(start)") }),
          byRule.map((r) => h("td", { text: row.by_rule[r] === null ? "—" : row.by_rule[r] })))))))),
      a.more_rules ? h("p", { class: "note", text: a.more_rules }) : null,
      h("p", { class: "note", text: a.differs ? t("The rules differ at some decisions: these are the rows to discuss.") : t("Every rule makes the same choices here.") })].filter(Boolean));
  }
  function fmt(v) { return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000); }
  $("show-play").addEventListener("click", () => {
    showPlay = !showPlay;
    if (showPlay) { q.path = null; syncUrl(); $("paths").querySelectorAll("tr.chosen").forEach((tr) => tr.classList.remove("chosen")); }
    $("show-play").setAttribute("aria-pressed", String(showPlay));
    applyHighlight();
  });
  $("rule").addEventListener("change", () => { q.rule = $("rule").value; $("alpha-box").hidden = !rules[q.rule].alpha; refresh(); });
  $("alpha").addEventListener("input", () => { q.alpha = Number($("alpha").value); $("alpha-value").textContent = q.alpha; refresh(); });

  // --- assumptions -----------------------------------------------------------------------
  document.querySelectorAll(".slider input").forEach((input) => {
    const n = input.dataset.name;
    const label = $("v-" + n);
    const update = () => {
      const v = input.value.trim();
      label.textContent = v;
      label.classList.toggle("changed", Number(v) !== Number(input.dataset.file));
      if (Number(v) === Number(input.dataset.file)) delete q.assumptions[n]; else q.assumptions[n] = v;
      refresh();
    };
    input.addEventListener(input.type === "range" ? "input" : "change", update);
  });
  const reset = $("reset");
  if (reset) reset.addEventListener("click", () => {
    q.assumptions = {};
    document.querySelectorAll(".slider input").forEach((input) => {
      input.value = input.dataset.file;
      const label = $("v-" + input.dataset.name);
      label.textContent = String(Number(input.dataset.file));
      label.classList.remove("changed");
    });
    refresh();
  });

  // --- sensitivity -----------------------------------------------------------------------
  $("sens-run").addEventListener("click", async () => {
    const box = $("sensitivity");
    box.replaceChildren(h("p", { class: "status", text: t("computing…") }));
    const r = await fetch(api + "/sensitivity?" + params().toString());
    const s = await r.json();
    if (!r.ok || s.error) { box.replaceChildren(h("p", { class: "problem", text: s.error })); return; }
    box.replaceChildren(h("p", { class: "note", text: t("Rule: {rule}.", { rule: s.rule }) + " " + s.note }), ...tornado(s), thresholds(s),
      s.skipped.length ? h("p", { class: "note", text: t("Not swept (no low..high range): {names}", { names: s.skipped.join(", ") }) }) : null);
  });
  function tornado(s) {
    const out = [];
    const actors = s.base.map((b) => b.actor);
    for (const actor of actors) {
      let lo = Infinity, hi = -Infinity;
      s.sweeps.forEach((w) => w.values.filter((v) => v.actor === actor).forEach((v) => { lo = Math.min(lo, v.at_low, v.at_high); hi = Math.max(hi, v.at_low, v.at_high); }));
      const base = s.base.find((b) => b.actor === actor);
      lo = Math.min(lo, base.value); hi = Math.max(hi, base.value);
      const span = hi - lo || 1;
      const pos = (x) => ((x - lo) / span * 100) + "%";
      out.push(h("h3", { text: t("Tornado: value to {actor} (base {value})", { actor: base.name, value: fmt(base.value) }) }));
      s.sweeps.forEach((w) => {
        const v = w.values.find((x) => x.actor === actor);
        if (!v) return;
        const a = Math.min(v.at_low, v.at_high), b = Math.max(v.at_low, v.at_high);
        const bar = h("span", { class: "bar" }); bar.style.left = pos(a); bar.style.width = `calc(${pos(b)} - ${pos(a)} + 2px)`;
        const mark = h("span", { class: "bar-base" }); mark.style.left = pos(base.value);
        out.push(h("div", { class: "bar-row", title: t("{label}: {at_low} at {low} … {at_high} at {high}", { label: w.label, at_low: fmt(v.at_low), low: w.low, at_high: fmt(v.at_high), high: w.high }) },
          h("span", { text: `${w.label} (${w.low}…${w.high}): ${fmt(v.at_low)} → ${fmt(v.at_high)}` }), h("span", { class: "bar-track" }, bar, mark)));
      });
    }
    return out;
  }
  function thresholds(s) {
    const rows = [];
    s.sweeps.forEach((w) => w.thresholds.forEach((t) => rows.push(h("tr", {}, h("td", { text: w.label }), h("td", { class: "num", text: fmt(t.value) }),
      h("td", { text: t.label }), h("td", { text: `${t.from} → ${t.to}` }), h("td", { text: t.on_play ? window.t("on the play") : window.t("off the play") })))));
    if (!rows.length) return h("p", { text: window.t("No choice flips within any assumption's range.") });
    return h("div", {}, h("h3", { text: window.t("Where a choice flips") }), h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": window.t("Where a choice flips") }, stacked(h("table", { id: "thresholds" },
      h("thead", {}, h("tr", {}, [window.t("Assumption"), window.t("At"), window.t("Decision"), window.t("Choice"), ""].map((w) => h("th", { text: w })))), h("tbody", {}, rows)))));
  }
  // A table that reads as one card per row on a narrow screen (app.css, table.stack): each cell names its column.
  function stacked(table) {
    const heads = [...table.tHead.rows[0].cells].map((c) => c.textContent);
    for (const tr of table.tBodies[0].rows) [...tr.cells].forEach((td, i) => { if (heads[i]) td.dataset.label = heads[i]; });
    table.classList.add("stack");
    return table;
  }

  // --- toolbar ---------------------------------------------------------------------------
  $("zoom-in").addEventListener("click", () => pz.zoom(1.25));
  $("zoom-out").addEventListener("click", () => pz.zoom(1 / 1.25));
  $("zoom-fit").addEventListener("click", () => pz.fit());
  $("zoom-start").addEventListener("click", () => { if (pz.svg) pz.start(); });
  $("direction").addEventListener("click", () => { q.dir = q.dir === "LR" ? "TB" : "LR"; $("direction").setAttribute("aria-pressed", String(q.dir === "TB")); refresh(); });
  $("direction").setAttribute("aria-pressed", String(q.dir === "TB"));
  $("unfold-all").addEventListener("click", () => { q.fold = []; refresh(); });
  $("clear-highlight").addEventListener("click", () => {
    q.path = null; showPlay = false; $("show-play").setAttribute("aria-pressed", "false");
    if (q.where) { q.where = null; $("where").value = ""; q.page = 1; refresh(); return; }
    syncUrl(); $("paths").querySelectorAll("tr.chosen").forEach((tr) => tr.classList.remove("chosen")); applyHighlight();
  });

  // --- live updates ------------------------------------------------------------------------
  if (data.live) {
    const events = new EventSource("/events/" + encodeURIComponent(name));
    events.addEventListener("changed", () => refresh());
  }

  const first = Object.assign({}, data.state);
  current = null;
  show(first);
  syncUrl();
  window.scenarioPage = { refresh, state: q };
})();
