import { AsyncLocalStorage } from 'node:async_hooks';
import { Role } from './roles.js';
import { unauthenticated } from './errors.js';

/** Who is acting. Jobs act as the system inside one tenant. */
export interface Actor {
  userId: string | null;
  tenantId: string;
  chainId: string;
  role: Role | 'SYSTEM';
}

interface Context {
  requestId: string;
  actor?: Actor;
}

const storage = new AsyncLocalStorage<Context>();

export const RequestContext = {
  run<T>(context: Context, fn: () => T): T {
    return storage.run(context, fn);
  },
  /** The current actor; throws UNAUTHENTICATED when nobody is signed in. */
  actor(): Actor {
    const actor = storage.getStore()?.actor;
    if (!actor) throw unauthenticated();
    return actor;
  },
  actorOrNull(): Actor | null {
    return storage.getStore()?.actor ?? null;
  },
  setActor(actor: Actor): void {
    const store = storage.getStore();
    if (!store) throw new Error('RequestContext.setActor called outside a request');
    store.actor = actor;
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
};
