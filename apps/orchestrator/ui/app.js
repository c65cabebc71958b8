// lightpath console: plain ES modules served by the orchestrator at /ui (no build step). One list
// call per view plus one event stream for the whole console; no per-switch request storms.
import { api, ApiError, onUnauthorized, openEvents, session } from './api.js';
import { fabricView } from './fabric-view.js';
import { operationsView } from './operations-view.js';
import { planView } from './plan-view.js';
import { switchView } from './switch-view.js';

const main = document.getElementById('main');
const banner = document.getElementById('banner');

/** What every view shares: the caller's powers, the live event feed, a confirmation dialog. */
const ctx = {
  canAct: false,
  listeners: new Set(),
  onEvent(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); },
  confirm(text) {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-text').textContent = text;
    dialog.showModal();
    return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
  },
};
let closeEvents = () => {};
let leaveView = () => {};

function showSignIn(message = '') {
  closeEvents();
  leaveView();
  session.token = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('who').textContent = '';
  banner.hidden = true;
  main.innerHTML = `<form class="signin" id="signin"><h2>Sign in</h2>
    <p>Paste a bearer token (an API token or a JWT, docs/api.md#authentication).</p>
    <input id="token" type="password" autocomplete="off" placeholder="token" required>
    <button type="submit">Sign in</button><p class="error" id="signin-error">${message}</p></form>`;
  document.getElementById('signin').addEventListener('submit', async (e) => {
    e.preventDefault();
    session.token = document.getElementById('token').value.trim();
    try {
      await start();
    } catch (err) {
      showSignIn(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));
    }
  });
}

/** After sign-in: learn the caller's powers, open the event stream, show the view the URL names. */
async function start() {
  await api('GET', '/v1/switches');
  // No who-am-i route: the audit log needs operator, the role every action here needs.
  ctx.canAct = await api('GET', '/v1/audit?limit=1').then(() => true, (err) => (err.status === 403 ? false : Promise.reject(err)));
  document.body.dataset.role = ctx.canAct ? 'operator' : 'reader';
  document.getElementById('who').textContent = ctx.canAct ? 'signed in: operator' : 'signed in: read only';
  document.getElementById('nav').hidden = false;
  document.getElementById('sign-out').hidden = false;
  closeEvents = openEvents(['operation', 'alarm', 'switch', 'port'], (event) => ctx.listeners.forEach((fn) => fn(event)), (up) => {
    banner.hidden = up;
    banner.textContent = up ? '' : 'Disconnected from the orchestrator: reconnecting (events missed meanwhile are replayed)';
  });
  route();
}

function route() {
  leaveView();
  if (!session.token) return showSignIn();
  const [, view, arg] = location.hash.split('/');
  const views = { fabric: fabricView, switch: switchView, operations: operationsView, plan: planView };
  const show = views[view] ?? fabricView;
  main.innerHTML = '';
  leaveView = show(main, ctx, decodeURIComponent(arg ?? '')) ?? (() => {});
}

onUnauthorized((err) => showSignIn(err.code === 'TOKEN_EXPIRED' ? 'Your token expired: sign in again.' : `${err.code}: ${err.message}`));
window.addEventListener('hashchange', () => session.token && route());
document.getElementById('sign-out').addEventListener('click', () => showSignIn());
if (session.token) start().catch((err) => showSignIn(err.message));
else showSignIn();
