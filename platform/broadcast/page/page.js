// The broadcasts admin page: campaigns, live progress and throughput, a delivery funnel, errors by
// code, and schedule / pause / resume / cancel, all through the admin REST API with an editor token.
'use strict';
const API = new URL('../broadcast/', document.baseURI);
const TOKEN_URL = new URL('../auth/token', document.baseURI);
const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('jansetu-admin-token');
let selected = null;
/** Per campaign, the sent count and time of the last poll: throughput is the difference. */
const lastSeen = new Map();

async function api(path, body) {
  const res = await fetch(new URL(path, API), { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    signedOut();
    throw new Error('signed out');
  }
  const json = await res.json();
  if (!res.ok) throw new Error(json.message || `${res.status}`);
  return json;
}

function signedOut() {
  token = null;
  sessionStorage.removeItem('jansetu-admin-token');
  $('app').hidden = true;
  $('login').hidden = false;
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const res = await fetch(TOKEN_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: form.get('username'), password: form.get('password') }) });
  if (!res.ok) {
    $('login').querySelector('.error').textContent = res.status === 429 ? 'Too many tries: wait a few minutes.' : 'That username and password do not match.';
    return;
  }
  token = (await res.json()).access_token;
  sessionStorage.setItem('jansetu-admin-token', token);
  start();
});

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function progressOf(c) {
  const done = c.total - c.counts.queued;
  const pct = c.total ? Math.round((100 * done) / c.total) : 100;
  return el('span', {}, el('span', { class: 'progress', role: 'progressbar', 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100, 'data-testid': 'progress' }, el('span', { style: `width:${pct}%` })), ` ${done} / ${c.total}`);
}

function throughputOf(c) {
  const now = performance.now();
  const seen = lastSeen.get(c.id);
  lastSeen.set(c.id, { sent: c.funnel.sent, at: now });
  if (!seen || c.state !== 'running') return '';
  const rate = ((c.funnel.sent - seen.sent) * 1000) / Math.max(1, now - seen.at);
  return `${Math.max(0, Math.round(rate))} msg/s`;
}

const ACTIONS = { draft: ['schedule', 'cancel'], scheduled: ['cancel'], running: ['pause', 'cancel'], paused: ['resume', 'cancel'] };

function actionButtons(c) {
  return (ACTIONS[c.state] || []).map((action) =>
    el('button', { type: 'button', class: action === 'cancel' ? 'secondary' : null, 'data-testid': `action-${action}`, onclick: async (event) => {
      event.stopPropagation();
      if (action === 'cancel' && !confirm(`Cancel "${c.name}"? Messages not yet sent will not be.`)) return;
      try {
        await api(`campaigns/${c.id}/${action}`, {});
      } catch (err) {
        alert(err.message);
      }
      refresh();
    } }, action[0].toUpperCase() + action.slice(1)),
  );
}

function renderList(campaigns) {
  const body = $('app').querySelector('[data-testid="campaigns"] tbody');
  body.replaceChildren(...campaigns.map((c) =>
    el('tr', { 'data-testid': 'campaign', 'data-id': c.id, 'data-state': c.state, class: c.id === selected ? 'selected' : null, onclick: () => { selected = c.id; refresh(); } },
      el('td', {}, c.name), el('td', { 'data-testid': 'state', title: c.hold ? c.hold.reason : null }, c.hold ? `${c.state} (held)` : c.state), el('td', {}, progressOf(c)), el('td', { 'data-testid': 'throughput' }, throughputOf(c)), el('td', {}, ...actionButtons(c)))));
  $('app').querySelector('[data-testid="no-campaigns"]').hidden = campaigns.length > 0;
}

function renderDetail(c) {
  $('detail').hidden = false;
  $('detail-name').textContent = c.name;
  const quiet = c.quietHours ? ` · quiet hours ${c.quietHours.from}–${c.quietHours.to} IST` : '';
  const held = c.hold ? ` · held since ${new Date(c.hold.since).toLocaleTimeString()}: ${c.hold.reason}` : '';
  const f = c.audience && c.audience.kind === 'filter' ? c.audience.filter : null;
  const audience = f ? ` · audience: subscribers${f.topics ? ` to ${f.topics.join(', ')}` : ''}${f.district ? ` in ${f.district}` : ''}${f.mandal ? `, ${f.mandal}` : ''}${f.pin ? `, ${f.pin}` : ''}` : '';
  $('detail-meta').textContent = `${c.state}${held}${audience} · senders ${c.senders.join(', ')} · template ${c.template.name} (${c.template.language}) · ${c.total} recipients · rejected rows: ${c.rejectedCount} · duplicates: ${c.duplicates}${quiet}`;
  const rows = [['sent', c.funnel.sent], ['delivered', c.funnel.delivered], ['read', c.funnel.read], ['failed', c.counts.failed], ['skipped', c.counts.skipped], ['queued', c.counts.queued]];
  const max = Math.max(1, c.total);
  $('funnel').setAttribute('aria-label', rows.map(([k, v]) => `${k} ${v}`).join(', '));
  $('funnel').replaceChildren(...rows.map(([k, v]) => el('div', { class: `bar ${k}`, 'data-testid': `funnel-${k}`, 'data-count': v }, el('b', {}, k), el('span', { style: `width:${(100 * v) / max}%` }), String(v))));
  const errors = Object.entries(c.errors);
  $('errors').querySelector('tbody').replaceChildren(...(errors.length ? errors.map(([code, n]) => el('tr', {}, el('td', {}, code), el('td', {}, String(n)))) : [el('tr', {}, el('td', {}, 'none'))]));
  $('actions').replaceChildren(...actionButtons(c));
}

async function refresh() {
  try {
    const { campaigns } = await api('campaigns');
    renderList(campaigns);
    if (selected) renderDetail(await api(`campaigns/${selected}`));
  } catch (err) {
    if (err.message !== 'signed out') console.warn(err);
  }
}

$('create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const error = $('create').querySelector('.error');
  error.textContent = '';
  try {
    const file = form.get('csv');
    const lines = (name) => String(form.get(name) || '').split('\n').map((s) => s.trim()).filter(Boolean);
    const list = (name) => String(form.get(name) || '').split(',').map((s) => s.trim()).filter(Boolean);
    const text = (name) => String(form.get(name) || '').trim() || undefined;
    let audience;
    if (form.get('audience') === 'filter') {
      audience = { filter: { topics: list('topics').length ? list('topics') : undefined, district: text('district'), mandal: text('mandal'), pin: text('pin') } };
    } else {
      if (!file || !file.size) throw new Error('choose the CSV file of the audience');
      audience = { csv: await file.text() };
    }
    const created = await api('campaigns', {
      name: form.get('name'),
      senders: list('sender'),
      template: { name: String(form.get('template')).trim(), language: String(form.get('language')).trim(), header: lines('header'), body: lines('body') },
      data: JSON.parse(String(form.get('data') || '{}')),
      audience,
      quietHours: form.get('quietFrom') && form.get('quietTo') ? { from: String(form.get('quietFrom')), to: String(form.get('quietTo')) } : null,
    });
    selected = created.id;
    event.target.reset();
    refresh();
  } catch (err) {
    error.textContent = err.message;
  }
});

let timer = null;
function start() {
  $('login').hidden = true;
  $('app').hidden = false;
  refresh();
  clearInterval(timer);
  timer = setInterval(refresh, POLL_MS);
}

if (token) start();
else signedOut();
