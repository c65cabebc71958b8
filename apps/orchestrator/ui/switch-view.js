import { api } from './api.js';
import { drawHeatmap } from './heatmap.js';
import { escapeHtml } from './virtual-table.js';

/** One switch: its port-matrix heat map and, for operators, connect / drain / fail-port actions. */
export function switchView(main, ctx, switchId) {
  main.innerHTML = `<h2>${escapeHtml(switchId)}</h2><p id="facts"></p>
    <div class="actions" id="actions"></div><p class="error" id="action-error"></p>
    <canvas id="heatmap" aria-label="port matrix: north ports down, south ports across"></canvas>
    <p>North ports down, south ports across; a lit circuit is coloured by insertion loss (green low, red high); red lines: failed ports; amber: ports held by an operation.</p>`;
  const canvas = main.querySelector('#heatmap');
  const error = main.querySelector('#action-error');
  const load = async () => {
    const map = await api('GET', `/v1/switches/${encodeURIComponent(switchId)}`);
    const failed = map.unhealthyPorts.filter((p) => p.health === 'failed').map((p) => `${p.side}:${p.port}`);
    main.querySelector('#facts').textContent = `${map.northPorts}x${map.southPorts} ports, ${map.active.length} lit circuits, reachable ${map.reachable ? 'yes' : 'no'}, drained ${map.drained ? 'yes' : 'no'}, failed ports: ${failed.join(', ') || 'none'}`;
    drawHeatmap(canvas, map);
  };
  const act = (fn) => async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await fn();
    } catch (err) {
      error.textContent = `${err.code}: ${err.message}`;
    }
  };
  if (ctx.canAct) {
    const actions = main.querySelector('#actions');
    actions.innerHTML = `<form id="connect">North <input id="north" type="number" min="1" size="4" required> South <input id="south" type="number" min="1" size="4" required>
      <button type="submit">Connect</button></form>
      <form id="fail">Port <select id="fail-side"><option>north</option><option>south</option></select> <input id="fail-port" type="number" min="1" size="4" required>
      <button type="submit">Mark failed</button> <button type="button" id="restore">Restore</button></form>
      <button id="drain">Drain switch</button> <button id="undrain">Undrain</button>`;
    const n = () => Number(actions.querySelector('#north').value);
    const s = () => Number(actions.querySelector('#south').value);
    actions.querySelector('#connect').onsubmit = act(async () => {
      if (!(await ctx.confirm(`Connect north ${n()} to south ${s()} on ${switchId}?`))) return;
      const op = await api('POST', `/v1/switches/${encodeURIComponent(switchId)}/cross-connects`, { north: n(), south: s() });
      location.hash = `#/operations/${op.id}`;
    });
    const port = () => `${actions.querySelector('#fail-side').value}/${Number(actions.querySelector('#fail-port').value)}`;
    actions.querySelector('#fail').onsubmit = act(async () => (await ctx.confirm(`Mark ${port()} of ${switchId} failed? Its circuit is rerouted.`)) && api('POST', `/v1/switches/${encodeURIComponent(switchId)}/ports/${port()}/fail`, {}).then(load));
    actions.querySelector('#restore').onclick = act(async () => (await ctx.confirm(`Restore ${port()} of ${switchId}?`)) && api('POST', `/v1/switches/${encodeURIComponent(switchId)}/ports/${port()}/restore`).then(load));
    actions.querySelector('#drain').onclick = act(async () => {
      if (!(await ctx.confirm(`Drain ${switchId}? Its circuits move to other switches in stages and it takes no new ones.`))) return;
      const run = await api('POST', `/v1/switches/${encodeURIComponent(switchId)}/drain`);
      location.hash = run.operation ? `#/operations/${run.operation.id}` : location.hash;
      if (!run.operation) await load();
    });
    actions.querySelector('#undrain').onclick = act(async () => (await ctx.confirm(`Undrain ${switchId}?`)) && api('POST', `/v1/switches/${encodeURIComponent(switchId)}/undrain`).then(load));
  }
  let timer;
  const off = ctx.onEvent((e) => {
    if (e.switchId !== switchId && e.switchId !== '*') return;
    clearTimeout(timer);
    timer = setTimeout(() => load().catch(() => {}), 200);
  });
  load().catch((err) => (error.textContent = `${err.code}: ${err.message}`));
  return () => (off(), clearTimeout(timer));
}
