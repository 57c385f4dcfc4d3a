/**
 * The dashboard's graph view (GET /dashboard/graph?entity=…): an entity's
 * neighbourhood drawn with Cytoscape.js (served from node_modules at
 * /dashboard/assets/cytoscape.min.js), each edge linking to its evidence —
 * the calls (run pages) and turns it was seen in. The page fetches
 * /dashboard/graph/data (graphNeighbors, src/db/queries/graph.ts) and draws it;
 * this module holds the page and the JSON it draws from.
 * Owns: the page markup/script and the node/edge shape. Must not: query the database.
 */
import type { GraphNeighborsResult } from '../db/queries/graph.ts';
import { h, trusted, type Html } from './html.ts';

export interface GraphViewData {
  center: { id: string; kind: string; name: string } | null;
  alternatives: { id: string; kind: string; name: string }[];
  nodes: { id: string; label: string; kind: string; center: boolean }[];
  edges: {
    id: string;
    source: string;
    target: string;
    label: string;
    evidenceCount: number;
    evidence: { href: string; call: string; turn: number | null; speaker: string | null; quote: string | null; seenAt: string }[];
  }[];
}

/** Nodes and edges for Cytoscape from graphNeighbors' result; evidence links go to the run page of the call (the turn and quote are shown beside). */
export function graphViewData(r: GraphNeighborsResult): GraphViewData {
  if (!r.entity) return { center: null, alternatives: [], nodes: [], edges: [] };
  const c = r.entity;
  const nodes = new Map<string, GraphViewData['nodes'][number]>([[c.id, { id: c.id, label: c.name, kind: c.kind, center: true }]]);
  for (const n of r.neighbors) if (!nodes.has(n.neighbor.id)) nodes.set(n.neighbor.id, { id: n.neighbor.id, label: n.neighbor.name, kind: n.neighbor.kind, center: false });
  return {
    center: { id: c.id, kind: c.kind, name: c.name },
    alternatives: r.alternatives.map((a) => ({ id: a.id, kind: a.kind, name: a.name })),
    nodes: [...nodes.values()],
    edges: r.neighbors.map((n) => ({
      id: `r${n.relationId}`,
      source: n.direction === 'out' ? c.id : n.neighbor.id,
      target: n.direction === 'out' ? n.neighbor.id : c.id,
      label: n.relationKind,
      evidenceCount: n.evidenceCount,
      evidence: n.evidence.map((e) => ({
        href: `/dashboard/runs/${encodeURIComponent(e.runId)}`,
        call: e.transcriptId,
        turn: e.turnIdx,
        speaker: e.speaker,
        quote: e.quote,
        seenAt: e.seenAt,
      })),
    })),
  };
}

const SCRIPT = trusted(`
(async () => {
  const root = document.getElementById('graph');
  const panel = document.getElementById('evidence');
  const params = new URLSearchParams(location.search);
  if (!params.get('entity')) return;
  const res = await fetch('/dashboard/graph/data?' + params.toString(), { credentials: 'same-origin', headers: { accept: 'application/json' } });
  const data = await res.json();
  if (!res.ok) { root.textContent = data.error && data.error.message || 'error'; return; }
  if (!data.center) { root.textContent = 'No entity matches.'; return; }
  const colours = { person: '#1565c0', company: '#2e7d32', competitor: '#c62828', topic: '#6a1b9a', objection: '#ef8f00', call: '#667085', product: '#00838f' };
  const cy = cytoscape({
    container: root,
    elements: [
      ...data.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, center: n.center } })),
      ...data.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, label: e.label + ' (' + e.evidenceCount + ')' } })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'background-color': (n) => colours[n.data('kind')] || '#999' } },
      { selector: 'node[?center]', style: { width: 40, height: 40, 'font-weight': 'bold' } },
      { selector: 'edge', style: { label: 'data(label)', 'font-size': 8, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 2, 'line-color': '#b8bec6', 'target-arrow-color': '#b8bec6' } },
      { selector: 'edge:selected', style: { 'line-color': '#1565c0', 'target-arrow-color': '#1565c0' } },
    ],
    layout: { name: 'cose', animate: false },
  });
  const byId = new Map(data.edges.map((e) => [e.id, e]));
  cy.on('tap', 'edge', (ev) => {
    const e = byId.get(ev.target.id());
    panel.replaceChildren();
    const h = document.createElement('h2');
    h.textContent = e.label + ': ' + e.evidenceCount + ' evidence';
    panel.append(h);
    const ul = document.createElement('ul');
    for (const x of e.evidence) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = x.href;
      a.textContent = x.seenAt.slice(0, 10) + (x.turn === null ? ' (the call)' : ' turn ' + x.turn) + (x.speaker ? ' — ' + x.speaker : '');
      li.append(a);
      if (x.quote) { const q = document.createElement('q'); q.textContent = ' ' + x.quote; li.append(q); }
      ul.append(li);
    }
    panel.append(ul);
  });
  cy.on('tap', 'node', (ev) => {
    if (ev.target.data('center')) return;
    location.search = '?entity=' + encodeURIComponent(ev.target.id());
  });
  window.stellarGraph = cy;
})();
`);

const STYLE = trusted(`
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { display:flex; flex-wrap: wrap; gap: 8px 16px; align-items:center; padding: 10px 20px; background:#111827; color:#fff; }
header a { color:#c7d2fe; } header h1 { font-size: 18px; margin: 0; } header .as-of { color:#d0d5dd; font-size: 12px; }
main { display:grid; grid-template-columns: 1fr 360px; gap: 16px; padding: 16px 20px; }
#graph { height: 70vh; background:#fff; border:1px solid #e4e7ec; border-radius: 8px; }
#evidence { background:#fff; border:1px solid #e4e7ec; border-radius: 8px; padding: 12px 16px; overflow:auto; max-height: 70vh; }
form { display:flex; flex-wrap: wrap; gap:8px; } input, select, button { font: inherit; padding: 2px 8px; max-width: 100%; }
@media (max-width: 700px) { main { grid-template-columns: minmax(0, 1fr); padding: 8px; } header { padding: 8px 10px; } }
`);

export function graphPage(opts: { entity: string; kind: string | null; kinds: readonly string[] }): Html {
  return h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" type="image/svg+xml" href="/favicon.svg"><title>Stellar — graph${opts.entity ? h` — ${opts.entity}` : null}</title>
<style>${STYLE}</style><script src="/dashboard/assets/cytoscape.min.js"></script></head>
<body><header><h1>Stellar</h1><a href="/">Dashboard</a><span>Knowledge graph</span>
<form method="get" action="/dashboard/graph"><input name="entity" placeholder="account, person, competitor…" value="${opts.entity}" required>
<select name="kind"><option value="">any neighbour</option>${opts.kinds.map((k) => h`<option value="${k}"${opts.kind === k ? trusted(' selected') : null}>${k}</option>`)}</select>
<button>Show</button></form><time class="as-of" datetime="${new Date().toISOString()}">as of ${new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time></header>
<main><div id="graph">${opts.entity ? null : 'Type a name to see its neighbourhood.'}</div>
<aside id="evidence"><p>Click an edge to see the calls and turns it was seen in; click a node to centre it.</p></aside></main>
<script>${SCRIPT}</script></body></html>`;
}
