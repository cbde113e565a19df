import { KPI_CATALOG } from './kpis.js';
import { BOS_SHARE, PERSONAL_INPUT_WEIGHT, PROCEDURAL_KPIS } from './scorecard-rules.js';

const list = (codes: readonly string[]) => codes.map((code) => `'${code}'`).join(', ');
const ORDER = `ARRAY[${list(KPI_CATALOG.map((k) => k.code))}]::text[]`;

/** A UUIDv7 made in SQL (time-ordered like `newId()`): 48-bit millisecond time, version and variant bits. */
export const SQL_UUID_V7 = `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;

/**
 * The aggregate CTEs are MATERIALIZED: computed once each. Inlined, the planner (which cannot estimate
 * how many staff there are) re-runs them inside nested loops, once per person.
 *
 * Every staff member's card for one period of the tenant in scope, in one set-based statement ($1 =
 * period id). The formulas are those of `kpis.ts` and `scorecard-rules.ts` (the unit tests pin them
 * there; the integration tests pin this SQL to them):
 * - KPI score per KPI: HIGHER least(100, 100·value/target); LOWER 100 at or under target, else
 *   100·target/value; null below the minimum sample. KPI score = weighted mean of non-null scores.
 * - Behaviour: BARS (each rater's latest level per active scale in the period, mean per scale, weighted
 *   by scale weight) blended with BOS (each rater's latest frequency per active item) at BOS_SHARE.
 * - Composite: KPI and behaviour by the tenant's weights, missing parts renormalised away.
 * - Rank within role by composite (competition ranking); grade by forced distribution, ties upwards.
 * Only DRAFT cards are written (inserted, replaced, or removed when the person no longer qualifies);
 * SUBMITTED and later cards are never touched. Returns how many cards were written and removed.
 */
export const COMPUTE_SCORECARDS_SQL = `
WITH period AS MATERIALIZED (
  SELECT p.id,
    (p.starts_on::timestamp AT TIME ZONE t.time_zone) AS from_at,
    ((p.ends_on + 1)::timestamp AT TIME ZONE t.time_zone) AS to_at,
    least((p.ends_on + 1)::timestamp AT TIME ZONE t.time_zone, now()) AS cutoff
  FROM performance_periods p JOIN tenants t ON t.id = p.tenant_id
  WHERE p.tenant_id = app_tenant_id() AND p.id = $1
),
settings AS MATERIALIZED (
  SELECT kpi_weight, behaviour_weight, grade_a_share, grade_c_share, matrix_threshold
  FROM performance_settings WHERE tenant_id = app_tenant_id()
),
staff AS MATERIALIZED (
  SELECT u.id, u.role FROM users u
  WHERE u.tenant_id = app_tenant_id() AND u.active AND u.role IN ('SUPERVISOR', 'AGENT', 'FIELD_STAFF')
),
complaint_measures AS MATERIALIZED (
  SELECT staff_id,
    count(*) FILTER (WHERE received_in AND (acknowledged OR first_reply_passed)) AS fr_n,
    count(*) FILTER (WHERE received_in AND first_reply_ok) AS fr_ok,
    count(*) FILTER (WHERE resolved_in OR overdue_open) AS res_n,
    count(*) FILTER (WHERE resolved_in AND resolution_ok) AS res_ok,
    count(*) FILTER (WHERE resolved_in) AS resolved_n,
    sum(hours) FILTER (WHERE resolved_in) AS resolved_hours,
    count(*) FILTER (WHERE received_in AND (resolved OR reopened)) AS reopen_n,
    count(*) FILTER (WHERE received_in AND reopened) AS reopen_k
  FROM (
    -- Each condition once per row (NULL where a time is missing: FILTER treats it as false).
    SELECT c.handler_id AS staff_id,
      c.received_at >= p.from_at AND c.received_at < p.to_at AS received_in,
      c.resolved_at >= p.from_at AND c.resolved_at < p.to_at AS resolved_in,
      c.acknowledged_at IS NOT NULL AS acknowledged,
      c.first_reply_due_at < p.cutoff AS first_reply_passed,
      c.acknowledged_at <= c.first_reply_due_at AS first_reply_ok,
      c.resolved_at <= c.resolution_due_at AS resolution_ok,
      c.resolved_at IS NULL AND c.resolution_due_at >= p.from_at AND c.resolution_due_at < p.cutoff AS overdue_open,
      c.resolved_at IS NOT NULL AS resolved,
      c.reopen_count > 0 AS reopened,
      extract(epoch FROM c.resolved_at - c.received_at) / 3600 AS hours
    FROM complaints c CROSS JOIN period p
    WHERE c.tenant_id = app_tenant_id() AND c.handler_id IS NOT NULL
      AND ((c.received_at >= p.from_at AND c.received_at < p.to_at)
        OR (c.resolved_at >= p.from_at AND c.resolved_at < p.to_at)
        OR (c.resolution_due_at >= p.from_at AND c.resolution_due_at < p.to_at))
  ) flags
  GROUP BY staff_id
),
promise_measures AS MATERIALIZED (
  SELECT pr.promised_by AS staff_id, count(*) AS n, count(*) FILTER (WHERE pr.kept_at IS NOT NULL) AS kept
  FROM complaint_promises pr CROSS JOIN period p
  WHERE pr.tenant_id = app_tenant_id() AND pr.promised_by IS NOT NULL
    AND pr.due_at >= p.from_at AND pr.due_at < p.to_at AND (pr.kept_at IS NOT NULL OR pr.broken_at IS NOT NULL)
  GROUP BY pr.promised_by
),
csat_measures AS MATERIALIZED (
  SELECT c.handler_id AS staff_id, count(*) AS n, avg(r.satisfaction) AS mean
  FROM revisit_tasks r CROSS JOIN period p
  JOIN complaints c ON c.tenant_id = r.tenant_id AND c.id = r.complaint_id
  WHERE r.tenant_id = app_tenant_id() AND r.type = 'COMPLAINT' AND r.status = 'COMPLETED'
    AND r.satisfaction IS NOT NULL AND r.completed_at >= p.from_at AND r.completed_at < p.to_at
    AND c.handler_id IS NOT NULL
  GROUP BY c.handler_id
),
revisit_measures AS MATERIALIZED (
  SELECT r.assignee_id AS staff_id,
    count(*) FILTER (WHERE r.status <> 'CANCELLED' AND r.due_at >= p.from_at AND r.due_at < p.to_at
      AND (r.status IN ('COMPLETED', 'UNREACHABLE') OR r.due_at < p.cutoff)) AS due_n,
    count(*) FILTER (WHERE r.status = 'COMPLETED' AND r.due_at >= p.from_at AND r.due_at < p.to_at
      AND r.completed_at <= r.due_at) AS due_ok,
    count(*) FILTER (WHERE r.status = 'COMPLETED' AND r.completed_at >= p.from_at AND r.completed_at < p.to_at) AS done_n,
    count(*) FILTER (WHERE r.type = 'CHURN_WINBACK' AND r.status = 'COMPLETED'
      AND r.completed_at >= p.from_at AND r.completed_at < p.to_at) AS winback_n,
    count(*) FILTER (WHERE r.type = 'CHURN_WINBACK' AND r.status = 'COMPLETED'
      AND r.completed_at >= p.from_at AND r.completed_at < p.to_at
      AND EXISTS (SELECT 1 FROM visits v WHERE v.tenant_id = r.tenant_id AND v.customer_id = r.customer_id
        AND v.visited_at > r.completed_at AND v.visited_at <= r.completed_at + interval '30 days')) AS winback_won
  FROM revisit_tasks r CROSS JOIN period p
  WHERE r.tenant_id = app_tenant_id() AND r.assignee_id IS NOT NULL
    AND ((r.due_at >= p.from_at AND r.due_at < p.to_at) OR (r.completed_at >= p.from_at AND r.completed_at < p.to_at))
  GROUP BY r.assignee_id
),
work_order_measures AS MATERIALIZED (
  SELECT w.assignee_id AS staff_id,
    count(*) FILTER (WHERE w.onsite_due_at >= p.from_at AND w.onsite_due_at < p.to_at
      AND (w.started_at IS NOT NULL OR w.onsite_due_at < p.cutoff)) AS due_n,
    count(*) FILTER (WHERE w.onsite_due_at >= p.from_at AND w.onsite_due_at < p.to_at
      AND w.started_at <= w.onsite_due_at) AS due_ok,
    count(*) FILTER (WHERE w.completed_at >= p.from_at AND w.completed_at < p.to_at) AS done_n
  FROM work_orders w CROSS JOIN period p
  WHERE w.tenant_id = app_tenant_id() AND w.assignee_id IS NOT NULL AND w.state <> 'CANCELLED'
    AND ((w.onsite_due_at >= p.from_at AND w.onsite_due_at < p.to_at) OR (w.completed_at >= p.from_at AND w.completed_at < p.to_at))
  GROUP BY w.assignee_id
),
measures AS MATERIALIZED (
  SELECT s.id AS staff_id, m.code, m.sample::int AS sample, m.value::numeric AS value
  FROM staff s
  LEFT JOIN complaint_measures cm ON cm.staff_id = s.id
  LEFT JOIN promise_measures pm ON pm.staff_id = s.id
  LEFT JOIN csat_measures cs ON cs.staff_id = s.id
  LEFT JOIN revisit_measures rm ON rm.staff_id = s.id
  LEFT JOIN work_order_measures wm ON wm.staff_id = s.id
  CROSS JOIN LATERAL (VALUES
    ('FIRST_REPLY_ON_TIME', coalesce(cm.fr_n, 0), cm.fr_ok::numeric / nullif(cm.fr_n, 0)),
    ('RESOLUTION_ON_TIME', coalesce(cm.res_n, 0), cm.res_ok::numeric / nullif(cm.res_n, 0)),
    ('COMMITMENTS_KEPT', coalesce(pm.n, 0), pm.kept::numeric / nullif(pm.n, 0)),
    ('MEAN_RESOLUTION_HOURS', coalesce(cm.resolved_n, 0), cm.resolved_hours::numeric / nullif(cm.resolved_n, 0)),
    ('CSAT', coalesce(cs.n, 0), cs.mean::numeric),
    ('REOPEN_RATE', coalesce(cm.reopen_n, 0), cm.reopen_k::numeric / nullif(cm.reopen_n, 0)),
    ('REVISIT_ON_TIME', coalesce(rm.due_n, 0), rm.due_ok::numeric / nullif(rm.due_n, 0)),
    ('WORK_ORDER_ON_TIME', coalesce(wm.due_n, 0), wm.due_ok::numeric / nullif(wm.due_n, 0)),
    ('WINBACK_RATE', coalesce(rm.winback_n, 0), rm.winback_won::numeric / nullif(rm.winback_n, 0)),
    ('VOLUME', coalesce(cm.resolved_n, 0) + coalesce(wm.done_n, 0) + coalesce(rm.done_n, 0),
      (coalesce(cm.resolved_n, 0) + coalesce(wm.done_n, 0) + coalesce(rm.done_n, 0))::numeric)
  ) AS m(code, sample, value)
),
scored AS MATERIALIZED (
  SELECT m.staff_id, m.code, m.sample, round(m.value, 4) AS value, d.direction, d.target, d.weight, d.min_sample,
    CASE WHEN m.value IS NULL OR m.sample < d.min_sample THEN NULL
         WHEN d.direction = 'HIGHER' THEN round(least(100, 100 * m.value / d.target), 2)
         WHEN m.value <= d.target THEN 100
         ELSE round(100 * d.target / m.value, 2) END AS score
  FROM measures m
  JOIN kpi_definitions d ON d.tenant_id = app_tenant_id() AND d.code = m.code AND d.active
),
kpi_totals AS MATERIALIZED (
  SELECT staff_id,
    jsonb_agg(jsonb_build_object('code', code, 'sample', sample, 'value', value, 'direction', direction,
      'target', target, 'weight', weight, 'minSample', min_sample, 'score', score)
      ORDER BY array_position(${ORDER}, code)) AS kpis,
    round(sum(score * weight) / nullif(sum(weight) FILTER (WHERE score IS NOT NULL), 0), 2) AS kpi_score,
    round(sum(score * weight) FILTER (WHERE code IN (${list(PROCEDURAL_KPIS)}))
      / nullif(sum(weight) FILTER (WHERE score IS NOT NULL AND code IN (${list(PROCEDURAL_KPIS)})), 0), 2) AS procedural_score,
    max(score) FILTER (WHERE code = 'CSAT') AS csat_score
  FROM scored GROUP BY staff_id
),
latest_bars AS (
  SELECT DISTINCT ON (r.staff_id, r.scale_id, r.rated_by) r.staff_id, r.scale_id, r.level
  FROM behavior_ratings r CROSS JOIN period p
  WHERE r.tenant_id = app_tenant_id() AND r.rated_at >= p.from_at AND r.rated_at < p.to_at
  ORDER BY r.staff_id, r.scale_id, r.rated_by, r.rated_at DESC, r.id DESC
),
bars AS MATERIALIZED (
  SELECT staff_id, round(sum(scale_score * weight) / nullif(sum(weight), 0), 2) AS bars_score
  FROM (
    SELECT lb.staff_id, sc.id, sc.weight, avg((lb.level - 1) * 25.0) AS scale_score
    FROM latest_bars lb JOIN bars_scales sc ON sc.tenant_id = app_tenant_id() AND sc.id = lb.scale_id AND sc.active
    GROUP BY lb.staff_id, sc.id, sc.weight
  ) per_scale GROUP BY staff_id
),
latest_bos AS (
  SELECT DISTINCT ON (r.staff_id, r.item_id, r.rated_by) r.staff_id, r.item_id, r.frequency
  FROM bos_ratings r CROSS JOIN period p
  WHERE r.tenant_id = app_tenant_id() AND r.rated_at >= p.from_at AND r.rated_at < p.to_at
  ORDER BY r.staff_id, r.item_id, r.rated_by, r.rated_at DESC, r.id DESC
),
bos AS MATERIALIZED (
  SELECT lb.staff_id, round(avg((lb.frequency - 1) * 25.0), 2) AS bos_score
  FROM latest_bos lb JOIN bos_items i ON i.tenant_id = app_tenant_id() AND i.id = lb.item_id AND i.active
  GROUP BY lb.staff_id
),
cards AS (
  SELECT s.id AS staff_id, s.role, k.kpis, k.kpi_score, k.procedural_score, k.csat_score, b.bars_score, o.bos_score,
    CASE WHEN b.bars_score IS NOT NULL AND o.bos_score IS NOT NULL
           THEN round(${1 - BOS_SHARE} * b.bars_score + ${BOS_SHARE} * o.bos_score, 2)
         ELSE coalesce(b.bars_score, o.bos_score) END AS behaviour_score
  FROM staff s
  LEFT JOIN kpi_totals k ON k.staff_id = s.id
  LEFT JOIN bars b ON b.staff_id = s.id
  LEFT JOIN bos o ON o.staff_id = s.id
),
composed AS (
  SELECT c.*,
    round((coalesce(c.kpi_score * st.kpi_weight, 0) + coalesce(c.behaviour_score * st.behaviour_weight, 0))
      / nullif(CASE WHEN c.kpi_score IS NULL THEN 0 ELSE st.kpi_weight END
             + CASE WHEN c.behaviour_score IS NULL THEN 0 ELSE st.behaviour_weight END, 0), 2) AS composite,
    round((coalesce(c.csat_score, 0) + coalesce(c.behaviour_score, 0)) * ${PERSONAL_INPUT_WEIGHT}
      / nullif((CASE WHEN c.csat_score IS NULL THEN 0 ELSE 1 END
             + CASE WHEN c.behaviour_score IS NULL THEN 0 ELSE 1 END) * ${PERSONAL_INPUT_WEIGHT}, 0), 2) AS personal_score,
    st.grade_a_share, st.grade_c_share, st.matrix_threshold
  FROM cards c CROSS JOIN settings st
),
ranked AS (
  SELECT c.*,
    CASE WHEN c.composite IS NULL THEN NULL
      ELSE rank() OVER (PARTITION BY c.role, c.composite IS NULL ORDER BY c.composite DESC) END AS rank,
    count(c.composite) OVER (PARTITION BY c.role) AS ranked_n
  FROM composed c
),
graded AS (
  SELECT r.*,
    CASE WHEN r.procedural_score IS NULL OR r.personal_score IS NULL THEN NULL
      WHEN r.procedural_score >= r.matrix_threshold AND r.personal_score >= r.matrix_threshold THEN 'EXCELLENT'
      WHEN r.procedural_score >= r.matrix_threshold THEN 'BUREAUCRATIC'
      WHEN r.personal_score >= r.matrix_threshold THEN 'FRIENDLY_DISORGANIZED'
      ELSE 'INDIFFERENT' END AS service_type,
    CASE WHEN r.rank IS NULL THEN NULL
      WHEN r.rank <= q.a THEN 'A'
      WHEN r.rank > r.ranked_n - q.c THEN 'C'
      ELSE 'B' END AS grade
  FROM ranked r
  CROSS JOIN LATERAL (SELECT floor(r.ranked_n * r.grade_a_share + 0.5)::int AS a) qa
  CROSS JOIN LATERAL (SELECT qa.a, least(r.ranked_n - qa.a, floor(r.ranked_n * r.grade_c_share + 0.5))::int AS c) q
),
written AS (
  INSERT INTO scorecards AS s (tenant_id, id, period_id, staff_id, role, state, kpis, kpi_score, bars_score, bos_score,
    behaviour_score, composite, procedural_score, personal_score, service_type, rank, grade)
  SELECT app_tenant_id(), ${SQL_UUID_V7}, $1, g.staff_id, g.role, 'DRAFT', coalesce(g.kpis, '[]'::jsonb), g.kpi_score,
    g.bars_score, g.bos_score, g.behaviour_score, g.composite, g.procedural_score, g.personal_score, g.service_type,
    g.rank, g.grade
  FROM graded g
  ON CONFLICT (tenant_id, period_id, staff_id) DO UPDATE SET
    role = EXCLUDED.role, kpis = EXCLUDED.kpis, kpi_score = EXCLUDED.kpi_score, bars_score = EXCLUDED.bars_score,
    bos_score = EXCLUDED.bos_score, behaviour_score = EXCLUDED.behaviour_score, composite = EXCLUDED.composite,
    procedural_score = EXCLUDED.procedural_score, personal_score = EXCLUDED.personal_score,
    service_type = EXCLUDED.service_type, rank = EXCLUDED.rank, grade = EXCLUDED.grade
  WHERE s.state = 'DRAFT'
  RETURNING s.staff_id
),
removed AS (
  DELETE FROM scorecards s
  WHERE s.tenant_id = app_tenant_id() AND s.period_id = $1 AND s.state = 'DRAFT'
    AND NOT EXISTS (SELECT 1 FROM staff WHERE staff.id = s.staff_id)
  RETURNING s.staff_id
)
SELECT (SELECT count(*) FROM written)::int AS written, (SELECT count(*) FROM removed)::int AS removed`;
