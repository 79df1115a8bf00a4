// The facilitator's big screen: the live tally, the controls, the map, everyone's assumptions.
// Every action is a POST the server checks (cookie, Origin, token); the screen redraws from what it pushes.
"use strict";
(function () {
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const csrf = boot.csrf;
  const $ = (id) => document.getElementById(id);
  const h = window.h, t = window.t;  // the one DOM helper and the program's words in the session's language (dom.js)
  let state = boot.state;
  let events = null;
  let analysisTimer = null;
  let lastSpread = "";
  const pz = window.ScenarioDiagram ? new window.ScenarioDiagram.PanZoom($("diagram")) : null;
  let mapSvg = $("diagram").querySelector("svg");
  if (pz && mapSvg) pz.attach(mapSvg);
  let followed = null; // the node (or the outcome's path) the map was last fitted to
  let shown = "overview"; // which map is drawn: the phases (the whole map), the tree, or the path played
  const drawnMaps = { overview: mapSvg ? mapSvg.outerHTML : null };

  function fmt(v) { return typeof v === "number" ? Number(v.toPrecision(3)).toString() : String(v); }

  async function act(action, body) {
    $("error").textContent = "";
    try {
      const response = await fetch("/api/f/" + action, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body || {}),
      });
      const data = await response.json();
      if (!response.ok) $("error").textContent = data.error;
      return data;
    } catch (e) { $("error").textContent = t("No answer from the server; is it running?"); return null; }
  }

  // -- drawing -------------------------------------------------------------------------------------------
  function render(s) {
    state = s;
    const p = s.position;
    $("people-count").textContent = s.participants.length;
    $("path").textContent = p.path.length ? t("So far: {path}", { path: p.path.map((x) => x.label).join(" → ") }) : t("At the start");
    $("node-label").textContent = p.label;
    $("node-kind").textContent = p.decision ? t("A decision for {actor}", { actor: p.actor_said }) : p.chance ? t("An uncertain event") : t("An outcome: this path ends here");
    $("node-description").textContent = p.description;
    renderTally(s);
    renderControls(s);
    const ind = $("indicators"); ind.replaceChildren();
    for (const [k, v] of Object.entries(p.indicators)) { ind.appendChild(h("dt", { text: k })); ind.appendChild(h("dd", { text: v })); }
    renderSteps(s);
    renderNotes(s);
    const spread = JSON.stringify(s.spread.map((r) => [r.name, r.values]));
    if (spread !== lastSpread) {
      renderSpread(s.spread);
      if (s.assumption_sets > 0) { clearTimeout(analysisTimer); analysisTimer = setTimeout(analyse, 1500); }
      lastSpread = spread;
    }
    renderPaths(s);
    renderSettings(s);
    markDiagram(s.marks);
    if (followed !== p.id + ":" + p.path.length) follow(p);
    $("sets-count").textContent = s.assumption_sets;
    if (s.ended) $("status").textContent = t("The session has ended. Download the handout below.");
  }

  function renderTally(s) {
    const box = $("tally"); box.replaceChildren();
    const p = s.position;
    if (s.tally) {
      const tally = s.tally;
      const who = s.round.voters === "everyone" ? t("everyone") : t("{actor}'s role", { actor: p.actor_said });
      box.appendChild(h("p", { class: "tally-head", text: t("Vote open ({who}): {voted} of {eligible} voted", { who, voted: tally.voted, eligible: tally.eligible }) }));
      const most = Math.max(1, ...tally.branches.map((b) => b.votes));
      for (const b of tally.branches) {
        const row = h("div", { class: "tally-row" });
        row.appendChild(h("span", { class: "tally-label", text: b.label }));
        const bar = h("span", { class: "tally-bar" }); bar.style.width = (b.votes / most * 100) + "%";
        const track = h("span", { class: "tally-track" }); track.appendChild(bar); row.appendChild(track);
        row.appendChild(h("span", { class: "tally-count", text: b.votes }));
        const take = h("button", { class: "small", text: t("Take this") }); take.type = "button";
        take.title = t("Close the vote with this branch (recorded as an override unless it is the winner)");
        take.addEventListener("click", () => act("close-vote", { branch: b.index }));
        row.appendChild(take);
        if (tally.names && tally.names[String(b.index)] && tally.names[String(b.index)].length) row.appendChild(h("span", { class: "tally-names muted", text: tally.names[String(b.index)].join(", ") }));
        box.appendChild(row);
      }
      return;
    }
    const list = h("ol", { class: "branch-list" });
    for (const b of p.branches) {
      const li = h("li");
      li.appendChild(h("span", { class: "branch-label", text: b.label }));
      if (b.weight_text) li.appendChild(h("span", { class: "muted", text: " — " + b.weight_text }));
      const effects = b.effects.join(" · ");  // the engine's words, by label
      if (effects) li.appendChild(h("span", { class: "muted", text: " — " + effects }));
      const pick = h("button", { class: "small", text: p.chance ? t("Pick") : t("Take without a vote") }); pick.type = "button";
      pick.addEventListener("click", () => act("choose", { branch: b.index }));
      li.appendChild(pick);
      list.appendChild(li);
    }
    if (p.branches.length) box.appendChild(list);
    if (p.chance && p.branches.some((b) => b.weight != null)) box.appendChild(h("p", { class: "muted", text: t("Weights follow from the group's current assumptions (the median of everyone's values); they are not forecasts.") }));
  }

  function renderControls(s) {
    const p = s.position, open = !!s.round;
    for (const b of $("controls").querySelectorAll("button")) {
      const a = b.dataset.act;
      let show = true;
      if (a === "open-vote") show = p.decision && !open;
      if (a === "close-vote") show = open;
      if (a === "draw") show = p.chance && p.branches.some((x) => x.weight != null);
      if (a === "undo") show = s.current.length > 0;
      if (a === "back-start") show = s.current.length > 0;
      b.hidden = !show || s.ended;
    }
    // A vote for a role nobody has taken could never be answered: say so instead of offering it.
    const role = p.decision && (s.roles || []).find((r) => r.id === p.actor);
    const nobody = !!role && role.count === 0 && !open && !s.ended;
    const roleVote = $("controls").querySelector("[data-act=open-vote][data-voters=role]");
    roleVote.disabled = nobody;
    $("role-note").hidden = !nobody;
    $("role-note").textContent = nobody ? t("Nobody plays {actor} yet: open the vote to everyone, or take a branch.", { actor: p.actor_said }) : "";
  }

  function renderSteps(s) {
    const list = $("steps"); list.replaceChildren();
    const here = new Set(s.current);
    for (const st of s.steps) {
      const li = h("li", { class: (st.undone ? "undone " : "") + (here.has(st.id) ? "here" : "") });
      const button = h("button", { class: "link", text: st.node_label + ": " + st.label });
      button.type = "button"; button.disabled = st.undone;
      button.title = st.undone ? t("undone") : t("Go back to just after this step");
      button.addEventListener("click", () => act("back", { step: st.id }));
      li.appendChild(button);
      let how = st.how_text;
      if (st.tally.length) how += " (" + st.tally.map((x) => x.label + " " + x.votes).join(", ") + ")";
      if (st.weights.length) how += " (" + st.weights.map((x) => x.label + ": " + x.text).join("; ") + ")";
      if (st.undone) how += " — " + t("undone");
      li.appendChild(h("span", { class: "muted", text: " " + how }));
      list.appendChild(li);
    }
  }

  function renderNotes(s) {
    const list = $("notes"); list.replaceChildren();
    for (const n of s.notes) {
      const li = h("li");
      li.appendChild(h("span", { class: "muted", text: (n.node ? t("{author} at “{node}”", { author: n.author, node: n.node }) : n.author) + ": " }));
      li.appendChild(h("span", { text: n.text }));
      list.appendChild(li);
    }
  }

  function renderSpread(rows, labels) { // the dot plots come drawn from the server, which escapes every label
    const box = $("spread"); box.replaceChildren();
    for (const row of rows) {
      const div = h("div", { class: "spread-row" });
      div.appendChild(h("p", { class: "spread-label", text: row.label }));
      const plot = h("div", { class: "spread-plot" }); plot.innerHTML = row.svg; div.appendChild(plot);
      const median = row.median == null ? t("no values yet") : t("median {value}", { value: fmt(row.median) });
      div.appendChild(h("p", { class: "muted", text: median + " · " + t("the file {value}", { value: fmt(row.file) }) + " · " + t("sets: {count}", { count: row.values.length }) }));
      box.appendChild(div);
    }
  }

  function findingText(x, labels) {
    return t("{assumption}: the room straddles {value}, where the choice at “{node}” flips from {before} (below) to {after} (above); {below} of the room stand below, {above} above.",
      { assumption: x.label, value: fmt(x.value), node: labels[x.node] || x.node, before: x.from, after: x.to, below: x.below, above: x.above })
      + (x.places > 1 ? " " + t("It holds at {count} places in the tree.", { count: x.places }) : "");
  }

  function renderFindings(box, found, labels) { // each finding once, the strongest first; the rest folded
    if (!found.length) return;
    box.appendChild(h("h3", { text: t("Worth discussing") }));
    const list = h("ol", { class: "findings" });
    for (const x of found.slice(0, 3)) list.appendChild(h("li", { class: "crossed", text: findingText(x, labels) }));
    box.appendChild(list);
    if (found.length > 3) {
      const more = h("details"), rest = h("ol", { class: "findings", start: 4 });
      more.appendChild(h("summary", { text: t("{count} more findings", { count: found.length - 3 }) }));
      for (const x of found.slice(3)) rest.appendChild(h("li", { text: findingText(x, labels) }));
      more.appendChild(rest); box.appendChild(more);
    }
  }

  function renderPaths(s) {
    const body = $("paths"); body.replaceChildren();
    s.paths.forEach((p, i) => {
      const tr = h("tr");
      tr.appendChild(h("td", { text: i + 1 }));
      tr.appendChild(h("td", { text: p.steps.join(" → ") }));
      tr.appendChild(h("td", { text: p.end + (p.outcome ? "" : " " + t("(not played to the end)")) }));
      tr.appendChild(h("td", { class: "muted", text: Object.entries(p.indicators).map(([k, v]) => k + " " + v).join(" · ") }));
      body.appendChild(tr);
    });
  }

  function renderSettings(s) {
    for (const input of document.querySelectorAll("[data-setting]")) {
      const v = s.settings[input.dataset.setting];
      if (input.type === "checkbox") input.checked = !!v; else input.value = v;
    }
  }

  function markDiagram(marks) {
    const sets = {};
    for (const [k, v] of Object.entries(marks)) sets[k] = new Set(v);
    for (const g of document.querySelectorAll("#diagram g.node, #diagram g.edge")) {
      if (!/^[ne]:/.test(g.id)) continue;
      const name = g.id.slice(2), kind = g.classList.contains("node") ? "nodes" : "edges";
      g.classList.toggle("played", sets["played_" + kind].has(name));
      g.classList.toggle("here", sets["here_" + kind].has(name));
    }
  }

  function group(id) { return mapSvg ? Array.from(mapSvg.querySelectorAll("g[id]")).find((g) => g.id === id) : null; }

  // The maps are laid out by the server in the background: until one is ready (or when it is too big to lay out),
  // the folded view (the phases as words) stands in, and the page asks again.
  function folded(f) {
    return h("div", { class: "folded-view" }, h("p", { class: "folded-why", role: "status", text: f.why }),
      h("ol", { class: "folded-boxes" }, f.boxes.map((b) => h("li", {}, h("strong", { text: b.title }),
        ...b.lines.map((line) => h("span", { text: line })), h("span", { class: "muted", text: b.paths })))));
  }

  async function showMap(view, then) {
    shown = view;
    let svg = view === "path" ? null : drawnMaps[view];
    if (!svg) {
      let data;
      try { const r = await fetch("/api/f/map?view=" + view, { credentials: "same-origin" }); data = await r.json(); if (!r.ok) return; }
      catch (e) { return; }
      if (shown !== view) return;  // the facilitator asked for another map meanwhile
      if (!data.svg) {
        $("diagram").replaceChildren(folded(data)); mapSvg = null;
        if (data.again) setTimeout(() => { if (shown === view) showMap(view, then); }, 1500);
        return;
      }
      svg = data.svg;
      if (view !== "path") drawnMaps[view] = svg;
    }
    $("diagram").innerHTML = svg;
    mapSvg = $("diagram").querySelector("svg");
    if (pz && mapSvg) pz.attach(mapSvg);
    markDiagram(state.marks);
    if (then) then();
  }

  function follow(p) { // the tree, fitted to where the group stands and where it can go next; at an outcome, the path
    followed = p.id + ":" + p.path.length;
    if (!p.branches.length && p.path.length) { showMap("path", () => pz && pz.start()); return; }
    showMap("tree", () => {
      if (!pz || !mapSvg) return;
      const parts = [group("n:" + p.id), ...p.branches.map((b) => group("n:" + b.to))].filter(Boolean);
      if (parts.length) pz.focus(parts, 40);
    });
  }

  // -- the analysis --------------------------------------------------------------------------------------
  // the choices first (a tenth of the work), then the whole with the thresholds; an answer overtaken by a newer
  // question (the room moved meanwhile) is dropped
  let analysing = 0;
  async function analyse() {
    const box = $("analysis"), mine = ++analysing;
    box.textContent = t("Analysing…");
    for (const part of ["?part=choices", ""]) {
      let data, ok;
      try { const r = await fetch("/api/f/analysis" + part, { credentials: "same-origin" }); ok = r.ok; data = await r.json(); }
      catch (e) { if (mine === analysing) box.textContent = t("No answer from the server."); return; }
      if (mine !== analysing) return;
      if (!ok) { box.textContent = data.error; return; }
      showAnalysis(box, data);
      if (data.error) return;
    }
  }

  function showAnalysis(box, data) {
    box.replaceChildren();
    if (data.error) { box.appendChild(h("p", { class: "muted", text: data.error })); return; }
    renderSpread(data.spread, data.node_labels);
    if (data.swept === false) box.appendChild(h("p", { class: "muted", text: t("Looking for where each choice flips…") }));
    else renderFindings(box, data.findings || [], data.node_labels || {});
    box.appendChild(h("p", { class: data.differs ? "crossed" : null, text: data.differs
      ? t("The choice depends on whose assumptions are used (rule: {rule}).", { rule: data.rule })
      : t("Every participant's set leads to the same choices as the median set (rule: {rule}).", { rule: data.rule }) }));
    const table = h("table", { class: "analysis" });
    const head = h("tr"); for (const label of [t("Decision"), t("Reached after"), t("Median set"), t("Participants' sets")]) head.appendChild(h("th", { text: label }));
    table.appendChild(head);
    for (const d of data.comparison.decisions) {
      const tr = h("tr");
      tr.appendChild(h("td", { text: data.node_labels[d.node] || d.node }));
      tr.appendChild(h("td", { class: "muted", text: d.history.join(" → ") || t("(start)") }));
      tr.appendChild(h("td", { text: d.by_group.median || "—" }));
      const counts = {};
      for (const [g, c] of Object.entries(d.by_group)) if (g !== "median" && c) counts[c] = (counts[c] || 0) + 1;
      tr.appendChild(h("td", { text: Object.entries(counts).map(([c, n]) => c + " (" + n + ")").join(" · ") || "—" }));
      table.appendChild(tr);
    }
    box.appendChild(table);
    box.appendChild(h("p", { class: "muted", text: t("Values follow from each set of stated assumptions; they are not forecasts.") }));
  }

  // -- wiring --------------------------------------------------------------------------------------------
  for (const b of $("controls").querySelectorAll("button")) {
    b.addEventListener("click", () => {
      const a = b.dataset.act;
      if (a === "open-vote") act("open-vote", { voters: b.dataset.voters });
      else if (a === "back-start") act("back", { step: null });
      else act(a, {});
    });
  }
  $("end").addEventListener("click", () => { if (confirm(t("End the session? Nobody can vote or join afterwards."))) act("end", {}); });
  $("analyse").addEventListener("click", analyse);
  $("fit").addEventListener("click", () => { followed = null; showMap("overview", () => pz && pz.start()); });
  $("follow").addEventListener("click", () => follow(state.position));
  $("note-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = await act("note", { text: $("note-text").value });
    if (data && data.ok) $("note-text").value = "";
  });
  for (const input of document.querySelectorAll("[data-setting]")) {
    input.addEventListener("change", () => act("settings", { [input.dataset.setting]: input.type === "checkbox" ? input.checked : input.value }));
  }

  function listen() {
    events = new EventSource("/api/f/events");
    events.addEventListener("state", (e) => {
      $("status").textContent = "";
      render(JSON.parse(e.data));
    });
    events.addEventListener("error", () => {
      $("status").textContent = t("Connection to the server lost; reconnecting…");
      if (events.readyState === EventSource.CLOSED) setTimeout(listen, 2000);
    });
  }

  render(state);
  listen();
  $("renew-projector").addEventListener("click", async () => {
    const data = await act("projector-link");
    if (!data || !data.ok) return;
    $("projector-link").href = data.result.url; $("projector-link").textContent = data.result.url;
    $("projector-qr").innerHTML = data.result.qr;  // the server's SVG, drawn from the link alone
  });
})();
