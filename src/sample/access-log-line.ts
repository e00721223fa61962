/**
 * One line of an S3 server access log (AWS's space-separated format, aws-facts §8): fields split at single spaces,
 * the time in brackets, Request-URI / Referer / User-Agent in double quotes (with `\"` and `\\` escapes), `-` for
 * an empty field. AWS documents the field order and has added fields at the end over the years (TLS version,
 * access point ARN, aclRequired, a Region…): fields past the ones read here are accepted and ignored. Pure.
 */

/** The fields `sample` reads from one request. */
export interface AccessLogRequest {
  bucket: string;
  /** Request time, ISO-8601 in UTC to the second (`2026-11-20T10:15:32Z`). */
  time: string;
  /** Canonical user ID or IAM ARN; null for an unauthenticated request (`-`). */
  requester: string | null;
  requestId: string | null;
  /** `REST.GET.OBJECT`, `BATCH.DELETE.OBJECT`, `S3.EXPIRE.OBJECT`, … */
  operation: string;
  /** The key as logged (URL-encoded), or null when the operation takes none (`-`). */
  key: string | null;
  httpStatus: number | null;
  errorCode: string | null;
}

/** Field positions (0-based) in AWS's documented order. */
const F = { bucket: 1, time: 2, requester: 4, requestId: 5, operation: 6, key: 7, uri: 8, status: 9, error: 10 } as const;
/** The fields up to the error code must be there; AWS's oldest format has 18, current ones 26 or more. */
export const MIN_FIELDS = F.error + 1;

const MONTHS: Record<string, string> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};
const OPERATION = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/;

/**
 * The line's fields (`-` kept as is), or a message saying what is wrong with it. Brackets and quotes are kept off
 * the values; escapes inside quotes are resolved. `max`: stop after that many fields (the rest is not read).
 */
export function splitAccessLogLine(line: string, max = Infinity): string[] | string {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n && out.length < max) {
    const c = line.charCodeAt(i);
    if (c === 32 /* space */) {
      i++;
      continue;
    }
    if (c === 91 /* [ */) {
      const end = line.indexOf(']', i + 1);
      if (end < 0) return `unterminated [ at column ${i + 1}`;
      out.push(line.slice(i + 1, end));
      i = end + 1;
    } else if (c === 34 /* " */) {
      let j = i + 1;
      let v = '';
      let from = j;
      for (;;) {
        if (j >= n) return `unterminated quote at column ${i + 1}`;
        const d = line.charCodeAt(j);
        if (d === 92 /* \ */ && j + 1 < n) {
          v += line.slice(from, j) + line[j + 1];
          j += 2;
          from = j;
        } else if (d === 34) {
          break;
        } else {
          j++;
        }
      }
      out.push(v + line.slice(from, j));
      i = j + 1;
    } else {
      let j = line.indexOf(' ', i);
      if (j < 0) j = n;
      out.push(line.slice(i, j));
      i = j;
    }
    // A field ends at a space (or the end of the line): `"a"b` is not two fields.
    if (i < n && line.charCodeAt(i) !== 32) return `no space after the field ending at column ${i}`;
  }
  return out;
}

/** Checked `dd/Mon/yyyy` → `yyyy-mm-dd` (null: not a date): a log's lines share a few days, so each is checked once. */
const days = new Map<string, string | null>();

const digit = (t: string, i: number): number => {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100;
};

/** `06/Feb/2019:00:00:38 +0000` → `2019-02-06T00:00:38Z`, or null. */
export function accessLogTime(t: string): string | null {
  // AWS writes UTC (`+0000`): the date part from the cache, the time checked digit by digit.
  if (t.length === 26 && t.endsWith(' +0000') && t.charCodeAt(11) === 58 && t.charCodeAt(14) === 58 && t.charCodeAt(17) === 58) {
    const d = t.slice(0, 11);
    let ymd = days.get(d);
    if (ymd === undefined) {
      const iso = slowTime(`${d}:00:00:00 +0000`);
      ymd = iso ? iso.slice(0, 10) : null;
      if (days.size > 4096) days.clear();
      days.set(d, ymd);
    }
    const h = digit(t, 12) * 10 + digit(t, 13);
    const m = digit(t, 15) * 10 + digit(t, 16);
    const sec = digit(t, 18) * 10 + digit(t, 19);
    if (ymd === null || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return null;
    return `${ymd}T${t.slice(12, 20)}Z`;
  }
  return slowTime(t);
}

function slowTime(t: string): string | null {
  const m = /^(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(t);
  const mon = m ? MONTHS[m[2]] : undefined;
  if (!m || !mon) return null;
  // Date.parse rolls 31 Feb over to March: check the day against the month.
  const day = Number(m[1]);
  const year = Number(m[3]);
  if (day < 1 || day > new Date(Date.UTC(year, Number(mon), 0)).getUTCDate() || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return null;
  const iso = `${m[3]}-${mon}-${m[1]}T${m[4]}:${m[5]}:${m[6]}Z`;
  if (m[8] === '00' && m[9] === '00') return Number.isFinite(Date.parse(iso)) ? iso : null;
  const offset = (Number(m[8]) * 60 + Number(m[9])) * 60_000 * (m[7] === '+' ? 1 : -1);
  const ms = Date.parse(iso) - offset;
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : null;
}

const dash = (v: string | undefined): string | null => (v === undefined || v === '-' || v === '' ? null : v);

/** One parsed request, or a message saying why the line is not an access-log record. */
export function parseAccessLogLine(line: string): AccessLogRequest | string {
  // Only the fields read are split: the trailing ones (user agent, TLS…) cost time and say nothing here.
  const f = splitAccessLogLine(line.endsWith('\r') ? line.slice(0, -1) : line, MIN_FIELDS);
  if (typeof f === 'string') return f;
  if (f.length < MIN_FIELDS) return `${f.length} fields, expected at least ${MIN_FIELDS}`;
  const time = accessLogTime(f[F.time]);
  if (!time) return `time "${f[F.time]}" is not dd/Mon/yyyy:HH:mm:ss +zzzz`;
  const operation = f[F.operation];
  if (!OPERATION.test(operation)) return `operation "${operation}" is not like REST.GET.OBJECT`;
  const st = f[F.status];
  let httpStatus: number | null = null;
  if (st !== '-') {
    if (!/^\d{3}$/.test(st)) return `HTTP status "${st}" is not a number`;
    httpStatus = Number(st);
  }
  return {
    bucket: f[F.bucket],
    time,
    requester: dash(f[F.requester]),
    requestId: dash(f[F.requestId]),
    operation,
    key: dash(f[F.key]),
    httpStatus,
    errorCode: dash(f[F.error]),
  };
}

/**
 * The key as stored, from its logged (URL-encoded) form. `+` stays `+` (path encoding, not form encoding); a key
 * whose escapes do not decode as UTF-8 is kept as logged.
 */
export function decodeKey(raw: string): string {
  if (raw.indexOf('%') < 0) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The key's folder part, at most `depth` folders (`a/b/c.txt`, 1 → `a/`); '' for a key at the bucket's top. */
export function keyFolder(key: string, depth: number): string {
  let end = 0;
  for (let d = 0; d < depth; d++) {
    const s = key.indexOf('/', end);
    if (s < 0) break;
    end = s + 1;
  }
  return key.slice(0, end);
}

/**
 * Account and Region of the source bucket from a log object's path, when the logs use AWS's date-based key format
 * (`PartitionedPrefix`: `[prefix]<account>/<region>/<bucket>/<yyyy>/<mm>/<dd>/<object>`); null otherwise.
 */
export function partitionedSource(path: string): { account: string; region: string; bucket: string } | null {
  const m = /(?:^|\/)(\d{12})\/([a-z]{2}(?:-[a-z]+)+-\d)\/([^/]+)\/\d{4}\/\d\d\/\d\d\/[^/]*$/.exec(path);
  return m ? { account: m[1], region: m[2], bucket: m[3] } : null;
}

/** AWS's log object names: `YYYY-MM-DD-HH-MM-SS-<unique string>` (a `.gz`/`.log`/`.txt` a user added is accepted). */
export const ACCESS_LOG_NAME = /(?:^|\/)\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-[0-9A-Za-z]+(?:\.(?:log|txt))?(?:\.gz)?$|\.log(?:\.gz)?$/;

/** Does this text start like an access log (its first non-empty line parses)? */
export function looksLikeAccessLog(text: string): boolean {
  for (const line of text.split('\n', 20)) {
    if (line.trim() === '') continue;
    return typeof parseAccessLogLine(line) !== 'string';
  }
  return false;
}
