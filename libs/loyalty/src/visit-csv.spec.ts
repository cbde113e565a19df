import { describe, expect, it } from '@jest/globals';
import { csvRecords, parseVisitCsv } from './visit-csv.js';

const now = new Date('2026-03-01T00:00:00Z');

describe('visits CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(csvRecords('a,"b,c","say ""hi""\nthere"\r\n1,2,3')).toEqual([
      ['a', 'b,c', 'say "hi"\nthere'],
      ['1', '2', '3'],
    ]);
  });

  it('parses valid rows and reports each bad one with its line and column', () => {
    const csv = [
      'memberNumber,visitedAt,amount,externalRef,zone',
      'HM1001,2026-02-01T10:00:00+08:00,120.50,R-1,Building A',
      'HM1002,yesterday,10,R-2,',
      'HM1003,2026-02-02T10:00:00Z,12.345,R-3,',
      ',2026-02-02T10:00:00Z,1,R-4,',
      'HM1005,2026-02-02T10:00:00Z,1,,',
      'HM1006,2027-01-01T00:00:00Z,1,R-6,',
      'HM1007,2026-02-02T10:00:00Z,1,R-7',
    ].join('\n');
    const parsed = parseVisitCsv(csv, now);
    expect(parsed.rows).toEqual([
      {
        row: 2,
        customerId: null,
        memberNumber: 'HM1001',
        visitedAt: new Date('2026-02-01T02:00:00Z'),
        amount: 120.5,
        externalRef: 'R-1',
        zoneName: 'Building A',
        note: null,
      },
    ]);
    expect(parsed.problems.map((p) => [p.row, p.field])).toEqual([
      [3, 'visitedAt'],
      [4, 'amount'],
      [5, 'customer'],
      [6, 'externalRef'],
      [7, 'visitedAt'],
      [8, 'csv'],
    ]);
  });

  it('refuses files without the needed columns, too large or with too many rows', () => {
    expect(parseVisitCsv('visitedAt,amount,externalRef\n2026-01-01,1,R', now).problems[0]).toMatchObject({
      row: 0,
      field: 'header',
    });
    expect(
      parseVisitCsv('memberNumber,visitedAt,amount,externalRef,colour\n', now).problems[0].message,
    ).toMatch(/Unknown column\(s\): colour/);
    expect(parseVisitCsv('', now).problems[0].message).toBe('The file is empty');
    const header = 'customerId,visitedAt,amount,externalRef\n';
    expect(parseVisitCsv(header, now).problems[0].message).toBe('The file has no data rows');
    const row = `0190a1b2-0000-7000-8000-000000000000,2026-01-01,1,R\n`;
    expect(
      parseVisitCsv(header + row.repeat(3), now, { maxChars: 10_000, maxRows: 2 }).problems[0].message,
    ).toMatch(/at most 2 per import/);
    expect(
      parseVisitCsv(header + row.repeat(3), now, { maxChars: 50, maxRows: 100 }).problems[0].message,
    ).toMatch(/larger than 50 characters/);
  });
});
