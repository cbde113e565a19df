/** CSV and HTML helpers shared by every export (complaint records, revisit archives, scorecards). */

/** One CSV line; every value quoted, spreadsheet formulas neutralised. */
export function toCsvRow(values: Array<string | number | null | undefined>): string {
  return values
    .map((value) => {
      const text = value === null || value === undefined ? '' : String(value);
      // Quote always; neutralise spreadsheet formulas.
      const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
      return `"${safe.replace(/"/g, '""')}"`;
    })
    .join(',');
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
