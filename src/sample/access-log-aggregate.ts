/**
 * S3 server access-log requests → a `Sample` of kind `access-log` (pure). Requests are classified (access-log-ops.ts)
 * and placed in the same bounded prefix trie as CloudTrail events (SampleAggregator: --depth, --max-prefixes,
 * callers by requester), so the split per prefix, event class and caller reads the same. What differs:
 * - a row's `count` holds the requests that are data events for sure, its `uncertain` those that may be (5xx
 *   answers, 307 redirects, denied anonymous requests, the website endpoint): the model's range is count to
 *   count + uncertain;
 * - requests that are not data events, or that CloudTrail does not log, are counted apart by operation and why;
 * - duplicates (the same request ID, operation and key) are dropped;
 * - the sample says that access logs are best-effort (AWS: some records may be missing).
 * Requests come one by one (log lines) or grouped (rows of the Athena query, access-log-sql.ts); both go through the
 * same classification and placement, so a local read and a query over the same logs give the same sample.
 */
import type { Sample, SampleRow } from '../model/snapshot.js';
import { classifyRequest, MAPPING_CAVEATS, type Apart } from './access-log-ops.js';
import { decodeKey, keyFolder, type AccessLogRequest } from './access-log-line.js';
import { S3_OBJECT, SampleAggregator, type SampleLimits } from './aggregate.js';
import { EventIdSet } from './dedupe.js';

/** Marks an uncertain class inside the shared trie; folded into `uncertain` when the sample is written. */
const UNSURE = '\u0000uncertain';

export interface AccessLogGroup {
  bucket: string;
  /** The key's folder part as logged (URL-encoded, at most `maxDepth` folders), or null for no key. */
  folder: string | null;
  operation: string;
  httpStatus: number | null;
  errorCode: string | null;
  requester: string | null;
  /** Distinct requests, and lines including duplicates. */
  requests: number;
  lines: number;
  firstTime: string | null;
  lastTime: string | null;
  account?: string | null;
  region?: string | null;
}

/** Where a request's bucket lives, when the log's object path says so (partitioned keys). */
export interface BucketPlace {
  account?: string;
  region?: string;
}

export class AccessLogAggregator {
  private readonly inner: SampleAggregator;
  private readonly ids: EventIdSet;
  private readonly only: { start: number; end: number } | null;
  private readonly apart = new Map<string, { operation: string; why: Apart; detail: string; count: number }>();
  private readonly caveats = new Set<string>();
  /** Lines read (parsed), distinct requests among them, duplicates dropped, outside the window. */
  lines = 0;
  requests = 0;
  duplicates = 0;
  outside = 0;
  sure = 0;
  uncertain = 0;
  noRequestId = 0;
  /** Span of request times of every distinct request, counted apart or not (what the logs cover). */
  private minTime = Infinity;
  private maxTime = -Infinity;

  constructor(limits: Partial<SampleLimits> = {}, window?: { start: string; end: string }) {
    this.inner = new SampleAggregator(limits);
    this.ids = new EventIdSet(this.inner.limits.maxEventIds);
    this.only = window ? { start: Date.parse(window.start), end: Date.parse(window.end) } : null;
  }

  get limits(): SampleLimits {
    return this.inner.limits;
  }

  /** One log line's request. */
  addRequest(r: AccessLogRequest, place: BucketPlace = {}): void {
    this.lines++;
    const t = Date.parse(r.time);
    if (this.only) {
      if (t < this.only.start || t >= this.only.end) {
        this.outside++;
        return;
      }
    }
    if (r.requestId) {
      // A request ID names one request; a multi-object delete logs one line per key under the same ID. The answer
      // and requester are in the key too, as they are in the Athena query's groups: both paths drop the same lines.
      if (!this.ids.add(`${r.bucket}\u0000${r.requestId}\u0000${r.operation}\u0000${r.key ?? ''}\u0000${r.httpStatus}\u0000${r.errorCode}\u0000${r.requester}`)) {
        this.duplicates++;
        return;
      }
    } else {
      this.noRequestId++;
    }
    this.place({
      bucket: r.bucket, folder: r.key === null ? null : keyFolder(r.key, this.inner.limits.maxDepth), operation: r.operation,
      httpStatus: r.httpStatus, errorCode: r.errorCode, requester: r.requester, requests: 1, lines: 1,
      firstTime: r.time, lastTime: r.time, account: place.account, region: place.region,
    }, t);
  }

  /** A group of requests already counted elsewhere (a row of the Athena query). */
  addGroup(g: AccessLogGroup): void {
    if (!(g.lines > 0)) return;
    this.lines += g.lines;
    this.duplicates += Math.max(0, g.lines - g.requests);
    this.place(g);
  }

  /** `at`: the request time in ms, when one request (parsed once by the caller). */
  private place(g: AccessLogGroup, at?: number): void {
    const n = g.requests;
    if (!(n > 0)) return;
    this.requests += n;
    const first = at ?? (g.firstTime ? Date.parse(g.firstTime) : NaN);
    const last = at ?? (g.lastTime ? Date.parse(g.lastTime) : NaN);
    if (first < this.minTime) this.minTime = first;
    if (last > this.maxTime) this.maxTime = last;
    const o = classifyRequest(g.operation, g.folder !== null, g.httpStatus, g.errorCode, g.requester === null);
    if (o.kind === 'apart') {
      const k = `${o.why}\u0000${g.operation}\u0000${o.detail}`;
      const a = this.apart.get(k) ?? { operation: g.operation, why: o.why, detail: o.detail, count: 0 };
      a.count += n;
      this.apart.set(k, a);
      return;
    }
    const caveat = MAPPING_CAVEATS[g.operation];
    if (caveat) this.caveats.add(caveat);
    if (o.sure) this.sure += n;
    else this.uncertain += n;
    this.inner.addAggregated({
      resourceType: S3_OBJECT,
      // Folders are cut where the log has a `/`, then decoded: an encoded `%2F` never makes a folder of its own.
      arn: `arn:aws:s3:::${g.bucket}/${g.folder === null ? '' : decodeKey(g.folder)}`,
      account: g.account ?? null,
      region: g.region ?? null,
      eventName: o.eventName,
      readOnly: o.readOnly,
      eventType: o.sure ? o.eventType : o.eventType + UNSURE,
      caller: g.requester,
      events: n,
      records: n,
      firstTime: g.firstTime,
      lastTime: g.lastTime,
    });
  }

  /** Span of request times, widened to whole minutes (as SampleAggregator's); null when nothing was placed. */
  observedWindow(): { start: string; end: string } | null {
    if (!Number.isFinite(this.minTime)) return null;
    const start = Math.floor(this.minTime / 60_000) * 60_000;
    let end = Math.ceil(this.maxTime / 60_000) * 60_000;
    if (end <= start) end = start + 60_000;
    return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
  }

  /** Requests counted apart, largest first. */
  notEvents(): NonNullable<Sample['notEvents']> {
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    return [...this.apart.values()].sort((a, b) => b.count - a.count || cmp(a.operation, b.operation) || cmp(a.why, b.why) || cmp(a.detail, b.detail));
  }

  /** The sample (the window: the one given, else the span of request times seen). Throws when there is neither. */
  result(source: string, window?: { start: string; end: string }): Sample {
    const s = this.inner.result(source, window ?? this.observedWindow() ?? undefined);
    const rows: SampleRow[] = [];
    const byKey = new Map<string, SampleRow>();
    const key = (r: SampleRow, eventType: string) => `${r.arn}\u0000${r.eventName}\u0000${r.readOnly}\u0000${eventType}`;
    // Sure rows first, so an uncertain row folds into its sure twin whatever the order.
    for (const r of s.rows) {
      if (r.eventType.endsWith(UNSURE)) continue;
      rows.push(r);
      byKey.set(key(r, r.eventType), r);
    }
    for (const r of s.rows) {
      if (!r.eventType.endsWith(UNSURE)) continue;
      const eventType = r.eventType.slice(0, -UNSURE.length);
      const twin = byKey.get(key(r, eventType));
      if (twin) {
        twin.uncertain = (twin.uncertain ?? 0) + r.count;
      } else {
        const row: SampleRow = { ...r, eventType, count: 0, uncertain: r.count };
        rows.push(row);
        byKey.set(key(row, eventType), row);
      }
    }
    rows.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0) || (a.eventName < b.eventName ? -1 : a.eventName > b.eventName ? 1 : 0)
      || Number(a.readOnly) - Number(b.readOnly) || (a.eventType < b.eventType ? -1 : a.eventType > b.eventType ? 1 : 0));
    const notes = [
      'S3 server access logs are best-effort (AWS: a few records may be missing or late): counts are requests mapped to the data events they stand for, not events',
      // The trie's own notes, less those about CloudTrail fields (and its span check when the span is the requests' own).
      ...(s.notes ?? []).filter((n) => !/eventID|no eventTime|outside the window/.test(n) && (window !== undefined || !n.startsWith('events span'))),
    ];
    if (this.uncertain) notes.push(`${this.uncertain} requests may or may not be data events (5xx answers, 307 redirects, denied anonymous requests, the website endpoint): in the upper bound only`);
    const apart = this.notEvents();
    for (const why of ['not-logged', 'not-data', 'unmapped'] as const) {
      const list = apart.filter((a) => a.why === why);
      if (!list.length) continue;
      const total = list.reduce((x, a) => x + a.count, 0);
      const names = [...new Set(list.map((a) => a.operation))];
      const what = why === 'not-logged' ? 'not logged by CloudTrail (failed authentication, 301 redirects)'
        : why === 'not-data' ? 'not data events (bucket-level operations, S3\'s own actions, copy sources, CORS preflights)'
          : 'of operations trailcost does not map';
      notes.push(`${total} requests ${what}, counted apart: ${names.slice(0, 6).join(', ')}${names.length > 6 ? `, … (${names.length} operations)` : ''}`);
    }
    for (const c of [...this.caveats].sort()) notes.push(c);
    if (this.noRequestId) notes.push(`${this.noRequestId} requests had no request ID and could not be deduplicated`);
    if (this.outside) notes.push(`${this.outside} requests outside the window ${s.window.start} → ${s.window.end} were not counted`);
    return {
      source,
      kind: 'access-log',
      window: s.window,
      records: this.sure,
      duplicates: this.duplicates,
      rows,
      nonData: apart.reduce((x, a) => x + a.count, 0),
      unattributed: 0,
      noEventId: this.noRequestId,
      ...(apart.length ? { notEvents: apart } : {}),
      notes,
    };
  }
}
