// Every label the console shows, in English and Chinese. t('key', {name: value}) fills {name}.
const MESSAGES = {
  en: {
    title: 'Refunds console', skip: 'Skip to content', language: 'Language', search: 'Search',
    search_label: 'Search by case, order or customer id', sign_out: 'Sign out',
    local_banner: 'LOCAL sign-in: for this machine only. No password; these are the people review-case is configured with.',
    sign_in_title: 'Sign in', sign_in_as: 'Sign in as {person} ({tier})', signed_in_as: '{person} · {tier}',
    queue_in_review: 'In review', queue_evidence_overdue: 'Waiting on evidence', queue_payouts_failed: 'Payouts failed',
    queue_heading: 'Queue: {name}', filter_reason: 'Reason', filter_currency: 'Currency', filter_any: 'Any',
    apply: 'Apply', next_page: 'Next page', first_page: 'First page', empty_queue: 'Nothing in this queue.',
    col_case: 'Case', col_order: 'Order', col_reason: 'Reason', col_amount: 'Asked', col_age: 'Age', col_due: 'Due',
    col_status: 'Status',
    overdue: 'Overdue', due_in: 'in {time}', late_by: 'late by {time}', open_case: 'Open case {id}',
    search_heading: 'Search: {q}', no_results: 'No case found.',
    filters: 'Queue filters', filter_min: 'Amount from', filter_max: 'Amount up to',
    filter_opened_from: 'Opened from ({zone})', filter_opened_until: 'Opened until ({zone})', filter_tier: 'Tier',
    amount_needs_currency: 'choose a currency to filter by amount', tier_badge: 'for {tier}',
    escalation: 'Escalation', waits_for: 'Waits for: {tier} (not escalated)', escalated_to: 'Escalated to: {tier}',
    tier_too_low: 'Only {tier} or a higher tier may decide this case.', tier_top: 'This is the highest tier; it cannot go higher.',
    escalate_help: 'Hand the case to a higher tier; it then waits in that tier\'s queue. The note is internal.',
    escalate_to: 'Escalate to', escalate_note: 'Why (internal note)', escalate: 'Escalate',
    contact_log: 'Phone calls', customer_time: "Customer's local time: {time} ({zone}, UTC{offset})",
    call_hours: 'Calls allowed {from}–{until} in the customer\'s time.', call_attempts: 'Call attempts: {n} of {max}',
    call_outside: 'Outside the call hours now: a call cannot be recorded.', call_exhausted: 'No call attempts left on this case.',
    calls_so_far: 'Calls so far', call_outcome: 'Outcome', call_note: 'Note (optional)', record_call: 'Record call',
    outcome_reached: 'Reached', outcome_no_answer: 'No answer', outcome_voicemail: 'Voicemail', outcome_wrong_number: 'Wrong number',
    event_internal_note: 'note', event_escalated: 'escalation', event_call_attempt: 'call',
    authority: 'You may approve up to {limit}', authority_any: 'You may approve any amount',
    authority_none: 'You may not approve in {currency}',
    case_heading: 'Case {id}', status: 'Status', order: 'Order', reason: 'Reason', note: "Customer's note",
    requested: 'Requested', created: 'Opened', due: 'Due', lines: 'Order lines', sku: 'SKU', quantity: 'Quantity',
    unit: 'Unit price', preview: 'Refund, line by line', amount: 'Amount', evidence: 'Evidence',
    evidence_blocked: 'Not shown: {url} is not on an allowed evidence host.', evidence_open: 'Open evidence {n} large',
    close: 'Close', decision: 'Decision record', policy_version: 'Policy version {v}', decided_by: 'Decided by {who}',
    finding_pass: 'passed', finding_fail: 'did not pass', timeline: 'Timeline', internal: 'internal',
    payout: 'Payout', provider_ref: 'Provider reference', customer_reads: 'The customer reads',
    approve: 'Approve', decline: 'Decline', request_evidence: 'Ask for evidence', retry_payout: 'Retry payout',
    amount_major: 'Amount ({currency})', method: 'Method', original_payment: 'Original payment',
    store_credit: 'Store credit', decline_code: 'Decline code', explanation: 'Explanation the customer will read',
    grant: 'Grant', grant_money: 'Money (the amount and method above)', resolution_replacement: 'Replacement (the same item again)',
    resolution_exchange: 'Exchange (another variant)', resolution_refund: 'Refund', resolution_store_credit: 'Store credit',
    resolution_keep_item: 'Keep the item, partial refund', exchange_sku: 'Variant to send (SKU)',
    goods_fallback: 'The store sends the goods; should it be out of stock, the amount and method above are paid instead.',
    asked_for: 'Customer asked for', asked_exchange: '{resolution}: {sku}',
    evidence_request: 'What the customer should send', add_note: 'Add internal note', note_text: 'Internal note (never shown to the customer)',
    save_note: 'Save note', done: 'Done.', refused: 'Refused: {message}',
    conflict: 'Someone decided this case meanwhile. This is the case as it is now.',
    not_signed_in: 'Please sign in.', loading: 'Loading…', back: 'Back to the queue',
    decisions: 'Decide', notes: 'Notes',
    outside_window: 'Outside the return window', not_resalable: 'Not resalable', no_evidence: 'No evidence',
    already_refunded: 'Already refunded', other: 'Other',
    queue_returns_received: 'Returns to inspect', queue_returns_awaited: 'Returns awaited', queue_returns_in_transit: 'Returns in transit',
    queue_return_deadline: 'Returns on their way, the nearest return deadline first: "Due" is the date the parcel must be sent by.',
    queue_returns_received_help: 'Parcels the carrier delivered back: inspect them line by line on the case page.',
    return: 'Return', return_by: 'Send back by', return_carrier: 'Carrier', return_tracking: 'Tracking code',
    return_shipping: 'Label paid by', shipping_merchant: 'the store', shipping_customer: 'the customer',
    shipping_deducted: 'the customer, from the refund', return_label: 'Label', return_label_open: 'Open the label',
    return_label_blocked: 'Not a link: {url} is not an http(s) address.', return_no_label: 'No label: the customer sends it themselves.',
    return_scans: "The parcel's scans", return_no_scans: 'No scan yet.',
    inspection: 'Inspection', inspection_holds: 'This return holds {amount} on the order; your authority must cover it.',
    inspection_help: 'One line per SKU asked back; split a line when its units differ (one resalable, one damaged). Only resalable units are refunded.',
    inspection_line: 'line {n}', inspection_of: 'of {n}', inspection_asked: 'Asked back', inspection_received: 'Received',
    inspection_condition: 'Condition', inspection_disposition: 'Disposition', inspection_lines: 'Lines',
    inspection_split: 'Split', inspection_split_sku: 'Add a line for {sku}', inspection_remove: 'Remove',
    inspection_remove_line: 'Remove {what}', inspection_note: 'Note (optional)', inspection_record: 'Record inspection',
    condition_resalable: 'Resalable', condition_damaged: 'Damaged', condition_wrong_item: 'Wrong item', condition_missing: 'Missing',
    disposition_restock: 'Restock', disposition_dispose: 'Dispose',
    inspected_refund: 'Inspection recorded: {amount} will be refunded for the resalable units.',
    inspected_nothing: 'Inspection recorded: nothing could be resold, so nothing is refunded (declined).',
  },
  zh: {
    title: '退款工作台', skip: '跳到内容', language: '语言', search: '搜索',
    search_label: '按案件、订单或客户编号搜索', sign_out: '退出',
    local_banner: '本地登录（LOCAL）：仅限本机使用，无需密码；列出的是 review-case 配置的人员。',
    sign_in_title: '登录', sign_in_as: '以 {person}（{tier}）登录', signed_in_as: '{person} · {tier}',
    queue_in_review: '待审核', queue_evidence_overdue: '等待证据', queue_payouts_failed: '退款失败',
    queue_heading: '队列：{name}', filter_reason: '原因', filter_currency: '币种', filter_any: '全部',
    apply: '筛选', next_page: '下一页', first_page: '第一页', empty_queue: '此队列为空。',
    col_case: '案件', col_order: '订单', col_reason: '原因', col_amount: '申请金额', col_age: '时长', col_due: '期限',
    col_status: '状态',
    overdue: '已超时', due_in: '{time} 后到期', late_by: '已超时 {time}', open_case: '打开案件 {id}',
    search_heading: '搜索：{q}', no_results: '未找到案件。',
    filters: '队列筛选', filter_min: '金额下限', filter_max: '金额上限',
    filter_opened_from: '创建日期起（{zone}）', filter_opened_until: '创建日期止（{zone}）', filter_tier: '级别',
    amount_needs_currency: '按金额筛选时请先选择币种', tier_badge: '待 {tier} 处理',
    escalation: '升级', waits_for: '当前级别：{tier}（未升级）', escalated_to: '已升级至：{tier}',
    tier_too_low: '仅 {tier} 或更高级别可以处理此案件。', tier_top: '已是最高级别，无法继续升级。',
    escalate_help: '将案件交给更高级别处理，之后案件在该级别的队列中等待。说明仅内部可见。',
    escalate_to: '升级至', escalate_note: '原因（内部备注）', escalate: '升级',
    contact_log: '电话联系', customer_time: '客户当地时间：{time}（{zone}，UTC{offset}）',
    call_hours: '仅可在客户当地时间 {from}–{until} 致电。', call_attempts: '已致电 {n} 次，最多 {max} 次',
    call_outside: '当前不在可致电时段，无法记录电话。', call_exhausted: '此案件的致电次数已用完。',
    calls_so_far: '致电记录', call_outcome: '结果', call_note: '备注（可选）', record_call: '记录电话',
    outcome_reached: '已接通', outcome_no_answer: '无人接听', outcome_voicemail: '语音信箱', outcome_wrong_number: '号码错误',
    event_internal_note: '备注', event_escalated: '升级', event_call_attempt: '电话',
    authority: '您可批准的上限为 {limit}', authority_any: '您可批准任意金额',
    authority_none: '您不能批准 {currency} 金额',
    case_heading: '案件 {id}', status: '状态', order: '订单', reason: '原因', note: '客户留言',
    requested: '申请金额', created: '创建时间', due: '期限', lines: '订单明细', sku: '商品编码', quantity: '数量',
    unit: '单价', preview: '退款明细', amount: '金额', evidence: '凭证',
    evidence_blocked: '未显示：{url} 不在允许的凭证域名内。', evidence_open: '放大查看凭证 {n}',
    close: '关闭', decision: '决定记录', policy_version: '政策版本 {v}', decided_by: '决定人 {who}',
    finding_pass: '通过', finding_fail: '未通过', timeline: '时间线', internal: '内部',
    payout: '退款支付', provider_ref: '支付机构编号', customer_reads: '客户看到的说明',
    approve: '批准', decline: '拒绝', request_evidence: '要求补充凭证', retry_payout: '重试退款',
    amount_major: '金额（{currency}）', method: '方式', original_payment: '原路退回',
    store_credit: '店铺余额', decline_code: '拒绝原因', explanation: '给客户的说明',
    grant: '给予', grant_money: '退款（上面的金额和方式）', resolution_replacement: '换新（同一商品）',
    resolution_exchange: '换货（其他规格）', resolution_refund: '退款', resolution_store_credit: '店铺余额',
    resolution_keep_item: '保留商品，部分退款', exchange_sku: '换成的规格（SKU）',
    goods_fallback: '商品由店铺寄出；如果缺货，则改为按上面的金额和方式退款。',
    asked_for: '客户希望', asked_exchange: '{resolution}：{sku}',
    evidence_request: '需要客户提供的内容', add_note: '添加内部备注', note_text: '内部备注（客户不可见）',
    save_note: '保存备注', done: '已完成。', refused: '被拒绝：{message}',
    conflict: '已有其他人处理了此案件。以下是案件的最新状态。',
    not_signed_in: '请先登录。', loading: '加载中…', back: '返回队列',
    decisions: '处理', notes: '备注',
    outside_window: '超出退货期限', not_resalable: '无法二次销售', no_evidence: '缺少凭证',
    already_refunded: '已退款', other: '其他',
    queue_returns_received: '待检验退货', queue_returns_awaited: '等待寄回', queue_returns_in_transit: '退货运输中',
    queue_return_deadline: '在途退货，按寄回期限排序：“期限”为包裹必须寄出的日期。',
    queue_returns_received_help: '承运商已送回的包裹：请在案件页面逐行检验。',
    return: '退货', return_by: '寄回期限', return_carrier: '承运商', return_tracking: '运单号',
    return_shipping: '运费承担方', shipping_merchant: '商家', shipping_customer: '客户',
    shipping_deducted: '客户（从退款中扣除）', return_label: '面单', return_label_open: '打开面单',
    return_label_blocked: '不是链接：{url} 不是 http(s) 地址。', return_no_label: '无面单：客户自行寄回。',
    return_scans: '包裹扫描记录', return_no_scans: '暂无扫描记录。',
    inspection: '检验', inspection_holds: '此退货在订单上占用 {amount}；您的权限须覆盖该金额。',
    inspection_help: '每个退回的商品编码一行；同一编码的件数情况不同时请拆分（例如一件可再售、一件损坏）。仅可再售的件数予以退款。',
    inspection_line: '第 {n} 行', inspection_of: '共 {n} 件', inspection_asked: '申请退回', inspection_received: '收到件数',
    inspection_condition: '状况', inspection_disposition: '处置', inspection_lines: '行',
    inspection_split: '拆分', inspection_split_sku: '为 {sku} 添加一行', inspection_remove: '删除',
    inspection_remove_line: '删除 {what}', inspection_note: '备注（可选）', inspection_record: '记录检验结果',
    condition_resalable: '可再售', condition_damaged: '损坏', condition_wrong_item: '商品不符', condition_missing: '缺失',
    disposition_restock: '重新入库', disposition_dispose: '报废',
    inspected_refund: '检验已记录：可再售部分将退款 {amount}。',
    inspected_nothing: '检验已记录：没有可再售的商品，不予退款（已拒绝）。',
  },
};

let lang = localStorage.getItem('refunds.console.lang') || (navigator.language || 'en').slice(0, 2);
if (!MESSAGES[lang]) lang = 'en';

export function language() { return lang; }

export function setLanguage(l) {
  lang = MESSAGES[l] ? l : 'en';
  localStorage.setItem('refunds.console.lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
}

/** More labels, from a page module that keeps its own (figures.js). */
export function addMessages(more) {
  for (const [l, m] of Object.entries(more)) Object.assign(MESSAGES[l] || (MESSAGES[l] = {}), m);
}

export function t(key, params = {}) {
  const text = (MESSAGES[lang] && MESSAGES[lang][key]) || MESSAGES.en[key] || key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (params[k] === undefined ? '' : String(params[k])));
}

const DIGITS = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 };
export function digits(currency) { return DIGITS[currency] ?? 2; }

/** Minor units as people read them: 20000 USD is "200.00 USD". */
export function money(minor, currency) {
  if (minor === null || minor === undefined) return '';
  const d = digits(currency);
  const neg = minor < 0; const abs = Math.abs(minor);
  const whole = Math.floor(abs / 10 ** d); const frac = String(abs % 10 ** d).padStart(d, '0');
  return (neg ? '-' : '') + whole + (d ? '.' + frac : '') + ' ' + currency;
}

/** "12.34" in a currency to minor units, or null when it is not an amount. */
export function toMinor(text, currency) {
  const d = digits(currency);
  const m = String(text).trim().match(d ? new RegExp('^(\\d+)(?:\\.(\\d{1,' + d + '}))?$') : /^(\d+)$/);
  if (!m) return null;
  return Number(m[1]) * 10 ** d + Number((m[2] || '').padEnd(d, '0') || 0);
}

export function duration(seconds) {
  const s = Math.abs(seconds);
  if (s < 3600) return Math.round(s / 60) + (lang === 'zh' ? ' 分钟' : ' min');
  if (s < 172800) return Math.round(s / 3600) + (lang === 'zh' ? ' 小时' : ' h');
  return Math.round(s / 86400) + (lang === 'zh' ? ' 天' : ' d');
}

export function when(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'UTC' }) + ' UTC';
}
