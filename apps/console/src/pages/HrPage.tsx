import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ServiceMatrix } from '../components/ServiceMatrix.js';
import { ActionForm, BarChart, Field, Loading, localInput, rules } from '../components/ui.js';
import { enumLabel } from '../enums.js';
import { useI18n } from '../i18n.js';
import { Link } from '../router.js';

const DATA = `query HrData { users(first: 100, active: true) { edges { node { id displayName role } } }
  barsScales(active: true) { id name dimension anchors { level anchor } } }`;
const INCIDENTS = `query Incidents($staffId: ID!) { criticalIncidents(first: 50, staffId: $staffId) {
  edges { node { id kind description occurredAt } } } }`;
const RATE = `mutation Rate($input: RateBehaviorInput!) { rateBehavior(input: $input) { id level } }`;
const INCIDENT = `mutation Incident($input: RecordCriticalIncidentInput!) { recordCriticalIncident(input: $input) { id } }`;

interface Scale {
  id: string;
  name: string;
  dimension: string;
  anchors: Array<{ level: number; anchor: string }>;
}

/** HR: behaviour evidence (BARS ratings and critical incidents) per employee. */
export function HrPage() {
  const { t, language, formatDate } = useI18n();
  const [{ data, fetching, error }] = useQuery<{
    users: { edges: Array<{ node: { id: string; displayName: string; role: string } }> };
    barsScales: Scale[];
  }>({ query: DATA });
  const [staffId, setStaffId] = useState('');
  const [{ data: incidents }, reloadIncidents] = useQuery<{
    criticalIncidents: {
      edges: Array<{ node: { id: string; kind: string; description: string; occurredAt: string } }>;
    };
  }>({ query: INCIDENTS, variables: { staffId }, pause: !staffId });
  const staff =
    data?.users.edges.map((e) => e.node).filter((u) => u.role !== 'OWNER' && u.role !== 'HR') ?? [];
  return (
    <section aria-labelledby="hr-title">
      <h1 id="hr-title">{t('navHr')}</h1>
      <p className="hint">
        <Link to="/performance">{t('scorecardsPending')}</Link>
      </p>
      <Loading fetching={fetching && !data} error={error} />
      <label>
        {t('employee')}{' '}
        <select value={staffId} onChange={(e) => setStaffId(e.target.value)}>
          <option value="">—</option>
          {staff.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName} ({enumLabel(language, u.role)})
            </option>
          ))}
        </select>
      </label>
      {staffId && data && (
        <div className="actions">
          <RatingForm staffId={staffId} scales={data.barsScales} />
          <IncidentForm staffId={staffId} onDone={() => reloadIncidents({ requestPolicy: 'network-only' })} />
        </div>
      )}
      {staffId && (
        <>
          <h2>{t('incidents')}</h2>
          <ul>
            {incidents?.criticalIncidents.edges.map(({ node }) => (
              <li key={node.id}>
                {formatDate(node.occurredAt)} · {enumLabel(language, node.kind)} · {node.description}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function RatingForm({ staffId, scales }: { staffId: string; scales: Scale[] }) {
  const { t } = useI18n();
  const [, rate] = useMutation(RATE);
  const [scaleId, setScaleId] = useState('');
  const [level, setLevel] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ scale?: string; level?: string }>({});
  const scale = scales.find((s) => s.id === scaleId);
  return (
    <ActionForm
      title={t('barsRating')}
      validate={() => {
        const next = { scale: rules.required(scaleId), level: rules.required(level) };
        setErrors({
          scale: next.scale ? t(next.scale) : undefined,
          level: next.level ? t(next.level) : undefined,
        });
        return !next.scale && !next.level;
      }}
      run={() => rate({ input: { staffId, scaleId, level: Number(level), comment: comment || undefined } })}
    >
      <Field id="bars-scale" label={t('scale')} error={errors.scale}>
        <select id="bars-scale" value={scaleId} onChange={(e) => setScaleId(e.target.value)}>
          <option value="">—</option>
          {scales.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      {scale && (
        <fieldset>
          <legend>{t('rating')}</legend>
          {errors.level && (
            <span className="error" role="alert">
              {errors.level}
            </span>
          )}
          {[...scale.anchors]
            .sort((a, b) => b.level - a.level)
            .map((a) => (
              <label key={a.level} className="anchor">
                <input
                  type="radio"
                  name="bars-level"
                  value={a.level}
                  checked={level === String(a.level)}
                  onChange={() => setLevel(String(a.level))}
                />{' '}
                {a.level} — {a.anchor}
              </label>
            ))}
        </fieldset>
      )}
      <Field id="bars-comment" label={t('comment')}>
        <input id="bars-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
    </ActionForm>
  );
}

function IncidentForm({ staffId, onDone }: { staffId: string; onDone: () => void }) {
  const { t, language } = useI18n();
  const [, record] = useMutation(INCIDENT);
  const [kind, setKind] = useState('POSITIVE');
  const [description, setDescription] = useState('');
  const [occurredAt, setOccurredAt] = useState(localInput(-60));
  const [errors, setErrors] = useState<{ description?: string; occurredAt?: string }>({});
  return (
    <ActionForm
      title={t('recordIncident')}
      validate={() => {
        const next = { description: rules.required(description), occurredAt: rules.dateTime(occurredAt) };
        setErrors({
          description: next.description ? t(next.description) : undefined,
          occurredAt: next.occurredAt ? t(next.occurredAt) : undefined,
        });
        return !next.description && !next.occurredAt;
      }}
      run={async () => {
        const result = await record({
          input: { staffId, kind, description, occurredAt: new Date(occurredAt).toISOString() },
        });
        if (!result.error) onDone();
        return result;
      }}
    >
      <Field id="inc-kind" label={t('kind')}>
        <select id="inc-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {['POSITIVE', 'NEGATIVE'].map((k) => (
            <option key={k} value={k}>
              {enumLabel(language, k)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="inc-description" label={t('description')} error={errors.description}>
        <textarea id="inc-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field id="inc-at" label={t('occurredAt')} error={errors.occurredAt}>
        <input
          id="inc-at"
          type="datetime-local"
          value={occurredAt}
          onChange={(e) => setOccurredAt(e.target.value)}
        />
      </Field>
    </ActionForm>
  );
}

const TENANTS = `query Stores { tenants(first: 100) { edges { node { id name slug kind timeZone createdAt } } } }`;
const BENCHMARK = `query Benchmark($periodLabel: String!) { chainBenchmark(periodLabel: $periodLabel) {
  periodLabel stores { tenantId tenantName rank staffCount scoredCount kpiScore behaviourScore composite
    procedural personal serviceType } } }`;

interface StoreRow {
  tenantId: string;
  tenantName: string;
  rank: number | null;
  staffCount: number;
  scoredCount: number;
  kpiScore: number | null;
  behaviourScore: number | null;
  composite: number | null;
  procedural: number | null;
  personal: number | null;
  serviceType: string | null;
}

const fixed = (value: number | null | undefined) => (value == null ? '—' : value.toFixed(1));

/** HQ: the chain benchmark of a period label (ranking, composite chart, store matrix) and the store list. */
export function HqPage() {
  const { t, language, formatDate } = useI18n();
  const [{ data, fetching, error }] = useQuery<{
    tenants: {
      edges: Array<{
        node: { id: string; name: string; slug: string; kind: string; timeZone: string; createdAt: string };
      }>;
    };
  }>({ query: TENANTS });
  const [label, setLabel] = useState('');
  const [periodLabel, setPeriodLabel] = useState('');
  const [{ data: bench, fetching: benchFetching, error: benchError }] = useQuery<{
    chainBenchmark: { periodLabel: string; stores: StoreRow[] };
  }>({ query: BENCHMARK, variables: { periodLabel }, pause: !periodLabel });
  const stores = [...(bench?.chainBenchmark.stores ?? [])].sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      a.tenantName.localeCompare(b.tenantName),
  );
  return (
    <section aria-labelledby="hq-title">
      <h1 id="hq-title">{t('benchmark')}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setPeriodLabel(label.trim());
        }}
      >
        <label>
          {t('periodLabel')}{' '}
          <input
            name="periodLabel"
            value={label}
            placeholder="2026-Q3"
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {periodLabel && <Loading fetching={benchFetching && !bench} error={benchError} />}
      {bench && (
        <>
          <table className="table" data-testid="benchmark">
            <thead>
              <tr>
                <th scope="col">{t('rank')}</th>
                <th scope="col">{t('store')}</th>
                <th scope="col">{t('staffCount')}</th>
                <th scope="col">{t('kpiScore')}</th>
                <th scope="col">{t('behaviourScore')}</th>
                <th scope="col">{t('composite')}</th>
                <th scope="col">{t('serviceMatrix')}</th>
              </tr>
            </thead>
            <tbody>
              {stores.map((s) => (
                <tr key={s.tenantId}>
                  <td>{s.rank ?? '—'}</td>
                  <td>{s.tenantName}</td>
                  <td>
                    {s.scoredCount}/{s.staffCount}
                  </td>
                  <td>{fixed(s.kpiScore)}</td>
                  <td>{fixed(s.behaviourScore)}</td>
                  <td>{fixed(s.composite)}</td>
                  <td>{enumLabel(language, s.serviceType)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {stores.length === 0 && <p>{t('noItems')}</p>}
          {stores.length > 0 && (
            <div className="charts">
              <BarChart
                title={t('compositeByStore')}
                data={stores.map((s) => ({
                  label: s.tenantName,
                  value: Number((s.composite ?? 0).toFixed(1)),
                }))}
              />
              <ServiceMatrix
                title={t('storeMatrix')}
                threshold={70}
                points={stores.map((s) => ({
                  id: s.tenantId,
                  label: s.tenantName,
                  procedural: s.procedural,
                  personal: s.personal,
                }))}
              />
            </div>
          )}
        </>
      )}
      <h2>{t('stores')}</h2>
      <Loading fetching={fetching && !data} error={error} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('store')}</th>
            <th scope="col">{t('type')}</th>
            <th scope="col">{t('timeZone')}</th>
            <th scope="col">{t('created')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.tenants.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>
                {node.name} <span className="muted">({node.slug})</span>
              </td>
              <td>{enumLabel(language, node.kind)}</td>
              <td>{node.timeZone}</td>
              <td>{formatDate(node.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
