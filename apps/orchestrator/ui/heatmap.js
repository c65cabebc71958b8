// Port-matrix heat map of one switch on a canvas: north ports down, south ports across; a lit
// circuit is one cell coloured by its measured insertion loss (green at LOSS_LOW dB, red at
// LOSS_HIGH dB and above; docs/ocs-facts.md puts MEMS switches under ~2 dB); failed ports are red
// lines, ports held by an operation amber lines. Only the marks are drawn (at most min(N, S)
// circuits plus the marked ports), never the N x S empty cells one by one, so a 320 x 320 switch
// redraws in a few milliseconds.

export const LOSS_LOW = 0.5;
export const LOSS_HIGH = 3;

export function lossColour(lossDb) {
  const t = Math.max(0, Math.min(1, (lossDb - LOSS_LOW) / (LOSS_HIGH - LOSS_LOW)));
  return `hsl(${Math.round(120 * (1 - t))}, 80%, 40%)`;
}

/** Draws `map` (GET /v1/switches/{id}) and returns what it took, in ms. */
export function drawHeatmap(canvas, map, maxSize = 640) {
  const started = performance.now();
  const cell = Math.max(1, Math.floor(maxSize / Math.max(map.northPorts, map.southPorts)));
  canvas.width = map.southPorts * cell;
  canvas.height = map.northPorts * cell;
  canvas.dataset.cell = String(cell);
  const g = canvas.getContext('2d');
  g.fillStyle = '#f1f3f6';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.globalAlpha = 0.35;
  for (const p of map.pending) {
    g.fillStyle = '#e8a317';
    if (p.side === 'north') g.fillRect(0, (p.port - 1) * cell, canvas.width, cell);
    else g.fillRect((p.port - 1) * cell, 0, cell, canvas.height);
  }
  for (const p of map.unhealthyPorts) {
    g.fillStyle = p.health === 'failed' ? '#b3261e' : '#e8a317';
    if (p.side === 'north') g.fillRect(0, (p.port - 1) * cell, canvas.width, cell);
    else g.fillRect((p.port - 1) * cell, 0, cell, canvas.height);
  }
  g.globalAlpha = 1;
  for (const c of map.active) {
    g.fillStyle = lossColour(c.lossDb);
    g.fillRect((c.south - 1) * cell, (c.north - 1) * cell, Math.max(cell, 2), Math.max(cell, 2));
  }
  const took = performance.now() - started;
  canvas.dataset.drawMs = took.toFixed(2);
  return took;
}
