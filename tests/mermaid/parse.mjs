// Parse Mermaid text (stdin) with Mermaid's own parser and print what a reader would see.
// Prints JSON {nodes, edges, groups, title}: each label after Mermaid's entity decoding, so a
// test can check that user text shows literally.  Exits 1 with the parser's message on error.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

// What mermaid.render does after parsing: placeholders back to entities, then HTML decoding.
function shown(text) {
  const html = String(text ?? "").replaceAll("ﬂ°°", "&#").replaceAll("ﬂ°", "&").replaceAll("¶ß", ";")
    .replace(/<br\s*\/?>/gi, "\n");
  const div = document.createElement("div");
  div.innerHTML = html;
  return div.textContent;
}

const text = readFileSync(0, "utf8");
try {
  await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  const vertices = [...db.getVertices().values()];
  console.log(JSON.stringify({
    type: diagram.type,
    nodes: vertices.map((v) => shown(v.text)),
    edges: db.getEdges().map((e) => shown(e.text)),
    groups: db.getSubGraphs().map((g) => shown(g.title)),
  }));
} catch (err) {
  console.error(String(err?.message ?? err).split("\n").slice(0, 3).join(" "));
  process.exit(1);
}
