import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { connectLive } from '@service-desk/live-client';
import { Loading } from '../components/ui.js';
import { enumLabel } from '../enums.js';
import { useI18n } from '../i18n.js';
import { sessions } from '../session.js';

const MINE = `query Mine($assigneeId: ID) { workOrders(first: 50, assigneeId: $assigneeId,
  states: [ASSIGNED, ACCEPTED, IN_PROGRESS]) { edges { node { id number state priority description location
  acceptDueAt onsiteDueAt } } } }`;

interface Order {
  id: string;
  number: number;
  state: string;
  priority: string;
  description: string;
  location: string;
  acceptDueAt: string;
  onsiteDueAt: string;
}

const op = (name: string, input = 'WorkOrderIdInput') =>
  `mutation ${name}($input: ${input}!) { ${name}(input: $input) { id state } }`;

/** Field staff on a phone: my open orders, with accept / decline / start / complete; live updates. */
export function FieldPage() {
  const { t } = useI18n();
  const userId = sessions.session?.user.id;
  const [{ data, fetching, error }, refetch] = useQuery<{ workOrders: { edges: Array<{ node: Order }> } }>({
    query: MINE,
    variables: { assigneeId: userId },
  });
  useEffect(() => {
    const client = connectLive({ url: location.origin, token: async () => (await sessions.token()) ?? '' });
    const off = client.onEvent((envelope) => {
      if (envelope.entity.kind === 'workorder') refetch({ requestPolicy: 'network-only' });
    });
    return () => {
      off();
      client.close();
    };
  }, [refetch]);
  const orders = data?.workOrders.edges.map((e) => e.node) ?? [];
  return (
    <section className="field-view" aria-labelledby="field-title">
      <h1 id="field-title">{t('myOrders')}</h1>
      <Loading fetching={fetching && !data} error={error} />
      {orders.length === 0 && !fetching && <p>{t('noItems')}</p>}
      {orders.map((order) => (
        <FieldOrder key={order.id} order={order} onDone={() => refetch({ requestPolicy: 'network-only' })} />
      ))}
    </section>
  );
}

function FieldOrder({ order, onDone }: { order: Order; onDone: () => void }) {
  const { t, language, formatDate } = useI18n();
  const [, accept] = useMutation(op('acceptWorkOrder'));
  const [, start] = useMutation(op('startWorkOrder'));
  const [, decline] = useMutation(op('declineWorkOrder', 'DeclineWorkOrderInput'));
  const [, complete] = useMutation(op('completeWorkOrder', 'CompleteWorkOrderInput'));
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const act = async (
    run: () => Promise<{ error?: { graphQLErrors: Array<{ message: string }>; message: string } }>,
    needsText = false,
  ) => {
    if (needsText && !text.trim()) return setProblem(t('required'));
    const result = await run();
    if (result.error) setProblem(result.error.graphQLErrors[0]?.message ?? result.error.message);
    else {
      setProblem(null);
      setText('');
      onDone();
    }
  };
  const input = { workOrderId: order.id };
  const textId = `text-${order.id}`;
  return (
    <article className="card field-order" data-testid={`field-wo-${order.number}`}>
      <h2>
        #{order.number} <span className={`prio ${order.priority}`}>{order.priority}</span> ·{' '}
        {enumLabel(language, order.state)}
      </h2>
      <p>{order.description}</p>
      <p className="muted">{order.location}</p>
      <p className="muted">
        {t('dueAt')}: {formatDate(order.state === 'ASSIGNED' ? order.acceptDueAt : order.onsiteDueAt)}
      </p>
      {(order.state === 'ASSIGNED' || order.state === 'IN_PROGRESS') && (
        <div className="field">
          <label htmlFor={textId}>{order.state === 'ASSIGNED' ? t('reason') : t('report')}</label>
          <input id={textId} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      )}
      <div className="buttons">
        {order.state === 'ASSIGNED' && (
          <>
            <button type="button" onClick={() => void act(() => accept({ input }))}>
              {t('accept')}
            </button>
            <button
              type="button"
              onClick={() => void act(() => decline({ input: { ...input, reason: text } }), true)}
            >
              {t('decline')}
            </button>
          </>
        )}
        {order.state === 'ACCEPTED' && (
          <button type="button" onClick={() => void act(() => start({ input }))}>
            {t('start')}
          </button>
        )}
        {order.state === 'IN_PROGRESS' && (
          <button
            type="button"
            onClick={() => void act(() => complete({ input: { ...input, report: text } }), true)}
          >
            {t('complete')}
          </button>
        )}
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </article>
  );
}
