/**
 * The sandbox's citizen phone: WhatsApp in a browser tab, talking to the
 * WhatsApp simulator's citizen API, which the host mounts next to this page
 * (api/). The conversation comes from GET conversations/:waId, then from its
 * Server-Sent Events (message, status, typing). Message bodies are what the
 * API stores: the Graph object the business sent, or the inbound webhook
 * object a citizen's message became.
 */

const API = new URL('api/', document.baseURI);
const STORAGE_KEY = 'jansetu.sandbox.citizen';
/** The citizen API's rule for a wa_id. */
const WA_ID = /^[1-9]\d{5,14}$/;
const TELUGU = /[\u0C00-\u0C7F]/;
/** WhatsApp drops "typing…" after 25 s, or when the reply arrives. */
const TYPING_MS = 25_000;
/** Statuses only move forward, as the simulator's do. */
const PROGRESS = { sent: 1, delivered: 2, read: 3, failed: 4 };
/** The image types the simulator takes from a citizen; other files go as documents. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png']);
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const SVG_NS = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);
const ui = {
  start: $('start'),
  startForm: $('start-form'),
  otherFields: $('other-fields'),
  phone: $('phone'),
  name: $('name'),
  username: $('username'),
  startError: $('start-error'),
  chat: $('chat'),
  whoami: $('whoami'),
  presence: $('presence'),
  typing: $('typing'),
  messages: $('messages'),
  announcer: $('announcer'),
  composer: $('composer'),
  text: $('text'),
  file: $('file'),
  listSheet: $('list-sheet'),
  listTitle: $('list-title'),
  listSections: $('list-sections'),
  locationSheet: $('location-sheet'),
  locationForm: $('location-form'),
};

const state = {
  /** { waId, name } */
  citizen: null,
  events: null,
  /** id → message as the API shows it, in conversation order. */
  messages: new Map(),
  /** id → its row in the page. */
  rows: new Map(),
  /** Statuses that arrived before their message (the stream and the history race). */
  earlyStatuses: new Map(),
  /** Business messages answered from this page whose answer has not come back yet: their buttons go off at once. */
  tapped: new Set(),
  /** SMS shown, by time and text: a stream reconnect loads them again. */
  sms: new Set(),
  /** name|language → template definition, for rendering template messages. */
  templates: new Map(),
  typingTimer: 0,
  reading: false,
  /** markRead was called while a request was out: run once more after it. */
  readAgain: false,
  localIds: 0,
};

// ---------- citizen API ----------

async function api(path, init) {
  const res = await fetch(new URL(path, API), init);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.message || `HTTP ${res.status}`);
  return body;
}

function postJson(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

const templateKey = (name, language) => `${name}|${language}`;

/** Template messages render from the catalog, so chats open once it is loaded (or failed to load). */
const templatesLoaded = (async () => {
  try {
    const { data } = await api('templates');
    state.templates = new Map(data.map((t) => [templateKey(t.name, t.language), t]));
  } catch {
    // Template messages then show their name and parameters only.
  }
})();

// ---------- start panel ----------

function initStartPanel() {
  ui.startForm.addEventListener('change', showOtherFields);
  ui.startForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const citizen = readStartForm();
    if (!citizen) return;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(citizen));
    openChat(citizen);
  });
  const saved = savedCitizen();
  if (saved) {
    fillStartForm(saved);
    openChat(saved); // like reopening the app: back in the last chat
  } else {
    showOtherFields();
  }
}

function savedCitizen() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return saved && WA_ID.test(saved.waId) ? { waId: saved.waId, name: saved.name || undefined, username: saved.username || undefined } : null;
  } catch {
    return null;
  }
}

function fillStartForm(citizen) {
  const sample = [...ui.startForm.elements.citizen].find((r) => r.value === citizen.waId && r.dataset.name === citizen.name);
  if (sample) {
    sample.checked = true;
  } else {
    ui.startForm.elements.citizen.value = 'other';
    ui.phone.value = citizen.waId;
    ui.name.value = citizen.name ?? '';
    ui.username.value = citizen.username ?? '';
  }
  showOtherFields();
}

function showOtherFields() {
  ui.otherFields.hidden = ui.startForm.elements.citizen.value !== 'other';
}

function readStartForm() {
  const choice = [...ui.startForm.elements.citizen].find((r) => r.checked);
  ui.startError.textContent = '';
  if (choice.value !== 'other') return { waId: choice.value, name: choice.dataset.name };
  // People type numbers with spaces, dashes and a leading +.
  const waId = ui.phone.value.replace(/[\s()+-]/g, '');
  const valid = WA_ID.test(waId);
  ui.phone.setAttribute('aria-invalid', String(!valid));
  if (!valid) {
    ui.startError.textContent = 'Enter the number with its country code, digits only (e.g. 919876543210).';
    ui.phone.focus();
    return null;
  }
  return { waId, name: ui.name.value.trim() || undefined, username: ui.username.value.trim() || undefined };
}

// ---------- opening a chat ----------

async function openChat(citizen) {
  closeChat();
  state.citizen = citizen;
  ui.whoami.replaceChildren(
    el('span', { class: 'whoami-label' }, 'You are'),
    el('strong', { lang: langOf(citizen.name) }, citizen.name ?? `+${citizen.waId}`),
    el('small', {}, `+${citizen.waId}`),
  );
  ui.messages.replaceChildren(notice('Sandbox: messages go to the WhatsApp simulator and the platform, never to real phones.'));
  ui.start.hidden = true;
  ui.chat.hidden = false;
  ui.text.focus();
  await templatesLoaded;
  if (state.citizen === citizen) connect(citizen);
}

function closeChat() {
  state.events?.close();
  state.events = null;
  state.citizen = null;
  state.messages.clear();
  state.rows.clear();
  state.earlyStatuses.clear();
  state.tapped.clear();
  state.sms.clear();
  showTyping(false);
}

function connect(citizen) {
  const source = new EventSource(new URL(`conversations/${citizen.waId}/events`, API));
  // Events carry no ids, so a reconnect replays nothing: (re)load the history each time the stream opens.
  source.addEventListener('open', () => loadHistory(citizen));
  source.addEventListener('message', (event) => addMessage(JSON.parse(event.data), { live: true }));
  source.addEventListener('status', (event) => applyStatus(JSON.parse(event.data)));
  source.addEventListener('typing', () => showTyping(true));
  source.addEventListener('open', () => loadSms(citizen));
  source.addEventListener('sms', (event) => addSms(JSON.parse(event.data)));
  state.events = source;
}

// ---------- SMS (the sandbox's phone gets UIDAI's OTP as an SMS) ----------

async function loadSms(citizen) {
  try {
    const { sms } = await api(`conversations/${citizen.waId}/sms`);
    if (state.citizen === citizen) sms.forEach(addSms);
  } catch {
    // No SMS history is no loss: new ones still arrive live.
  }
}

function addSms(sms) {
  const key = `${sms.timestamp}|${sms.text}`;
  if (state.sms.has(key)) return;
  state.sms.add(key);
  ui.messages.append(el('div', { class: 'sms', role: 'status', 'data-testid': 'sms' }, el('strong', {}, `SMS from ${sms.from}`), el('p', {}, sms.text)));
  announce(`SMS from ${sms.from}: ${sms.text}`);
  ui.messages.lastElementChild.scrollIntoView({ block: 'end' });
}

async function loadHistory(citizen) {
  try {
    const conversation = await api(`conversations/${citizen.waId}`);
    if (state.citizen !== citizen) return;
    conversation.messages.forEach((message) => addMessage(message, { live: false }));
    scrollToEnd();
  } catch (error) {
    if (state.citizen === citizen) ui.messages.append(notice(`Could not load the conversation: ${error.message}`));
  }
}

// ---------- conversation state ----------

function addMessage(message, { live }) {
  const known = state.messages.get(message.id);
  if (known) {
    if (advance(known, message.status, message.errors)) statusChanged(known);
    return;
  }
  state.messages.set(message.id, message);
  const early = state.earlyStatuses.get(message.id);
  if (early) advance(message, early.status, early.errors);
  state.earlyStatuses.delete(message.id);

  if (message.direction === 'out') {
    showTyping(false);
    if (live && message.type !== 'reaction') announce(`Jansetu: ${snippet(message)}`);
  }
  render(message);
  // A reaction or a tap changes how the message it refers to looks.
  const related = state.messages.get(referencedId(message));
  if (related) render(related);
  markRead();
}

function applyStatus({ id, status, errors }) {
  const message = state.messages.get(id);
  if (!message) {
    const early = state.earlyStatuses.get(id);
    if (!early || PROGRESS[status] > PROGRESS[early.status]) state.earlyStatuses.set(id, { status, errors });
    return;
  }
  if (advance(message, status, errors)) statusChanged(message);
  markRead();
}

function advance(message, status, errors) {
  if (!status || (message.status && PROGRESS[status] <= PROGRESS[message.status])) return false;
  message.status = status;
  if (errors) message.errors = errors;
  return true;
}

/** Citizen messages show their ticks; a business message only changes look when it failed. */
function statusChanged(message) {
  const row = state.rows.get(message.id);
  if (!row) return;
  if (message.direction === 'in' || message.status === 'failed') render(message);
  else row.dataset.status = message.status;
}

/** The message a reaction is about, or the business message a citizen's tap or reply answers. */
function referencedId(message) {
  if (message.type === 'reaction') return message.body.reaction.message_id;
  return contextId(message);
}

function contextId(message) {
  const context = message.body.context;
  return message.direction === 'in' ? context?.id : context?.message_id;
}

/** A tap answers its message: WhatsApp greys out the buttons of a message already answered. */
function isAnswered(id) {
  if (state.tapped.has(id)) return true;
  for (const m of state.messages.values()) {
    if (m.direction === 'in' && (m.type === 'interactive' || m.type === 'button') && m.body.context?.id === id) return true;
  }
  return false;
}

/** The current reaction of each side to a message (the latest one; an empty emoji removed it). */
function reactionsTo(id) {
  const latest = new Map();
  for (const m of state.messages.values()) {
    if (m.type === 'reaction' && m.body.reaction.message_id === id) latest.set(m.direction, m.body.reaction.emoji ?? '');
  }
  return [...latest.values()].filter(Boolean);
}

// ---------- reading ----------

function hasUnread() {
  for (const m of state.messages.values()) {
    if (m.direction === 'out' && (m.status === 'sent' || m.status === 'delivered')) return true;
  }
  return false;
}

/**
 * The citizen sees the chat: the business gets `read` for what reached them.
 * The simulator only reads messages already `sent`, so this runs again on
 * each message and status change, one request at a time.
 */
async function markRead() {
  const citizen = state.citizen;
  if (!citizen || document.visibilityState !== 'visible' || !hasUnread()) return;
  if (state.reading) {
    state.readAgain = true;
    return;
  }
  state.reading = true;
  let read = [];
  try {
    ({ read } = await postJson(`conversations/${citizen.waId}/read`, {}));
  } catch {
    // The next message or status tries again.
  } finally {
    state.reading = false;
  }
  if (state.citizen !== citizen) return;
  read.forEach((id) => applyStatus({ id, status: 'read' }));
  if (state.readAgain) {
    state.readAgain = false;
    markRead();
  }
}

document.addEventListener('visibilitychange', markRead);

// ---------- sending ----------

/** Sends as the citizen; a refusal shows as a failed message with the reason. */
async function send(message, summary) {
  const citizen = state.citizen;
  try {
    await postJson('messages', { from: citizen.waId, name: citizen.name, ...(citizen.username ? { username: citizen.username } : {}), phoneNumberId: replyNumber(), ...message });
    return true;
  } catch (error) {
    addLocalFailure(citizen, summary, error.message);
    return false;
  }
}

/** A chat is with one business number: answer the one that wrote last (the simulator's default before that). */
function replyNumber() {
  const business = [...state.messages.values()].filter((m) => m.direction === 'out');
  return business.at(-1)?.phoneNumberId;
}

/** A message the simulator refused, shown in the chat it was written in (unless the citizen switched since). */
function addLocalFailure(citizen, summary, reason) {
  if (state.citizen !== citizen) return;
  const failed = {
    id: `local-${++state.localIds}`,
    direction: 'in',
    type: 'text',
    body: { text: { body: summary } },
    status: 'failed',
    errors: [{ title: reason }],
    timestamp: new Date().toISOString(),
  };
  state.messages.set(failed.id, failed);
  render(failed);
  announce(`Not sent: ${reason}`);
}

/** A button or list row tapped: it answers (context) that message, from that message's number. */
async function tap(message, reply, summary) {
  state.tapped.add(message.id);
  render(message);
  const sent = await send({ ...reply, context_id: message.id, phoneNumberId: message.phoneNumberId }, summary);
  if (!sent) {
    state.tapped.delete(message.id);
    render(message);
  }
}

function initComposer() {
  ui.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = ui.text.value.trim();
    if (!text) return;
    ui.text.value = '';
    send({ type: 'text', text }, text);
  });
  ui.text.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter is a new line; Enter that confirms an IME composition (Telugu keyboards) is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    ui.composer.requestSubmit();
  });
  $('attach').addEventListener('click', () => ui.file.click());
  ui.file.addEventListener('change', () => {
    const [file] = ui.file.files;
    ui.file.value = ''; // the same file can be picked again
    if (file) sendFile(file);
  });
  $('switch-citizen').addEventListener('click', () => {
    closeChat();
    ui.chat.hidden = true;
    ui.start.hidden = false;
    ui.startForm.querySelector('input:checked')?.focus();
  });
}

/** Uploads the file, then sends it by id; text in the composer becomes its caption. */
async function sendFile(file) {
  const citizen = state.citizen;
  const caption = ui.text.value.trim();
  ui.text.value = '';
  const summary = caption ? `${file.name}: ${caption}` : file.name;
  try {
    const form = new FormData();
    form.append('file', file, file.name);
    const uploaded = await api('media', { method: 'POST', body: form });
    const kind = IMAGE_TYPES.has(uploaded.mime_type) ? 'image' : 'document';
    const media = { id: uploaded.id, ...(kind === 'document' ? { filename: file.name } : {}), ...(caption ? { caption } : {}) };
    await send({ type: kind, media }, summary);
  } catch (error) {
    addLocalFailure(citizen, summary, error.message);
  }
}

function initLocationSheet() {
  const useMine = $('use-my-location');
  // Browsers give positions to secure pages only (https or localhost).
  useMine.hidden = !(window.isSecureContext && 'geolocation' in navigator);
  useMine.addEventListener('click', () =>
    navigator.geolocation.getCurrentPosition(({ coords }) => {
      ui.locationForm.elements.latitude.value = coords.latitude.toFixed(6);
      ui.locationForm.elements.longitude.value = coords.longitude.toFixed(6);
    }),
  );
  $('share-location').addEventListener('click', () => ui.locationSheet.showModal());
  ui.locationForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = ui.locationForm.elements;
    const location = { latitude: Number(f.latitude.value), longitude: Number(f.longitude.value) };
    if (f.name.value.trim()) location.name = f.name.value.trim();
    if (f.address.value.trim()) location.address = f.address.value.trim();
    ui.locationSheet.close();
    send({ type: 'location', location }, `📍 ${location.name ?? `${location.latitude}, ${location.longitude}`}`);
  });
}

function openList(message) {
  const { action } = message.body.interactive;
  ui.listTitle.replaceChildren(el('span', { lang: langOf(action.button) }, action.button));
  ui.listSections.replaceChildren(
    ...action.sections.map((section) =>
      el(
        'section',
        { class: 'list-section' },
        section.title ? el('h3', { lang: langOf(section.title) }, section.title) : null,
        ...section.rows.map((row) =>
          el(
            'button',
            {
              type: 'button',
              class: 'list-row',
              'data-testid': 'list-row',
              'data-row-id': row.id,
              onclick: () => {
                ui.listSheet.close();
                const reply = { kind: 'list_reply', id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) };
                tap(message, { type: 'interactive', reply }, row.title);
              },
            },
            el('span', { class: 'list-row-text' }, el('span', { lang: langOf(row.title) }, row.title), row.description ? el('small', { lang: langOf(row.description) }, row.description) : null),
            el('span', { class: 'radio', 'aria-hidden': 'true' }),
          ),
        ),
      ),
    ),
  );
  ui.listSheet.showModal();
}

function initSheets() {
  for (const sheet of [ui.listSheet, ui.locationSheet]) {
    sheet.querySelector('[data-close]').addEventListener('click', () => sheet.close());
    // A click on the backdrop lands on the dialog itself.
    sheet.addEventListener('click', (event) => {
      if (event.target === sheet) sheet.close();
    });
  }
}

// ---------- typing, announcements ----------

function showTyping(on) {
  clearTimeout(state.typingTimer);
  ui.typing.hidden = !on;
  ui.presence.hidden = on;
  if (on) state.typingTimer = setTimeout(() => showTyping(false), TYPING_MS);
}

function announce(text) {
  ui.announcer.textContent = text;
}

// ---------- rendering ----------

function render(message) {
  if (message.type === 'reaction') return; // shown on the message it reacts to
  const row = buildRow(message);
  const old = state.rows.get(message.id);
  state.rows.set(message.id, row);
  if (old) {
    // A tapped button disappears with its old row: keep keyboard focus in the chat.
    const hadFocus = old.contains(document.activeElement);
    old.replaceWith(row);
    if (hadFocus) ui.messages.focus({ preventScroll: true });
    return;
  }
  const atEnd = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 120;
  insertInOrder(row, message.timestamp);
  // Follow the conversation unless the citizen scrolled up to read; always show what they sent.
  if (atEnd || message.direction === 'in') scrollToEnd();
}

/** Live messages come last; a message the history brings after a reconnect goes where its time puts it. */
function insertInOrder(row, timestamp) {
  let before = null;
  for (let node = ui.messages.lastElementChild; node && node.dataset.timestamp > timestamp; node = node.previousElementSibling) before = node;
  ui.messages.insertBefore(row, before);
}

function scrollToEnd() {
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

function buildRow(message) {
  const mine = message.direction === 'in'; // the API speaks for the business: "in" is from the citizen
  const actions = [];
  let content;
  try {
    content = (CONTENT[message.type] ?? unknownContent)(message, actions);
  } catch {
    // One message the page does not understand must not stop the rest of the chat from showing.
    content = unknownContent(message);
    actions.length = 0;
  }
  const reactions = reactionsTo(message.id);
  return el(
    'div',
    {
      class: `row ${mine ? 'mine' : 'theirs'}`,
      'data-testid': 'message',
      'data-direction': mine ? 'citizen' : 'business',
      'data-id': message.id,
      'data-type': message.type,
      'data-status': message.status ?? 'none',
      'data-timestamp': message.timestamp,
    },
    el(
      'div',
      { class: 'stack' },
      el('div', { class: 'bubble', 'data-testid': 'bubble' }, quote(message), ...content, meta(message)),
      failure(message),
      actions.length ? el('div', { class: 'actions' }, ...actions) : null,
      reactions.length ? el('div', { class: 'reactions', 'data-testid': 'reactions', role: 'img', 'aria-label': `Reactions ${reactions.join(' ')}` }, reactions.join(' ')) : null,
    ),
  );
}

/** Bubble content per message type; `actions` collects the buttons shown under the bubble. */
const CONTENT = {
  text: (m) => [textBlock(m.body.text.body)],
  interactive: (m, actions) => (m.direction === 'in' ? tappedReply(m) : interactiveMessage(m, actions)),
  button: (m) => [textBlock(m.body.button.text)],
  template: templateMessage,
  image: mediaMessage('image'),
  sticker: mediaMessage('sticker'),
  video: mediaMessage('video'),
  audio: mediaMessage('audio'),
  document: mediaMessage('document'),
  location: (m) => [locationCard(m.body.location)],
  unsupported: () => [line('note', 'This message type is not supported.')],
};

function unknownContent(message) {
  return [line('note', `A ${message.type} message this page cannot show.`)];
}

function mediaMessage(kind) {
  return (message) => {
    const media = message.body[kind];
    return [mediaNode(kind, media), media.caption ? textBlock(media.caption) : null];
  };
}

function interactiveMessage(message, actions) {
  const { type, header, body, footer, action } = message.body.interactive;
  const answered = isAnswered(message.id);
  const nodes = [interactiveHeader(header), textBlock(body.text), footer ? line('footer', footer.text) : null];
  if (type === 'button') {
    for (const { reply } of action.buttons) {
      const answer = { type: 'interactive', reply: { kind: 'button_reply', id: reply.id, title: reply.title } };
      actions.push(replyButton(reply.title, answered, () => tap(message, answer, reply.title)));
    }
  } else {
    nodes.push(
      el('button', { type: 'button', class: 'list-open', 'data-testid': 'list-open', disabled: answered, lang: langOf(action.button), onclick: () => openList(message) }, icon('list'), action.button),
    );
  }
  return nodes;
}

function interactiveHeader(header) {
  if (!header) return null;
  return header.type === 'text' ? line('header', header.text) : mediaNode(header.type, header[header.type]);
}

/** The citizen's tap, as WhatsApp shows it: the chosen title (and a list row's description). */
function tappedReply(message) {
  const reply = replyOf(message.body);
  return [textBlock(reply.title), reply.description ? line('footer', reply.description) : null];
}

const replyOf = (body) => body.interactive[body.interactive.type];

/** A template as the catalog defines it, with the sent parameters filled in. */
function templateMessage(message, actions) {
  const sent = message.body.template;
  const definition = templateDefinition(sent);
  const params = templateParameters(sent);
  if (!definition) {
    const values = params.body.map(parameterText).join(' · ');
    return [line('header', `Template ${sent.name} (${sent.language.code})`), values ? textBlock(values) : null];
  }
  const answered = isAnswered(message.id);
  const nodes = [];
  for (const component of definition.components) {
    if (component.type === 'HEADER') {
      const kind = component.format.toLowerCase();
      nodes.push(kind === 'text' ? line('header', fill(component.text, params.header)) : mediaNode(kind, params.header[0]?.[kind]));
    } else if (component.type === 'BODY') {
      nodes.push(textBlock(fill(component.text, params.body)));
    } else if (component.type === 'FOOTER') {
      nodes.push(line('footer', component.text));
    } else if (component.type === 'BUTTONS') {
      component.buttons.forEach((button, i) => actions.push(templateButton(message, button, params.buttons.get(i) ?? [], answered)));
    }
  }
  return nodes;
}

function templateDefinition(sent) {
  return state.templates.get(templateKey(sent.name, sent.language.code));
}

/** The sent `components` by where their parameters go. */
function templateParameters(sent) {
  const params = { header: [], body: [], buttons: new Map() };
  for (const component of sent.components ?? []) {
    const type = String(component.type).toLowerCase();
    if (type === 'button') params.buttons.set(Number(component.index), component.parameters ?? []);
    else if (type === 'header' || type === 'body') params[type] = component.parameters ?? [];
  }
  return params;
}

/** {{1}} takes the first parameter; {{name}} the one with that parameter_name. Unfilled ones stay visible. */
function fill(text, params) {
  return text.replace(PLACEHOLDER, (placeholder, key) => {
    const param = /^\d+$/.test(key) ? params[Number(key) - 1] : params.find((p) => p.parameter_name === key);
    return param ? parameterText(param) : placeholder;
  });
}

function parameterText(param) {
  return param.text ?? param.payload ?? param.currency?.fallback_value ?? param.date_time?.fallback_value ?? '';
}

function templateButton(message, button, params, answered) {
  if (button.type === 'QUICK_REPLY') {
    // Meta echoes the payload the business set for this button, else the button's text.
    const answer = { type: 'button', button: { payload: params[0]?.payload ?? button.text, text: button.text } };
    return replyButton(button.text, answered, () => tap(message, answer, button.text));
  }
  const isUrl = button.type === 'URL';
  const href = isUrl ? fill(button.url, params) : `tel:${button.phone_number}`;
  return el('a', { class: 'reply-button', href: safeHref(href), target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'url-button', lang: langOf(button.text) }, icon(isUrl ? 'link' : 'phone'), button.text);
}

function replyButton(title, disabled, onclick) {
  return el('button', { type: 'button', class: 'reply-button', 'data-testid': 'reply-button', disabled, lang: langOf(title), onclick }, title);
}

function mediaNode(kind, media) {
  if (!media) return null;
  const src = mediaUrl(media);
  if (kind === 'document') return documentCard(media, src);
  if (kind === 'video' || kind === 'audio') return el(kind, { class: `media ${kind}`, src, controls: true, preload: 'metadata', 'data-testid': kind });
  const image = el('img', { class: kind === 'sticker' ? 'sticker' : 'media', src, alt: media.caption || (kind === 'sticker' ? 'Sticker' : 'Photo'), loading: 'lazy', 'data-testid': kind });
  return el('a', { class: 'media-link', href: src, target: '_blank', rel: 'noopener' }, image);
}

/** Uploaded media by id come from the citizen API; media by link from where the business put them. */
function mediaUrl(media) {
  return media.id ? new URL(`media/${encodeURIComponent(media.id)}`, API).href : safeHref(media.link);
}

function documentCard(media, href) {
  const name = media.filename || 'Document';
  const kind = (/\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ?? media.mime_type?.split('/')[1] ?? 'file').toUpperCase();
  return el(
    'a',
    { class: 'document', href, target: '_blank', rel: 'noopener', 'data-testid': 'document-link' },
    icon('document'),
    el('span', { class: 'document-text' }, el('span', { class: 'document-name', lang: langOf(name) }, name), el('small', {}, kind)),
  );
}

function locationCard(location) {
  const { latitude, longitude } = location;
  const href = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
  return el(
    'a',
    { class: 'location', href, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'location' },
    icon('pin'),
    el(
      'span',
      { class: 'location-text' },
      el('strong', { lang: langOf(location.name) }, location.name || 'Location'),
      location.address ? el('small', { lang: langOf(location.address) }, location.address) : null,
      el('small', {}, `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`),
    ),
  );
}

/** The message this one quotes or answers, as a short preview above it. */
function quote(message) {
  const quoted = state.messages.get(contextId(message));
  if (!quoted) return null;
  const text = snippet(quoted);
  return el('div', { class: 'quote' }, el('strong', {}, quoted.direction === 'in' ? 'You' : 'Jansetu'), el('span', { lang: langOf(text) }, formatText(text)));
}

/** One line about a message: for quotes and announcements. */
function snippet(message) {
  const body = message.body;
  switch (message.type) {
    case 'text':
      return body.text.body;
    case 'interactive':
      return message.direction === 'in' ? replyOf(body).title : body.interactive.body.text;
    case 'button':
      return body.button.text;
    case 'template': {
      const bodyText = templateDefinition(body.template)?.components.find((c) => c.type === 'BODY')?.text;
      return bodyText ? fill(bodyText, templateParameters(body.template).body) : body.template.name;
    }
    case 'location':
      return `📍 ${body.location.name || 'Location'}`;
    case 'document':
      return `📄 ${body.document.filename || 'Document'}`;
    case 'image':
    case 'video':
    case 'audio':
    case 'sticker':
      return body[message.type].caption || `${message.type[0].toUpperCase()}${message.type.slice(1)}`;
    default:
      return message.type;
  }
}

function meta(message) {
  const time = el('time', { datetime: message.timestamp }, new Date(message.timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  return el('span', { class: 'meta' }, time, message.direction === 'in' ? ticks(message.status) : null);
}

/** The citizen's own messages: one grey tick once the simulator took it, blue ticks once the business read it. */
const TICKS = {
  sent: { icon: 'tick', label: 'Sent' },
  read: { icon: 'double-tick', label: 'Read' },
  failed: { icon: 'failed', label: 'Not sent' },
};

function ticks(status) {
  const shown = status === 'read' || status === 'failed' ? status : 'sent';
  return el('span', { class: `ticks ${shown}`, 'data-testid': 'ticks', 'data-status': shown, role: 'img', 'aria-label': TICKS[shown].label }, icon(TICKS[shown].icon));
}

function failure(message) {
  if (message.status !== 'failed') return null;
  const error = message.errors?.[0] ?? {};
  const title = error.title ?? 'Failed';
  const details = error.error_data?.details;
  return el('p', { class: 'failed', 'data-testid': 'failed', title: details ?? title }, icon('failed'), message.direction === 'in' ? `Not sent: ${title}` : `Not delivered: ${title}`);
}

function notice(text) {
  return el('p', { class: 'notice', 'data-timestamp': '' }, text);
}

// ---------- text ----------

function textBlock(text) {
  return el('div', { class: 'text', lang: langOf(text) }, formatText(text));
}

function line(className, text) {
  return el('div', { class: className, lang: langOf(text) }, text);
}

/** Telugu text is tagged so the Telugu font stack and line height apply (and screen readers switch voice). */
function langOf(text) {
  return text && TELUGU.test(text) ? 'te' : undefined;
}

/**
 * WhatsApp's markup: *bold*, _italic_, ~strike~, ```mono```, `code`, and
 * links. Markers count at word edges only, so snake_case and 2*3*4 stay text.
 */
const MARKUP = [
  { re: /\bhttps?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]]/, make: (m) => el('a', { href: safeHref(m[0]), target: '_blank', rel: 'noopener noreferrer' }, m[0]) },
  { re: /```([\s\S]+?)```/, make: (m) => el('code', {}, m[1]) },
  { re: /`([^`\n]+)`/, make: (m) => el('code', {}, m[1]) },
  { re: /(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])/, make: (m) => el('strong', {}, formatText(m[1])) },
  { re: /(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])/, make: (m) => el('em', {}, formatText(m[1])) },
  { re: /(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])/, make: (m) => el('s', {}, formatText(m[1])) },
];

function formatText(text) {
  const fragment = document.createDocumentFragment();
  let rest = text;
  while (rest) {
    // The earliest match wins; at the same place the first rule does, so markers inside links stay literal.
    let best = null;
    for (const rule of MARKUP) {
      const match = rule.re.exec(rest);
      if (match && (!best || match.index < best.match.index)) best = { rule, match };
    }
    if (!best) {
      fragment.append(rest);
      break;
    }
    fragment.append(rest.slice(0, best.match.index), best.rule.make(best.match));
    rest = rest.slice(best.match.index + best.match[0].length);
  }
  return fragment;
}

// ---------- DOM helpers ----------

/** Links from messages open http(s) and tel only: never javascript: or data: URLs. */
function safeHref(url) {
  try {
    const parsed = new URL(url, document.baseURI);
    return ['http:', 'https:', 'tel:'].includes(parsed.protocol) ? parsed.href : '#';
  } catch {
    return '#';
  }
}

/** An element with attributes (on* are listeners; true is a bare attribute; null/undefined/false are left out) and children. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

function icon(name) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', `icon icon-${name}`);
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS(SVG_NS, 'use');
  use.setAttribute('href', `#i-${name}`);
  svg.append(use);
  return svg;
}

// ---------- start ----------

initComposer();
initLocationSheet();
initSheets();
initStartPanel();
