/**
 * CloudTrail aggregated events (aws-facts §7) → a `Sample` of kind `aggregated` (pure). An aggregated event is a
 * 5-minute summary of the data events a trail logged, not an event: it gives volumes (a source), never records.
 *
 * Only summaries whose primary dimension is `resourceARN` (the RESOURCE_ACCESS template) are counted: for S3 the
 * resource is the bucket, and the summary's `eventName` breakdown gives the count per API, its `userIdentity`
 * breakdown the callers. The other templates (API_ACTIVITY: per API; USER_ACTIONS: per principal) summarize the same
 * events without naming the resource first, so counting them too would count events twice: they are read, counted,
 * not used. Callers are per resource, not per API: each API's row gets the resource's callers in proportion.
 *
 * The shape inside `summary` (`primaryDimension {dimension, value}`, `statistics.eventCount`, `details[] {dimension,
 * values[] {value, count}}`) is not confirmed by a published record (test/fixtures/cloudtrail/README.md): records of
 * another shape are counted as unreadable and said, never guessed at.
 */
import { isReadOnlyEvent } from '../selectors/data-events.js';
import type { CloudTrailRecord } from '../selectors/types.js';
import type { Sample } from '../model/snapshot.js';
import { S3_OBJECT, SampleAggregator, type SampleLimits } from './aggregate.js';
import { EventIdSet } from './dedupe.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** The data resource type an aggregated resource ARN names, and the ARN as rows hold it. */
export function aggregatedResource(arn: string): { type: string; arn: string } | null {
  const m = /^arn:([\w-]+):([\w-]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!m) return null;
  const [, partition, service, , , rest] = m;
  if (service === 's3') {
    // The bucket (RESOURCE_ACCESS names buckets for S3): counted at the bucket's root, as a prefix ARN.
    const bucket = rest.split('/')[0];
    return bucket ? { type: S3_OBJECT, arn: `arn:${partition}:s3:::${bucket}/` } : null;
  }
  if (service === 'lambda' && rest.startsWith('function:')) return { type: 'AWS::Lambda::Function', arn: arn.split(':').slice(0, 7).join(':') };
  if (service === 'dynamodb' && rest.startsWith('table/')) return { type: 'AWS::DynamoDB::Table', arn: arn.replace(/(:table\/[^/]+).*$/, '$1') };
  return null;
}

/** `{dimension, values: [{value, count}]}` → value → count, for one dimension name (null when absent). */
function detail(details: unknown, dimension: string): Map<string, number> | null {
  if (!Array.isArray(details)) return null;
  for (const d of details) {
    if (!isObj(d) || (d.dimension ?? d.name) !== dimension || !Array.isArray(d.values)) continue;
    const out = new Map<string, number>();
    for (const v of d.values) {
      if (!isObj(v)) continue;
      const name = str(v.value);
      const n = num(v.count);
      if (name !== null && n !== null) out.set(name, (out.get(name) ?? 0) + n);
    }
    return out;
  }
  return null;
}

export class AggregatedEventsReader {
  private readonly inner: SampleAggregator;
  private readonly ids: EventIdSet;
  private readonly only: { start: number; end: number } | null;
  /** Row key (arn + eventName) → caller → share of events (resource callers spread in proportion). */
  private readonly callers = new Map<string, Map<string, number>>();
  /** Aggregated-event records read, used (resource summaries), of other templates, of an unread shape. */
  summaries = 0;
  used = 0;
  otherTemplates = 0;
  unreadable = 0;
  duplicates = 0;
  outside = 0;
  /** Non-aggregated records in the files (left to the CloudTrail reader). */
  notAggregated = 0;
  /** Events the summaries count that their eventName breakdown does not name. */
  unnamed = 0;
  /** Resources of a type trailcost does not model. */
  otherResources = 0;
  events = 0;

  constructor(limits: Partial<SampleLimits> = {}, window?: { start: string; end: string }) {
    this.inner = new SampleAggregator(limits);
    this.ids = new EventIdSet(this.inner.limits.maxEventIds);
    this.only = window ? { start: Date.parse(window.start), end: Date.parse(window.end) } : null;
  }

  add(r: CloudTrailRecord): void {
    const rec = r as unknown as Obj;
    if (rec.eventCategory !== 'Aggregated' && rec.eventType !== 'AwsAggregatedEvent') {
      this.notAggregated++;
      return;
    }
    this.summaries++;
    const tw = isObj(rec.timeWindow) ? rec.timeWindow : {};
    const start = str(tw.windowStart);
    const end = str(tw.windowEnd);
    const summary = isObj(rec.summary) ? rec.summary : null;
    const primary = summary && isObj(summary.primaryDimension) ? summary.primaryDimension : null;
    const dim = primary ? str(primary.dimension ?? primary.name) : null;
    const value = primary ? str(primary.value) : null;
    const total = summary && isObj(summary.statistics) ? num(summary.statistics.eventCount) : null;
    if (!start || !Number.isFinite(Date.parse(start)) || !dim || !value || total === null) {
      this.unreadable++;
      return;
    }
    if (this.only) {
      const t = Date.parse(start);
      if (t < this.only.start || t >= this.only.end) {
        this.outside++;
        return;
      }
    }
    const id = str(rec.eventId) ?? str(rec.eventID);
    if (id && !this.ids.add(id)) {
      this.duplicates++;
      return;
    }
    if (dim !== 'resourceARN') {
      this.otherTemplates++;
      return;
    }
    const res = aggregatedResource(value);
    if (!res) {
      this.otherResources += total;
      return;
    }
    this.used++;
    this.events += total;
    const byName = detail(summary!.details, 'eventName') ?? new Map<string, number>();
    const byCaller = detail(summary!.details, 'userIdentity');
    const callerTotal = byCaller ? [...byCaller.values()].reduce((a, n) => a + n, 0) : 0;
    let named = 0;
    const account = str(rec.accountId) ?? str(rec.recipientAccountId);
    const region = str(rec.awsRegion);
    for (const [eventName, n] of byName) {
      if (!(n > 0)) continue;
      named += n;
      this.inner.addAggregated({
        resourceType: res.type, arn: res.arn, account, region, eventName, readOnly: isReadOnlyEvent(eventName),
        eventType: 'AwsApiCall', caller: null, events: n, records: 0, firstTime: start, lastTime: end ?? start,
      });
      if (byCaller && callerTotal > 0) {
        const k = `${res.arn}\u0000${eventName}`;
        const m = this.callers.get(k) ?? new Map<string, number>();
        for (const [c, cn] of byCaller) m.set(c, (m.get(c) ?? 0) + (n * cn) / Math.max(callerTotal, total));
        this.callers.set(k, m);
      }
    }
    if (total > named) this.unnamed += total - named;
  }

  result(source: string, window?: { start: string; end: string }): Sample {
    const s = this.inner.result(source, window);
    const top = this.inner.limits.topCallers;
    for (const r of s.rows) {
      delete r.callers;
      const m = this.callers.get(`${r.arn}\u0000${r.eventName}`);
      if (!m || top === 0) continue;
      const list = [...m].map(([arn, n]) => ({ arn, count: Math.round(n) })).filter((c) => c.count > 0)
        .sort((a, b) => b.count - a.count || (a.arn < b.arn ? -1 : 1)).slice(0, top);
      if (list.length) r.callers = list;
    }
    const notes = [
      `CloudTrail aggregated events: ${this.used} resource summaries (RESOURCE_ACCESS) counting ${Math.round(this.events)} data events the trail logged; summaries are volumes, not events. Classes the trail's selectors leave out are not in them`,
      'aggregated-event summary fields (primaryDimension, statistics.eventCount, details[].values[]) are read as trailcost understands them: AWS publishes no complete example record, so the shape is unconfirmed',
      ...(s.notes ?? []).filter((n) => /rolled up|span/.test(n)),
    ];
    if (this.callers.size) notes.push('callers are per resource, not per API: each API\'s callers are the resource\'s, in proportion');
    if (this.otherTemplates) notes.push(`${this.otherTemplates} summaries of other templates (API_ACTIVITY, USER_ACTIONS) read but not counted: they summarize the same events`);
    if (this.unreadable) notes.push(`${this.unreadable} aggregated-event records of an unrecognized shape (no timeWindow, primaryDimension or statistics.eventCount) were not counted`);
    if (this.unnamed) notes.push(`${Math.round(this.unnamed)} events in summaries whose eventName breakdown does not name them: in no row`);
    if (this.otherResources) notes.push(`${Math.round(this.otherResources)} events on resources of types trailcost does not model: in no row`);
    if (this.duplicates) notes.push(`${this.duplicates} duplicate summaries (same eventId) dropped`);
    if (this.outside) notes.push(`${this.outside} summaries outside the window were not counted`);
    return {
      source,
      kind: 'aggregated',
      window: s.window,
      // Summaries are not events: nothing here is a record.
      records: 0,
      duplicates: this.duplicates,
      rows: s.rows,
      nonData: this.notAggregated,
      unattributed: Math.round(this.unnamed + this.otherResources),
      notes,
    };
  }
}
