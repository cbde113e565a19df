import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ActionForm, Field, Loading, rules } from '../components/ui.js';
import { enumLabel } from '../enums.js';
import { useI18n } from '../i18n.js';
import { Link } from '../router.js';
import { sessions } from '../session.js';

const REVISITS = `query Revisits { revisitTasks(first: 100, statuses: [PENDING, IN_PROGRESS]) { edges { node {
  id type status dueAt attempts overdue customer { id name } assignee { displayName } } } } }`;
const LOG = `mutation Log($input: LogRevisitAttemptInput!) { logRevisitAttempt(input: $input) { id status attempts } }`;
const COMPLETE = `mutation CompleteRevisit($input: CompleteRevisitInput!) { completeRevisit(input: $input) { id status } }`;

interface RevisitRow {
  id: string;
  type: string;
  status: string;
  dueAt: string;
  attempts: number;
  overdue: boolean;
  customer: { id: string; name: string } | null;
  assignee: { displayName: string } | null;
}

export function RevisitsPage() {
  const { t, language, formatDate } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{
    revisitTasks: { edges: Array<{ node: RevisitRow }> };
  }>({
    query: REVISITS,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const rows = [...(data?.revisitTasks.edges.map((e) => e.node) ?? [])].sort((a, b) =>
    a.dueAt.localeCompare(b.dueAt),
  );
  return (
    <section aria-labelledby="revisits-title">
      <h1 id="revisits-title">{t('revisitQueue')}</h1>
      <Loading fetching={fetching && !data} error={error} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('customer')}</th>
            <th scope="col">{t('type')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('dueAt')}</th>
            <th scope="col">{t('attempts')}</th>
            <th scope="col">{t('handler')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.overdue ? 'sla-row BREACHED' : undefined}>
              <td>{r.customer ? <Link to={`/customers/${r.customer.id}`}>{r.customer.name}</Link> : '—'}</td>
              <td>{enumLabel(language, r.type)}</td>
              <td>{enumLabel(language, r.status)}</td>
              <td>{formatDate(r.dueAt)}</td>
              <td>{r.attempts}</td>
              <td>{r.assignee?.displayName ?? '—'}</td>
              <td>
                <button type="button" onClick={() => setSelected(r.id)}>
                  {t('logAttempt')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !fetching && <p>{t('noItems')}</p>}
      {selected && (
        <RevisitForms revisitId={selected} onDone={() => refetch({ requestPolicy: 'network-only' })} />
      )}
    </section>
  );
}

function RevisitForms({ revisitId, onDone }: { revisitId: string; onDone: () => void }) {
  const { t, language } = useI18n();
  const [, log] = useMutation(LOG);
  const [, complete] = useMutation(COMPLETE);
  const [channel, setChannel] = useState('PHONE');
  const [reached, setReached] = useState(true);
  const [note, setNote] = useState('');
  const [satisfaction, setSatisfaction] = useState('5');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="actions">
      <ActionForm
        title={t('logAttempt')}
        validate={() => true}
        run={async () => {
          const result = await log({ input: { revisitId, channel, reached, note: note || undefined } });
          if (!result.error) onDone();
          return result;
        }}
      >
        <Field id="rv-channel" label={t('channel')}>
          <select id="rv-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            {['PHONE', 'SMS', 'IM', 'EMAIL'].map((c) => (
              <option key={c} value={c}>
                {enumLabel(language, c)}
              </option>
            ))}
          </select>
        </Field>
        <label>
          <input type="checkbox" checked={reached} onChange={(e) => setReached(e.target.checked)} />{' '}
          {t('outcome')}
        </label>
        <Field id="rv-note" label={t('note')}>
          <input id="rv-note" value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </ActionForm>
      <ActionForm
        title={t('complete')}
        validate={() => {
          const n = Number(satisfaction);
          const ok = Number.isInteger(n) && n >= 1 && n <= 5;
          setError(ok ? null : t('invalidNumber'));
          return ok;
        }}
        run={async () => {
          const result = await complete({
            input: { revisitId, satisfaction: Number(satisfaction), notes: notes || undefined },
          });
          if (!result.error) onDone();
          return result;
        }}
      >
        <Field id="rv-sat" label={`${t('rating')} (1–5)`} error={error}>
          <input
            id="rv-sat"
            inputMode="numeric"
            value={satisfaction}
            onChange={(e) => setSatisfaction(e.target.value)}
          />
        </Field>
        <Field id="rv-notes" label={t('notes')}>
          <input id="rv-notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
      </ActionForm>
    </div>
  );
}

const CAMPAIGNS = `query Campaigns { campaigns(first: 50) { edges { node { id name state targeted reached wonBack
  winBackRate launchedAt customersScanned } } } }`;
const LAUNCH = `mutation Launch($input: LaunchWinbackCampaignInput!) { launchWinbackCampaign(input: $input) { id } }`;

interface CampaignRow {
  id: string;
  name: string;
  state: string;
  targeted: number;
  reached: number;
  wonBack: number;
  winBackRate: number;
  launchedAt: string;
}

function Progress({ value, max, label }: { value: number; max: number; label: string }) {
  return (
    <div className="progress">
      <span>{label}</span>
      <progress value={value} max={Math.max(1, max)} aria-label={label} /> {value}/{max}
    </div>
  );
}

export function CampaignsPage({ id }: { id?: string }) {
  const { t, language, formatDate } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{
    campaigns: { edges: Array<{ node: CampaignRow }> };
  }>({
    query: CAMPAIGNS,
  });
  const [, launch] = useMutation(LAUNCH);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const rows = (data?.campaigns.edges.map((e) => e.node) ?? []).filter((c) => !id || c.id === id);
  // Launching is for owners and supervisors (the API's policy); others read the progress.
  const role = sessions.session?.user.role;
  const canLaunch = role === 'OWNER' || role === 'SUPERVISOR';
  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{t('campaigns')}</h1>
      <Loading fetching={fetching && !data} error={error} />
      {rows.map((c) => (
        <article key={c.id} className="card">
          <h2>
            <Link to={`/campaigns/${c.id}`}>{c.name}</Link> · {enumLabel(language, c.state)}
          </h2>
          <p className="muted">{formatDate(c.launchedAt)}</p>
          <Progress label={t('progress')} value={c.reached} max={c.targeted} />
          <Progress label={enumLabel(language, 'WON_BACK')} value={c.wonBack} max={c.targeted} />
        </article>
      ))}
      {rows.length === 0 && !fetching && <p>{t('noItems')}</p>}
      {canLaunch && (
        <ActionForm
          title={t('navCampaigns')}
          submitLabel={t('create')}
          validate={() => {
            const problem = rules.required(name);
            setNameError(problem && t(problem));
            return !problem;
          }}
          run={async () => {
            const result = await launch({ input: { name } });
            if (!result.error) refetch({ requestPolicy: 'network-only' });
            return result;
          }}
        >
          <Field id="cmp-name" label={t('title')} error={nameError}>
            <input id="cmp-name" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
        </ActionForm>
      )}
    </section>
  );
}

const CUSTOMERS = `query Customers($search: String) { customers(first: 50, search: $search) { edges { node {
  id name tier status memberNumber phone } } } }`;

interface CustomerRow {
  id: string;
  name: string;
  tier: string;
  status: string;
  memberNumber: string | null;
  phone: string | null;
}

export function CustomersPage() {
  const { t, language } = useI18n();
  const [search, setSearch] = useState('');
  const [{ data, fetching, error }] = useQuery<{ customers: { edges: Array<{ node: CustomerRow }> } }>({
    query: CUSTOMERS,
    variables: { search: search || undefined },
  });
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">{t('customers')}</h1>
      <label>
        {t('search')} <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <Loading fetching={fetching && !data} error={error} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('customer')}</th>
            <th scope="col">{t('tier')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('contactPhone')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.customers.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>
                <Link to={`/customers/${node.id}`}>{node.name}</Link>
              </td>
              <td>{enumLabel(language, node.tier)}</td>
              <td>{enumLabel(language, node.status)}</td>
              <td>{node.phone ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const CUSTOMER = `query Customer($id: ID!) {
  customer(id: $id) { id name tier status memberNumber phone email address createdAt pointsBalance lastVisitAt
    visitCount }
  complaints(first: 50, customerId: $id) { edges { node { id number title state receivedAt } } }
  revisitTasks(first: 50, customerId: $id) { edges { node { id type status dueAt satisfaction } } } }`;

export function CustomerPage({ id }: { id: string }) {
  const { t, language, formatDate } = useI18n();
  const [{ data, fetching, error }] = useQuery<{
    customer: CustomerRow & {
      email: string | null;
      address: string | null;
      createdAt: string;
      pointsBalance: number | null;
      lastVisitAt: string | null;
      visitCount: number | null;
    };
    complaints: {
      edges: Array<{
        node: { id: string; number: number; title: string; state: string; receivedAt: string };
      }>;
    };
    revisitTasks: {
      edges: Array<{
        node: { id: string; type: string; status: string; dueAt: string; satisfaction: number | null };
      }>;
    };
  }>({ query: CUSTOMER, variables: { id } });
  if (!data) return <Loading fetching={fetching} error={error} />;
  const c = data.customer;
  return (
    <section aria-labelledby="customer-title">
      <h1 id="customer-title">{c.name}</h1>
      <dl className="facts">
        <dt>{t('tier')}</dt>
        <dd>{enumLabel(language, c.tier)}</dd>
        <dt>{t('status')}</dt>
        <dd>{enumLabel(language, c.status)}</dd>
        <dt>{t('contactPhone')}</dt>
        <dd>{c.phone ?? '—'}</dd>
        <dt>{t('email')}</dt>
        <dd>{c.email ?? '—'}</dd>
      </dl>
      <h2>{t('loyalty')}</h2>
      <dl className="facts" data-testid="loyalty">
        <dt>{t('pointsBalance')}</dt>
        <dd>{c.pointsBalance ?? '—'}</dd>
        <dt>{t('visitCount')}</dt>
        <dd>{c.visitCount ?? '—'}</dd>
        <dt>{t('lastVisit')}</dt>
        <dd>{formatDate(c.lastVisitAt)}</dd>
      </dl>
      <PointsLedger customerId={c.id} />
      <VisitList customerId={c.id} />
      <h2>{t('history')}</h2>
      <ul>
        {data.complaints.edges.map(({ node }) => (
          <li key={node.id}>
            {formatDate(node.receivedAt)}{' '}
            <Link to={`/complaints/${node.id}`}>
              #{node.number} {node.title}
            </Link>{' '}
            · {enumLabel(language, node.state)}
          </li>
        ))}
      </ul>
      <h2>{t('revisits')}</h2>
      <ul>
        {data.revisitTasks.edges.map(({ node }) => (
          <li key={node.id}>
            {formatDate(node.dueAt)} · {enumLabel(language, node.type)} · {enumLabel(language, node.status)}
            {node.satisfaction != null ? ` · ${node.satisfaction}/5` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

const PAGE = 10;
const LEDGER = `query Ledger($customerId: ID!, $after: String, $first: Int!) {
  pointsLedger(customerId: $customerId, after: $after, first: $first) {
    edges { node { id kind points balanceAfter reason createdAt expiresAt } } pageInfo { hasNextPage endCursor } } }`;
const VISITS = `query Visits($customerId: ID!, $after: String, $first: Int!) {
  visits(customerId: $customerId, after: $after, first: $first) {
    edges { node { id visitedAt amount note externalRef } } pageInfo { hasNextPage endCursor } } }`;

interface Page<T> {
  edges: Array<{ node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Cursor paging: the cursors of the pages seen so far, so "next" and "first page" work. */
function usePager() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  return {
    after: cursors[cursors.length - 1],
    page: cursors.length,
    next: (cursor: string | null) => cursor && setCursors((list) => [...list, cursor]),
    first: () => setCursors([null]),
  };
}

function Pager({
  page,
  info,
  pager,
}: {
  page: number;
  info?: Page<unknown>['pageInfo'];
  pager: ReturnType<typeof usePager>;
}) {
  const { t } = useI18n();
  return (
    <div className="filters">
      <button type="button" disabled={page === 1} onClick={pager.first}>
        {t('firstPage')}
      </button>
      <span aria-live="polite">{t('pageN', { n: page })}</span>
      <button type="button" disabled={!info?.hasNextPage} onClick={() => pager.next(info?.endCursor ?? null)}>
        {t('nextPage')}
      </button>
    </div>
  );
}

function PointsLedger({ customerId }: { customerId: string }) {
  const { t, language, formatDate } = useI18n();
  const pager = usePager();
  const [{ data, fetching, error }] = useQuery<{
    pointsLedger: Page<{
      id: string;
      kind: string;
      points: number;
      balanceAfter: number;
      reason: string | null;
      createdAt: string;
    }>;
  }>({ query: LEDGER, variables: { customerId, after: pager.after, first: PAGE } });
  return (
    <section aria-labelledby="ledger-title">
      <h3 id="ledger-title">{t('pointsLedger')}</h3>
      <Loading fetching={fetching && !data} error={error} />
      <table className="table" data-testid="points-ledger">
        <thead>
          <tr>
            <th scope="col">{t('created')}</th>
            <th scope="col">{t('kind')}</th>
            <th scope="col">{t('points')}</th>
            <th scope="col">{t('balanceAfter')}</th>
            <th scope="col">{t('reason')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.pointsLedger.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>{formatDate(node.createdAt)}</td>
              <td>{enumLabel(language, node.kind)}</td>
              <td>{node.points > 0 ? `+${node.points}` : node.points}</td>
              <td>{node.balanceAfter}</td>
              <td>{node.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.pointsLedger.edges.length === 0 && <p>{t('noItems')}</p>}
      <Pager page={pager.page} info={data?.pointsLedger.pageInfo} pager={pager} />
    </section>
  );
}

function VisitList({ customerId }: { customerId: string }) {
  const { t, formatDate } = useI18n();
  const pager = usePager();
  const [{ data, fetching, error }] = useQuery<{
    visits: Page<{
      id: string;
      visitedAt: string;
      amount: number;
      note: string | null;
      externalRef: string | null;
    }>;
  }>({ query: VISITS, variables: { customerId, after: pager.after, first: PAGE } });
  return (
    <section aria-labelledby="visits-title">
      <h3 id="visits-title">{t('visits')}</h3>
      <Loading fetching={fetching && !data} error={error} />
      <table className="table" data-testid="visits">
        <thead>
          <tr>
            <th scope="col">{t('occurredAt')}</th>
            <th scope="col">{t('amount')}</th>
            <th scope="col">{t('note')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.visits.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>{formatDate(node.visitedAt)}</td>
              <td>{node.amount.toFixed(2)}</td>
              <td>{node.note ?? node.externalRef ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.visits.edges.length === 0 && <p>{t('noItems')}</p>}
      <Pager page={pager.page} info={data?.visits.pageInfo} pager={pager} />
    </section>
  );
}
