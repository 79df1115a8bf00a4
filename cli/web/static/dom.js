// Building DOM from data with textContent only: user text is never parsed as HTML.
"use strict";
window.h = function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
};

// The node panel: type, actor, label, description, notes, sources and branches (with the
// current weights the server sent). Shared by the scenario page and the single-file export.
window.nodePanel = function nodePanel(node, shares, actions) {
  const h = window.h;
  const dl = h("dl", {},
    h("dt", { text: "Type" }), h("dd", { class: "kind", text: node.type }),
    node.actor_name ? [h("dt", { text: "Actor" }), h("dd", { text: node.actor_name })] : null,
    node.phase ? [h("dt", { text: "Phase" }), h("dd", { text: node.phase })] : null,
    node.effects ? [h("dt", { text: "On arrival" }), h("dd", { text: node.effects })] : null,
    Object.keys(node.payoffs || {}).length ? [h("dt", { text: "Payoffs" }),
      h("dd", { text: Object.entries(node.payoffs).map(([a, v]) => `${a} ${v}`).join(" · ") })] : null,
    h("dt", { text: "Id" }), h("dd", {}, h("code", { text: node.id })));
  const sources = (list) => list.length ? h("ul", { class: "sources" }, list.map((s) => h("li", {},
    s.link ? h("a", { href: s.link, rel: "noopener noreferrer", target: "_blank", text: s.title }) : h("span", { text: s.title }),
    s.publisher ? ", " + s.publisher : "", s.date ? ", " + s.date : "",
    s.url && !s.link ? h("span", { class: "note", text: " (" + s.url + ")" }) : null,
    s.note ? h("div", { class: "note", text: s.note }) : null))) : null;
  const branches = (node.branches || []).map((b, k) => {
    const share = shares && shares[k];
    return h("div", { class: "branch" },
      h("b", { text: b.label }),
      h("span", { class: "note", text: "→ " + b.to_label }),
      h("dl", {},
        share ? [h("dt", { text: "Weight" }), h("dd", { class: "share", text: share + " (from the stated assumptions)" })] : null,
        b.weight && !share ? [h("dt", { text: "Weight" }), h("dd", {}, h("code", { text: b.weight }))] : null,
        b.weight && share ? [h("dt", { text: "As written" }), h("dd", {}, h("code", { text: b.weight }))] : null,
        b.guard ? [h("dt", { text: "Only" }), h("dd", { text: b.guard })] : null,
        b.effects ? [h("dt", { text: "Effects" }), h("dd", { text: b.effects })] : null),
      b.description ? h("p", { text: b.description }) : null,
      b.note ? h("p", { class: "note", text: b.note }) : null,
      sources(b.sources));
  });
  return [
    h("h2", { text: node.label }),
    dl,
    node.description ? h("p", { text: node.description }) : null,
    node.note ? h("p", { class: "note", text: node.note }) : null,
    node.sources.length ? [h("h3", { text: "Sources" }), sources(node.sources)] : null,
    branches.length ? [h("h3", { text: node.type === "decision" ? "Options" : "Branches" }), branches] : null,
    actions || null,
  ];
};
