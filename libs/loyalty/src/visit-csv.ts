import { isMoney, isUuid } from '@service-desk/core';

/** Limits of one import (the API's request body limit, GRAPHQL_MAX_BODY, applies before these). */
export const VISIT_IMPORT_LIMITS = { maxChars: 2_000_000, maxRows: 20_000 };

export interface VisitImportRow {
  /** 1-based line number of the data row in the file (the header is line 1). */
  row: number;
  customerId: string | null;
  memberNumber: string | null;
  visitedAt: Date;
  amount: number;
  externalRef: string;
  zoneName: string | null;
  note: string | null;
}

export interface VisitImportProblem {
  row: number;
  field: string;
  message: string;
}

export interface ParsedVisitFile {
  rows: VisitImportRow[];
  problems: VisitImportProblem[];
}

const COLUMNS = ['memberNumber', 'customerId', 'visitedAt', 'amount', 'externalRef', 'zone', 'note'] as const;
type Column = (typeof COLUMNS)[number];

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Parses and checks a visits file row by row. A file-level problem (size, header) has row 0 and no rows;
 * row-level problems name the line, the column and what is wrong, and leave the other rows valid.
 * Whether customers, zones and references exist is checked later, against the database, in one query.
 */
export function parseVisitCsv(
  text: string,
  now: Date,
  limits: { maxChars: number; maxRows: number } = VISIT_IMPORT_LIMITS,
): ParsedVisitFile {
  const fileProblem = (field: string, message: string): ParsedVisitFile => ({
    rows: [],
    problems: [{ row: 0, field, message }],
  });
  if (text.length > limits.maxChars)
    return fileProblem('csv', `The file is larger than ${limits.maxChars} characters; split it`);
  const records = csvRecords(text.replace(/^\uFEFF/, '')).filter(
    (record) => !(record.length === 1 && record[0].trim() === ''),
  );
  if (records.length === 0) return fileProblem('csv', 'The file is empty');
  const header = records[0].map((name) => name.trim());
  const unknown = header.filter((name) => !COLUMNS.includes(name as Column));
  if (unknown.length > 0)
    return fileProblem('header', `Unknown column(s): ${unknown.join(', ')}; known: ${COLUMNS.join(', ')}`);
  if (new Set(header).size !== header.length) return fileProblem('header', 'A column appears twice');
  for (const required of ['visitedAt', 'amount', 'externalRef'] as const)
    if (!header.includes(required)) return fileProblem('header', `Missing column ${required}`);
  if (!header.includes('memberNumber') && !header.includes('customerId'))
    return fileProblem('header', 'Needs a memberNumber or a customerId column');
  const data = records.slice(1);
  if (data.length === 0) return fileProblem('csv', 'The file has no data rows');
  if (data.length > limits.maxRows)
    return fileProblem('csv', `The file has ${data.length} rows; at most ${limits.maxRows} per import`);

  const index = Object.fromEntries(header.map((name, i) => [name, i])) as Partial<Record<Column, number>>;
  const rows: VisitImportRow[] = [];
  const problems: VisitImportProblem[] = [];
  const latest = now.getTime() + 5 * 60_000;
  data.forEach((record, i) => {
    const row = i + 2;
    const value = (column: Column): string | null => {
      const at = index[column];
      const text = at === undefined ? '' : (record[at] ?? '').trim();
      return text === '' ? null : text;
    };
    const problem = (field: string, message: string) => problems.push({ row, field, message });
    const before = problems.length;
    if (record.length !== header.length)
      problem('csv', `Expected ${header.length} fields, found ${record.length}`);
    if (record.join('').includes('\u0000')) problem('csv', 'Contains a NUL character');

    const customerId = value('customerId');
    const memberNumber = value('memberNumber');
    if (customerId && !isUuid(customerId)) problem('customerId', 'Not a valid id');
    if (memberNumber && !/^[A-Za-z0-9-]{1,40}$/.test(memberNumber))
      problem('memberNumber', 'Must be 1-40 letters, digits or dashes');
    if (!customerId && !memberNumber) problem('customer', 'Needs a memberNumber or a customerId');

    const visitedText = value('visitedAt');
    const visitedAt = visitedText ? new Date(visitedText) : null;
    if (!visitedText) problem('visitedAt', 'Missing');
    else if (
      !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/.test(visitedText) ||
      !visitedAt ||
      Number.isNaN(visitedAt.getTime())
    )
      problem('visitedAt', 'Not an ISO date-time (e.g. 2025-06-01T10:30:00+08:00)');
    else if (visitedAt.getTime() > latest) problem('visitedAt', 'In the future');
    else if (visitedAt.getUTCFullYear() < 2000) problem('visitedAt', 'Before the year 2000');

    const amountText = value('amount');
    const amount = amountText === null ? NaN : Number(amountText);
    if (amountText === null) problem('amount', 'Missing');
    else if (!/^\d+(\.\d{1,2})?$/.test(amountText) || !isMoney(amount) || amount >= 10_000_000)
      problem('amount', 'Must be an amount from 0 to 9999999.99 with at most two decimals');

    const externalRef = value('externalRef');
    if (!externalRef) problem('externalRef', 'Missing');
    else if (externalRef.length > 100) problem('externalRef', 'Longer than 100 characters');

    const zoneName = value('zone');
    if (zoneName && zoneName.length > 80) problem('zone', 'Longer than 80 characters');
    const note = value('note');
    if (note && note.length > 500) problem('note', 'Longer than 500 characters');

    if (problems.length === before)
      rows.push({
        row,
        customerId: customerId?.toLowerCase() ?? null,
        memberNumber,
        visitedAt: visitedAt as Date,
        amount,
        externalRef: externalRef as string,
        zoneName,
        note,
      });
  });
  return { rows, problems };
}
