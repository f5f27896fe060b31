// The edgeorch dashboard: every screen reads and acts through the hub's HTTP API (docs/api.md),
// logged in with a session cookie; calls that change something carry the session's CSRF token.
'use strict';

const state = {
  csrf: '', who: {}, view: '', timer: 0, stream: null, job: null, logs: null, logService: '',
  files: {}, // what lies beside the compose file: path -> base64, for its binds, env_file and secrets
};
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'class') node.className = value;
    // Through the CSSOM: the page's CSP refuses style attributes.
    else if (key === 'width') node.style.width = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

async function api(method, path, body) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? (method === 'GET' ? undefined : '') : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) showLogin();
  if (!response.ok) throw Object.assign(new Error(data.error || response.statusText), data);
  return data;
}

const mib = (bytes) => `${Math.round((bytes || 0) / 1048576)} MiB`;
const ago = (ms) => (ms ? `${Math.max(0, Math.round((Date.now() - ms) / 1000))} s ago` : '-');

// A session's answer: its CSRF token, and who it is; only the edgectl identity manages tokens
// and adds nodes.
function setSession(answer) {
  state.csrf = answer.csrf;
  state.who = answer.who || {};
  const identity = state.who.kind === 'identity';
  $('tokens-link').hidden = !identity;
  $('add-node').hidden = !identity;
}

function showLogin() {
  clearInterval(state.timer);
  if (state.stream) state.stream.abort();
  stopLogs();
  $('nav').hidden = true;
  for (const view of document.querySelectorAll('.view')) view.hidden = true;
  $('login').hidden = false;
}

function show(view) {
  state.view = view;
  $('login').hidden = true;
  $('nav').hidden = false;
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== view;
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('active', link.dataset.view === view);
  }
  clearInterval(state.timer);
  const refresh = { cluster: loadNodes, stacks: loadServices, jobs: loadJobs, tokens: loadTokens }[view];
  if (refresh) {
    refresh();
    state.timer = setInterval(refresh, view === 'tokens' ? 10000 : 2000);
  }
  if (view === 'events' && !state.stream) followEvents();
  if (view === 'logs') loadLogServices();
  else stopLogs();
}

function nodeCard(node) {
  const used = node.allocatable ? Math.min(100, (100 * node.reserved) / node.allocatable) : 0;
  const status = node.drained ? 'drained' : node.state;
  const labels = Object.entries(node.labels || {}).map(([k, v]) => `${k}=${v}`).join(', ');
  const action = node.drained
    ? el('button', { onclick: () => act('POST', `/nodes/${node.name}/activate`) }, 'Activate')
    : el('button', { onclick: () => act('POST', `/nodes/${node.name}/drain`) }, 'Drain');
  return el('div', { class: 'card', 'data-node': node.name },
    el('h2', {}, node.name, el('span', { class: `state ${status}` }, status)),
    el('div', { class: 'muted' }, `${node.class} · ${node.arch} · ${node.storage} · ${node.cpus} CPUs`),
    el('div', { class: 'bar', title: 'reserved of allocatable' }, el('span', { width: `${used}%` })),
    el('div', { class: 'muted' }, `${mib(node.reserved)} reserved of ${mib(node.allocatable)}`),
    el('div', {}, `${node.replicas} replicas`),
    el('div', { class: 'muted' }, labels || 'no labels'),
    el('div', { class: 'muted' }, `seen ${ago(node.last_seen_ms)}`),
    action,
    el('button', { class: 'label', onclick: () => labelNode(node.name) }, 'Label…'));
}

// A dialog rather than a field on the card: the card is redrawn every 2 s.
async function labelNode(name) {
  const text = prompt(`Label ${name}: key=value sets it, key= removes it`);
  if (!text || !text.includes('=')) return;
  const at = text.indexOf('=');
  const [key, value] = [text.slice(0, at).trim(), text.slice(at + 1).trim()];
  await act('POST', `/nodes/${name}/labels`, value ? { set: { [key]: value } } : { remove: [key] });
}

async function addNode() {
  const name = prompt('Name of the new node (e.g. pi-4)');
  if (!name) return;
  try {
    const answer = await api('POST', '/nodes', { name });
    $('join-command').textContent = `Run this on ${answer.node} (the token works once):\n${answer.join_command}`;
  } catch (error) {
    $('join-command').textContent = error.message;
  }
}

async function act(method, path, body) {
  try {
    await api(method, path, body);
  } catch (error) {
    alert(error.message);
  }
  if (state.view === 'cluster') loadNodes();
  if (state.view === 'stacks') loadServices();
  if (state.view === 'jobs') loadJobs();
  if (state.view === 'tokens') loadTokens();
}

async function loadNodes() {
  const nodes = await api('GET', '/nodes').catch(() => null);
  if (nodes) $('nodes').replaceChildren(...nodes.map(nodeCard));
}

async function loadServices() {
  const services = await api('GET', '/services').catch(() => null);
  if (!services) return;
  const rows = services.map((s) => el('tr', { class: 'clickable', 'data-service': `${s.stack}/${s.service}`,
    onclick: () => loadReplicas(s) },
  el('td', {}, s.stack), el('td', {}, s.service), el('td', {}, s.image),
  el('td', { class: 'running' }, `${s.running}/${s.desired}`), el('td', {}, mib(s.memory_limit))));
  $('services').replaceChildren(el('table', {},
    el('tr', {}, ...['Stack', 'Service', 'Image', 'Running', 'Limit'].map((h) => el('th', {}, h))), ...rows));
}

async function loadReplicas(service) {
  const [stack, environment] = service.stack.split('@');
  const query = environment ? `?environment=${environment}` : '';
  const replicas = await api('GET', `/services/${stack}/${service.service}/replicas${query}`).catch((e) => e);
  if (!Array.isArray(replicas)) return;
  $('replicas').replaceChildren(el('h2', {}, `${service.stack}/${service.service}`),
    el('table', {}, el('tr', {}, ...['Replica', 'Node', 'State', 'Memory peak', 'Health', 'Why'].map((h) => el('th', {}, h))),
      ...replicas.map(replicaRow)),
    el('button', { onclick: () => act('POST', `/services/${stack}/${service.service}/rollback${query}`) }, 'Roll back'),
    el('button', { class: 'logs', onclick: () => { state.logService = `${service.stack}/${service.service}`; location.hash = 'logs'; } }, 'Logs'),
    el('button', { onclick: () => confirm(`Remove stack ${service.stack}?`) && act('DELETE', `/stacks/${stack}${query}`) },
      'Remove stack'));
}

// A replica: where it runs, its memory peak against its limit as a bar, OOM kills, health, and
// why it is not running (pending reason, failed pull or create, a pull in progress).
function replicaRow(r) {
  const peak = r.memory_limit ? Math.min(100, (100 * r.memory_peak) / r.memory_limit) : 0;
  const why = [r.reason, r.failure && `${r.failure} (attempt ${r.failure_attempts})`,
    r.pulling && `pulling ${mib(r.pull_done_bytes)} of ${mib(r.pull_total_bytes)}`].filter(Boolean).join('; ');
  return el('tr', {}, el('td', {}, r.replica), el('td', {}, r.node || '-'),
    el('td', {}, el('span', { class: `state ${r.state}` }, r.state)),
    el('td', {}, el('div', { class: 'bar', title: 'peak of limit' }, el('span', { width: `${peak}%` })),
      el('span', { class: 'muted' }, `${mib(r.memory_peak)} of ${mib(r.memory_limit)}`
        + (r.oom_kills ? ` · OOM-killed ${r.oom_kills}×` : ''))),
    el('td', {}, r.health || '-'), el('td', {}, why));
}

// Jobs (docs/jobs.md): each with its schedule, last and next run and success rate; a job's
// runs on click, and a run's kept output on click.
const when = (ms) => (ms ? new Date(ms).toLocaleString() : '-');
const jobPath = (job) => {
  const [stack, environment] = job.stack.split('@');
  return [`/jobs/${stack}/${job.service}`, environment ? `?environment=${environment}` : ''];
};

async function loadJobs() {
  const data = await api('GET', '/jobs').catch(() => null);
  if (!data) return;
  const rows = data.jobs.map((j) => {
    const last = j.last ? `${j.last.state}${j.last.exit_code === null ? '' : ` (exit ${j.last.exit_code})`}` : '-';
    const next = j.suspended ? 'suspended' : when(j.next_ms);
    const rate = j.finished ? `${j.succeeded}/${j.finished}` : '-';
    return el('tr', { class: 'clickable', 'data-job': `${j.stack}/${j.service}`, onclick: () => loadRuns(j) },
      el('td', {}, `${j.stack}/${j.service}`), el('td', {}, j.schedule || 'on demand'),
      el('td', {}, el('span', { class: `state ${j.last ? j.last.state : ''}` }, last)),
      el('td', {}, next), el('td', {}, rate), el('td', {}, j.active));
  });
  $('job-list').replaceChildren(el('table', {},
    el('tr', {}, ...['Job', 'Schedule', 'Last run', 'Next run', 'Succeeded', 'Active'].map((h) => el('th', {}, h))), ...rows));
  const open = state.job && data.jobs.find((j) => j.stack === state.job.stack && j.service === state.job.service);
  if (open) loadRuns(open);
}

async function loadRuns(job) {
  state.job = job;
  const [path, query] = jobPath(job);
  const data = await api('GET', `${path}/runs${query}`).catch(() => null);
  if (!data) return;
  const rows = data.runs.map((r) => el('tr', { class: 'clickable', 'data-run': r.id, onclick: () => loadOutput(r.id) },
    el('td', {}, r.id), el('td', {}, r.trigger), el('td', {}, when(r.started_ms || r.occurrence_ms)),
    el('td', {}, el('span', { class: `state ${r.state}` }, r.state)), el('td', {}, r.attempts),
    el('td', {}, r.exit_code === null ? '-' : r.exit_code), el('td', {}, r.nodes.join(', ') || '-'),
    el('td', {}, r.reason)));
  const toggle = job.suspended ? 'resume' : 'suspend';
  $('job-runs').replaceChildren(el('h2', {}, `${job.stack}/${job.service}`),
    el('table', {}, el('tr', {}, ...['Run', 'Trigger', 'Started', 'State', 'Attempts', 'Exit', 'Nodes', 'Reason']
      .map((h) => el('th', {}, h))), ...rows),
    el('button', { onclick: () => act('POST', `${path}/run${query}`) }, 'Run now'),
    el('button', { onclick: () => act('POST', `${path}/${toggle}${query}`) }, toggle === 'resume' ? 'Resume' : 'Suspend'));
}

async function loadOutput(run) {
  const data = await api('GET', `/runs/${run}/logs`).catch((e) => ({ output: e.message }));
  $('job-output').textContent = `run ${run}:\n${data.output || '(no output kept)'}`;
}

function deployBody(dryRun) {
  const body = { name: $('stack-name').value, compose: $('compose').value, dry_run: dryRun };
  if ($('stack-env').value) body.environment = $('stack-env').value;
  if ($('dotenv').value.trim()) body.env = $('dotenv').value;
  if (Object.keys(state.files).length) body.files = state.files;
  return body;
}

function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(text);
}

// Files picked beside the compose file, by the path its binds and `file:` name them with: a
// file by its name, a folder's files under the folder's name.
function addSideFiles(input) {
  input.addEventListener('change', async () => {
    for (const file of input.files) {
      state.files[file.webkitRelativePath || file.name] = base64(await file.arrayBuffer());
    }
    $('side-list').textContent = Object.keys(state.files).sort().join(', ');
  });
}

// A file picked from the phone or the desktop lands in its text box, where it can be edited.
function loadFileInto(input, textarea) {
  input.addEventListener('change', async () => {
    if (input.files.length) textarea.value = await input.files[0].text();
  });
}

async function deploy(dryRun) {
  $('compose-errors').replaceChildren();
  $('plan').textContent = '';
  try {
    const answer = await api('POST', '/stacks', deployBody(dryRun));
    if (dryRun) {
      $('plan').textContent = [...(answer.changes || []), ...(answer.plan || [])].join('\n') || 'nothing to do';
    } else {
      location.hash = 'stacks';
    }
  } catch (error) {
    const lines = error.errors || [error.message];
    $('compose-errors').replaceChildren(...lines.map((line) => el('li', {}, line)));
  }
}

// Reads a stream of Server-Sent Events with fetch (an EventSource cannot be aborted with the
// page's other calls), handing each message's event name and parsed data to `onMessage`.
// Returns the response's status.
async function readEvents(path, signal, onMessage) {
  const response = await fetch('/api/v1' + path, { credentials: 'same-origin', signal });
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new Error(data.error || response.statusText);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const lines = buffered.slice(0, end).split('\n');
      buffered = buffered.slice(end + 2);
      const name = lines.find((line) => line.startsWith('event: '));
      const data = lines.find((line) => line.startsWith('data: '));
      if (data) onMessage(name ? name.slice(7) : 'message', JSON.parse(data.slice(6)));
    }
  }
}

async function followEvents() {
  state.stream = new AbortController();
  try {
    const recent = await api('GET', '/events?limit=50');
    for (const event of recent) addEvent(event);
    await readEvents('/events/stream', state.stream.signal, (name, data) => {
      if (name === 'message') addEvent(data);
    });
  } catch (error) {
    // Aborted at logout, or the hub went away: the next visit starts again.
  }
  state.stream = null;
}

// Logs (the hub's `edgectl logs -f`): the last lines of each replica, then each new one.
async function loadLogServices() {
  const services = await api('GET', '/services').catch(() => null);
  if (!services) return;
  const names = services.map((s) => `${s.stack}/${s.service}`);
  const wanted = state.logService || $('log-service').value;
  $('log-service').replaceChildren(...names.map((name) => el('option', { value: name }, name)));
  if (names.includes(wanted)) $('log-service').value = wanted;
  if (state.logService && names.includes(state.logService)) followLogs();
  state.logService = '';
}

function stopLogs() {
  if (state.logs) state.logs.abort();
  state.logs = null;
}

async function followLogs() {
  stopLogs();
  const controller = new AbortController();
  state.logs = controller;
  const [stackAt, service] = $('log-service').value.split('/');
  const [stack, environment] = stackAt.split('@');
  const query = `?tail=${Number($('log-tail').value) || 0}${environment ? `&environment=${environment}` : ''}`;
  const out = $('log-lines');
  out.textContent = '';
  $('log-status').textContent = `following ${$('log-service').value}…`;
  try {
    await readEvents(`/services/${stack}/${service}/logs${query}`, controller.signal, (name, data) => {
      if (name === 'session') {
        const away = data.unreachable.map((n) => `${n.node} (${n.state})`).join(', ');
        $('log-status').textContent = `following ${data.stack}/${data.service} on ${data.nodes.join(', ')}`
          + (away ? `; not reachable: ${away}` : '');
      } else if (name === 'lost') {
        out.append(`… ${data.lost} batches lost: this page read too slowly\n`);
      } else if (name === 'ended') {
        $('log-status').textContent = `ended: ${data.error}`;
      } else {
        for (const line of data.lines) out.append(`${data.node} r${line.replica} ${line.stream === 'err' ? '!' : '|'} ${line.text}\n`);
        if (data.error) out.append(`${data.node}: ${data.error}\n`);
      }
      // Keep the last 2000 lines: a phone has little memory to spare.
      while (out.childNodes.length > 2000) out.firstChild.remove();
    });
  } catch (error) {
    if (!controller.signal.aborted) $('log-status').textContent = error.message;
  }
  if (state.logs === controller) state.logs = null;
}

// API tokens: only the edgectl identity sees this screen (the hub refuses tokens).
async function loadTokens() {
  const tokens = await api('GET', '/tokens').catch(() => null);
  if (!tokens) return;
  $('token-list').replaceChildren(el('table', {},
    el('tr', {}, ...['Name', 'Access', 'Created', ''].map((h) => el('th', {}, h))),
    ...tokens.map((t) => el('tr', { 'data-token': t.name }, el('td', {}, t.name),
      el('td', {}, t.read_only ? 'read-only' : 'full'), el('td', {}, when(t.created_ms)),
      el('td', {}, el('button', { onclick: () => confirm(`Remove token ${t.name}?`) && act('DELETE', `/tokens/${t.name}`) }, 'Remove'))))));
}

async function createToken() {
  try {
    const made = await api('POST', '/tokens', { name: $('token-name').value, read_only: $('token-read-only').checked });
    $('new-token').textContent = `${made.name}: ${made.token}\n(shown once: copy it now)`;
    $('token-name').value = '';
  } catch (error) {
    $('new-token').textContent = error.message;
  }
  loadTokens();
}

function addEvent(event) {
  const item = el('li', { 'data-kind': event.kind },
    `${new Date(event.time_ms).toLocaleTimeString()} ${event.kind} ${event.subject}: ${event.message}`);
  $('event-list').prepend(item);
  filterEvents();
}

function filterEvents() {
  const wanted = $('event-filter').value.trim();
  for (const item of $('event-list').children) item.hidden = wanted !== '' && !item.textContent.includes(wanted);
}

async function start() {
  const logIn = (form, body) => form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      setSession(await api('POST', '/session', body()));
      for (const field of ['token', 'password']) $(field).value = '';
      $('login-error').textContent = '';
      show(location.hash.slice(1) || 'cluster');
    } catch (error) {
      $('login-error').textContent = error.message;
    }
  });
  logIn($('login-form'), () => ({ token: $('token').value }));
  logIn($('password-form'), () => ({ username: $('username').value, password: $('password').value }));
  $('logout').addEventListener('click', async () => {
    await api('DELETE', '/session').catch(() => null);
    showLogin();
  });
  $('check').addEventListener('click', () => deploy(true));
  $('deploy-form').addEventListener('submit', (e) => { e.preventDefault(); deploy(false); });
  $('event-filter').addEventListener('input', filterEvents);
  $('add-node').addEventListener('click', addNode);
  $('logs-form').addEventListener('submit', (e) => { e.preventDefault(); followLogs(); });
  $('log-stop').addEventListener('click', () => { stopLogs(); $('log-status').textContent = 'stopped'; });
  $('token-form').addEventListener('submit', (e) => { e.preventDefault(); createToken(); });
  loadFileInto($('compose-file'), $('compose'));
  loadFileInto($('env-file'), $('dotenv'));
  addSideFiles($('side-files'));
  addSideFiles($('side-folder'));
  window.addEventListener('hashchange', () => show(location.hash.slice(1) || 'cluster'));
  // The screen's own calls and the session's CSRF token at once: a page shows one round trip
  // sooner, and a 401 from either shows the login.
  show(location.hash.slice(1) || 'cluster');
  try {
    setSession(await api('GET', '/session'));
  } catch (error) {
    showLogin();
  }
}

start();
