import { registerEnumType } from '@nestjs/graphql';

/** Whether a critical incident (关键事件) is an example of good or of poor behaviour. */
export enum IncidentKind {
  POSITIVE = 'POSITIVE',
  NEGATIVE = 'NEGATIVE',
}

/** A paired-comparison session takes judgements while OPEN; CLOSED freezes its rank. */
export enum PairedComparisonState {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

registerEnumType(IncidentKind, {
  name: 'IncidentKind',
  description: 'Whether a critical incident shows good or poor behaviour.',
  valuesMap: {
    POSITIVE: { description: 'Behaviour to repeat (e.g. praised by the customer by name).' },
    NEGATIVE: { description: 'Behaviour to correct (e.g. a broken promise, a rude answer).' },
  },
});

registerEnumType(PairedComparisonState, {
  name: 'PairedComparisonState',
  description: 'Whether a paired-comparison session still takes judgements.',
  valuesMap: {
    OPEN: { description: 'Pairs may be judged or re-judged.' },
    CLOSED: { description: 'Closed: the rank is final.' },
  },
});
