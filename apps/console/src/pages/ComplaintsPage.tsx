import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ActionForm, Field, Loading, rules } from '../components/ui.js';
import { enumLabel } from '../enums.js';
import { useI18n } from '../i18n.js';
import { Link, navigate } from '../router.js';

const STATES = [
  'RECEIVED',
  'ACKNOWLEDGED',
  'INVESTIGATING',
  'AWAITING_CUSTOMER',
  'PROPOSED',
  'RESOLVED',
  'CLOSED',
];
const OPEN_STATES = STATES.slice(0, 5);
const CATEGORIES = [
  'PRODUCT_QUALITY',
  'SERVICE_ATTITUDE',
  'MANAGEMENT',
  'MISLEADING_PROMOTION',
  'CUSTOMER_EXPECTATION',
  'OTHER',
];
const CHANNELS = ['PHONE', 'WALK_IN', 'WEB', 'EMAIL', 'IM', 'SMS', 'FAX'];
const SEVERITIES = ['LOW', 'NORMAL', 'HIGH', 'CRITICAL'];

const QUEUE = `query Queue($states: [ComplaintState!], $category: ComplaintCategory, $severity: Severity,
  $overdue: Boolean, $text: String) {
  complaints(first: 100, states: $states, category: $category, severity: $severity, overdue: $overdue, text: $text) {
    edges { node { id number title state severity category slaStatus dueAt firstReplyDueAt resolutionDueAt
      handler { displayName } } } } }`;

const SUBMIT = `mutation Submit($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id number } }`;

interface QueueRow {
  id: string;
  number: number;
  title: string;
  state: string;
  severity: string;
  category: string;
  slaStatus: string;
  dueAt: string | null;
  firstReplyDueAt: string;
  resolutionDueAt: string | null;
  handler: { displayName: string } | null;
}

/** The next deadline of a complaint, for sorting the queue (finished ones last). */
export function dueOf(row: Pick<QueueRow, 'dueAt' | 'firstReplyDueAt' | 'resolutionDueAt'>): number {
  const due = row.dueAt ?? row.resolutionDueAt ?? row.firstReplyDueAt;
  return due ? Date.parse(due) : Number.POSITIVE_INFINITY;
}

export function ComplaintsPage() {
  const { t, language, formatDate } = useI18n();
  const [state, setState] = useState('');
  const [category, setCategory] = useState('');
  const [severity, setSeverity] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [text, setText] = useState('');
  const [{ data, fetching, error }, refetch] = useQuery<{ complaints: { edges: Array<{ node: QueueRow }> } }>(
    {
      query: QUEUE,
      variables: {
        states: state ? [state] : OPEN_STATES,
        category: category || undefined,
        severity: severity || undefined,
        overdue: overdue || undefined,
        text: text || undefined,
      },
    },
  );
  const rows = [...(data?.complaints.edges.map((e) => e.node) ?? [])].sort((a, b) => dueOf(a) - dueOf(b));
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('complaintQueue')}</h1>
      <div className="filters" role="search">
        <label>
          {t('state')}
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('allStates')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {enumLabel(language, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('category')}
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">—</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {enumLabel(language, c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('severity')}
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">—</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {enumLabel(language, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />{' '}
          {t('overdueOnly')}
        </label>
        <label>
          {t('search')}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      </div>
      <Loading fetching={fetching && !data} error={error} />
      <table className="table" data-testid="complaint-queue">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('title')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('severity')}</th>
            <th scope="col">{t('dueAt')}</th>
            <th scope="col">{t('handler')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={`sla-row ${row.slaStatus}`}>
              <td>{row.number}</td>
              <td>
                <Link to={`/complaints/${row.id}`}>{row.title}</Link>
              </td>
              <td>{enumLabel(language, row.state)}</td>
              <td>{enumLabel(language, row.severity)}</td>
              <td>
                {formatDate(row.dueAt ?? row.resolutionDueAt ?? row.firstReplyDueAt)} ·{' '}
                {enumLabel(language, row.slaStatus)}
              </td>
              <td>{row.handler?.displayName ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !fetching && <p>{t('noItems')}</p>}
      <NewComplaintForm onDone={() => refetch({ requestPolicy: 'network-only' })} />
    </section>
  );
}

export function NewComplaintForm({ onDone }: { onDone: () => void }) {
  const { t, language } = useI18n();
  const [, submit] = useMutation(SUBMIT);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('SERVICE_ATTITUDE');
  const [channel, setChannel] = useState('PHONE');
  const [severity, setSeverity] = useState('NORMAL');
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [errors, setErrors] = useState<{ title?: string; description?: string }>({});
  const validate = () => {
    const next = { title: rules.required(title), description: rules.required(description) };
    setErrors({
      title: next.title ? t(next.title) : undefined,
      description: next.description ? t(next.description) : undefined,
    });
    return !next.title && !next.description;
  };
  return (
    <ActionForm
      title={t('newComplaint')}
      testId="form-new-complaint"
      validate={validate}
      run={async () => {
        const result = await submit({
          input: {
            title,
            description,
            category,
            channel,
            severity,
            contactName: contactName || undefined,
            contactPhone: contactPhone || undefined,
          },
        });
        const created = (result.data as { submitComplaint?: { id: string } } | undefined)?.submitComplaint;
        if (created) {
          onDone();
          navigate(`/complaints/${created.id}`);
        }
        return result;
      }}
    >
      <Field id="c-title" label={t('title')} error={errors.title}>
        <input id="c-title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field id="c-description" label={t('description')} error={errors.description}>
        <textarea id="c-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field id="c-category" label={t('category')}>
        <select id="c-category" value={category} onChange={(e) => setCategory(e.target.value)}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {enumLabel(language, c)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="c-channel" label={t('channel')}>
        <select id="c-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {enumLabel(language, c)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="c-severity" label={t('severity')}>
        <select id="c-severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {enumLabel(language, s)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="c-contact" label={t('contactName')}>
        <input id="c-contact" value={contactName} onChange={(e) => setContactName(e.target.value)} />
      </Field>
      <Field id="c-phone" label={t('contactPhone')}>
        <input
          id="c-phone"
          type="tel"
          value={contactPhone}
          onChange={(e) => setContactPhone(e.target.value)}
        />
      </Field>
    </ActionForm>
  );
}
