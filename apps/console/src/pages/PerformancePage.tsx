import { useEffect, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { ActionForm, Field, Loading, rules } from '../components/ui.js';
import { GradeDistributionChart, ServiceMatrix, type AxisInput } from '../components/ServiceMatrix.js';
import { enumLabel } from '../enums.js';
import { errorOf } from '../graphql.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import {
  type CalibrationDraft,
  type CalibrationErrors,
  calibrationInput,
  type Grade,
  validateCalibration,
} from '../performance/calibration.js';
import { Link } from '../router.js';
import { sessions } from '../session.js';

const PERIODS = `query Periods { performancePeriods(first: 50) { edges { node {
  id label startsOn endsOn lastComputedAt } } } }`;
const CREATE_PERIOD = `mutation CreatePeriod($input: CreatePerformancePeriodInput!) {
  createPerformancePeriod(input: $input) { id label } }`;
const COMPUTE = `mutation Compute($input: PeriodIdInput!) { computeScorecards(input: $input) { jobId } }`;
const CARDS = `query Cards($periodId: ID!) {
  scorecards(periodId: $periodId, first: 100) { edges { node {
    id staffId staffName role state kpiScore behaviourScore composite finalScore grade finalGrade rank } } }
  gradeDistribution(periodId: $periodId) { role countA countB countC quotaA quotaC ranked violations }
  performanceSettings { gradeAShare gradeBShare gradeCShare matrixThreshold } }`;
const MATRIX = `query Matrix($periodId: ID!) { serviceTypeMatrix(periodId: $periodId) {
  threshold procedural personal serviceType
  people { staffId staffName role procedural personal serviceType
    proceduralInputs { input value weight } personalInputs { input value weight } } } }`;
const CARD = `query Card($id: ID!) { scorecard(id: $id) {
  id staffId staffName role state kpiScore behaviourScore barsScore bosScore composite finalScore grade finalGrade
  rank serviceType proceduralScore personalScore calibrationReason calibratedAt publishedAt acknowledgedAt
  acknowledgementComment
  kpis { code value score target weight sample minSample notEnoughData } } }`;
const EXPORT = `query Export($periodId: ID!) { scorecardExport(periodId: $periodId) { csv } }`;
const SUBMIT = `mutation Submit($input: SubmitReviewInput!) { submitReview(input: $input) { id state } }`;
const CALIBRATE = `mutation Calibrate($input: CalibrateScorecardInput!) {
  calibrateScorecard(input: $input) { id state finalGrade finalScore calibrationReason } }`;
const PUBLISH = `mutation Publish($input: PeriodIdInput!) { publishScorecards(input: $input) { published } }`;
const ACKNOWLEDGE = `mutation Ack($input: AcknowledgeScorecardInput!) {
  acknowledgeScorecard(input: $input) { id state acknowledgedAt acknowledgementComment } }`;

interface Period {
  id: string;
  label: string;
  startsOn: string;
  endsOn: string;
  lastComputedAt: string | null;
}

interface CardRow {
  id: string;
  staffId: string;
  staffName: string;
  role: string;
  state: string;
  kpiScore: number | null;
  behaviourScore: number | null;
  composite: number | null;
  finalScore: number | null;
  grade: string | null;
  finalGrade: string | null;
  rank: number | null;
}

const fixed = (value: number | null | undefined) => (value == null ? '—' : value.toFixed(1));
const cardState = (state: string) => `card_${state}` as MessageKey;

/** Ranking order: by rank (unranked last), then role and name. */
export function byRank(a: CardRow, b: CardRow): number {
  return (
    (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
    a.role.localeCompare(b.role) ||
    a.staffName.localeCompare(b.staffName)
  );
}

/** HR and the owner: review periods, computation, ranking, distribution, matrix, calibration, publishing. */
export function PerformancePage({ periodId }: { periodId?: string }) {
  return periodId ? <PeriodView periodId={periodId} /> : <PeriodsView />;
}

function PeriodsView() {
  const { t, formatDate } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{
    performancePeriods: { edges: Array<{ node: Period }> };
  }>({ query: PERIODS });
  const [, create] = useMutation(CREATE_PERIOD);
  const [label, setLabel] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const date = (value: string): MessageKey | null =>
    rules.required(value) ?? (/^\d{4}-\d{2}-\d{2}$/.test(value) ? null : 'invalidDate');
  return (
    <section aria-labelledby="perf-title">
      <h1 id="perf-title">{t('periods')}</h1>
      <Loading fetching={fetching && !data} error={error} />
      <table className="table" data-testid="periods">
        <thead>
          <tr>
            <th scope="col">{t('periodLabel')}</th>
            <th scope="col">{t('startsOn')}</th>
            <th scope="col">{t('endsOn')}</th>
            <th scope="col">{t('lastComputed')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.performancePeriods.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>
                <Link to={`/performance/${node.id}`}>{node.label}</Link>
              </td>
              <td>{node.startsOn}</td>
              <td>{node.endsOn}</td>
              <td>{formatDate(node.lastComputedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.performancePeriods.edges.length === 0 && <p>{t('noItems')}</p>}
      <ActionForm
        title={t('newPeriod')}
        submitLabel={t('create')}
        validate={() => {
          const next = { label: rules.required(label), startsOn: date(startsOn), endsOn: date(endsOn) };
          setErrors({
            label: next.label ? t(next.label) : undefined,
            startsOn: next.startsOn ? t(next.startsOn) : undefined,
            endsOn: next.endsOn ? t(next.endsOn) : undefined,
          });
          return !next.label && !next.startsOn && !next.endsOn;
        }}
        run={async () => {
          const result = await create({ input: { label: label.trim(), startsOn, endsOn } });
          if (!result.error) refetch({ requestPolicy: 'network-only' });
          return result;
        }}
      >
        <Field id="period-label" label={t('periodLabel')} error={errors.label}>
          <input
            id="period-label"
            value={label}
            placeholder="2026-Q3"
            onChange={(e) => setLabel(e.target.value)}
          />
        </Field>
        <Field id="period-starts" label={t('startsOn')} error={errors.startsOn}>
          <input
            id="period-starts"
            type="date"
            value={startsOn}
            onChange={(e) => setStartsOn(e.target.value)}
          />
        </Field>
        <Field id="period-ends" label={t('endsOn')} error={errors.endsOn}>
          <input id="period-ends" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
        </Field>
      </ActionForm>
    </section>
  );
}

/** Polls the period until its computation time moves past `since` (bounded: about two minutes). */
function useComputation(periodId: string, onDone: () => void) {
  const client = useClient();
  const [since, setSince] = useState<string | null | undefined>(undefined);
  const [status, setStatus] = useState<'idle' | 'running' | 'done' | 'slow'>('idle');
  useEffect(() => {
    if (status !== 'running') return;
    let tries = 0;
    const timer = setInterval(() => {
      tries += 1;
      void client
        .query<{ performancePeriods: { edges: Array<{ node: Period }> } }>(
          PERIODS,
          {},
          { requestPolicy: 'network-only' },
        )
        .toPromise()
        .then((result) => {
          const period = result.data?.performancePeriods.edges.find((e) => e.node.id === periodId)?.node;
          if (period?.lastComputedAt && period.lastComputedAt !== since) {
            setStatus('done');
            onDone();
          } else if (tries >= 80) setStatus('slow');
        });
    }, 1500);
    return () => clearInterval(timer);
  }, [status, since, client, periodId, onDone]);
  return {
    status,
    start: (lastComputedAt: string | null) => {
      setSince(lastComputedAt);
      setStatus('running');
    },
  };
}

function PeriodView({ periodId }: { periodId: string }) {
  const { t, language } = useI18n();
  const role = sessions.session?.user.role;
  const [{ data: periods }] = useQuery<{ performancePeriods: { edges: Array<{ node: Period }> } }>({
    query: PERIODS,
  });
  const period = periods?.performancePeriods.edges.find((e) => e.node.id === periodId)?.node;
  const [{ data, fetching, error }, refetch] = useQuery<{
    scorecards: { edges: Array<{ node: CardRow }> };
    gradeDistribution: Array<{
      role: string;
      countA: number;
      countB: number;
      countC: number;
      quotaA: number;
      quotaC: number;
      ranked: number;
      violations: string[];
    }>;
    performanceSettings: {
      gradeAShare: number;
      gradeBShare: number;
      gradeCShare: number;
      matrixThreshold: number;
    };
  }>({ query: CARDS, variables: { periodId } });
  const [{ data: matrix }, refetchMatrix] = useQuery<{
    serviceTypeMatrix: {
      threshold: number;
      procedural: number | null;
      personal: number | null;
      people: Array<{
        staffId: string;
        staffName: string;
        role: string;
        procedural: number | null;
        personal: number | null;
        proceduralInputs: AxisInput[];
        personalInputs: AxisInput[];
      }>;
    };
  }>({ query: MATRIX, variables: { periodId } });
  // Bumped on every change so an open card detail shows the new state too.
  const [version, setVersion] = useState(0);
  const reload = () => {
    setVersion((v) => v + 1);
    refetch({ requestPolicy: 'network-only' });
    refetchMatrix({ requestPolicy: 'network-only' });
  };
  const [selected, setSelected] = useState<string | null>(null);
  const [, compute] = useMutation(COMPUTE);
  const [, submit] = useMutation(SUBMIT);
  const [, publish] = useMutation(PUBLISH);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [reloadOnce] = useState(() => () => reload());
  const computation = useComputation(periodId, reloadOnce);
  const cards = [...(data?.scorecards.edges.map((e) => e.node) ?? [])].sort(byRank);
  const settings = data?.performanceSettings;
  const report = (result: { error?: Parameters<typeof errorOf>[0] }, ok: string) => {
    const problem = errorOf(result.error);
    setFailure(problem && `${problem.message} (${problem.code})`);
    setNotice(problem ? null : ok);
    if (!problem) reload();
  };
  return (
    <section aria-labelledby="period-title">
      <p>
        <Link to="/performance">← {t('periods')}</Link>
      </p>
      <h1 id="period-title">
        {t('scorecards')} · {period?.label ?? '…'}
      </h1>
      <div className="filters">
        <button
          type="button"
          disabled={computation.status === 'running'}
          onClick={async () => {
            const result = await compute({ input: { periodId } });
            report(result, t('computing'));
            if (!result.error) computation.start(period?.lastComputedAt ?? null);
          }}
        >
          {t('computeScorecards')}
        </button>
        {role === 'HR' && (
          <button
            type="button"
            onClick={async () => {
              const result = await publish({ input: { periodId } });
              const n = (result.data as { publishScorecards?: { published: number } } | undefined)
                ?.publishScorecards?.published;
              report(result, t('publishedCount', { n: n ?? 0 }));
            }}
          >
            {t('publishPeriod')}
          </button>
        )}
        <CsvExport periodId={periodId} label={period?.label ?? 'period'} />
      </div>
      {computation.status === 'running' && <p role="status">{t('computing')}</p>}
      {computation.status === 'slow' && <p role="status">{t('computeSlow')}</p>}
      {computation.status === 'done' && <p role="status">{t('computed')}</p>}
      {notice && computation.status !== 'running' && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}
      {failure && (
        <p className="error" role="alert">
          {t('error')}: {failure}
        </p>
      )}
      <Loading fetching={fetching && !data} error={error} />
      <table className="table" data-testid="scorecards">
        <thead>
          <tr>
            <th scope="col">{t('rank')}</th>
            <th scope="col">{t('employee')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('kpiScore')}</th>
            <th scope="col">{t('behaviourScore')}</th>
            <th scope="col">{t('composite')}</th>
            <th scope="col">{t('grade')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {cards.map((c) => (
            <tr key={c.id} data-testid={`card-${c.staffId}`}>
              <td>{c.rank ?? '—'}</td>
              <td>{c.staffName}</td>
              <td>{enumLabel(language, c.role)}</td>
              <td>{fixed(c.kpiScore)}</td>
              <td>{fixed(c.behaviourScore)}</td>
              <td>{fixed(c.finalScore ?? c.composite)}</td>
              <td>{c.finalGrade ?? c.grade ?? '—'}</td>
              <td>{t(cardState(c.state))}</td>
              <td>
                <button
                  type="button"
                  onClick={() => setSelected(c.id)}
                  aria-label={`${t('details')}: ${c.staffName}`}
                >
                  {t('details')}
                </button>{' '}
                {role === 'OWNER' && c.state === 'DRAFT' && (
                  <button
                    type="button"
                    aria-label={`${t('submitReview')}: ${c.staffName}`}
                    onClick={async () =>
                      report(await submit({ input: { periodId, staffId: c.staffId } }), t('done'))
                    }
                  >
                    {t('submitReview')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && cards.length === 0 && <p>{t('noItems')}</p>}
      {selected && (
        <ScorecardDetail version={version} id={selected} canCalibrate={role === 'HR'} onChanged={reload} />
      )}
      <div className="charts">
        {data && settings && data.gradeDistribution.length > 0 && (
          <div>
            <GradeDistributionChart
              title={t('gradeDistribution')}
              rows={data.gradeDistribution}
              shares={{ A: settings.gradeAShare, B: settings.gradeBShare, C: settings.gradeCShare }}
            />
            <p className="hint">
              {t('targetShares', {
                a: Math.round(settings.gradeAShare * 100),
                b: Math.round(settings.gradeBShare * 100),
                c: Math.round(settings.gradeCShare * 100),
              })}
            </p>
            {data.gradeDistribution.some((d) => d.violations.length > 0) && (
              <>
                <h3>{t('violations')}</h3>
                <ul>
                  {data.gradeDistribution.flatMap((d) =>
                    d.violations.map((v) => (
                      <li key={`${d.role}-${v}`}>{`${enumLabel(language, d.role)}: ${v}`}</li>
                    )),
                  )}
                </ul>
              </>
            )}
          </div>
        )}
        {matrix && matrix.serviceTypeMatrix.people.length > 0 && (
          <ServiceMatrix
            title={t('serviceMatrix')}
            threshold={matrix.serviceTypeMatrix.threshold}
            points={[
              ...matrix.serviceTypeMatrix.people.map((p) => ({
                id: p.staffId,
                label: p.staffName,
                procedural: p.procedural,
                personal: p.personal,
                proceduralInputs: p.proceduralInputs,
                personalInputs: p.personalInputs,
              })),
              {
                id: 'store',
                label: t('storeAverage'),
                procedural: matrix.serviceTypeMatrix.procedural,
                personal: matrix.serviceTypeMatrix.personal,
                average: true,
              },
            ]}
          />
        )}
      </div>
    </section>
  );
}

/** Fetches the period's CSV on demand and offers it as a download. */
function CsvExport({ periodId, label }: { periodId: string; label: string }) {
  const { t } = useI18n();
  const client = useClient();
  const [href, setHref] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => () => void (href && URL.revokeObjectURL(href)), [href]);
  const file = `scorecards-${label}.csv`;
  return (
    <>
      <button
        type="button"
        onClick={async () => {
          const result = await client
            .query<{ scorecardExport: { csv: string } }>(
              EXPORT,
              { periodId },
              { requestPolicy: 'network-only' },
            )
            .toPromise();
          const problem = errorOf(result.error);
          setFailure(problem && `${problem.message} (${problem.code})`);
          if (result.data)
            setHref(URL.createObjectURL(new Blob([result.data.scorecardExport.csv], { type: 'text/csv' })));
        }}
      >
        {t('exportCsv')}
      </button>
      {href && (
        <a href={href} download={file} data-testid="csv-download">
          {t('downloadCsv', { file })}
        </a>
      )}
      {failure && (
        <span className="error" role="alert">
          {t('error')}: {failure}
        </span>
      )}
    </>
  );
}

interface CardDetail extends CardRow {
  barsScore: number | null;
  bosScore: number | null;
  serviceType: string | null;
  proceduralScore: number | null;
  personalScore: number | null;
  calibrationReason: string | null;
  calibratedAt: string | null;
  publishedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgementComment: string | null;
  kpis: Array<{
    code: string;
    value: number | null;
    score: number | null;
    target: number;
    weight: number;
    sample: number;
    minSample: number;
    notEnoughData: boolean;
  }>;
}

/** One card: KPI values (with "not enough data"), behaviour score, and the forms the role may use. */
export function ScorecardDetail({
  id,
  canCalibrate,
  canAcknowledge,
  onChanged,
  version = 0,
}: {
  id: string;
  /** Bumped by the page when something changed the card elsewhere (e.g. publishing). */
  version?: number;
  canCalibrate?: boolean;
  canAcknowledge?: boolean;
  onChanged?: () => void;
}) {
  const { t, language, formatDate } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{ scorecard: CardDetail }>({
    query: CARD,
    variables: { id },
  });
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);
  if (!data) return <Loading fetching={fetching} error={error} />;
  const c = data.scorecard;
  const changed = () => {
    refetch({ requestPolicy: 'network-only' });
    onChanged?.();
  };
  return (
    <article className="card" aria-labelledby={`card-${c.id}-title`} data-testid="scorecard-detail">
      <h2 id={`card-${c.id}-title`}>{t('scorecardOf', { name: c.staffName })}</h2>
      <dl className="facts">
        <dt>{t('state')}</dt>
        <dd data-testid="card-state">{t(cardState(c.state))}</dd>
        <dt>{t('grade')}</dt>
        <dd data-testid="card-grade">{c.finalGrade ?? c.grade ?? '—'}</dd>
        <dt>{t('composite')}</dt>
        <dd>{fixed(c.composite)}</dd>
        <dt>{t('finalScore')}</dt>
        <dd>{fixed(c.finalScore)}</dd>
        <dt>{t('kpiScore')}</dt>
        <dd>{fixed(c.kpiScore)}</dd>
        <dt>{t('behaviourScore')}</dt>
        <dd>
          {fixed(c.behaviourScore)}{' '}
          <span className="muted">
            (BARS {fixed(c.barsScore)} · BOS {fixed(c.bosScore)})
          </span>
        </dd>
        <dt>{t('serviceMatrix')}</dt>
        <dd>
          {enumLabel(language, c.serviceType)} ({t('procedural')} {fixed(c.proceduralScore)} · {t('personal')}{' '}
          {fixed(c.personalScore)})
        </dd>
        {c.calibrationReason && (
          <>
            <dt>{t('calibrationReason')}</dt>
            <dd>{c.calibrationReason}</dd>
          </>
        )}
        {c.publishedAt && (
          <>
            <dt>{t('publishedAt')}</dt>
            <dd>{formatDate(c.publishedAt)}</dd>
          </>
        )}
        {c.acknowledgedAt && (
          <>
            <dt>{t('acknowledgedAt')}</dt>
            <dd>
              {formatDate(c.acknowledgedAt)} · {c.acknowledgementComment}
            </dd>
          </>
        )}
      </dl>
      <table className="table">
        <caption>{t('kpi')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('kpi')}</th>
            <th scope="col">{t('value')}</th>
            <th scope="col">{t('target')}</th>
            <th scope="col">{t('weight')}</th>
            <th scope="col">{t('sample')}</th>
            <th scope="col">{t('score')}</th>
          </tr>
        </thead>
        <tbody>
          {c.kpis.map((k) => (
            <tr key={k.code}>
              <th scope="row">{enumLabel(language, k.code)}</th>
              <td>{k.value == null ? '—' : k.value.toFixed(2)}</td>
              <td>{k.target}</td>
              <td>{k.weight}</td>
              <td>{k.sample}</td>
              <td>{k.notEnoughData ? t('notEnoughData', { n: k.minSample }) : fixed(k.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canCalibrate && <CalibrationForm scorecardId={c.id} onDone={changed} />}
      {canAcknowledge && c.state === 'PUBLISHED' && <AcknowledgeForm scorecardId={c.id} onDone={changed} />}
    </article>
  );
}

/** HR overrides the grade and/or score with a required reason; the API's refusal shows with its code. */
export function CalibrationForm({ scorecardId, onDone }: { scorecardId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [, calibrate] = useMutation(CALIBRATE);
  const [draft, setDraft] = useState<CalibrationDraft>({ grade: '', score: '', reason: '' });
  const [errors, setErrors] = useState<CalibrationErrors>({});
  const message = (key: MessageKey | undefined) => (key ? t(key) : undefined);
  return (
    <ActionForm
      title={t('calibrate')}
      testId="calibration-form"
      validate={() => {
        const next = validateCalibration(draft);
        setErrors(next);
        return Object.keys(next).length === 0;
      }}
      run={async () => {
        const result = await calibrate({ input: calibrationInput(scorecardId, draft) });
        if (!result.error) onDone();
        return result;
      }}
    >
      <Field id="cal-grade" label={t('newGrade')} error={message(errors.grade)}>
        <select
          id="cal-grade"
          value={draft.grade}
          onChange={(e) => setDraft({ ...draft, grade: e.target.value as Grade | '' })}
        >
          <option value="">{t('unchanged')}</option>
          {['A', 'B', 'C'].map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </Field>
      <Field id="cal-score" label={t('newScore')} error={message(errors.score)}>
        <input
          id="cal-score"
          inputMode="decimal"
          value={draft.score}
          onChange={(e) => setDraft({ ...draft, score: e.target.value })}
        />
      </Field>
      <Field id="cal-reason" label={t('calibrationReason')} error={message(errors.reason)}>
        <textarea
          id="cal-reason"
          value={draft.reason}
          required
          onChange={(e) => setDraft({ ...draft, reason: e.target.value })}
        />
      </Field>
    </ActionForm>
  );
}

function AcknowledgeForm({ scorecardId, onDone }: { scorecardId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [, acknowledge] = useMutation(ACKNOWLEDGE);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <ActionForm
      title={t('acknowledgeCard')}
      testId="acknowledge-form"
      validate={() => {
        const next = rules.required(comment);
        setProblem(next && t(next));
        return !next;
      }}
      run={async () => {
        const result = await acknowledge({ input: { scorecardId, comment: comment.trim() } });
        if (!result.error) onDone();
        return result;
      }}
    >
      <Field id="ack-comment" label={t('comment')} error={problem}>
        <textarea id="ack-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
    </ActionForm>
  );
}

const MY_CARDS = `query MyCards($periodId: ID!) { scorecards(periodId: $periodId, first: 5) { edges { node { id state } } } }`;

/** Agents, field staff and supervisors: their own published card of a period, and its acknowledgement. */
export function MyScorecardPage() {
  const { t } = useI18n();
  const [{ data: periods, fetching, error }] = useQuery<{
    performancePeriods: { edges: Array<{ node: Period }> };
  }>({ query: PERIODS });
  const list = periods?.performancePeriods.edges.map((e) => e.node) ?? [];
  const [chosen, setChosen] = useState('');
  const periodId = chosen || list[0]?.id || '';
  const [{ data }] = useQuery<{ scorecards: { edges: Array<{ node: { id: string; state: string } }> } }>({
    query: MY_CARDS,
    variables: { periodId },
    pause: !periodId,
  });
  const card = data?.scorecards.edges[0]?.node;
  return (
    <section aria-labelledby="my-card-title">
      <h1 id="my-card-title">{t('myScorecard')}</h1>
      <Loading fetching={fetching && !periods} error={error} />
      <label>
        {t('periods')}{' '}
        <select value={periodId} onChange={(e) => setChosen(e.target.value)}>
          {list.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {data && !card && <p>{t('noPublishedCard')}</p>}
      {card && <ScorecardDetail id={card.id} canAcknowledge />}
      {sessions.session?.user.role === 'SUPERVISOR' && periodId && <TeamSubmitForm periodId={periodId} />}
    </section>
  );
}

const TEAM = `query Team { users(first: 100, active: true) { edges { node { id displayName role } } } }`;

/** Supervisors submit their team's draft cards (agents and field staff); the API checks the rest. */
function TeamSubmitForm({ periodId }: { periodId: string }) {
  const { t, language } = useI18n();
  const [{ data }] = useQuery<{
    users: { edges: Array<{ node: { id: string; displayName: string; role: string } }> };
  }>({ query: TEAM });
  const [, submit] = useMutation(SUBMIT);
  const [staffId, setStaffId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const team =
    data?.users.edges.map((e) => e.node).filter((u) => u.role === 'AGENT' || u.role === 'FIELD_STAFF') ?? [];
  return (
    <ActionForm
      title={t('submitTeamReview')}
      submitLabel={t('submitReview')}
      testId="team-submit-form"
      validate={() => {
        const next = rules.required(staffId);
        setProblem(next && t(next));
        return !next;
      }}
      run={() => submit({ input: { periodId, staffId } })}
    >
      <Field id="team-staff" label={t('employee')} error={problem}>
        <select id="team-staff" value={staffId} onChange={(e) => setStaffId(e.target.value)}>
          <option value="">—</option>
          {team.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName} ({enumLabel(language, u.role)})
            </option>
          ))}
        </select>
      </Field>
    </ActionForm>
  );
}
