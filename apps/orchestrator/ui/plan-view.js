import { api } from './api.js';
import { escapeHtml } from './virtual-table.js';

const EXAMPLE = { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 1 }] };

/** The plan diff of a topology intent (a dry run: nothing moves), then apply it after a confirmation. */
export function planView(main, ctx) {
  main.innerHTML = `<h2>Plan a topology</h2>
    <form id="plan-form">Name <input id="plan-name" value="console-topology" required>
      <textarea id="plan-intent" rows="8">${escapeHtml(JSON.stringify(EXAMPLE, null, 2))}</textarea>
      <button type="submit">Plan (dry run)</button> <button type="button" id="apply" disabled>Apply</button></form>
    <p class="error" id="plan-error"></p><pre id="diff"></pre>`;
  const error = main.querySelector('#plan-error');
  const diff = main.querySelector('#diff');
  const applyButton = main.querySelector('#apply');
  applyButton.hidden = !ctx.canAct;
  const request = () => ({ name: main.querySelector('#plan-name').value.trim(), intent: JSON.parse(main.querySelector('#plan-intent').value) });
  main.querySelector('#plan-form').onsubmit = async (e) => {
    e.preventDefault();
    error.textContent = '';
    diff.textContent = '';
    try {
      const { name, intent } = request();
      const { plan } = await api('POST', `/v1/topologies/${encodeURIComponent(name)}`, { intent, dryRun: true });
      diff.textContent = renderDiff(name, plan);
      applyButton.disabled = plan.plan.changes.length === 0;
    } catch (err) {
      error.textContent = err.code ? `${err.code}: ${err.message}` : String(err);
    }
  };
  applyButton.onclick = async () => {
    const { name, intent } = request();
    if (!(await ctx.confirm(`Apply topology ${name}? Its stages start at once.`))) return;
    try {
      const run = await api('POST', `/v1/topologies/${encodeURIComponent(name)}`, { intent, dryRun: false });
      if (run.operation) location.hash = `#/operations/${run.operation.id}`;
    } catch (err) {
      error.textContent = `${err.code}: ${err.message}`;
    }
  };
}

/** The same diff ocsctl apply prints: per switch adds and removes, stages, changed count against the lower bound. */
function renderDiff(name, answer) {
  const plan = answer.plan;
  const lines = [`topology ${name}: ${plan.intent} against fabric spec v${answer.specVersion}, ${answer.currentCrossConnects} circuits now`];
  for (const c of plan.changes) lines.push(`  ${c.switchId.padEnd(12)} +${c.add.length} -${c.remove.length}  ${c.add.map((p) => `${p.north}-${p.south}`).join(' ')}`);
  lines.push(`stages: ${plan.stages.length} (lower bound ${plan.metrics.stageLowerBound})`);
  lines.push(`changed: ${plan.metrics.modified} cross-connects (lower bound ${plan.metrics.lowerBound?.modified ?? plan.metrics.lowerBound?.touched})`);
  lines.push(`displaces: ${answer.displaces.length ? answer.displaces.map((d) => `${d.owner} (${d.circuits.length})`).join(', ') : 'nothing of other owners'}`);
  return lines.join('\n');
}
