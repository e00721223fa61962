/**
 * S3 server access logs for the fake organization: the log objects of the buckets that have server access logging,
 * generated from the buckets' true daily rates, so the data events they stand for are known.
 *
 * Per covered bucket and whole UTC day, every request of the bucket's daily rates is one line, of the operation a
 * real client would send: GETs (some 206, 304, 404 NoSuchKey, 403 AccessDenied by policy — all logged by CloudTrail —
 * and some 503 SlowDown, which this fake's CloudTrail also logs), HEADs, PUTs (some as CopyObject, some as UploadPart),
 * DELETEs, multipart completions, selects, and LISTs (no key). On top, lines that are not data events and are not in
 * the truth: bucket-level reads (location, ACL), a CORS preflight, a lifecycle expiration, a failed signature, a 301
 * redirect, the source side of each copy; and a redelivered line (the same request ID) per bucket and day.
 * Keys hold URL-encoded characters (a space, an é) as AWS logs them. Most buckets log under AWS's date-based
 * `PartitionedPrefix` (`logs/<account>/<region>/<bucket>/yyyy/mm/dd/…`; every third bucket by delivery time, so its
 * afternoon lines are filed under the next day); every fourth under the simple layout
 * (`logs/simple/yyyy-mm-dd-hh-mm-ss-…`), which names neither account nor Region.
 * Dice come from their own generator: enabling access logs changes nothing else in the organization.
 */
import { prng } from '../support/prng.js';
import type { SeededBucket } from './seed.js';

export interface AccessLogObject {
  key: string;
  text: string;
}

export interface AccessLogsTruth {
  /** Buckets (by name) whose requests are in the access logs. */
  buckets: Set<string>;
  /** Buckets logged under the simple (non-partitioned) layout. */
  simple: Set<string>;
  /** The bucket the logs are delivered to, and the Athena table over them. */
  logBucket: string;
  table: string;
  /** The log objects of whole UTC days in [start, end), plus the day before (outside any such window). */
  objects(start: number, end: number): AccessLogObject[];
}

const DAY = 86_400_000;
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

function logTime(ms: number): string {
  const d = new Date(ms);
  return `[${p2(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000]`;
}

function ymd(ms: number, sep: string): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${sep}${p2(d.getUTCMonth() + 1)}${sep}${p2(d.getUTCDate())}`;
}

interface Line {
  t: number;
  op: string;
  key: string;
  status: number;
  error: string;
  requester: string;
  id: string;
}

export function seedAccessLogs(input: { seed: number; buckets: SeededBucket[]; managementAccount: string; share: number }): AccessLogsTruth {
  const rnd = prng(input.seed * 15_485_863 + 7);
  const covered: SeededBucket[] = [];
  const simple = new Set<string>();
  for (const b of input.buckets) {
    const inLogs = rnd() < input.share;
    // Buckets a scan cannot measure (no whole-bucket request metrics), not the trail's own bucket: small traffic.
    if (!inLogs || b.metricsConfigurations.some((c) => !c.filter) || b.name.startsWith('org-trail-logs-')) continue;
    covered.push(b);
    if (covered.length % 4 === 0) simple.add(b.name);
  }
  const logBucket = `access-logs-${input.managementAccount}`;

  const dayLines = (b: SeededBucket, bi: number, day: number): Line[] => {
    const roles = [`arn:aws:sts::${b.account}:assumed-role/app/i-0abc${bi}`, `arn:aws:sts::${b.account}:assumed-role/etl/spark`, `arn:aws:iam::${b.account}:user/alice`];
    const lines: Line[] = [];
    let seq = 0;
    const d = b.daily;
    // Every line below, so the day's lines fit in the day (each copy logs two lines).
    const total = Object.values(d).reduce((a, n) => a + (n ?? 0), 0) + Math.ceil((d.PutRequests ?? 0) / 7) + 8;
    // Spread over the day, in order, never at its very last second.
    const at = () => day + Math.floor(((seq + 0.5) / total) * (DAY - 1000));
    const push = (op: string, key: string, status = 200, error = '-', requester = roles[seq % 3]) => {
      lines.push({ t: at(), op, key, status, error, requester, id: `R${bi.toString(16)}D${(day / DAY).toString(16)}S${seq.toString(16)}`.toUpperCase() });
      seq++;
    };
    push('REST.GET.LOCATION', '-');
    for (let i = 0; i < (d.GetRequests ?? 0); i++) {
      const key = i % 6 === 0 ? `reports/Q4%20summary/r-${i % 5}.pdf` : i % 6 === 1 ? `m%C3%A9dia/img-${i % 7}.jpg` : `data/2026/11/${p2(1 + (i % 28))}/part-${i % 9}.parquet`;
      if (i % 31 === 2) push('REST.GET.OBJECT', key, 503, 'SlowDown');
      else if (i % 20 === 0) push('REST.GET.OBJECT', key, 404, 'NoSuchKey');
      else if (i % 17 === 3) push('REST.GET.OBJECT', key, 403, 'AccessDenied');
      else if (i % 25 === 1) push('REST.GET.OBJECT', key, 206);
      else if (i % 13 === 4) push('REST.GET.OBJECT', key, 304);
      else if (i % 11 === 5) push('REST.GET.OBJECT', key, 200, '-', '-');
      else push('REST.GET.OBJECT', key);
    }
    for (let i = 0; i < (d.HeadRequests ?? 0); i++) push('REST.HEAD.OBJECT', `data/2026/11/${p2(1 + (i % 28))}/part-${i % 9}.parquet`);
    for (let i = 0; i < (d.PutRequests ?? 0); i++) {
      if (i % 7 === 0) {
        push('REST.COPY.OBJECT_GET', `uploads/src-${i}.bin`);
        push('REST.COPY.OBJECT', `archive/copy-${i}.bin`);
      } else if (i % 5 === 1) {
        push('REST.PUT.PART', `uploads/big/${i}.bin`);
      } else {
        push('REST.PUT.OBJECT', `uploads/${roles[i % 2].split('/').pop()}/${i}.bin`);
      }
    }
    for (let i = 0; i < (d.DeleteRequests ?? 0); i++) push('REST.DELETE.OBJECT', `tmp/${i}`, 204);
    for (let i = 0; i < (d.PostRequests ?? 0); i++) push('REST.POST.UPLOAD', `uploads/big/${i}.bin`);
    for (let i = 0; i < (d.SelectRequests ?? 0); i++) push('REST.POST.SELECT', `data/2026/11/01/part-${i % 9}.parquet`);
    for (let i = 0; i < (d.ListRequests ?? 0); i++) push('REST.GET.BUCKET', '-');
    // Not data events, or not logged by CloudTrail: none of them is in the truth.
    push('REST.GET.ACL', '-');
    push('REST.OPTIONS.PREFLIGHT', 'static/app.js');
    push('S3.EXPIRE.OBJECT', 'tmp/old-1', 204, '-', 'AmazonS3');
    push('REST.GET.OBJECT', 'data/2026/11/01/part-1.parquet', 403, 'SignatureDoesNotMatch');
    push('REST.GET.OBJECT', 'data/2026/11/01/part-2.parquet', 301, 'PermanentRedirect');
    push('REST.GET.LOCATION', '-');
    return lines;
  };

  const text = (b: SeededBucket, l: Line): string =>
    `79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be ${b.name} ${logTime(l.t)} 192.0.2.${l.t % 250} ${l.requester} ${l.id} ${l.op} ${l.key} ` +
    `"${l.op.split('.')[1] ?? 'GET'} /${b.name}/${l.key === '-' ? '' : l.key} HTTP/1.1" ${l.status} ${l.error} ${l.status < 300 ? 512 : '-'} ${l.key === '-' ? '-' : 4096} 12 ${l.status < 300 ? 8 : '-'} ` +
    `"-" "aws-sdk-java/2.25.16 Linux/6.1" - aGVsbG8gd29ybGQ= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader ${b.name}.s3.${b.region}.amazonaws.com TLSv1.3 - - ${b.region}`;

  const objects = (start: number, end: number): AccessLogObject[] => {
    const out: AccessLogObject[] = [];
    covered.forEach((b, bi) => {
      for (let day = Math.floor(start / DAY) * DAY - DAY; day < end; day += DAY) {
        const lines = dayLines(b, bi, day);
        const halves = [lines.filter((l) => l.t < day + DAY / 2), lines.filter((l) => l.t >= day + DAY / 2)];
        // A line delivered twice (the same request ID), in its own object.
        const again = [lines[Math.min(3, lines.length - 1)]];
        [...halves, again].forEach((ls, part) => {
          if (!ls.length) return;
          const t = ls[0].t;
          const d = new Date(t);
          const name = `${ymd(t, '-')}-${p2(d.getUTCHours())}-${p2(d.getUTCMinutes())}-${p2(d.getUTCSeconds())}-${(0xA0000000 + bi * 1000 + part).toString(16).toUpperCase()}0000${p2(part)}EF`;
          // Every third bucket partitions by delivery time: its afternoon's requests are filed under the next day.
          const folder = bi % 3 === 1 && part > 0 ? day + DAY : day;
          const key = simple.has(b.name) ? `logs/simple/${name}` : `logs/${b.account}/${b.region}/${b.name}/${ymd(folder, '/')}/${name}`;
          out.push({ key, text: `${ls.map((l) => text(b, l)).join('\n')}\n` });
        });
      }
    });
    return out;
  };

  return { buckets: new Set(covered.map((b) => b.name)), simple, logBucket, table: 's3_access_logs_db.mybucket_logs', objects };
}
