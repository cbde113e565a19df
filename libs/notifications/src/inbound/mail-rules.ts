/** Pure rules of the e-mail intake: addresses, loops, tracking codes, quoted history. */

const TRACKING_CODE = /\bCT-[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}\b/i;
// Deliberately plain: one @, no spaces or angle brackets, a dotted domain.
const ADDRESS =
  /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/** A syntactically usable mailbox address. */
export function isMailAddress(address: string | null | undefined): address is string {
  return typeof address === 'string' && address.length <= 254 && ADDRESS.test(address);
}

/** The store slug of `<slug>@<intake domain>`, or null for any other address. */
export function intakeSlug(address: string, domain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  const local = address.slice(0, at).toLowerCase();
  if (address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  return /^[a-z0-9][a-z0-9-]{1,39}$/.test(local) ? local : null;
}

/** The first tracking code in a subject (e.g. `Re: [CT-ABCDE-FGH23] …`), upper-cased. */
export function trackingCodeIn(subject: string | null | undefined): string | null {
  const match = subject ? TRACKING_CODE.exec(subject) : null;
  return match ? match[0].toUpperCase() : null;
}

/** `a@b.com, @spam.example, spam.example` → entries matched against a whole address or its domain. */
export function parseSenderList(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
}

function listed(address: string, entries: string[]): boolean {
  const lower = address.toLowerCase();
  const domain = lower.slice(lower.lastIndexOf('@') + 1);
  return entries.some((raw) => {
    const entry = raw.toLowerCase();
    if (entry.startsWith('@')) return entry.slice(1) === domain;
    return entry.includes('@') ? entry === lower : entry === domain;
  });
}

/** Deny wins; with an allow list, only listed senders pass. */
export function senderAllowed(address: string, allow: string[], deny: string[]): boolean {
  if (listed(address, deny)) return false;
  return allow.length === 0 || listed(address, allow);
}

/** Mailer daemons and no-reply robots never get a complaint opened for them. */
export function isRobotSender(address: string): boolean {
  const local = address.slice(0, address.lastIndexOf('@')).toLowerCase();
  return ['mailer-daemon', 'postmaster', 'no-reply', 'noreply', 'do-not-reply', 'donotreply'].includes(local);
}

/**
 * An automatic message (RFC 3834 `Auto-Submitted`, vacation responders, bulk and list mail): answering
 * it with an acknowledgement would start a mail loop.
 */
export function isAutomatic(header: (name: string) => string | undefined): boolean {
  const autoSubmitted = header('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (header('x-autoreply') || header('x-autorespond') || header('x-auto-reply')) return true;
  const precedence = header('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return true;
  return Boolean(header('list-id'));
}

/** Lines where a reply's quoted history begins (English, Chinese and common client separators). */
const HISTORY_MARKERS = [
  /^On .{4,200} wrote:\s*$/i,
  /^在.{2,200}写道[:：]\s*$/,
  /^-{2,}\s*(Original Message|原始邮件|Forwarded message)\s*-{2,}\s*$/i,
  /^_{20,}\s*$/,
  /^(From|发件人)\s*[:：].+$/i,
];

/**
 * The customer's own words of a reply: stops at the first history marker, drops `>` quoted lines and
 * a trailing signature (`-- `), trims blank lines.
 */
export function stripQuotedHistory(text: string): string {
  const kept: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (HISTORY_MARKERS.some((marker) => marker.test(line.trim()))) break;
    if (line === '--' || line === '-- ') break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** At most `max` characters (code points), marking a cut. */
export function clip(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length > max ? `${characters.slice(0, max - 3).join('')}...` : text;
}
