// The Figures page: GET /figures drawn as inline SVG built with DOM calls (no library, no innerHTML: the console's
// CSP stays strict and a SKU or reason name is only ever text). Range and currency filters; CSV of the same rows.
import { h, clear } from './dom.js';
import { t, addMessages, money, duration } from './i18n.js';
import * as api from './api.js';

addMessages({
  en: {
    nav_figures: 'Figures', figures_heading: 'Figures', figures_from: 'From', figures_to: 'To',
    figures_currency: 'Currency', figures_any: 'Any', figures_show: 'Show',
    figures_csv: 'Download CSV ({by})', figures_by_day: 'Requests per day, by reason',
    figures_by_sku: 'Units refunded by SKU (top 10)', figures_times: 'Time to decision and to money (p50 / p90)',
    figures_share: 'Decided automatically vs by a person', figures_csat: 'Satisfaction (1-5)',
    figures_none: 'No cases in this range.', figures_other: 'other reasons', figures_requests: 'requests',
    figures_decision: 'decision', figures_money: 'money', figures_auto: 'automatic', figures_manual: 'by a person',
    figures_answers: '{n} answers, average {avg}', figures_rate: 'refund rate {rate}',
    figures_rate_none: 'no sales sent: counts only', figures_refunded: 'Refunded: {amounts}',
    figures_day_note: 'Days are the days of the request, in the store\'s time zone.',
  },
  zh: {
    nav_figures: '数据', figures_heading: '数据', figures_from: '开始', figures_to: '结束',
    figures_currency: '币种', figures_any: '全部', figures_show: '显示',
    figures_csv: '下载 CSV（{by}）', figures_by_day: '每日申请数（按原因）',
    figures_by_sku: '按 SKU 退款件数（前 10）', figures_times: '决定与到账用时（p50 / p90）',
    figures_share: '自动决定与人工决定', figures_csat: '满意度（1-5）',
    figures_none: '此期间没有案件。', figures_other: '其他原因', figures_requests: '申请',
    figures_decision: '决定', figures_money: '到账', figures_auto: '自动', figures_manual: '人工',
    figures_answers: '{n} 份回答，平均 {avg}', figures_rate: '退款率 {rate}',
    figures_rate_none: '未提供销量：仅计数', figures_refunded: '已退款：{amounts}',
    figures_day_note: '日期为申请日期（按店铺时区）。',
  },
});

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#0b5cad', '#1a7f37', '#bf8700', '#8250df', '#b3261e', '#57606a'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CNY', 'JPY'];

/** An SVG element; attributes as strings, text only through textContent. */
function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = String(text);
  return el;
}

function isoDay(d) { return d.toISOString().slice(0, 10); }

/** The range asked for in the hash, or the last 30 days. */
function range(params) {
  const today = new Date();
  const from = new Date(today.getTime() - 29 * 86400000);
  const day = /^\d{4}-\d{2}-\d{2}$/;
  return {
    from: day.test(params.get('from') || '') ? params.get('from') : isoDay(from),
    to: day.test(params.get('to') || '') ? params.get('to') : isoDay(today),
    currency: CURRENCIES.includes(params.get('currency')) ? params.get('currency') : '',
  };
}

function query(r, by) {
  const q = new URLSearchParams({ from: r.from, to: r.to, by });
  if (r.currency) q.set('currency', r.currency);
  return '/figures?' + q.toString();
}

/** Horizontal bars: one per item, its label and value as text. */
export function bars(items, label) {
  const max = Math.max(1, ...items.map(i => i.value));
  const rowH = 22; const width = 720; const left = 200; const right = 260;
  const svg = s('svg', { viewBox: `0 0 ${width} ${rowH * items.length + 4}`, role: 'img', 'aria-label': label,
    class: 'chart' });
  items.forEach((item, i) => {
    const y = i * rowH + 2;
    const w = Math.max(1, (width - left - right) * item.value / max);
    const name = String(item.label);
    const label = s('text', { x: left - 6, y: y + 15, 'text-anchor': 'end', class: 'label', 'font-size': 12 },
      name.length > 28 ? name.slice(0, 27) + '…' : name);
    label.append(s('title', {}, name));
    svg.append(label);
    svg.append(s('rect', { x: left, y, width: w, height: rowH - 6, fill: item.colour || COLOURS[0] }));
    svg.append(s('text', { x: left + w + 4, y: y + 15, class: 'value', 'font-size': 12 }, item.text ?? item.value));
  });
  return svg;
}

/** Stacked columns per day; each segment a reason. */
export function stackedDays(days, label) {
  const reasons = [...new Set(days.flatMap(d => d.parts.map(p => p.reason)))];
  const colour = r => COLOURS[reasons.indexOf(r) % COLOURS.length];
  const max = Math.max(1, ...days.map(d => d.total));
  const width = 640; const height = 200; const bottom = 20; const step = width / Math.max(1, days.length);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height + 4}`, role: 'img', 'aria-label': label, class: 'chart' });
  days.forEach((d, i) => {
    let y = height - bottom;
    for (const p of d.parts) {
      const ph = (height - bottom - 10) * p.requests / max;
      y -= ph;
      const rect = s('rect', { x: i * step + 1, y, width: Math.max(1, step - 2), height: ph, fill: colour(p.reason) });
      rect.append(s('title', {}, `${d.day} · ${p.label}: ${p.requests}`));
      svg.append(rect);
    }
    if (days.length <= 14 || i % Math.ceil(days.length / 10) === 0) {
      svg.append(s('text', { x: i * step + step / 2, y: height, 'text-anchor': 'middle', class: 'axis', 'font-size': 11 }, d.day.slice(5)));
    }
  });
  const legend = h('ul', { class: 'legend' });
  for (const r of reasons) {
    const swatch = s('svg', { width: 12, height: 12, 'aria-hidden': 'true' });
    swatch.append(s('rect', { width: 12, height: 12, fill: colour(r) }));
    legend.append(h('li', {}, swatch, ' ', r === '_other' ? t('figures_other') : r));
  }
  return h('div', {}, svg, legend);
}

function section(title, ...content) {
  return h('section', { class: 'figures' }, h('h2', { text: title }), ...content);
}

/** The days from..to inclusive, as yyyy-mm-dd (at most a year of them). */
function eachDay(from, to) {
  const days = [];
  for (let d = new Date(from + 'T00:00:00Z'); d <= new Date(to + 'T00:00:00Z') && days.length < 366;
    d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

function seconds(v) { return v === null || v === undefined ? '–' : duration(v); }

export async function figuresPage(params, say) {
  const m = clear(document.getElementById('main'));
  const r = range(params);
  m.append(h('h1', { text: t('figures_heading') }));
  const from = h('input', { id: 'figures-from', type: 'date', value: r.from });
  const to = h('input', { id: 'figures-to', type: 'date', value: r.to });
  const currency = h('select', { id: 'figures-currency' }, h('option', { value: '', text: t('figures_any') }),
    CURRENCIES.map(c => h('option', { value: c, text: c, selected: c === r.currency })));
  m.append(h('form', { class: 'filters', onsubmit: e => {
    e.preventDefault();
    const q = new URLSearchParams({ from: from.value, to: to.value });
    if (currency.value) q.set('currency', currency.value);
    location.hash = '#/figures/?' + q.toString();
  } },
  h('label', { for: 'figures-from', text: t('figures_from') }), from,
  h('label', { for: 'figures-to', text: t('figures_to') }), to,
  h('label', { for: 'figures-currency', text: t('figures_currency') }), currency,
  h('button', { type: 'submit', text: t('figures_show') })));
  m.append(h('p', { class: 'note', text: t('figures_day_note') }));

  let byDay; let byReason; let bySku;
  try {
    [byDay, byReason, bySku] = await Promise.all(['day', 'reason', 'sku'].map(by => api.call('GET', query(r, by))));
  } catch (e) {
    return say(t('refused', { message: e.message }), 'error');
  }
  const downloads = h('p', { class: 'downloads' });
  for (const by of ['day', 'reason', 'sku', 'category']) {
    downloads.append(h('button', { type: 'button', class: 'link csv', dataset: { by }, text: t('figures_csv', { by }),
      onclick: () => downloadCsv(r, by, say) }), ' ');
  }
  m.append(downloads);
  if (!byDay.rows.some(row => row.requests > 0)) {
    m.append(h('p', { class: 'empty', text: t('figures_none') }));
    return;
  }

  // Every day of the range gets its column, so one busy day reads as one day, not as the whole month.
  const known = new Map(byDay.rows.map(row => [row.day, row]));
  const days = eachDay(r.from, r.to).map(day => known.get(day) || { day, requests: 0, top_reasons: [] }).map(row => {
    const parts = (row.top_reasons || []).map(p => ({ reason: p.reason, label: p.reason, requests: p.requests }));
    const rest = row.requests - parts.reduce((a, p) => a + p.requests, 0);
    if (rest > 0) parts.push({ reason: '_other', label: t('figures_other'), requests: rest });
    return { day: row.day, total: row.requests, parts };
  });
  m.append(section(t('figures_by_day'), stackedDays(days, t('figures_by_day'))));

  const skus = bySku.rows.filter(row => row.units_refunded > 0 || row.requests > 0)
    .sort((a, b) => b.units_refunded - a.units_refunded || b.requests - a.requests).slice(0, 10);
  m.append(section(t('figures_by_sku'), bars(skus.map(row => ({
    label: row.sku, value: row.units_refunded,
    text: row.units_refunded + ' · ' + (row.refund_rate === null || row.refund_rate === undefined
      ? t('figures_rate_none') : t('figures_rate', { rate: (row.refund_rate * 100).toFixed(1) + ' %' })),
  })), t('figures_by_sku'))));

  const times = [];
  for (const row of byReason.rows) {
    for (const [kind, key, colour] of [['figures_decision', 'decision_time', COLOURS[0]],
      ['figures_money', 'time_to_money', COLOURS[1]]]) {
      const tm = row[key];
      if (tm && tm.count > 0) {
        times.push({ label: row.reason + ' · ' + t(kind), value: tm.p90_seconds ?? tm.p50_seconds ?? 0, colour,
          text: seconds(tm.p50_seconds) + ' / ' + seconds(tm.p90_seconds) });
      }
    }
  }
  m.append(section(t('figures_times'), bars(times, t('figures_times'))));

  const total = byDay.rows.reduce((a, row) => ({ auto: a.auto + row.decided_automatically,
    manual: a.manual + row.decided_by_person }), { auto: 0, manual: 0 });
  m.append(section(t('figures_share'), bars([
    { label: t('figures_auto'), value: total.auto, colour: COLOURS[0] },
    { label: t('figures_manual'), value: total.manual, colour: COLOURS[2] },
  ], t('figures_share'))));

  const csat = byReason.rows.filter(row => row.csat && row.csat.answers > 0);
  m.append(section(t('figures_csat'), bars(csat.map(row => ({ label: row.reason, value: row.csat.average,
    colour: COLOURS[3], text: t('figures_answers', { n: row.csat.answers, avg: row.csat.average }) })),
  t('figures_csat'))));

  const refunded = {};
  for (const row of byDay.rows) for (const [c, v] of Object.entries(row.refunded || {})) refunded[c] = (refunded[c] || 0) + v;
  const amounts = Object.entries(refunded).map(([c, v]) => money(v, c)).join(', ') || '–';
  m.append(h('p', { class: 'refunded', text: t('figures_refunded', { amounts }) }));
}

/** The CSV of the same rows, fetched with the person's token (a plain link could not send it), saved as a file. */
async function downloadCsv(r, by, say) {
  try {
    const c = await api.loadConfig();
    const res = await fetch(c.api_base + query(r, by) + '&format=csv',
      { headers: { 'Authorization': 'Bearer ' + (api.token() || '') } });
    if (!res.ok) throw new Error(String(res.status));
    const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/csv' }));
    const a = h('a', { href: url, download: `figures-${by}-${r.from}-${r.to}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    say(t('refused', { message: e.message }), 'error');
  }
}
