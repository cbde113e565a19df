import { type FormEvent, type ReactNode, useState } from 'react';
import type { CombinedError } from 'urql';
import { errorOf } from '../graphql.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';

/** A labelled form control with its validation message (linked for screen readers). */
export function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <span id={`${id}-error`} className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export type Errors<K extends string> = Partial<Record<K, MessageKey>>;

/**
 * A form for one API action: validates first (field messages), then runs, and shows the API's error
 * message (with its code) or a confirmation.
 */
export function ActionForm({
  title,
  submitLabel,
  validate,
  run,
  children,
  testId,
}: {
  title: string;
  submitLabel?: string;
  validate: () => boolean;
  run: () => Promise<{ error?: CombinedError }>;
  children?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    if (!validate()) return;
    setBusy(true);
    try {
      const result = await run();
      const error = errorOf(result.error);
      if (error) setFailure(`${error.message} (${error.code})`);
      else setSaved(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="action-form" onSubmit={submit} noValidate data-testid={testId} aria-label={title}>
      <h3>{title}</h3>
      {children}
      <button type="submit" disabled={busy}>
        {submitLabel ?? title}
      </button>
      {failure && (
        <p className="error" role="alert">
          {t('error')}: {failure}
        </p>
      )}
      {saved && (
        <p className="ok" role="status">
          {t('done')}
        </p>
      )}
    </form>
  );
}

/** Validation helpers: each returns the message key of the problem, or null. */
export const rules = {
  required: (value: string): MessageKey | null => (value.trim() ? null : 'required'),
  dateTime: (value: string): MessageKey | null =>
    !value.trim() ? 'required' : Number.isNaN(Date.parse(value)) ? 'invalidDate' : null,
  amount: (value: string): MessageKey | null =>
    value.trim() === '' || !(Number(value) >= 0) ? 'invalidNumber' : null,
};

/** A horizontal bar chart in plain SVG (values with labels). */
export function BarChart({ title, data }: { title: string; data: Array<{ label: string; value: number }> }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const row = 24;
  const width = 420;
  const labelWidth = 140;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg role="img" aria-label={title} width={width} height={Math.max(row, data.length * row)}>
        {data.map((d, i) => {
          const w = ((width - labelWidth - 40) * d.value) / max;
          return (
            <g key={d.label} transform={`translate(0, ${i * row})`}>
              <text x={0} y={16} fontSize={12}>
                {d.label}
              </text>
              <rect x={labelWidth} y={4} width={w} height={16} className="bar" />
              <text x={labelWidth + w + 4} y={16} fontSize={12}>
                {d.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** `datetime-local` value for a moment `minutes` from now. */
export function localInput(minutesFromNow: number): string {
  const date = new Date(Date.now() + minutesFromNow * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function Loading({ fetching, error }: { fetching: boolean; error?: CombinedError }) {
  const { t } = useI18n();
  const failure = errorOf(error);
  if (failure)
    return (
      <p role="alert" className="error">
        {t('error')}: {failure.message}
      </p>
    );
  return fetching ? <p aria-live="polite">{t('loading')}</p> : null;
}
