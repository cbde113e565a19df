import { useQuery } from 'urql';
import { Loading } from '../components/ui.js';
import { enumLabel, eventLabel } from '../enums.js';
import { useI18n } from '../i18n.js';
import { Link } from '../router.js';
import type { Role } from '../session.js';
import {
  AcknowledgeForm,
  CloseForm,
  DecisionForm,
  EscalateForm,
  EvaluateForm,
  NoteForm,
  ProposeForm,
  TextActionForm,
} from './complaint-forms.js';

const DETAIL = `query Complaint($id: ID!) {
  complaint(id: $id) { id number title description state severity category channel slaStatus trackingCode
    receivedAt firstReplyDueAt resolutionDueAt dueAt escalationLevel contactName contactPhone
    handler { displayName } rootCause preventiveAction resolutionSummary
    escalations { id at fromLevel toLevel reason bySystem }
    proposals { id round status options { id remedy description amount accepted } }
    notes { id at body visibility }
    timeline { seq type at } }
  compensationLimits { agent supervisor } }`;

interface Detail {
  complaint: {
    id: string;
    number: number;
    title: string;
    description: string;
    state: string;
    severity: string;
    category: string;
    channel: string;
    slaStatus: string;
    trackingCode: string;
    receivedAt: string;
    firstReplyDueAt: string;
    resolutionDueAt: string | null;
    dueAt: string | null;
    escalationLevel: number;
    contactName: string | null;
    contactPhone: string | null;
    handler: { displayName: string } | null;
    rootCause: string | null;
    preventiveAction: string | null;
    resolutionSummary: string | null;
    escalations: Array<{ id: string; at: string; fromLevel: number; toLevel: number; reason: string }>;
    proposals: Array<{
      id: string;
      round: number;
      status: string;
      options: Array<{ id: string; remedy: string; description: string; amount: number; accepted: boolean }>;
    }>;
    notes: Array<{ id: string; at: string; body: string; visibility: string }>;
    timeline: Array<{ seq: number; type: string; at: string }>;
  };
  compensationLimits: { agent: number; supervisor: number };
}

const OPEN = ['RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING', 'AWAITING_CUSTOMER', 'PROPOSED'];

export function ComplaintDetailPage({ id, role }: { id: string; role: Role }) {
  const { t, language, formatDate } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<Detail>({ query: DETAIL, variables: { id } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (!data) return <Loading fetching={fetching} error={error} />;
  const c = data.complaint;
  const limits = data.compensationLimits;
  const limit = role === 'AGENT' ? limits.agent : role === 'SUPERVISOR' ? limits.supervisor : null;
  const pending = c.proposals.find((p) => p.status === 'PENDING');
  const accepted = c.proposals.find((p) => p.status === 'ACCEPTED');
  const common = { complaintId: c.id, onDone: reload };
  return (
    <section aria-labelledby="complaint-title" data-testid="complaint-detail" data-state={c.state}>
      <p>
        <Link to="/complaints">← {t('back')}</Link> ·{' '}
        <Link to={`/complaints/${c.id}/print`}>{t('recordView')}</Link>
      </p>
      <h1 id="complaint-title">
        #{c.number} {c.title}
      </h1>
      <dl className="facts">
        <dt>{t('state')}</dt>
        <dd data-testid="complaint-state">{enumLabel(language, c.state)}</dd>
        <dt>{t('severity')}</dt>
        <dd>{enumLabel(language, c.severity)}</dd>
        <dt>{t('category')}</dt>
        <dd>{enumLabel(language, c.category)}</dd>
        <dt>{t('channel')}</dt>
        <dd>{enumLabel(language, c.channel)}</dd>
        <dt>{t('dueAt')}</dt>
        <dd>
          {formatDate(c.dueAt ?? c.resolutionDueAt ?? c.firstReplyDueAt)} · {enumLabel(language, c.slaStatus)}
        </dd>
        <dt>{t('handler')}</dt>
        <dd>{c.handler?.displayName ?? '—'}</dd>
        <dt>{t('contactName')}</dt>
        <dd>
          {c.contactName ?? '—'} {c.contactPhone ?? ''}
        </dd>
      </dl>
      <p>{c.description}</p>
      <p className="limits" data-testid="limits">
        {t('escalationLevel', { n: c.escalationLevel })} ·{' '}
        {t('compensationLimits', { agent: limits.agent, supervisor: limits.supervisor })}
      </p>
      {c.proposals.map((p) => (
        <div key={p.id} className="card">
          <strong>
            {t('propose')} #{p.round} · {enumLabel(language, p.status)}
          </strong>
          <ul>
            {p.options.map((o) => (
              <li key={o.id}>
                {enumLabel(language, o.remedy)} · {o.description} · {o.amount}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="actions" aria-label={t('actions')}>
        {c.state === 'RECEIVED' && <AcknowledgeForm {...common} />}
        {c.state === 'ACKNOWLEDGED' && (
          <TextActionForm
            {...common}
            action="startInvestigation"
            input="ComplaintIdInput"
            field={null}
            title="startInvestigation"
            testId="form-investigate"
          />
        )}
        {c.state === 'INVESTIGATING' && (
          <>
            <ProposeForm {...common} limit={limit} />
            <TextActionForm
              {...common}
              action="requestCustomerInfo"
              input="RequestCustomerInfoInput"
              field="question"
              title="requestInfo"
              label="question"
              testId="form-request-info"
            />
          </>
        )}
        {c.state === 'AWAITING_CUSTOMER' && (
          <TextActionForm
            {...common}
            action="recordCustomerReply"
            input="RecordCustomerReplyInput"
            field="reply"
            title="recordReply"
            label="reply"
            testId="form-reply"
          />
        )}
        {c.state === 'PROPOSED' && pending && (
          <DecisionForm {...common} optionIds={pending.options.map((o) => o.id)} />
        )}
        {c.state === 'PROPOSED' && accepted && (
          <TextActionForm
            {...common}
            action="resolveComplaint"
            input="ResolveComplaintInput"
            field="summary"
            title="resolve"
            label="summary"
            testId="form-resolve"
          />
        )}
        {c.state === 'RESOLVED' && <CloseForm {...common} owner={role === 'OWNER'} />}
        {(c.state === 'RESOLVED' || c.state === 'CLOSED') && (
          <TextActionForm
            {...common}
            action="reopenComplaint"
            input="ReopenComplaintInput"
            field="reason"
            title="reopen"
            label="reason"
            testId="form-reopen"
          />
        )}
        {c.state === 'CLOSED' && (role === 'OWNER' || role === 'SUPERVISOR') && <EvaluateForm {...common} />}
        {OPEN.includes(c.state) && <EscalateForm {...common} />}
        <NoteForm {...common} />
      </div>
      <h2>{t('timeline')}</h2>
      <ol className="timeline" data-testid="timeline">
        {c.timeline.map((e) => (
          <li key={e.seq}>
            <time dateTime={e.at}>{formatDate(e.at)}</time>{' '}
            <span data-event={e.type}>{eventLabel(language, e.type)}</span>
          </li>
        ))}
      </ol>
      <h2>{t('notes')}</h2>
      <ul>
        {c.notes.map((n) => (
          <li key={n.id}>
            <time dateTime={n.at}>{formatDate(n.at)}</time> [{enumLabel(language, n.visibility)}] {n.body}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ComplaintRecordPage({ id }: { id: string }) {
  const { t } = useI18n();
  const [{ data, fetching, error }] = useQuery<{ complaintRecord: { html: string } }>({
    query: `query Record($id: ID!) { complaintRecord(id: $id) { html } }`,
    variables: { id },
  });
  if (!data) return <Loading fetching={fetching} error={error} />;
  return (
    <section className="print-view">
      <p className="no-print">
        <Link to={`/complaints/${id}`}>← {t('back')}</Link>{' '}
        <button type="button" onClick={() => print()}>
          {t('print')}
        </button>
      </p>
      <iframe
        title={t('recordView')}
        srcDoc={data.complaintRecord.html}
        className="record-frame"
        sandbox=""
      />
    </section>
  );
}
