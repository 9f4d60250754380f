// The warehouse's part of the case page: the return's label, deadline and the parcel's scans, and the inspection form
// line by line (POST /cases/{id}/inspections). The server computes the refund from the accepted units and refuses in
// words what a person may not do (a return holding more than their tier, more units than were asked back, a case not
// waiting for inspection); both are shown as they come.
import { h, safeLinkUrl } from './dom.js';
import { t, money, when } from './i18n.js';
import * as api from './api.js';

export const CONDITIONS = ['resalable', 'damaged', 'wrong_item', 'missing'];
export const DISPOSITIONS = ['restock', 'dispose'];
/** The statuses a carrier's scan moves a return case to: their timeline events are the parcel's scans. */
const SCANNED = ['return_in_transit', 'return_received'];

/** The return authorization on the case's decision, if any. */
export function authorizationOf(c) {
  return c.decision && c.decision.grant ? c.decision.grant.authorization || null : null;
}

/** The label (carrier, tracking, a link only when http(s)), the deadline, who pays, and the parcel's scans. */
export function returnPanel(c) {
  const a = authorizationOf(c);
  const section = h('section', { id: 'return', 'aria-labelledby': 'return-h' }, h('h2', { id: 'return-h', text: t('return') }));
  if (!a) return section;
  const href = safeLinkUrl(a.label_url);
  const label = a.label_url
    ? (href ? h('a', { href, rel: 'noopener noreferrer', target: '_blank', text: t('return_label_open') })
      : h('span', { class: 'blocked', text: t('return_label_blocked', { url: a.label_url }) }))
    : h('span', { text: t('return_no_label') });
  const rows = [[t('return_by'), when(a.return_by)], [t('return_carrier'), a.carrier], [t('return_tracking'), a.tracking_code],
    [t('return_shipping'), t('shipping_' + a.shipping) + (a.label_cost != null ? ' · ' + money(a.label_cost, c.currency) : '')]];
  const list = h('dl', { class: 'return-terms' });
  for (const [k, v] of rows) if (v) list.append(h('dt', { text: k }), h('dd', { text: v }));
  list.append(h('dt', { text: t('return_label') }), h('dd', {}, label));
  section.append(list);
  const scans = c.timeline.filter(e => SCANNED.includes(e.to) && e.actor && e.actor.startsWith('carrier:'));
  section.append(h('h3', { text: t('return_scans') }));
  section.append(scans.length
    ? h('ol', { class: 'scans' }, ...scans.map(e => h('li', {}, h('time', { datetime: e.at, text: when(e.at) }), ' · ',
      h('strong', { text: e.reason || e.to }), ' · ', h('span', { text: e.actor.slice('carrier:'.length) }))))
    : h('p', { class: 'no-scans', text: t('return_no_scans') }));
  return section;
}

function control(id, label, element) {
  return [h('label', { for: id, class: 'sr', text: label }), element];
}

/**
 * The inspection form: one line per SKU asked back, more lines for a SKU when its units differ (one resalable, one
 * damaged). {@code authority} is the person's authority in words; {@code done(updated)} and {@code refused(error)}
 * show the outcome.
 */
export function inspectionPanel(c, authority, done, refused) {
  const section = h('section', { id: 'inspection', 'aria-labelledby': 'inspection-h' },
    h('h2', { id: 'inspection-h', text: t('inspection') }));
  section.append(h('p', { class: 'authority', text: authority }));
  const held = c.decision && c.decision.amount != null ? c.decision.amount : null;
  if (held !== null) section.append(h('p', { class: 'held', text: t('inspection_holds', { amount: money(held, c.currency) }) }));
  section.append(h('p', { id: 'inspection-help', class: 'help', text: t('inspection_help') }));
  const body = h('tbody');
  let n = 0;
  const addLine = (item, received) => {
    n += 1;
    const i = n;
    const what = item.sku + ' · ' + t('inspection_line', { n: i });
    const qty = h('input', { id: 'insp-received-' + i, name: 'received', type: 'number', min: '0', step: '1', inputmode: 'numeric',
      value: String(received), size: '4', 'aria-describedby': 'inspection-help' });
    const condition = h('select', { id: 'insp-condition-' + i, name: 'condition' },
      ...CONDITIONS.map(v => h('option', { value: v, text: t('condition_' + v) })));
    const disposition = h('select', { id: 'insp-disposition-' + i, name: 'disposition' },
      ...DISPOSITIONS.map(v => h('option', { value: v, text: t('disposition_' + v) })));
    condition.addEventListener('change', () => { disposition.value = condition.value === 'resalable' ? 'restock' : 'dispose'; });
    const row = h('tr', { dataset: { sku: item.sku } },
      h('th', { scope: 'row', text: item.sku }),
      h('td', { class: 'num', text: t('inspection_of', { n: item.quantity }) }),
      h('td', {}, ...control(qty.id, t('inspection_received') + ' · ' + what, qty)),
      h('td', {}, ...control(condition.id, t('inspection_condition') + ' · ' + what, condition)),
      h('td', {}, ...control(disposition.id, t('inspection_disposition') + ' · ' + what, disposition)),
      h('td', {}, h('button', { type: 'button', class: 'secondary split', text: t('inspection_split'),
        'aria-label': t('inspection_split_sku', { sku: item.sku }),
        onclick: () => { const added = addLine(item, 0); row.after(added); added.querySelector('input').focus(); } })));
    if (i > (c.items || []).length) {
      row.lastChild.append(' ', h('button', { type: 'button', class: 'secondary', text: t('inspection_remove'),
        'aria-label': t('inspection_remove_line', { what }), onclick: () => row.remove() }));
    }
    return row;
  };
  for (const item of c.items || []) body.append(addLine(item, item.quantity));
  const note = h('textarea', { id: 'inspection-note', name: 'note', rows: '2', maxlength: '2000' });
  const form = h('form', { id: 'inspection-form', 'aria-labelledby': 'inspection-h', onsubmit: async e => {
    e.preventDefault();
    const lines = [...body.querySelectorAll('tr')].map(tr => {
      const text = tr.querySelector('input[name=received]').value.trim();
      return { sku: tr.dataset.sku, received: /^\d+$/.test(text) ? Number(text) : null,
        condition: tr.querySelector('select[name=condition]').value, disposition: tr.querySelector('select[name=disposition]').value };
    });
    const payload = { lines };
    if (note.value.trim()) payload.note = note.value.trim();
    try {
      done(await api.call('POST', '/cases/' + c.case_id + '/inspections', payload));
    } catch (err) { refused(err); }
  } },
  h('table', { class: 'inspection' }, h('thead', {}, h('tr', {}, ...['sku', 'inspection_asked', 'inspection_received', 'inspection_condition',
    'inspection_disposition', 'inspection_lines'].map(k => h('th', { scope: 'col', text: t(k) })))), body),
  h('p', { class: 'field' }, h('label', { for: 'inspection-note', text: t('inspection_note') }), note),
  h('button', { type: 'submit', text: t('inspection_record') }));
  section.append(form);
  return section;
}

/** What the person reads once the inspection is recorded: the refund in major units, or that nothing is owed. */
export function inspectionOutcome(updated) {
  const d = updated.decision || {};
  return updated.status === 'approved' && d.amount != null
    ? t('inspected_refund', { amount: money(d.amount, updated.currency) })
    : t('inspected_nothing');
}
