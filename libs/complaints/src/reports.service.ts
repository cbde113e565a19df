import { Injectable } from '@nestjs/common';
import { badInput, escapeHtml, notFound, requireId, toCsvRow } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { CirculationReport, ComplaintRecord } from './report.object.js';

const DAY = 86_400_000;

/** Reports of the desk; every figure is one query over the period, in the tenant's scope. */
@Injectable()
export class ComplaintReports {
  constructor(private readonly db: Database) {}

  circulation(from: Date, to: Date): Promise<CirculationReport> {
    if (!(from < to)) throw badInput('The period must end after it starts');
    if (to.getTime() - from.getTime() > 400 * DAY) throw badInput('A report covers at most 400 days');
    return this.db.transaction(async (tx) => {
      const period = [from, to];
      const inPeriod = `tenant_id = app_tenant_id() AND received_at >= $1 AND received_at < $2`;
      const counts = async (column: string) =>
        (await tx.query(
          `SELECT ${column} AS key, count(*)::int AS count FROM complaints WHERE ${inPeriod} GROUP BY 1 ORDER BY 2 DESC, 1`,
          period,
        )) as Array<{ key: string; count: number }>;
      const [totals] = await tx.query(
        `SELECT count(*)::int AS total,
           count(*) FILTER (WHERE acknowledged_at IS NOT NULL AND acknowledged_at <= first_reply_due_at)::int AS reply_on_time,
           count(*) FILTER (WHERE acknowledged_at > first_reply_due_at OR (acknowledged_at IS NULL AND first_reply_due_at < now()))::int AS reply_late,
           count(*) FILTER (WHERE resolved_at IS NOT NULL AND resolved_at <= resolution_due_at)::int AS resolved_on_time,
           count(*) FILTER (WHERE resolved_at > resolution_due_at OR (resolved_at IS NULL AND resolution_due_at < now()))::int AS resolved_late
         FROM complaints WHERE ${inPeriod}`,
        period,
      );
      const [broken] = await tx.query(
        `SELECT count(*)::int AS n FROM complaint_promises WHERE tenant_id = app_tenant_id() AND broken_at >= $1 AND broken_at < $2`,
        period,
      );
      const repeatCustomers = await tx.query(
        `SELECT c.customer_id AS "customerId", cu.name, count(*)::int AS count FROM complaints c
         JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
         WHERE c.tenant_id = app_tenant_id() AND c.received_at >= $1 AND c.received_at < $2
         GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 3 DESC, 2`,
        period,
      );
      const repeatIssues = await tx.query(
        `SELECT category, subcategory, count(*)::int AS count FROM complaints WHERE ${inPeriod}
         GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 3 DESC, 1, 2`,
        period,
      );
      const improvementActions = await tx.query(
        `SELECT id AS "complaintId", number, root_cause AS "rootCause", preventive_action AS "preventiveAction" FROM complaints
         WHERE ${inPeriod} AND evaluated_at IS NOT NULL ORDER BY number`,
        period,
      );
      const rate = (good: number, bad: number) =>
        good + bad === 0 ? null : Math.round((good / (good + bad)) * 10_000) / 10_000;
      const report: Omit<CirculationReport, 'csv'> = {
        from,
        to,
        total: totals.total,
        byCategory: await counts('category'),
        byChannel: await counts('channel'),
        bySeverity: await counts('severity'),
        byState: await counts('state'),
        firstReplyOnTimeRate: rate(totals.reply_on_time, totals.reply_late),
        resolutionOnTimeRate: rate(totals.resolved_on_time, totals.resolved_late),
        brokenPromises: broken.n,
        repeatCustomers,
        repeatIssues,
        improvementActions,
      };
      return { ...report, csv: circulationCsv(report) };
    });
  }

  record(rawId: string): Promise<ComplaintRecord> {
    const id = requireId(rawId, 'Complaint id');
    return this.db.transaction(async (tx) => {
      const [c] = await tx.query(
        `SELECT c.*, t.time_zone, t.name AS store, cu.name AS customer_name, cu.phone AS customer_phone, h.display_name AS handler_name
         FROM complaints c JOIN tenants t ON t.id = c.tenant_id
         LEFT JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
         LEFT JOIN users h ON h.tenant_id = c.tenant_id AND h.id = c.handler_id
         WHERE c.tenant_id = app_tenant_id() AND c.id = $1`,
        [id],
      );
      if (!c) throw notFound('Complaint');
      const proposals = await tx.query(
        `SELECT p.round, p.status, p.customer_comment, string_agg(o.remedy || ' ' || o.amount || CASE WHEN o.accepted THEN ' (accepted)' ELSE '' END || ': ' || o.description, '; ' ORDER BY o.position) AS options
         FROM complaint_proposals p JOIN complaint_proposal_options o ON o.tenant_id = p.tenant_id AND o.proposal_id = p.id
         WHERE p.tenant_id = app_tenant_id() AND p.complaint_id = $1 GROUP BY p.id, p.round, p.status, p.customer_comment ORDER BY p.round`,
        [id],
      );
      const revisit = (
        await tx.query(
          `SELECT status, satisfaction, completed_at FROM revisit_tasks WHERE tenant_id = app_tenant_id() AND complaint_id = $1 ORDER BY created_at DESC LIMIT 1`,
          [id],
        )
      )[0];
      const timeline: Array<{ seq: string; type: string; at: Date }> = await tx.query(
        `SELECT seq, type, at FROM tenant_events WHERE tenant_id = app_tenant_id() AND entity_kind = 'complaint' AND entity_id = $1 ORDER BY seq`,
        [id],
      );
      const time = (value: Date | null) => (value ? formatInZone(value, c.time_zone) : '');
      const fields: Array<[string, string]> = [
        ['投诉编号 Complaint no.', `C-${c.number}`],
        ['查询码 Tracking code', c.tracking_code],
        ['门店 Store', c.store],
        ['受理时间 Received', time(c.received_at)],
        ['渠道 Channel', c.channel],
        ['顾客 Customer', c.customer_name ?? c.contact_name ?? ''],
        ['电话 Phone', c.customer_phone ?? c.contact_phone ?? ''],
        ['投诉原因 Category', [c.category, c.subcategory].filter(Boolean).join(' / ')],
        ['严重程度 Severity', c.severity],
        ['标题 Title', c.title],
        ['投诉内容 Description', c.description],
        ['处理人 Handler', c.handler_name ?? ''],
        ['升级级别 Escalation level', String(c.escalation_level)],
        ['首次回复 First reply', `${time(c.acknowledged_at)} (due ${time(c.first_reply_due_at)})`],
        [
          '处理方案 Proposals',
          proposals
            .map(
              (p: { round: number; status: string; options: string; customer_comment: string | null }) =>
                `#${p.round} ${p.status}: ${p.options}${p.customer_comment ? ` — ${p.customer_comment}` : ''}`,
            )
            .join(' | '),
        ],
        [
          '处理结果 Resolution',
          `${c.resolution_summary ?? ''} ${c.resolved_at ? `(${time(c.resolved_at)})` : ''}`.trim(),
        ],
        [
          '回访 Revisit',
          revisit
            ? `${revisit.status}${revisit.satisfaction ? `, satisfaction ${revisit.satisfaction}/5` : ''}`
            : '',
        ],
        ['终止 Closed', `${time(c.closed_at)}${c.force_closed ? ` (force-closed: ${c.close_reason})` : ''}`],
        ['根本原因 Root cause', c.root_cause ?? ''],
        ['预防措施 Preventive action', c.preventive_action ?? ''],
        ['状态 State', c.state],
      ];
      const csv = [
        toCsvRow(['field', 'value']),
        ...fields.map((f) => toCsvRow(f)),
        '',
        toCsvRow(['seq', 'time', 'event']),
        ...timeline.map((e) => toCsvRow([e.seq, time(e.at), e.type])),
      ].join('\r\n');
      const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>顾客投诉意见处理表 C-${c.number}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:.4em;text-align:left;vertical-align:top}th{width:14em;background:#eee}@media print{body{margin:0}}</style></head>
<body><h1>顾客投诉意见处理表 Complaint record</h1><table>${fields.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>处理过程 Timeline</h2><table><tr><th>#</th><th>Time</th><th>Event</th></tr>${timeline.map((e) => `<tr><td>${e.seq}</td><td>${escapeHtml(time(e.at))}</td><td>${escapeHtml(e.type)}</td></tr>`).join('')}</table></body></html>`;
      return { complaintId: id, csv, html };
    });
  }
}

export function formatInZone(value: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(value);
}

function circulationCsv(report: Omit<CirculationReport, 'csv'>): string {
  const lines = [
    toCsvRow(['section', 'key', 'value']),
    toCsvRow(['period', 'from', report.from.toISOString()]),
    toCsvRow(['period', 'to', report.to.toISOString()]),
    toCsvRow(['total', 'complaints', report.total]),
    toCsvRow(['sla', 'firstReplyOnTimeRate', report.firstReplyOnTimeRate]),
    toCsvRow(['sla', 'resolutionOnTimeRate', report.resolutionOnTimeRate]),
    toCsvRow(['sla', 'brokenPromises', report.brokenPromises]),
    ...report.byCategory.map((c) => toCsvRow(['category', c.key, c.count])),
    ...report.byChannel.map((c) => toCsvRow(['channel', c.key, c.count])),
    ...report.bySeverity.map((c) => toCsvRow(['severity', c.key, c.count])),
    ...report.byState.map((c) => toCsvRow(['state', c.key, c.count])),
    ...report.repeatCustomers.map((c) => toCsvRow(['repeatCustomer', c.name, c.count])),
    ...report.repeatIssues.map((i) =>
      toCsvRow(['repeatIssue', [i.category, i.subcategory].filter(Boolean).join('/'), i.count]),
    ),
    ...report.improvementActions.map((a) =>
      toCsvRow(['improvement', `C-${a.number}`, `${a.rootCause} → ${a.preventiveAction}`]),
    ),
  ];
  return lines.join('\r\n');
}
