import { api } from './api.js';
import { escapeHtml, virtualTable } from './virtual-table.js';

/** A row from either kind of operation, as listed or as an event carries it. */
function rowOf(op) {
  if (op.stages) {
    const done = op.stages.filter((s) => s.status === 'succeeded').length;
    return { key: op.id, id: op.id, kind: op.kind, target: op.target, status: op.status, stage: `${Math.min(op.currentStage + 1, op.stages.length)}/${op.stages.length} (${done} done)`, at: op.createdAt, reason: op.reason };
  }
  return { key: op.id ?? op.operationId, id: op.id ?? op.operationId, kind: op.kind ?? op.operationKind, target: op.switchId, status: op.status, stage: '', at: op.createdAt ?? Date.now(), reason: op.reason };
}

/** Recent operations (one list call), then live: every operation event updates or adds its row. */
export function operationsView(main, ctx, focus) {
  main.innerHTML = `<h2>Operations</h2><p id="focus"></p><div id="ops"></div>`;
  const rows = new Map();
  const table = virtualTable(main.querySelector('#ops'), [
    { header: 'ID', cell: (r) => escapeHtml(r.id) },
    { header: 'Kind', cell: (r) => escapeHtml(r.kind) },
    { header: 'Target', cell: (r) => escapeHtml(r.target) },
    { header: 'Status', cell: (r) => escapeHtml(r.status), className: 'status' },
    { header: 'Stage', cell: (r) => escapeHtml(r.stage) },
    { header: 'Reason', cell: (r) => escapeHtml(r.reason ?? '') },
  ]);
  const paint = () => {
    table.set([...rows.values()].sort((a, b) => b.at - a.at).map((r) => ({ ...r, className: r.status })));
    const f = focus && rows.get(focus);
    main.querySelector('#focus').innerHTML = f ? `Following <b>${escapeHtml(f.id)}</b>: <span id="focus-status" data-status="${escapeHtml(f.status)}">${escapeHtml(f.status)}</span> ${escapeHtml(f.stage)}` : '';
  };
  // Rows an event has updated: newer than any read still in flight, which must not overwrite them.
  const live = new Set();
  const off = ctx.onEvent((e) => {
    if (e.kind !== 'operation') return;
    const row = rowOf(e.data);
    live.add(row.key);
    rows.set(row.key, { ...rows.get(row.key), ...row, at: rows.get(row.key)?.at ?? row.at });
    paint();
  });
  api('GET', '/v1/operations?limit=200').then((body) => {
    for (const op of [...body.operations, ...(body.staged ?? [])]) {
      const row = rowOf(op);
      // An event that arrived during the list call is newer than the list.
      if (!rows.has(row.key)) rows.set(row.key, row);
    }
    paint();
  });
  // The operation this view was opened for: read it once, in case its events came before the view.
  // An operation that ends within a moment (a small drain) may publish its last event while this read
  // is on its way; the read, older, then leaves the row as the event made it.
  if (focus)
    api('GET', `/v1/operations/${encodeURIComponent(focus)}`).then(
      (op) => {
        if (!live.has(focus)) rows.set(focus, rowOf(op));
        paint();
      },
      () => {},
    );
  return off;
}
