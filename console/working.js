// The case page's working panels: escalation to a higher tier and the contact log of phone calls. Both read
// GET /cases/{id}/desk; what the server refuses (a call outside the customer's hours, a fourth attempt, escalating
// past the top tier) comes back in words and is shown as it is.
import { h } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';

/** Timeline event types that are for staff only (marked "internal" on the case page). */
export const STAFF_EVENTS = ['case.internal_note', 'case.escalated', 'case.call_attempt'];

function field(id, label, control) {
  return h('p', { class: 'field' }, h('label', { for: id, text: label }), control);
}

/** Where the case stands among the tiers, and the form to hand it up. */
export function escalationPanel(c, desk, act) {
  const section = h('section', { id: 'escalation', 'aria-labelledby': 'escalation-h' },
    h('h2', { id: 'escalation-h', text: t('escalation') }));
  section.append(h('p', { class: 'tier-now', text: desk.escalated_to
    ? t('escalated_to', { tier: desk.tier }) : t('waits_for', { tier: desk.tier }) }));
  if (!desk.may_decide) {
    section.append(h('p', { class: 'tier-warning', role: 'note', text: t('tier_too_low', { tier: desk.tier }) }));
  }
  if (!desk.next_tier) {
    section.append(h('p', { class: 'tier-top', text: t('tier_top') }));
  }
  const higher = desk.tiers.slice(desk.tiers.indexOf(desk.tier) + 1);
  const tier = h('select', { id: 'escalate-tier', name: 'tier', 'aria-describedby': 'escalate-help' },
    ...(higher.length ? higher : [desk.tier]).map(v => h('option', { value: v, text: v })));
  const note = h('textarea', { id: 'escalate-note', name: 'note', rows: '2', required: true, maxlength: '2000' });
  section.append(h('form', { id: 'escalate-form', onsubmit: e => {
    e.preventDefault();
    act(c, () => api.call('POST', '/cases/' + c.case_id + '/escalations', { tier: tier.value, note: note.value }));
  } }, h('p', { id: 'escalate-help', class: 'help', text: t('escalate_help') }),
  field('escalate-tier', t('escalate_to'), tier), field('escalate-note', t('escalate_note'), note),
  h('button', { type: 'submit', text: t('escalate') })));
  return section;
}

/** The customer's clock, the call hours and attempts, and the form to record an attempt. */
export function contactPanel(c, desk, act) {
  const log = desk.contact;
  const section = h('section', { id: 'contact-log', 'aria-labelledby': 'contact-h' },
    h('h2', { id: 'contact-h', text: t('contact_log') }));
  section.append(h('p', { class: 'local-time', 'aria-live': 'polite',
    text: t('customer_time', { time: log.local_time, zone: log.time_zone, offset: log.utc_offset }) }));
  section.append(h('p', { class: 'call-hours', text: t('call_hours', { from: log.call_from, until: log.call_until }) }));
  section.append(h('p', { class: 'call-count', text: t('call_attempts', { n: log.call_attempts, max: log.max_call_attempts }) }));
  if (!log.within_call_hours) section.append(h('p', { class: 'call-hint', role: 'note', text: t('call_outside') }));
  else if (log.call_attempts >= log.max_call_attempts) section.append(h('p', { class: 'call-hint', role: 'note', text: t('call_exhausted') }));
  if (log.calls.length) {
    section.append(h('ol', { class: 'calls', 'aria-label': t('calls_so_far') }, ...log.calls.map(call =>
      h('li', {}, h('time', { datetime: call.at, text: call.at.replace('T', ' ').slice(0, 16) + ' UTC' }), ' · ',
        h('strong', { text: t('outcome_' + call.outcome) }), ' · ', h('span', { text: call.by }),
        call.note ? h('p', { class: 'event-reason', text: call.note }) : null))));
  }
  const outcome = h('select', { id: 'call-outcome', name: 'outcome' },
    ...log.outcomes.map(v => h('option', { value: v, text: t('outcome_' + v) })));
  const note = h('input', { id: 'call-note', name: 'note', maxlength: '500', autocomplete: 'off' });
  section.append(h('form', { id: 'call-form', onsubmit: e => {
    e.preventDefault();
    act(c, () => api.call('POST', '/cases/' + c.case_id + '/calls', { outcome: outcome.value, note: note.value }));
  } }, field('call-outcome', t('call_outcome'), outcome), field('call-note', t('call_note'), note),
  h('button', { type: 'submit', text: t('record_call') })));
  return section;
}
