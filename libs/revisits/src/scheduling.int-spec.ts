import { describe, expect, it } from '@jest/globals';
import { newId } from '@service-desk/core';
import { appUrl } from '@service-desk/db';
import pg from 'pg';
import { sampleScore, sampleScoreSql } from './scheduling.js';

describe('supervisory sampling in SQL', () => {
  it('scores every id exactly as the TypeScript reference does', async () => {
    const ids = Array.from({ length: 300 }, () => newId());
    const client = new pg.Client({ connectionString: appUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; score: string }>(
        `SELECT id::text, ${sampleScoreSql('id')}::text AS score FROM unnest($1::uuid[]) AS id`,
        [ids],
      );
      expect(rows.map((row) => [row.id, Number(row.score)])).toEqual(ids.map((id) => [id, sampleScore(id)]));
    } finally {
      await client.end();
    }
  });
});
