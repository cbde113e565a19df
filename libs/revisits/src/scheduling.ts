import { createHash } from 'node:crypto';

/**
 * Deterministic sampling for SUPERVISORY revisits: a row is sampled when the first 32 bits of the
 * md5 of its id, read as a fraction of 2^32, fall below the share. Reruns pick the same rows, and a
 * larger share picks a superset. `SAMPLE_SCORE_SQL` is the same formula in PostgreSQL.
 */
export function sampleScore(id: string): number {
  return parseInt(createHash('md5').update(id).digest('hex').slice(0, 8), 16) / 2 ** 32;
}

export const isSampled = (id: string, share: number): boolean => sampleScore(id) < share;

/** `sampleScore` of the uuid column `column`, in SQL. */
export const sampleScoreSql = (column: string): string =>
  `(('x' || substr(md5(${column}::text), 1, 8))::bit(32)::bigint / 4294967296.0)`;

/**
 * Balanced assignment, the reference for the set-based SQL of the scheduler: tasks (in due order)
 * fill the free slots of the day, least-loaded staff first (ties by id), never beyond `cap` per person
 * and day. Tasks beyond every free slot stay unassigned (null).
 */
export function balance(
  tasks: ReadonlyArray<{ id: string; day: string }>,
  load: (staffId: string, day: string) => number,
  staff: readonly string[],
  cap: number,
): Map<string, string | null> {
  const result = new Map<string, string | null>();
  const byDay = new Map<string, string[]>();
  for (const task of tasks) byDay.set(task.day, [...(byDay.get(task.day) ?? []), task.id]);
  for (const [day, ids] of byDay) {
    const slots: Array<{ staffId: string; level: number }> = [];
    for (const staffId of staff) {
      for (let level = load(staffId, day) + 1; level <= cap; level++) slots.push({ staffId, level });
    }
    slots.sort((a, b) => a.level - b.level || (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0));
    ids.forEach((id, index) => result.set(id, slots[index]?.staffId ?? null));
  }
  return result;
}
