import DataLoader from 'dataloader';

type LoaderHost = { loaders?: Map<string, DataLoader<unknown, unknown>> };

/**
 * A DataLoader that lives as long as one request (kept on the request object), so batching never
 * mixes tenants or users and nothing is cached across requests.
 */
export function requestLoader<K, V>(
  host: object,
  name: string,
  batch: (keys: readonly K[]) => Promise<V[]>,
): DataLoader<K, V> {
  const store = host as LoaderHost;
  store.loaders ??= new Map();
  let loader = store.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 500 });
    store.loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}
