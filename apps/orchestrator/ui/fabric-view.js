import { api } from './api.js';
import { escapeHtml, virtualTable } from './virtual-table.js';

const yes = (b) => (b ? 'yes' : 'no');

/** Fabric overview: every switch (one list call), kept fresh by switch, port and alarm events. */
export function fabricView(main, ctx) {
  main.innerHTML = `<div class="cards" id="cards"></div>
    <div class="actions" id="fabric-actions"></div>
    <div id="switches"></div>`;
  const alarms = new Map();
  let switches = [];
  const table = virtualTable(
    main.querySelector('#switches'),
    [
      { header: 'Switch', cell: (s) => `<a class="switch" href="#/switch/${encodeURIComponent(s.switchId)}">${escapeHtml(s.switchId)}</a>` },
      { header: 'Ports', cell: (s) => `${s.northPorts}x${s.southPorts}` },
      { header: 'Reachable', cell: (s) => yes(s.reachable), className: '' },
      { header: 'Powered', cell: (s) => yes(s.powered) },
      { header: 'Drained', cell: (s) => yes(s.drained) },
      { header: 'Circuits', cell: (s) => s.crossConnects },
      { header: 'Alarms', cell: (s) => alarms.get(s.switchId) ?? 0 },
    ],
    (key) => (location.hash = `#/switch/${encodeURIComponent(key)}`),
  );
  const paint = (frozen) => {
    const reachable = switches.filter((s) => s.reachable).length;
    main.querySelector('#cards').innerHTML = [
      `<div class="card">${switches.length} switches</div>`,
      `<div class="card">${reachable} reachable</div>`,
      `<div class="card">${switches.filter((s) => s.drained).length} drained</div>`,
      `<div class="card">${switches.reduce((n, s) => n + s.crossConnects, 0)} circuits</div>`,
      `<div class="card" id="frozen">${frozen?.frozen ? `fabric frozen by ${escapeHtml(frozen.by)}` : 'fabric not frozen'}</div>`,
    ].join('');
    table.set(switches.map((s) => ({ ...s, key: s.switchId, className: s.reachable ? '' : 'failed' })));
  };
  let frozen;
  const load = async () => {
    [switches, frozen] = await Promise.all([api('GET', '/v1/switches').then((b) => b.switches), api('GET', '/v1/fabric/freeze')]);
    switches.sort((a, b) => a.switchId.localeCompare(b.switchId, undefined, { numeric: true }));
    paint(frozen);
  };
  if (ctx.canAct) {
    const actions = main.querySelector('#fabric-actions');
    actions.innerHTML = '<button id="freeze">Freeze fabric</button><button id="unfreeze">Unfreeze</button>';
    actions.querySelector('#freeze').onclick = async () => (await ctx.confirm('Freeze the fabric? Every new operation is refused until unfrozen.')) && api('POST', '/v1/fabric/freeze').then(load);
    actions.querySelector('#unfreeze').onclick = async () => (await ctx.confirm('Unfreeze the fabric?')) && api('POST', '/v1/fabric/unfreeze').then(load);
  }
  // Events only say which switch changed; one list call (debounced) brings the numbers back in line.
  let timer;
  const off = ctx.onEvent((e) => {
    if (e.kind === 'alarm' && e.type !== 'cleared') alarms.set(e.switchId, (alarms.get(e.switchId) ?? 0) + 1);
    clearTimeout(timer);
    timer = setTimeout(() => load().catch(() => {}), 500);
  });
  load().catch((err) => (main.querySelector('#cards').innerHTML = `<p class="error">${escapeHtml(err.message)}</p>`));
  return () => (off(), clearTimeout(timer));
}
