import { type DragEvent, useEffect, useState } from 'react';
import { useMutation } from 'urql';
import {
  BOARD_COLUMNS,
  type BoardCard,
  type BoardState,
  column,
  deadlineOf,
  loadOf,
  slaLevel,
} from '../board/board-state.js';
import { useLiveBoard } from '../board/useLiveBoard.js';
import { ActionForm, Field, rules } from '../components/ui.js';
import { enumLabel } from '../enums.js';
import { useI18n } from '../i18n.js';

const ASSIGN = `mutation Assign($input: AssignWorkOrderInput!) { assignWorkOrder(input: $input) { id state assigneeId } }`;
const CREATE = `mutation CreateOrder($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id number } }`;

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function duration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const seconds = Math.floor((Math.abs(ms) % 60_000) / 1000);
  return minutes >= 60
    ? `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`
    : `${minutes}:${String(seconds).padStart(2, '0')}`;
}

export function BoardPage() {
  const { t } = useI18n();
  const { state, online, loaded, live } = useLiveBoard();
  const now = useNow();
  const [, assign] = useMutation(ASSIGN);
  const [assignError, setAssignError] = useState<string | null>(null);
  const doAssign = async (workOrderId: string, assigneeId: string) => {
    const result = await assign({ input: { workOrderId, assigneeId } });
    setAssignError(result.error ? (result.error.graphQLErrors[0]?.message ?? result.error.message) : null);
  };
  return (
    <section aria-labelledby="board-title" data-testid="board" data-seq={state.seq} data-live={live}>
      <h1 id="board-title">{t('navBoard')}</h1>
      {!online && (
        <div className="banner offline" role="status" data-testid="offline-banner">
          {t('offline')}
        </div>
      )}
      {assignError && (
        <p className="error" role="alert">
          {assignError}
        </p>
      )}
      <p className="hint">{t('dragHint')}</p>
      {!loaded && <p>{t('loading')}</p>}
      {state.zones.map((zone) => (
        <section key={zone.zoneId} className="zone" aria-label={zone.name}>
          <h2>{zone.name}</h2>
          <StaffStrip state={state} zoneId={zone.zoneId} onDropCard={doAssign} />
          <div className="columns">
            {BOARD_COLUMNS.map((name) => (
              <div key={name} className="column" data-column={name}>
                <h3>
                  {t(`col_${name}`)} <span className="count">{column(state, zone.zoneId, name).length}</span>
                </h3>
                {column(state, zone.zoneId, name).map((card) => (
                  <Card key={card.id} card={card} state={state} now={now} onAssign={doAssign} />
                ))}
              </div>
            ))}
          </div>
        </section>
      ))}
      <NewWorkOrder zones={state.zones} />
    </section>
  );
}

function StaffStrip({
  state,
  zoneId,
  onDropCard,
}: {
  state: BoardState;
  zoneId: string;
  onDropCard: (workOrderId: string, userId: string) => void;
}) {
  const { t } = useI18n();
  const people = Object.values(state.staff).filter((p) => p.zoneId === zoneId);
  return (
    <ul className="staff" aria-label={t('staff')}>
      {people.map((person) => (
        <li
          key={person.userId}
          className={person.online ? 'person online' : 'person'}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e: DragEvent) => {
            const id = e.dataTransfer.getData('text/work-order');
            if (id) onDropCard(id, person.userId);
          }}
        >
          <span className="dot" aria-hidden="true" /> {person.displayName} ·{' '}
          {person.online ? t('online') : t('offlineShort')} · {t('load', { n: loadOf(state, person.userId) })}
        </li>
      ))}
    </ul>
  );
}

function Card({
  card,
  state,
  now,
  onAssign,
}: {
  card: BoardCard;
  state: BoardState;
  now: number;
  onAssign: (workOrderId: string, userId: string) => void;
}) {
  const { t, language } = useI18n();
  const [choice, setChoice] = useState('');
  const due = deadlineOf(card);
  const since = card.createdAt;
  const level = due && since && card.state !== 'DONE' ? slaLevel(since, due, now) : 'ok';
  const assignee = card.assigneeId ? state.staff[card.assigneeId]?.displayName : null;
  const assignable = card.state === 'OPEN' || card.state === 'ASSIGNED';
  return (
    <article
      className={`wo sla-${level}${card.fresh ? ' fresh' : ''}`}
      data-testid={`wo-${card.number}`}
      data-sla={level}
      draggable={assignable}
      onDragStart={(e) => e.dataTransfer.setData('text/work-order', card.id)}
      aria-label={`#${card.number}`}
    >
      <header>
        <strong>#{card.number}</strong> <span className={`prio ${card.priority}`}>{card.priority}</span>
      </header>
      {card.description && <p>{card.description}</p>}
      {card.location && <p className="muted">{card.location}</p>}
      <p className="muted">{assignee ?? (card.assigneeId ? '…' : t('unassigned'))}</p>
      {due && card.state !== 'DONE' && (
        <p className="countdown">
          {Date.parse(due) > now
            ? t('dueIn', { t: duration(Date.parse(due) - now) })
            : t('overdueBy', { t: duration(now - Date.parse(due)) })}
        </p>
      )}
      {assignable && (
        <div className="assign">
          <label className="sr-only" htmlFor={`assign-${card.id}`}>
            {t('assignTo')}
          </label>
          <select id={`assign-${card.id}`} value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{t('assignTo')}</option>
            {Object.values(state.staff)
              .filter((p) => p.zoneId === card.zoneId)
              .map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.displayName}
                </option>
              ))}
          </select>
          <button type="button" disabled={!choice} onClick={() => onAssign(card.id, choice)}>
            {t('assign')}
          </button>
        </div>
      )}
      <span className="sr-only">{enumLabel(language, card.state)}</span>
    </article>
  );
}

function NewWorkOrder({ zones }: { zones: Array<{ zoneId: string; name: string }> }) {
  const { t, language } = useI18n();
  const [, create] = useMutation(CREATE);
  const [zoneId, setZoneId] = useState('');
  const [description, setDescription] = useState('');
  const [location, setLocation] = useState('');
  const [priority, setPriority] = useState('P3');
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const validate = () => {
    const next = {
      zoneId: rules.required(zoneId),
      description: rules.required(description),
      location: rules.required(location),
    };
    setErrors({
      zoneId: next.zoneId && t(next.zoneId),
      description: next.description && t(next.description),
      location: next.location && t(next.location),
    });
    return !Object.values(next).some(Boolean);
  };
  return (
    <ActionForm
      title={t('newWorkOrder')}
      submitLabel={t('create')}
      validate={validate}
      run={() => create({ input: { zoneId, description, location, priority, source: 'CALL' } })}
    >
      <Field id="wo-zone" label={t('zone')} error={errors.zoneId}>
        <select id="wo-zone" value={zoneId} onChange={(e) => setZoneId(e.target.value)}>
          <option value="">—</option>
          {zones.map((z) => (
            <option key={z.zoneId} value={z.zoneId}>
              {z.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="wo-description" label={t('description')} error={errors.description}>
        <input id="wo-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field id="wo-location" label={t('location')} error={errors.location}>
        <input id="wo-location" value={location} onChange={(e) => setLocation(e.target.value)} />
      </Field>
      <Field id="wo-priority" label={t('priority')}>
        <select id="wo-priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
          {['P1', 'P2', 'P3', 'P4'].map((p) => (
            <option key={p} value={p}>
              {enumLabel(language, p)}
            </option>
          ))}
        </select>
      </Field>
    </ActionForm>
  );
}
