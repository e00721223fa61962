/**
 * Pure aggregation of CloudTrail data events into sample rows: records (or rows already aggregated by Athena /
 * CloudTrail Lake) in, a `Sample` out. No I/O, no clock.
 *
 * - S3: one bounded prefix trie per bucket. Keys are cut at `/` boundaries, at most `maxDepth` folders deep; when a
 *   bucket has more than `maxPrefixesPerBucket` prefixes the smallest leaves are rolled up into their parent, which
 *   then stops growing new children (so memory stays bounded and sums stay exact). Rows are disjoint.
 * - Other data resources (functions, tables, ...): one entry per exact ARN.
 * - Per row: event class (eventName, readOnly, eventType) and the top callers (userIdentity.arn).
 * - Duplicates (same eventID) are counted once; the window is the span of eventTime seen.
 */
import type { CloudTrailRecord } from '../selectors/types.js';
import { recordCategory } from '../selectors/category.js';
import { isReadOnlyEvent } from '../selectors/data-events.js';
import type { Sample, SampleRow } from '../model/snapshot.js';

/** Network activity events of one account × Region × service × VPC endpoint. */
interface NetworkCount {
  account?: string;
  region?: string;
  eventSource: string;
  vpcEndpointId?: string;
  count: number;
  denied: number;
}
import { CallerCounter } from './callers.js';
import { DEFAULT_MAX_EVENT_IDS, EventIdSet } from './dedupe.js';

export interface SampleLimits {
  /** Folder levels below the bucket kept as separate prefixes. */
  maxDepth: number;
  /** Prefix nodes per bucket (the bucket root not counted) before the smallest are rolled up. */
  maxPrefixesPerBucket: number;
  /** Callers listed per row. */
  topCallers: number;
  /** Callers counted per row (Space-Saving counters); ≥ topCallers. */
  callerSlots: number;
  /** eventIDs remembered for deduplication. */
  maxEventIds: number;
  /** Distinct non-S3 resource ARNs kept; beyond that, events are unattributed (and a note says so). */
  maxOtherResources: number;
}

export const DEFAULT_LIMITS: SampleLimits = {
  maxDepth: 4,
  maxPrefixesPerBucket: 200,
  topCallers: 5,
  callerSlots: 32,
  maxEventIds: DEFAULT_MAX_EVENT_IDS,
  maxOtherResources: 100_000,
};

export const S3_OBJECT = 'AWS::S3::Object';
const S3_BUCKET = 'AWS::S3::Bucket';
/** Entries that name a container of the resource the event acted on, not the resource itself. */
const CONTAINER_TYPES = new Set([S3_BUCKET, 'AWS::S3::AccessPoint', 'AWS::S3ObjectLambda::AccessPoint']);
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** A row already aggregated elsewhere (Athena, CloudTrail Lake): S3 `arn` is a prefix ARN ending in `/`. */
export interface AggregatedRow {
  resourceType: string;
  arn: string;
  account?: string | null;
  region?: string | null;
  eventName: string;
  readOnly: boolean;
  eventType: string;
  /** One caller's share of the group, or null for the rest/unknown callers. */
  caller?: string | null;
  /** Distinct events (deduplicated). */
  events: number;
  /** Records including duplicates. */
  records: number;
  firstTime?: string | null;
  lastTime?: string | null;
}

interface ClassCount {
  eventName: string;
  readOnly: boolean;
  eventType: string;
  count: number;
  callers: CallerCounter;
}

interface PrefixNode {
  /** Key prefix below the bucket, ending in `/` ('' for the bucket root). */
  path: string;
  segment: string;
  parent: PrefixNode | null;
  children: Map<string, PrefixNode> | null;
  /** No new children once something was rolled up into this node. */
  sealed: boolean;
  classes: Map<number, ClassCount>;
  /** Events in this node's whole subtree. */
  total: number;
}

interface BucketAgg {
  /** `arn:<partition>:s3:::<bucket>/` */
  base: string;
  account?: string;
  region?: string;
  root: PrefixNode;
  nodes: number;
  rolledUp: number;
  /**
   * Key folder (the key up to its `maxDepth`-th `/`) → the node the trie walk ends at, so most records cost one
   * lookup instead of one per level. Cleared on every roll-up, which is the only thing that moves where a walk ends.
   */
  ends: Map<string, PrefixNode>;
}

interface ResourceAgg {
  resourceType: string;
  arn: string;
  account?: string;
  region?: string;
  classes: Map<number, ClassCount>;
}

function newNode(parent: PrefixNode | null, path: string, segment: string): PrefixNode {
  return { path, segment, parent, children: null, sealed: false, classes: new Map(), total: 0 };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseReadOnly(v: unknown, eventName: string): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return isReadOnlyEvent(eventName);
}

/** The resource an event acted on: the S3 object entry (ARN or ARNPrefix), else the first non-container entry. */
export function pickResource(r: CloudTrailRecord): { type: string; arn: string; account?: string } | null {
  const res = Array.isArray(r.resources) ? r.resources : [];
  for (const x of res) {
    if (x && x.type === S3_OBJECT) {
      const arn = x.ARN || x.ARNPrefix;
      if (typeof arn === 'string' && arn) return { type: S3_OBJECT, arn, account: x.accountId };
    }
  }
  for (const x of res) {
    if (x && typeof x.type === 'string' && !CONTAINER_TYPES.has(x.type) && x.type !== S3_OBJECT && typeof x.ARN === 'string' && x.ARN) {
      return { type: x.type, arn: x.ARN, account: x.accountId };
    }
  }
  // HeadBucket and similar S3 object-level calls name only the bucket: count them at the bucket root.
  if (r.eventSource === 's3.amazonaws.com') {
    for (const x of res) {
      if (x && x.type === S3_BUCKET && typeof x.ARN === 'string' && x.ARN) {
        return { type: S3_OBJECT, arn: `${x.ARN}/`, account: x.accountId };
      }
    }
  }
  return null;
}

export class SampleAggregator {
  readonly limits: SampleLimits;
  private ids: EventIdSet;
  private buckets = new Map<string, BucketAgg>();
  private others = new Map<string, ResourceAgg>();
  private network = new Map<string, NetworkCount>();
  private minTime = Infinity;
  private maxTime = -Infinity;
  private minText: string | null = null;
  private maxText: string | null = null;
  /** Event class (eventName, readOnly, eventType) → small integer, so per-node class maps take integer keys. */
  private classIds = new Map<string, number[]>();
  private nextClassId = 0;
  /** Validity of account ids / Region names seen (few distinct values; spares a regex test per record). */
  private validAccounts = new Map<string, boolean>();
  private validRegions = new Map<string, boolean>();
  scanned = 0;
  /** Distinct data events. */
  records = 0;
  /** Distinct network activity events. */
  networkEvents = 0;
  duplicates = 0;
  nonData = 0;
  unattributed = 0;
  noEventId = 0;
  untimed = 0;
  overflow = 0;
  networkOverflow = 0;

  /** Only events in [start, end) count (`--window`, `--start/--end`, `--days`); null: every event. */
  private readonly only: { start: number; end: number; startText: string | null; endText: string | null } | null;
  /** Events outside the window, not counted. */
  outside = 0;

  constructor(limits: Partial<SampleLimits> = {}, window?: { start: string; end: string }) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    if (this.limits.callerSlots < this.limits.topCallers) this.limits.callerSlots = this.limits.topCallers;
    this.ids = new EventIdSet(this.limits.maxEventIds);
    if (window) {
      const start = Date.parse(window.start);
      const end = Date.parse(window.end);
      // Whole-second bounds in CloudTrail's own format compare as text with eventTime, without parsing it.
      const text = (ms: number): string | null => (ms % 1000 === 0 ? new Date(ms).toISOString().replace('.000Z', 'Z') : null);
      this.only = { start, end, startText: text(start), endText: text(end) };
    } else {
      this.only = null;
    }
  }

  /** Outside the window? Events without a readable eventTime are kept (they are counted as untimed). */
  private outsideWindow(t: unknown): boolean {
    const w = this.only!;
    if (typeof t !== 'string') return false;
    if (w.startText !== null && w.endText !== null && t.length === 20 && t.charCodeAt(10) === 84 && t.charCodeAt(19) === 90) {
      return t < w.startText || t >= w.endText;
    }
    const ms = Date.parse(t);
    return Number.isFinite(ms) && (ms < w.start || ms >= w.end);
  }

  /** Feed one CloudTrail record (any category; data and network activity events are aggregated). */
  addRecord(r: CloudTrailRecord): void {
    this.scanned++;
    const category = recordCategory(r);
    if (category !== 'Data' && category !== 'NetworkActivity') {
      this.nonData++;
      return;
    }
    if (this.only && this.outsideWindow(r.eventTime)) {
      this.outside++;
      return;
    }
    const id = r.eventID;
    if (typeof id === 'string' && id !== '') {
      if (!this.ids.add(id)) {
        this.duplicates++;
        return;
      }
    } else {
      this.noEventId++;
    }
    if (category === 'NetworkActivity') {
      this.addNetwork(r);
      return;
    }
    this.records++;
    if (!this.noteTime(r.eventTime)) this.untimed++;
    const eventName = typeof r.eventName === 'string' ? r.eventName : '(unknown)';
    const readOnly = parseReadOnly(r.readOnly, eventName);
    const eventType = typeof r.eventType === 'string' && r.eventType ? r.eventType : 'AwsApiCall';
    const caller = typeof r.userIdentity?.arn === 'string' && r.userIdentity.arn ? r.userIdentity.arn : null;
    const res = pickResource(r);
    if (!res) {
      this.unattributed++;
      return;
    }
    const account = res.account && this.isAccount(res.account) ? res.account : r.recipientAccountId;
    this.place(res.type, res.arn, account, r.awsRegion, eventName, readOnly, eventType, caller, 1);
  }

  /** A network activity event: counted per account × Region × service × endpoint, the denied ones apart. */
  private addNetwork(r: CloudTrailRecord): void {
    this.networkEvents++;
    if (!this.noteTime(r.eventTime)) this.untimed++;
    const account = typeof r.recipientAccountId === 'string' && this.isAccount(r.recipientAccountId) ? r.recipientAccountId : undefined;
    const region = typeof r.awsRegion === 'string' && this.isRegion(r.awsRegion) ? r.awsRegion : undefined;
    const eventSource = typeof r.eventSource === 'string' && r.eventSource ? r.eventSource : '(unknown)';
    const vpcEndpointId = typeof r.vpcEndpointId === 'string' && r.vpcEndpointId ? r.vpcEndpointId : undefined;
    const k = `${account}|${region}|${eventSource}|${vpcEndpointId}`;
    let c = this.network.get(k);
    if (!c) {
      if (this.network.size >= this.limits.maxOtherResources) {
        this.networkOverflow++;
        return;
      }
      c = { ...(account ? { account } : {}), ...(region ? { region } : {}), eventSource, ...(vpcEndpointId ? { vpcEndpointId } : {}), count: 0, denied: 0 };
      this.network.set(k, c);
    }
    c.count++;
    if (r.errorCode === 'VpceAccessDenied') c.denied++;
  }

  /** Feed a row aggregated by Athena or CloudTrail Lake. */
  addAggregated(row: AggregatedRow): void {
    if (!(row.events > 0)) return;
    this.records += row.events;
    this.scanned += row.records;
    this.duplicates += Math.max(0, row.records - row.events);
    this.noteTime(row.firstTime ?? undefined);
    this.noteTime(row.lastTime ?? undefined);
    this.place(row.resourceType, row.arn, row.account ?? undefined, row.region ?? undefined, row.eventName, row.readOnly,
      row.eventType || 'AwsApiCall', row.caller ?? null, row.events);
  }

  private noteTime(t: unknown): boolean {
    if (typeof t !== 'string') return false;
    // CloudTrail's own format (`2026-11-01T00:00:05Z`) sorts as text: compare strings, parse only new extremes.
    if (t.length === 20 && t.charCodeAt(10) === 84 /* T */ && t.charCodeAt(19) === 90 /* Z */) {
      if (this.minText !== null && t >= this.minText && t <= this.maxText!) return true;
      const ms = Date.parse(t);
      if (!Number.isFinite(ms)) return false;
      if (this.minText === null || t < this.minText) this.minText = t;
      if (this.maxText === null || t > this.maxText) this.maxText = t;
      if (ms < this.minTime) this.minTime = ms;
      if (ms > this.maxTime) this.maxTime = ms;
      return true;
    }
    // Athena returns eventtime as ISO text; CloudTrail Lake as `YYYY-MM-DD HH:MM:SS(.fff)` (UTC).
    const ms = Date.parse(/^\d{4}-\d\d-\d\d \d/.test(t) && !/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? `${t.replace(' ', 'T')}Z` : t);
    if (!Number.isFinite(ms)) return false;
    if (ms < this.minTime) this.minTime = ms;
    if (ms > this.maxTime) this.maxTime = ms;
    return true;
  }

  private place(
    type: string, arn: string, account: string | undefined, region: string | undefined,
    eventName: string, readOnly: boolean, eventType: string, caller: string | null, n: number,
  ): void {
    const acct = account && this.isAccount(account) ? account : undefined;
    const reg = region && this.isRegion(region) ? region : undefined;
    if (type === S3_OBJECT) {
      const sep = arn.indexOf(':::');
      if (sep >= 0) {
        const slash = arn.indexOf('/', sep + 3);
        const base = slash < 0 ? `${arn}/` : arn.slice(0, slash + 1);
        this.addS3(base, arn, slash < 0 ? arn.length : slash + 1, acct, reg, eventName, readOnly, eventType, caller, n);
        return;
      }
    }
    const k = `${type}\u0000${arn}`;
    let agg = this.others.get(k);
    if (!agg) {
      if (this.others.size >= this.limits.maxOtherResources) {
        this.overflow += n;
        this.unattributed += n;
        return;
      }
      // The ARN names the function's / table's own account and Region; the record's fields may name the caller's.
      agg = { resourceType: type, arn, account: accountOfArn(arn) ?? acct, region: regionOfArn(arn) ?? reg, classes: new Map() };
      this.others.set(k, agg);
    }
    this.addClass(agg.classes, eventName, readOnly, eventType, caller, n);
  }

  /** `arn` holds the object key from `keyStart` on (the S3 ARN is `arn:<partition>:s3:::<bucket>/<key>`). */
  private addS3(
    base: string, arn: string, keyStart: number, account: string | undefined, region: string | undefined,
    eventName: string, readOnly: boolean, eventType: string, caller: string | null, n: number,
  ): void {
    let b = this.buckets.get(base);
    if (!b) {
      b = { base, root: newNode(null, '', ''), nodes: 0, rolledUp: 0, ends: new Map() };
      this.buckets.set(base, b);
    }
    if (!b.account && account) b.account = account;
    if (!b.region && region) b.region = region;
    // The key's folder part, at most maxDepth levels: records under the same folder end at the same node.
    let end = keyStart;
    for (let depth = 0; depth < this.limits.maxDepth; depth++) {
      const s = arn.indexOf('/', end);
      if (s < 0) break;
      end = s + 1;
    }
    const folder = end === keyStart ? '' : arn.slice(keyStart, end);
    const cached = b.ends.get(folder);
    let node: PrefixNode;
    if (cached) {
      node = cached;
      for (let x: PrefixNode | null = node; x; x = x.parent) x.total += n;
    } else {
      node = b.root;
      node.total += n;
      let pos = 0;
      while (pos < folder.length) {
        const s = folder.indexOf('/', pos);
        const seg = folder.slice(pos, s);
        let child: PrefixNode | undefined = node.children?.get(seg);
        if (!child) {
          if (node.sealed) break;
          child = newNode(node, folder.slice(0, s + 1), seg);
          (node.children ??= new Map()).set(seg, child);
          b.nodes++;
        }
        node = child;
        node.total += n;
        pos = s + 1;
      }
      b.ends.set(folder, node);
      // Many distinct folders under a sealed node would grow the cache without bound: drop it instead.
      if (b.ends.size > 4 * this.limits.maxPrefixesPerBucket + 64) b.ends.clear();
    }
    this.addClass(node.classes, eventName, readOnly, eventType, caller, n);
    // Prune only at twice the bound so the cost is amortized; result() prunes to the bound exactly.
    if (b.nodes > 2 * this.limits.maxPrefixesPerBucket) this.prune(b);
  }

  private isAccount(a: string): boolean {
    let ok = this.validAccounts.get(a);
    if (ok === undefined) {
      ok = ACCOUNT.test(a);
      if (this.validAccounts.size > 10_000) this.validAccounts.clear();
      this.validAccounts.set(a, ok);
    }
    return ok;
  }

  private isRegion(r: string): boolean {
    let ok = this.validRegions.get(r);
    if (ok === undefined) {
      ok = REGION.test(r);
      if (this.validRegions.size > 10_000) this.validRegions.clear();
      this.validRegions.set(r, ok);
    }
    return ok;
  }

  private classId(eventName: string, readOnly: boolean, eventType: string): number {
    const k = eventType === 'AwsApiCall' ? eventName : `${eventName}\u0000${eventType}`;
    let ids = this.classIds.get(k);
    if (!ids) {
      ids = [this.nextClassId++, this.nextClassId++];
      this.classIds.set(k, ids);
    }
    return ids[readOnly ? 1 : 0];
  }

  private addClass(
    classes: Map<number, ClassCount>, eventName: string, readOnly: boolean, eventType: string, caller: string | null, n: number,
  ): void {
    const k = this.classId(eventName, readOnly, eventType);
    let c = classes.get(k);
    if (!c) {
      c = { eventName, readOnly, eventType, count: 0, callers: new CallerCounter(this.limits.callerSlots) };
      classes.set(k, c);
    }
    c.count += n;
    if (caller) c.callers.add(caller, n);
  }

  /** Roll the smallest leaf prefixes into their parents until the bucket is within its bound. */
  private prune(b: BucketAgg): void {
    const target = this.limits.maxPrefixesPerBucket;
    while (b.nodes > target) {
      const leaves: PrefixNode[] = [];
      const walk = (n: PrefixNode): void => {
        if (!n.children || n.children.size === 0) {
          if (n.parent) leaves.push(n);
          return;
        }
        for (const c of n.children.values()) walk(c);
      };
      walk(b.root);
      leaves.sort((x, y) => x.total - y.total || cmp(y.path, x.path));
      let excess = b.nodes - target;
      for (const leaf of leaves) {
        if (excess <= 0) break;
        const parent = leaf.parent!;
        for (const [k, c] of leaf.classes) {
          const into = parent.classes.get(k);
          if (into) {
            into.count += c.count;
            into.callers.merge(c.callers);
          } else {
            parent.classes.set(k, c);
          }
        }
        parent.children!.delete(leaf.segment);
        parent.sealed = true;
        b.ends.clear();
        b.nodes--;
        b.rolledUp++;
        excess--;
      }
    }
  }

  /** Span of eventTime seen, widened to whole minutes (never empty); null when no event carried a time. */
  observedWindow(): { start: string; end: string } | null {
    if (!Number.isFinite(this.minTime)) return null;
    const start = Math.floor(this.minTime / 60_000) * 60_000;
    let end = Math.ceil(this.maxTime / 60_000) * 60_000;
    if (end <= start) end = start + 60_000;
    return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
  }

  /**
   * The sample. `window` overrides the observed span (e.g. the logs are known to cover whole days).
   * Throws when there is no window at all (no event carried a time and none was given).
   */
  result(source: string, window?: { start: string; end: string }): Sample {
    const win = window ?? this.observedWindow();
    if (!win) throw new Error('no event carried an eventTime: give the window the logs cover');
    const rows: SampleRow[] = [];
    const approx = { callers: 0 };
    const emit = (
      base: { resourceType: string; arn: string; account?: string; region?: string; rolledUp?: boolean },
      classes: Map<number, ClassCount>,
    ): void => {
      const list = [...classes.values()].sort(
        (a, b) => cmp(a.eventName, b.eventName) || Number(a.readOnly) - Number(b.readOnly) || cmp(a.eventType, b.eventType),
      );
      for (const c of list) {
        const callers = c.callers.top(this.limits.topCallers);
        if (c.callers.approximate) approx.callers++;
        rows.push({
          ...(base.account ? { account: base.account } : {}),
          ...(base.region ? { region: base.region } : {}),
          resourceType: base.resourceType,
          arn: base.arn,
          eventName: c.eventName,
          readOnly: c.readOnly,
          eventType: c.eventType,
          count: c.count,
          ...(callers.length ? { callers } : {}),
          ...(base.rolledUp ? { rolledUp: true } : {}),
        });
      }
    };
    let rolledUp = 0;
    for (const b of [...this.buckets.values()].sort((x, y) => cmp(x.base, y.base))) {
      if (b.nodes > this.limits.maxPrefixesPerBucket) this.prune(b);
      rolledUp += b.rolledUp;
      const walk = (n: PrefixNode): void => {
        emit({ resourceType: S3_OBJECT, arn: b.base + n.path, account: b.account, region: b.region, rolledUp: n.sealed }, n.classes);
        if (n.children) for (const k of [...n.children.keys()].sort(cmp)) walk(n.children.get(k)!);
      };
      walk(b.root);
    }
    for (const o of [...this.others.values()].sort((x, y) => cmp(x.arn, y.arn) || cmp(x.resourceType, y.resourceType))) {
      emit(o, o.classes);
    }
    const notes: string[] = [];
    if (rolledUp) notes.push(`${rolledUp} S3 prefixes were rolled up into their parent prefix (limit ${this.limits.maxPrefixesPerBucket} per bucket, depth ${this.limits.maxDepth})`);
    if (approx.callers) notes.push(`caller counts are approximate (Space-Saving, ${this.limits.callerSlots} counters) in ${approx.callers} rows with many distinct callers`);
    if (this.ids.saturated) notes.push(`deduplication stopped remembering new eventIDs after ${this.limits.maxEventIds}; later duplicates may be counted twice`);
    if (this.noEventId) notes.push(`${this.noEventId} data events had no eventID and could not be deduplicated`);
    if (this.unattributed) notes.push(`${this.unattributed} data events had no usable resource ARN and are in no row`);
    if (this.overflow) notes.push(`more than ${this.limits.maxOtherResources} distinct non-S3 resources: ${this.overflow} events unattributed`);
    if (this.outside) notes.push(`${this.outside} events outside the window ${win.start} → ${win.end} were not counted`);
    // Scaling assumes the logs cover the whole window given; say so when the events start late or stop early.
    const seen = window ? this.observedWindow() : null;
    if (seen) {
      const gap = (Date.parse(seen.start) - Date.parse(win.start)) + (Date.parse(win.end) - Date.parse(seen.end));
      if (gap > 86_400_000) {
        notes.push(`events span ${seen.start} → ${seen.end}, ${(gap / 86_400_000).toFixed(1)} days less than the window asked for: if the logs do not cover all of it, the monthly figures are too low`);
      }
    }
    if (this.networkOverflow) notes.push(`more than ${this.limits.maxOtherResources} distinct VPC endpoint × service pairs: ${this.networkOverflow} network activity events in no row`);
    if (this.untimed) notes.push(`${this.untimed} events had no eventTime (counted, but not in the window)`);
    return {
      source,
      window: win,
      records: this.records,
      duplicates: this.duplicates,
      rows,
      ...(this.network.size ? { network: [...this.network.values()].sort((a, b) => cmp(a.account ?? '', b.account ?? '') || cmp(a.region ?? '', b.region ?? '') || cmp(a.eventSource, b.eventSource) || cmp(a.vpcEndpointId ?? '', b.vpcEndpointId ?? '')) } : {}),
      nonData: this.nonData,
      unattributed: this.unattributed,
      noEventId: this.noEventId,
      ...(notes.length ? { notes } : {}),
    };
  }
}

function accountOfArn(arn: string): string | undefined {
  const a = arn.split(':')[4];
  return a && ACCOUNT.test(a) ? a : undefined;
}

function regionOfArn(arn: string): string | undefined {
  const r = arn.split(':')[3];
  return r && REGION.test(r) ? r : undefined;
}
