import { h, clear, safeImageUrl } from './dom.js';
import { t, setLanguage, language, money, toMinor, duration, when, digits } from './i18n.js';
import * as api from './api.js';
import { figuresPage } from './figures.js';
import { escalationPanel, contactPanel, STAFF_EVENTS } from './working.js';
import { returnPanel, inspectionPanel, inspectionOutcome, authorizationOf } from './returns.js';

const QUEUES = ['in_review', 'evidence_overdue', 'payouts_failed', 'returns_received', 'returns_awaited', 'returns_in_transit'];
/** The queues of returns on their way: their due is the return deadline. */
const RETURNS_ON_THE_WAY = ['returns_awaited', 'returns_in_transit'];
const REASONS = ['damaged', 'not_received', 'wrong_item', 'missing_item', 'quality_defect', 'not_as_described',
  'changed_mind', 'duplicate_payment', 'other'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CNY', 'JPY'];
const DECLINE_CODES = ['outside_window', 'not_resalable', 'no_evidence', 'already_refunded', 'other'];

const main = () => document.getElementById('main');
let me = null;

function say(text, kind = 'info') {
  const s = document.getElementById('status');
  clear(s);
  if (text) s.append(h('p', { class: 'msg ' + kind, text }));
}

function go(hash) { if (location.hash === hash) route(); else location.hash = hash; }

// Pages load asynchronously: a page still loading when another is asked for must never draw over it.
let routed = 0;

/** A new, empty #main for the page about to draw; a page still loading keeps the old node, now detached. */
function freshMain() {
  const old = main();
  old.replaceWith(old.cloneNode(false));
}

async function route() {
  const mine = ++routed;
  say('');
  const cfg = await api.loadConfig();
  document.getElementById('local-mark').hidden = cfg.sign_in !== 'local';
  const hash = location.hash || '#/queue/in_review';
  if (!api.token() || hash.startsWith('#/sign-in')) return signInPage(cfg);
  try {
    if (!me) me = await api.call('GET', '/me');
  } catch (e) {
    if (e.status === 401) { api.setToken(null); return signInPage(cfg); }
    return say(t('refused', { message: e.message }), 'error');
  }
  if (mine !== routed) return;
  chrome();
  freshMain();
  const [, page, arg] = hash.split('/');
  const [name, query] = (arg || '').split('?');
  const params = new URLSearchParams(query || '');
  if (page === 'case' && name) return casePage(name);
  if (page === 'search') return searchPage(params.get('q') || '');
  if (page === 'figures') return figuresPage(params, say);
  return queuePage(QUEUES.includes(name) ? name : 'in_review', params);
}

function chrome() {
  const nav = clear(document.getElementById('nav'));
  nav.hidden = false;
  for (const q of QUEUES) {
    nav.append(h('a', { href: '#/queue/' + q, text: t('queue_' + q), 'aria-current': location.hash.startsWith('#/queue/' + q) ? 'page' : null }));
  }
  nav.append(h('a', { href: '#/figures/', text: t('nav_figures'), 'aria-current': location.hash.startsWith('#/figures') ? 'page' : null }));
  document.getElementById('search').hidden = false;
  document.getElementById('sign-out').hidden = false;
  document.getElementById('who').textContent = t('signed_in_as', { person: me.person, tier: me.tier });
}

// ------------------------------------------------------------------ sign-in
async function signInPage(cfg) {
  me = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('search').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('who').textContent = '';
  const m = clear(main());
  m.append(h('h1', { text: t('sign_in_title') }));
  if (cfg.sign_in !== 'local') {
    m.append(h('p', { text: t('not_signed_in') }));
    return;
  }
  m.append(h('p', { class: 'local-banner', role: 'note', text: t('local_banner') }));
  const list = h('ul', { class: 'people', 'aria-label': t('sign_in_title') });
  for (const p of await api.localPeople()) {
    list.append(h('li', {}, h('button', { type: 'button', class: 'person', dataset: { person: p.person },
      text: t('sign_in_as', { person: p.person, tier: p.tier }),
      onclick: async () => {
        api.setToken(await api.localSignIn(p.person));
        go('#/queue/in_review');
      } })));
  }
  m.append(list);
}

// ------------------------------------------------------------------ queues
function entryRows(entries) {
  const body = h('tbody');
  for (const c of entries) {
    body.append(h('tr', { class: c.overdue ? 'overdue' : null, dataset: { caseId: c.case_id } },
      h('td', {}, h('a', { href: '#/case/' + c.case_id, 'aria-label': t('open_case', { id: c.case_id }), text: c.case_id })),
      h('td', { text: c.order_id }),
      h('td', { text: c.reason }),
      h('td', { class: 'num', text: money(c.requested_amount, c.currency) }),
      h('td', { text: duration(c.age_seconds) }),
      h('td', {}, c.overdue ? h('strong', { class: 'badge late', text: t('overdue') + ' · ' + t('late_by', { time: duration(c.due_in_seconds) }) })
        : h('span', { text: t('due_in', { time: duration(c.due_in_seconds) }) })),
      h('td', {}, h('span', { text: c.status }), c.escalated_to ? h('span', { class: 'badge tier', text: ' ' + t('tier_badge', { tier: c.escalated_to }) }) : null)));
  }
  return h('table', { class: 'cases' },
    h('thead', {}, h('tr', {}, ...['col_case', 'col_order', 'col_reason', 'col_amount', 'col_age', 'col_due', 'col_status']
      .map(k => h('th', { scope: 'col', text: t(k) })))), body);
}

async function queuePage(name, params) {
  const m = clear(main());
  m.append(h('h1', { text: t('queue_heading', { name: t('queue_' + name) }) }));
  if (RETURNS_ON_THE_WAY.includes(name)) m.append(h('p', { class: 'help', text: t('queue_return_deadline') }));
  if (name === 'returns_received') m.append(h('p', { class: 'help', text: t('queue_returns_received_help') }));
  const reason = params.get('reason') || ''; const currency = params.get('currency') || '';
  const select = (id, label, values, current) => [h('label', { for: id, text: t(label) }),
    h('select', { id, name: id }, h('option', { value: '', text: t('filter_any') }),
      ...values.map(v => h('option', { value: v, text: v, selected: v === current })))];
  // Amounts are typed in major units of the chosen currency; the API takes minor units.
  const input = (id, label, attrs) => [h('label', { for: id, text: label }), h('input', { id, name: id, value: params.get(id) || '', ...attrs })];
  const majorOf = key => (params.get(key) && currency ? money(Number(params.get(key)), currency).split(' ')[0] : '');
  const form = h('form', { class: 'filters', 'aria-label': t('filters'), onsubmit: e => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const key of ['reason', 'currency', 'tier', 'opened_from', 'opened_until']) if (form[key].value) q.set(key, form[key].value);
    for (const key of ['min_amount', 'max_amount']) {
      const text = form[key].value.trim();
      if (!text) continue;
      const minor = form.currency.value ? toMinor(text, form.currency.value) : null;
      if (minor === null) return say(t('refused', { message: t('amount_needs_currency') }), 'error');
      q.set(key, String(minor));
    }
    go('#/queue/' + name + (q.toString() ? '?' + q : ''));
  } }, ...select('reason', 'filter_reason', REASONS, reason), ...select('currency', 'filter_currency', CURRENCIES, currency),
  ...input('min_amount', t('filter_min'), { inputmode: 'decimal', size: '8', value: majorOf('min_amount') }),
  ...input('max_amount', t('filter_max'), { inputmode: 'decimal', size: '8', value: majorOf('max_amount') }),
  ...input('opened_from', t('filter_opened_from', { zone: me.store_time_zone }), { type: 'date' }),
  ...input('opened_until', t('filter_opened_until', { zone: me.store_time_zone }), { type: 'date' }),
  ...select('tier', 'filter_tier', me.tiers || [], params.get('tier') || ''),
  h('button', { type: 'submit', text: t('apply') }));
  m.append(form);
  const q = new URLSearchParams({ limit: '25' });
  for (const key of ['reason', 'currency', 'min_amount', 'max_amount', 'opened_from', 'opened_until', 'tier', 'cursor']) {
    if (params.get(key)) q.set(key, params.get(key));
  }
  try {
    const page = await api.call('GET', '/queues/' + name + '?' + q);
    if (!page.data.length) m.append(h('p', { class: 'empty', text: t('empty_queue') }));
    else m.append(entryRows(page.data));
    const pager = h('p', { class: 'pager' });
    if (params.get('cursor')) {
      const first = new URLSearchParams(params); first.delete('cursor');
      pager.append(h('a', { href: '#/queue/' + name + (first.toString() ? '?' + first : ''), text: t('first_page') }));
    }
    if (page.next_cursor) {
      const next = new URLSearchParams(params); next.set('cursor', page.next_cursor);
      pager.append(h('a', { href: '#/queue/' + name + '?' + next, rel: 'next', text: t('next_page') }));
    }
    m.append(pager);
  } catch (e) { say(t('refused', { message: e.message }), 'error'); }
}

async function searchPage(q) {
  const m = clear(main());
  m.append(h('h1', { text: t('search_heading', { q }) }));
  try {
    const found = await api.call('GET', '/search?q=' + encodeURIComponent(q));
    m.append(found.data.length ? entryRows(found.data) : h('p', { text: t('no_results') }));
  } catch (e) { say(t('refused', { message: e.message }), 'error'); }
}

// ------------------------------------------------------------------ the case page
function authorityText(currency) {
  if (me.unlimited) return t('authority_any');
  const limit = me.limits.find(l => l.currency === currency);
  return limit ? t('authority', { limit: limit.formatted }) : t('authority_none', { currency });
}

function section(title, ...content) {
  const id = 's-' + title.replace(/\W+/g, '-');
  return h('section', { 'aria-labelledby': id }, h('h2', { id, text: title }), ...content);
}

function dl(pairs) {
  return h('dl', {}, ...pairs.filter(p => p[1] !== null && p[1] !== undefined && p[1] !== '')
    .flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]));
}

function evidenceList(c) {
  const list = h('ul', { class: 'evidence' });
  (c.evidence || []).forEach((ev, i) => {
    const src = safeImageUrl(ev.url, me.evidence_hosts || []);
    if (!src) {
      list.append(h('li', { class: 'blocked', text: t('evidence_blocked', { url: ev.url }) }));
      return;
    }
    const img = h('img', { src, alt: t('evidence_open', { n: i + 1 }), loading: 'lazy', width: '120', height: '120' });
    const button = h('button', { type: 'button', class: 'thumb', 'aria-label': t('evidence_open', { n: i + 1 }),
      onclick: () => openLarge(src, t('evidence_open', { n: i + 1 })) }, img);
    list.append(h('li', {}, button));
  });
  return list;
}

function openLarge(src, label) {
  const dialog = h('dialog', { class: 'large', 'aria-label': label },
    h('img', { src, alt: label }), h('button', { type: 'button', text: t('close'), onclick: () => { dialog.close(); dialog.remove(); } }));
  document.body.append(dialog);
  dialog.showModal();
}

async function casePage(id, notice) {
  const m = clear(main());
  m.append(h('p', { text: t('loading') }));
  let c; let order = null; let desk = null;
  try {
    [c, order, desk] = await Promise.all([api.call('GET', '/cases/' + id), api.call('GET', '/cases/' + id + '/order').catch(() => null),
      api.call('GET', '/cases/' + id + '/desk').catch(() => null)]);
  } catch (e) { clear(m); return say(t('refused', { message: e.message }), 'error'); }
  clear(m);
  if (notice) say(notice.text, notice.kind);
  m.append(h('p', {}, h('a', { href: '#/queue/in_review', text: t('back') })));
  m.append(h('h1', { text: t('case_heading', { id: c.case_id }) }));
  m.append(h('div', { class: 'grid' },
    section(t('status'), dl([[t('status'), c.status], [t('order'), c.order_id], [t('reason'), c.reason],
      [t('requested'), money(c.requested_amount, c.currency)], [t('asked_for'), askedFor(c)], [t('created'), when(c.created_at)],
      [t('due'), when(c.resolution_due_at)]]),
      h('h3', { text: t('note') }), h('blockquote', { class: 'customer-note', text: c.note || '—' })),
    decisionsPanel(c, desk)));
  if (order && order.lines) {
    m.append(section(t('lines'), h('table', {}, h('thead', {}, h('tr', {}, ...['sku', 'quantity', 'unit'].map(k => h('th', { scope: 'col', text: t(k) })))),
      h('tbody', {}, ...order.lines.map(l => h('tr', {}, h('td', { text: l.sku }), h('td', { class: 'num', text: l.quantity }),
        h('td', { class: 'num', text: money(l.unit_amount, order.currency) })))))));
  }
  const preview = c.refund_preview;
  if (preview && preview.lines) {
    m.append(section(t('preview'), h('table', {}, h('thead', {}, h('tr', {}, ...['sku', 'quantity', 'amount'].map(k => h('th', { scope: 'col', text: t(k) })))),
      h('tbody', {}, ...preview.lines.map(l => h('tr', {}, h('td', { text: l.sku }), h('td', { class: 'num', text: l.quantity }),
        h('td', { class: 'num', text: money(l.amount, preview.currency) }))),
      h('tr', {}, h('th', { scope: 'row', colspan: '2', text: t('amount') }), h('td', { class: 'num', text: money(preview.total, preview.currency) }))))));
  }
  m.append(section(t('evidence'), evidenceList(c)));
  if (authorizationOf(c)) m.append(returnPanel(c));
  if (c.status === 'return_received') {
    m.append(inspectionPanel(c, authorityText(c.currency),
      updated => casePage(updated.case_id, { text: inspectionOutcome(updated), kind: 'ok' }),
      e => refusedHere(c, e)));
  }
  if (c.decision) {
    const d = c.decision;
    m.append(section(t('decision'), dl([[t('status'), d.outcome], [t('amount'), d.amount == null ? '' : money(d.amount, c.currency)],
      [t('method'), d.method], ['', t('policy_version', { v: d.policy_version })], ['', t('decided_by', { who: d.decided_by })]]),
      h('h3', { text: t('customer_reads') }), h('p', { class: 'customer-reads', text: d.explanation || '' }),
      h('ul', { class: 'findings' }, ...(d.checks || []).map(f => h('li', { class: f.passed ? 'pass' : 'fail' },
        h('strong', { text: f.validator + ': ' }), h('span', { text: (f.passed ? t('finding_pass') : t('finding_fail')) + (f.message ? ' — ' + f.message : '') }))))));
  }
  if (c.payout) {
    m.append(section(t('payout'), dl([[t('status'), c.payout.status], [t('amount'), money(c.payout.amount, c.payout.currency)],
      [t('method'), c.payout.method], [t('provider_ref'), c.payout.provider_reference], ['', c.payout.failure_reason]])));
  }
  m.append(section(t('timeline'), h('ol', { class: 'timeline' }, ...c.timeline.map(e => h('li', { class: STAFF_EVENTS.includes(e.type) ? 'internal' : null, dataset: { type: e.type } },
    h('time', { datetime: e.at, text: when(e.at) }), ' ',
    STAFF_EVENTS.includes(e.type) ? h('span', { class: 'badge', text: t('internal') + ' · ' + t('event_' + e.type.slice(5)) }) : null, ' ',
    h('span', { text: (e.from ? e.from + ' → ' : '') + e.to + ' · ' + e.actor }),
    e.reason ? h('p', { class: 'event-reason', text: e.reason }) : null)))));
  m.append(notesPanel(c));
  if (desk) m.append(h('div', { class: 'grid' }, escalationPanel(c, desk, act), contactPanel(c, desk, act)));
  if (desk && !desk.may_decide) {
    m.querySelector('.authority').after(h('p', { class: 'tier-warning', role: 'note', text: t('tier_too_low', { tier: desk.tier }) }));
  }
}

function field(id, label, control) {
  return h('p', { class: 'field' }, h('label', { for: id, text: label }), control);
}

async function act(c, doIt) {
  try {
    const updated = await doIt();
    await casePage(updated.case_id || c.case_id, { text: t('done'), kind: 'ok' });
  } catch (e) { await refusedHere(c, e); }
}

/** The server's refusal in words: a conflict reloads the case as it now is; anything else stays on the form. */
async function refusedHere(c, e) {
  if (e.status === 409) {
    await casePage(c.case_id, { text: t('conflict') + ' (' + e.message + ')', kind: 'error' });
  } else {
    say(t('refused', { message: e.message }), 'error');
    const s = document.getElementById('status'); s.setAttribute('tabindex', '-1'); s.focus();
  }
}

/** What the customer asked for: a resolution (an exchange with its variant), else money by their method. */
function askedFor(c) {
  if (!c.preferred_resolution) return t(c.preferred_method);
  const what = t('resolution_' + c.preferred_resolution);
  return c.exchange_sku ? t('asked_exchange', { resolution: what, sku: c.exchange_sku }) : what;
}

/**
 * Money, or the goods the desk says this person may grant (the case's rule offers them and the store can send
 * them); the amount and method stay, as what is paid should the store be out of stock.
 */
function goodsFields(c, desk) {
  const goods = (desk && desk.goods) || [];
  if (!goods.length) return { fields: [], body: () => ({}) };
  const grant = h('select', { id: 'approve-grant', name: 'resolution' }, h('option', { value: '', text: t('grant_money') }),
    ...goods.map(v => h('option', { value: v, text: t('resolution_' + v), selected: v === c.preferred_resolution })));
  const sku = h('input', { id: 'approve-exchange-sku', name: 'exchange_sku', value: c.exchange_sku || '', autocomplete: 'off' });
  const skuField = field('approve-exchange-sku', t('exchange_sku'), sku);
  const hint = h('p', { class: 'help', id: 'approve-goods-hint', text: t('goods_fallback') });
  const shown = () => { skuField.hidden = grant.value !== 'exchange'; hint.hidden = grant.value === ''; };
  grant.addEventListener('change', shown);
  shown();
  return {
    fields: [field('approve-grant', t('grant'), grant), skuField, hint],
    body: () => grant.value === '' ? {} : grant.value === 'exchange' && sku.value.trim()
      ? { resolution: 'exchange', exchange_sku: sku.value.trim() } : { resolution: grant.value },
  };
}

function decisionsPanel(c, desk) {
  const panel = section(t('decisions'));
  panel.append(h('p', { class: 'authority', text: authorityText(c.currency) }));
  const decidable = c.status === 'in_review' || c.status === 'on_hold';
  if (decidable) {
    const amount = h('input', { id: 'approve-amount', name: 'amount', inputmode: 'decimal', required: true,
      value: money(c.requested_amount, c.currency).split(' ')[0] });
    const method = h('select', { id: 'approve-method', name: 'method' },
      ...['original_payment', 'store_credit'].map(v => h('option', { value: v, text: t(v), selected: v === c.preferred_method })));
    const goods = goodsFields(c, desk);
    panel.append(h('form', { class: 'decide', id: 'approve-form', onsubmit: e => {
      e.preventDefault();
      const minor = toMinor(amount.value, c.currency);
      if (minor === null) return say(t('refused', { message: amount.value }), 'error');
      act(c, () => api.call('POST', '/cases/' + c.case_id + '/decisions',
        { action: 'approve', amount: minor, method: method.value, ...goods.body() }));
    } }, h('h3', { text: t('approve') }), field('approve-amount', t('amount_major', { currency: c.currency }), amount),
    field('approve-method', t('method'), method), ...goods.fields, h('button', { type: 'submit', text: t('approve') })));

    const code = h('select', { id: 'decline-code', name: 'decline_code' }, ...DECLINE_CODES.map(v => h('option', { value: v, text: t(v) })));
    const why = h('textarea', { id: 'decline-explanation', name: 'explanation', rows: '3', required: true, maxlength: '1000' });
    panel.append(h('form', { class: 'decide', id: 'decline-form', onsubmit: e => {
      e.preventDefault();
      act(c, () => api.call('POST', '/cases/' + c.case_id + '/decisions', { action: 'decline', decline_code: code.value, explanation: why.value }));
    } }, h('h3', { text: t('decline') }), field('decline-code', t('decline_code'), code), field('decline-explanation', t('explanation'), why),
    h('button', { type: 'submit', text: t('decline') })));

    const ask = h('textarea', { id: 'evidence-explanation', name: 'explanation', rows: '2', required: true, maxlength: '1000' });
    panel.append(h('form', { class: 'decide', id: 'evidence-form', onsubmit: e => {
      e.preventDefault();
      act(c, () => api.call('POST', '/cases/' + c.case_id + '/decisions', { action: 'request_evidence', explanation: ask.value }));
    } }, h('h3', { text: t('request_evidence') }), field('evidence-explanation', t('evidence_request'), ask),
    h('button', { type: 'submit', text: t('request_evidence') })));
  }
  if (c.status === 'payout_failed') {
    panel.append(h('button', { type: 'button', id: 'retry-payout', text: t('retry_payout'),
      onclick: () => act(c, () => api.call('POST', '/cases/' + c.case_id + '/payout-retries')) }));
  }
  return panel;
}

function notesPanel(c) {
  const text = h('textarea', { id: 'note-text', name: 'text', rows: '2', required: true, maxlength: '2000' });
  return section(t('notes'), h('form', { id: 'note-form', onsubmit: e => {
    e.preventDefault();
    act(c, () => api.call('POST', '/cases/' + c.case_id + '/notes', { text: text.value }));
  } }, field('note-text', t('note_text'), text), h('button', { type: 'submit', text: t('save_note') })));
}

// ------------------------------------------------------------------ start
document.getElementById('lang').value = language();
setLanguage(language());
document.getElementById('lang').addEventListener('change', e => { setLanguage(e.target.value); route(); });
document.getElementById('sign-out').addEventListener('click', () => { api.setToken(null); me = null; go('#/sign-in'); });
document.getElementById('search').addEventListener('submit', e => {
  e.preventDefault();
  const q = document.getElementById('search-q').value.trim();
  if (q) go('#/search/?q=' + encodeURIComponent(q));
});
window.addEventListener('hashchange', route);
route();
