import { useState } from 'react';
import { useMutation } from 'urql';
import { ActionForm, Field, localInput, rules } from '../components/ui.js';
import { enumLabel } from '../enums.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';

/** The complaint lifecycle's forms: each validates its fields before calling the API. */
const FIELDS = 'id state';
const m = (name: string, input: string) =>
  `mutation ${name[0].toUpperCase()}${name.slice(1)}($input: ${input}!) { ${name}(input: $input) { ${FIELDS} } }`;

type Check = MessageKey | null;

/** Runs the checks, publishes the messages, and says whether the form may be sent. */
function useChecks<K extends string>() {
  const { t } = useI18n();
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const check = (checks: Record<K, Check>) => {
    const next: Partial<Record<K, string>> = {};
    for (const key of Object.keys(checks) as K[]) {
      const problem = checks[key];
      if (problem) next[key] = t(problem);
    }
    setErrors(next);
    return Object.keys(next).length === 0;
  };
  return { errors, check };
}

const isoOf = (local: string) => new Date(local).toISOString();

export function AcknowledgeForm({ complaintId, onDone }: { complaintId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [, run] = useMutation(m('acknowledgeComplaint', 'AcknowledgeComplaintInput'));
  const [promised, setPromised] = useState(localInput(240));
  const [message, setMessage] = useState('');
  const { errors, check } = useChecks<'promised'>();
  return (
    <ActionForm
      title={t('acknowledge')}
      testId="form-acknowledge"
      validate={() => check({ promised: rules.dateTime(promised) })}
      run={async () => {
        const result = await run({
          input: { complaintId, promisedReplyAt: isoOf(promised), message: message || undefined },
        });
        if (!result.error) onDone();
        return result;
      }}
    >
      <Field id="ack-promised" label={t('promisedReplyAt')} error={errors.promised}>
        <input
          id="ack-promised"
          type="datetime-local"
          value={promised}
          onChange={(e) => setPromised(e.target.value)}
        />
      </Field>
      <Field id="ack-message" label={t('message')}>
        <textarea id="ack-message" value={message} onChange={(e) => setMessage(e.target.value)} />
      </Field>
    </ActionForm>
  );
}

/** A form of one required text field (start investigation has none). */
export function TextActionForm({
  complaintId,
  action,
  input,
  field,
  title,
  label,
  testId,
  onDone,
}: {
  complaintId: string;
  action: string;
  input: string;
  field: string | null;
  title: MessageKey;
  label?: MessageKey;
  testId: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [, run] = useMutation(m(action, input));
  const [value, setValue] = useState('');
  const { errors, check } = useChecks<'value'>();
  const id = `${testId}-value`;
  return (
    <ActionForm
      title={t(title)}
      testId={testId}
      validate={() => (field ? check({ value: rules.required(value) }) : true)}
      run={async () => {
        const result = await run({ input: { complaintId, ...(field ? { [field]: value } : {}) } });
        if (!result.error) {
          setValue('');
          onDone();
        }
        return result;
      }}
    >
      {field && label && (
        <Field id={id} label={t(label)} error={errors.value}>
          <textarea id={id} value={value} onChange={(e) => setValue(e.target.value)} />
        </Field>
      )}
    </ActionForm>
  );
}

export function EscalateForm({ complaintId, onDone }: { complaintId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [, run] = useMutation(m('escalateComplaint', 'EscalateComplaintInput'));
  const [reason, setReason] = useState('');
  const [agreed, setAgreed] = useState(localInput(120));
  const { errors, check } = useChecks<'reason' | 'agreed'>();
  return (
    <ActionForm
      title={t('escalate')}
      testId="form-escalate"
      validate={() => check({ reason: rules.required(reason), agreed: rules.dateTime(agreed) })}
      run={async () => {
        const result = await run({ input: { complaintId, reason, agreedReplyAt: isoOf(agreed) } });
        if (!result.error) onDone();
        return result;
      }}
    >
      <Field id="esc-reason" label={t('reason')} error={errors.reason}>
        <input id="esc-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Field id="esc-agreed" label={t('agreedReplyAt')} error={errors.agreed}>
        <input
          id="esc-agreed"
          type="datetime-local"
          value={agreed}
          onChange={(e) => setAgreed(e.target.value)}
        />
      </Field>
    </ActionForm>
  );
}

const REMEDIES = ['APOLOGY', 'REFUND', 'REPAIR', 'REPLACE', 'VOUCHER', 'POINTS', 'OTHER'];

/** Checks a proposal option: an amount of at least 0 within the proposer's authority (null = unlimited). */
export function checkProposal(
  description: string,
  amount: string,
  limit: number | null,
): Record<'description' | 'amount', Check> {
  const amountProblem = rules.amount(amount);
  return {
    description: rules.required(description),
    amount: amountProblem ?? (limit !== null && Number(amount) > limit ? 'aboveLimit' : null),
  };
}

export function ProposeForm({
  complaintId,
  limit,
  onDone,
}: {
  complaintId: string;
  limit: number | null;
  onDone: () => void;
}) {
  const { t, language } = useI18n();
  const [, run] = useMutation(m('proposeResolution', 'ProposeResolutionInput'));
  const [remedy, setRemedy] = useState('APOLOGY');
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('0');
  const [errors, setErrors] = useState<Partial<Record<'description' | 'amount', string>>>({});
  const validate = () => {
    const checks = checkProposal(description, amount, limit);
    const next: Partial<Record<'description' | 'amount', string>> = {};
    if (checks.description) next.description = t(checks.description);
    if (checks.amount) next.amount = t(checks.amount, { limit: limit ?? '' });
    setErrors(next);
    return Object.keys(next).length === 0;
  };
  return (
    <ActionForm
      title={t('propose')}
      testId="form-propose"
      validate={validate}
      run={async () => {
        const result = await run({
          input: { complaintId, options: [{ remedy, description, amount: Number(amount) }] },
        });
        if (!result.error) onDone();
        return result;
      }}
    >
      <Field id="prop-remedy" label={t('remedy')}>
        <select id="prop-remedy" value={remedy} onChange={(e) => setRemedy(e.target.value)}>
          {REMEDIES.map((r) => (
            <option key={r} value={r}>
              {enumLabel(language, r)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="prop-description" label={t('description')} error={errors.description}>
        <input id="prop-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field id="prop-amount" label={t('amount')} error={errors.amount}>
        <input
          id="prop-amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </Field>
    </ActionForm>
  );
}

export function DecisionForm({
  complaintId,
  optionIds,
  onDone,
}: {
  complaintId: string;
  optionIds: string[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [, run] = useMutation(m('recordCustomerDecision', 'RecordCustomerDecisionInput'));
  const [accepted, setAccepted] = useState(true);
  const [comment, setComment] = useState('');
  return (
    <ActionForm
      title={t('decision')}
      testId="form-decision"
      validate={() => true}
      run={async () => {
        const result = await run({
          input: { complaintId, accepted, comment: comment || undefined, ...(accepted ? { optionIds } : {}) },
        });
        if (!result.error) onDone();
        return result;
      }}
    >
      <fieldset>
        <legend>{t('decision')}</legend>
        <label>
          <input type="radio" name="decision" checked={accepted} onChange={() => setAccepted(true)} />{' '}
          {t('accepted')}
        </label>
        <label>
          <input type="radio" name="decision" checked={!accepted} onChange={() => setAccepted(false)} />{' '}
          {t('rejected')}
        </label>
      </fieldset>
      <Field id="dec-comment" label={t('comment')}>
        <input id="dec-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
    </ActionForm>
  );
}

export function CloseForm({
  complaintId,
  owner,
  onDone,
}: {
  complaintId: string;
  owner: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [, run] = useMutation(m('closeComplaint', 'CloseComplaintInput'));
  const [reason, setReason] = useState('');
  const [force, setForce] = useState(false);
  const { errors, check } = useChecks<'reason'>();
  return (
    <ActionForm
      title={t('close')}
      testId="form-close"
      validate={() => check({ reason: force ? rules.required(reason) : null })}
      run={async () => {
        const result = await run({
          input: { complaintId, reason: reason || undefined, force: force || undefined },
        });
        if (!result.error) onDone();
        return result;
      }}
    >
      <Field id="close-reason" label={t('reason')} error={errors.reason}>
        <input id="close-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      {owner && (
        <label>
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> {t('force')}
        </label>
      )}
    </ActionForm>
  );
}

export function EvaluateForm({ complaintId, onDone }: { complaintId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [, run] = useMutation(m('evaluateComplaint', 'EvaluateComplaintInput'));
  const [rootCause, setRootCause] = useState('');
  const [preventiveAction, setPreventiveAction] = useState('');
  const [library, setLibrary] = useState(false);
  const { errors, check } = useChecks<'rootCause' | 'preventiveAction'>();
  return (
    <ActionForm
      title={t('evaluate')}
      testId="form-evaluate"
      validate={() =>
        check({ rootCause: rules.required(rootCause), preventiveAction: rules.required(preventiveAction) })
      }
      run={async () => {
        const result = await run({
          input: { complaintId, rootCause, preventiveAction, addToCaseLibrary: library },
        });
        if (!result.error) onDone();
        return result;
      }}
    >
      <Field id="ev-root" label={t('rootCause')} error={errors.rootCause}>
        <input id="ev-root" value={rootCause} onChange={(e) => setRootCause(e.target.value)} />
      </Field>
      <Field id="ev-prevent" label={t('preventiveAction')} error={errors.preventiveAction}>
        <input
          id="ev-prevent"
          value={preventiveAction}
          onChange={(e) => setPreventiveAction(e.target.value)}
        />
      </Field>
      <label>
        <input type="checkbox" checked={library} onChange={(e) => setLibrary(e.target.checked)} />{' '}
        {t('addToCaseLibrary')}
      </label>
    </ActionForm>
  );
}

export function NoteForm({ complaintId, onDone }: { complaintId: string; onDone: () => void }) {
  const { t, language } = useI18n();
  const [, run] = useMutation(m('addComplaintNote', 'AddComplaintNoteInput'));
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState('INTERNAL');
  const { errors, check } = useChecks<'body'>();
  return (
    <ActionForm
      title={t('addNote')}
      testId="form-note"
      validate={() => check({ body: rules.required(body) })}
      run={async () => {
        const result = await run({ input: { complaintId, body, visibility } });
        if (!result.error) {
          setBody('');
          onDone();
        }
        return result;
      }}
    >
      <Field id="note-body" label={t('body')} error={errors.body}>
        <textarea id="note-body" value={body} onChange={(e) => setBody(e.target.value)} />
      </Field>
      <Field id="note-visibility" label={t('visibility')}>
        <select id="note-visibility" value={visibility} onChange={(e) => setVisibility(e.target.value)}>
          {['INTERNAL', 'PUBLIC'].map((v) => (
            <option key={v} value={v}>
              {enumLabel(language, v)}
            </option>
          ))}
        </select>
      </Field>
    </ActionForm>
  );
}
