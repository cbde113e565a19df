import { describe, expect, it } from '@jest/globals';
import { Cursor, toConnection } from './connection.js';
import { DomainError } from './errors.js';

describe('Relay connections', () => {
  it('round-trips cursors and rejects malformed ones as bad input', () => {
    expect(Cursor.decode(Cursor.encode(['王伟', 'id-1']), 2)).toEqual(['王伟', 'id-1']);
    expect(() => Cursor.decode('not-a-cursor', 2)).toThrow(DomainError);
    expect(() => Cursor.decode(Cursor.encode(['one']), 2)).toThrow(/Malformed cursor/);
  });

  it('uses the extra row to tell whether a next page exists', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const page = toConnection(rows, 2, (row) => [row.id]);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([1, 2]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: Cursor.encode([2]) });
    expect(toConnection(rows, 3, (row) => [row.id]).pageInfo.hasNextPage).toBe(false);
    expect(toConnection([], 3, () => []).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
