/**
 * The one model builder: a snapshot (+ volumes a scenario declares) → the volume model, monthly events per
 * resource node × event class with provenance and bounds. Tree: account › Region › bucket › prefix, with
 * functions and tables under their Region. A node's `classes` hold its residual (what no child accounts for).
 * Pure: no I/O, no clock.
 */
import { RESOURCE_TYPES } from '../selectors/data-events.js';
import { MONTH_HOURS, type ModelAssumptions } from './assumptions.js';
import { classKey, eventClass, s3MetricClasses, unknownClasses } from './classes.js';
import type { DeclaredVolumes } from './declared.js';
import type { Snapshot } from './snapshot.js';
import type { ClassVolume, EventClass, ModelNode, Provenance, VolumeModel } from './types.js';
import { curVolume, disagreement, DISAGREEMENT_WARN, indexCur, indexLens, lensVolume, s3RequestGroup, type SourceVolume, type SpanClass } from './volume-sources.js';

type Note = VolumeModel['notes'][number];

/** Volumes per class at one point of a bucket's prefix trie (totals, before residuals). */
interface Acc {
  cls: EventClass;
  low: number;
  high: number;
  events: number | null;
  provenance: Provenance;
  assumption?: string;
  callers?: Map<string, number>;
}
type ClassMap = Map<string, Acc>;

/** `n` events (the point value and low bound); `high` above it when some may or may not be events (access logs). */
function add(m: ClassMap, cls: EventClass, n: number, provenance: Provenance, assumption?: string, high = n): void {
  const k = classKey(cls);
  const a = m.get(k);
  if (a) {
    a.low += n;
    a.high += high;
    if (a.events !== null) a.events += n;
    if (assumption && !a.assumption) a.assumption = assumption;
  } else {
    m.set(k, { cls, low: n, high, events: n, provenance, assumption });
  }
}

function windowHours(w: { start: string; end: string }): number {
  return (Date.parse(w.end) - Date.parse(w.start)) / 3_600_000;
}

export function s3PrefixArn(bucket: string, prefix: string): string {
  return `arn:aws:s3:::${bucket}/${prefix}`;
}

export interface BuildOptions {
  declared: DeclaredVolumes;
  assumptions: ModelAssumptions;
}

export function buildModel(snapshot: Snapshot, opts: BuildOptions): VolumeModel {
  const { declared, assumptions: A } = opts;
  const nodes = new Map<string, ModelNode>();
  const roots: string[] = [];
  const notes: Note[] = [];
  const growth = A.growth;
  // A scan repeats one window on every measurement: its hours are parsed once, not per measurement.
  let last = { start: '', end: '', hours: 0 };
  const monthly = (sum: number, w: { start: string; end: string }): number => {
    if (w.start !== last.start || w.end !== last.end) last = { start: w.start, end: w.end, hours: windowHours(w) };
    const h = last.hours;
    return h > 0 ? (sum * MONTH_HOURS * growth) / h : 0;
  };

  const accountName = new Map(snapshot.accounts.map((a) => [a.id, a.name]));
  const ensureAccount = (id: string): string => {
    const nid = `acct:${id}`;
    if (!nodes.has(nid)) {
      const name = accountName.get(id);
      nodes.set(nid, { id: nid, parentId: null, kind: 'account', label: name ? `${name} (${id})` : id, account: id, region: null, childIds: [], classes: [] });
      roots.push(nid);
    }
    return nid;
  };
  // Resources come grouped by account and Region: the last Region asked for is usually the one.
  let lastRegion = { acct: '', region: '', id: '' };
  const ensureRegion = (acct: string, region: string): string => {
    if (acct === lastRegion.acct && region === lastRegion.region && lastRegion.id) return lastRegion.id;
    const nid = `region:${acct}:${region}`;
    if (!nodes.has(nid)) {
      const parent = ensureAccount(acct);
      nodes.set(nid, { id: nid, parentId: parent, kind: 'region', label: region, account: acct, region, childIds: [], classes: [] });
      nodes.get(parent)!.childIds.push(nid);
    }
    lastRegion = { acct, region, id: nid };
    return nid;
  };
  const addNode = (n: ModelNode): void => {
    nodes.set(n.id, n);
    if (n.parentId) nodes.get(n.parentId)!.childIds.push(n.id);
  };
  for (const a of snapshot.accounts) ensureAccount(a.id);

  // Index measurements and samples once (a generated org has 100k+ of them).
  const s3Metrics = new Map<string, Map<string, Map<string, number | null>>>(); // bucket → filterId → metric → monthly
  const lambdaInv = new Map<string, number | null>(); // account/region/name → monthly
  const ddbOps = new Map<string, Map<string, number | null>>(); // account/region/table → op → monthly
  let lastBucket: string | null = null;
  let lastFilters: Map<string, Map<string, number | null>> | undefined;
  for (const m of snapshot.measurements) {
    const v = m.sum === null ? null : monthly(m.sum, m.window);
    if (m.kind === 's3') {
      // A scan lists a bucket's measurements together: its filters' map is usually the last one's.
      let byFilter = m.bucket === lastBucket ? lastFilters : s3Metrics.get(m.bucket);
      if (!byFilter) s3Metrics.set(m.bucket, (byFilter = new Map()));
      lastBucket = m.bucket;
      lastFilters = byFilter;
      let byMetric = byFilter.get(m.filterId);
      if (!byMetric) byFilter.set(m.filterId, (byMetric = new Map()));
      const prev = byMetric.get(m.metric);
      byMetric.set(m.metric, v === null ? (prev ?? null) : (prev ?? 0) + v);
    } else if (m.kind === 'lambda') {
      const k = `${m.account}/${m.region}/${m.function}`;
      const prev = lambdaInv.get(k);
      lambdaInv.set(k, v === null ? (prev ?? null) : (prev ?? 0) + v);
    } else if (m.kind === 'dynamodb') {
      const k = `${m.account}/${m.region}/${m.table}`;
      const ops = ddbOps.get(k) ?? new Map<string, number | null>();
      ddbOps.set(k, ops);
      const prev = ops.get(m.operation);
      ops.set(m.operation, v === null ? (prev ?? null) : (prev ?? 0) + v);
    }
  }
  // Sample rows by bucket / exact ARN, scaled to a month (growth included: monthly() applies it, so users of
  // `n` must not apply it again), each with the kind of sample it came from.
  const s3Samples = new Map<string, SampleEntry[]>();
  const arnSamples = new Map<string, SampleEntry[]>();
  for (const s of snapshot.samples) {
    const scale = monthly(1, s.window);
    const prov = SAMPLE_PROVENANCE[s.kind ?? 'cloudtrail'];
    for (const r of s.rows) {
      const cls = eventClass(r.resourceType, r.eventName, r.eventType, r.readOnly);
      const e: SampleEntry = { prefix: '', cls, n: r.count * scale, extra: (r.uncertain ?? 0) * scale, prov, callers: r.callers, scale };
      if (r.resourceType === RESOURCE_TYPES.s3Object) {
        const m = /^arn:[^:]+:s3:::([^/]+)\/(.*)$/.exec(r.arn);
        if (!m) continue;
        e.prefix = m[2];
        const list = s3Samples.get(m[1]) ?? [];
        list.push(e);
        s3Samples.set(m[1], list);
      } else {
        const list = arnSamples.get(r.arn) ?? [];
        list.push(e);
        arnSamples.set(r.arn, list);
      }
    }
  }

  // Whole-bucket request counts from Storage Lens and a billing export (aws-facts §8), for buckets nothing closer covers.
  const lensIdx = indexLens(snapshot.measurements, growth);
  const curIdx = indexCur(snapshot.measurements, growth);
  const caveats = new Map<string, { level: Note['level']; code: string; text: string; buckets: string[] }>();

  // ---- S3 buckets ----
  for (const b of snapshot.buckets) {
    const regionId = ensureRegion(b.account, b.region);
    const known = new Map<string, ClassMap>(); // prefix ('' = whole bucket) → totals
    const getMap = (p: string): ClassMap => {
      let m = known.get(p);
      if (!m) known.set(p, (m = new Map()));
      return m;
    };
    const decl = declared.buckets.get(b.name);
    const samples = closestSample(s3Samples.get(b.name), b.name, notes);
    const metrics = s3Metrics.get(b.name);
    let bucketKnown = false;
    // The bucket's total came from Storage Lens or a billing export (their class split can differ from a prefix's).
    let altTotal = false;
    if (decl) {
      if (decl.requests || decl.events) {
        bucketKnown = true;
        const m = getMap('');
        addRequests(m, decl.requests, A.deleteObjects, growth, 'declared');
        addEvents(m, decl.events, growth, 'declared');
      }
      for (const p of decl.prefixes) {
        const pm = getMap(p.prefix);
        if (p.share !== undefined) {
          for (const a of getMap('').values()) {
            if (a.cls.eventType === 'AwsServiceEvent' || a.cls.eventName === 'DeleteObjects') continue;
            add(pm, a.cls, (a.events ?? 0) * p.share, 'declared', `${Math.round(p.share * 1000) / 10}% of the bucket (declared share)`);
          }
        }
        addRequests(pm, p.requests, null, growth, 'declared');
        addEvents(pm, p.events, growth, 'declared');
      }
    } else if (samples && samples.length > 0) {
      bucketKnown = true;
      // The sample gives the split; an unfiltered metric (if any) gives the total it is scaled to.
      let sampleTotal = 0;
      for (const r of samples) sampleTotal += r.n;
      const unfiltered = metrics ? unfilteredConfig(b, metrics) : undefined;
      let factor = 1;
      let note = SAMPLE_NOTE[samples[0].prov] ?? 'from a log sample, scaled to a month';
      if (unfiltered && sampleTotal > 0) {
        // A request metric with no data points adds nothing, as in the metrics-only path below (S3 publishes a
        // request metric only when such requests happen); it must not turn the bucket's measured total into the
        // sample's own (much smaller) count.
        let metricTotal = 0;
        for (const [metric, v] of unfiltered) {
          if (metric === 'AllRequests' || v === null) continue;
          metricTotal += v;
        }
        if (metricTotal > 0) {
          factor = metricTotal / sampleTotal;
          note = `${samples[0].prov === 'sample' ? 'log-sample' : samples[0].prov} split scaled to request metrics (×${factor.toFixed(2)})`;
        }
      }
      for (const r of samples) {
        const p = r.prefix;
        const m = getMap(p);
        add(m, r.cls, r.n * factor, r.prov, note, (r.n + r.extra) * factor);
        if (r.callers) {
          const a = m.get(classKey(r.cls))!;
          a.callers ??= new Map();
          for (const c of r.callers) a.callers.set(c.arn, (a.callers.get(c.arn) ?? 0) + c.count * r.scale * factor);
        }
      }
      if (!known.has('')) known.set('', new Map());
      // Sample rows are leaves, not totals: turn them into totals by adding each prefix into its ancestors.
      rollUpSampleTotals(known);
    } else if (metrics) {
      for (const cfg of b.metricsConfigurations) {
        const f = cfg.filter;
        let prefix: string | null = null;
        if (!f || (!f.prefix && !f.tags?.length && !f.accessPointArn)) prefix = '';
        else if (f.prefix && !f.tags?.length && !f.accessPointArn) prefix = f.prefix;
        if (prefix === null) {
          notes.push({ level: 'info', code: 'metrics-filter-ignored', message: `${b.name}: metrics configuration "${cfg.id}" filters by tag or access point; it cannot be placed on a prefix and is ignored`, nodeId: `s3:${s3PrefixArn(b.name, '')}` });
          continue;
        }
        const byMetric = metrics.get(cfg.id);
        if (!byMetric) continue;
        if (known.has(prefix)) continue; // first configuration for a prefix wins
        const values = [...byMetric].filter(([metric]) => metric !== 'AllRequests');
        if (values.length === 0 || values.every(([, v]) => v === null)) {
          notes.push({ level: 'warning', code: 'metrics-no-data', message: `${b.name}${prefix ? `/${prefix}` : ''}: request metrics configured ("${cfg.id}") but returned no data points: volume unknown`, nodeId: `s3:${s3PrefixArn(b.name, prefix)}` });
          continue;
        }
        const m = getMap(prefix);
        for (const [metric, v] of values) {
          if (v === null) continue;
          for (const ms of s3MetricClasses(metric, prefix === '' ? A.deleteObjects : null)) add(m, ms.cls, v * ms.share, 'metric', ms.assumption);
        }
        if (prefix === '') bucketKnown = true;
      }
    }

    // Closest first: request metrics (above), then Storage Lens, then the billing export. A declared volume or a
    // log sample is closer still and is not compared.
    if (!decl && !(samples && samples.length > 0)) {
      const alts: Array<{ prov: Provenance; v: SourceVolume }> = [];
      const lb = lensIdx.get(b.name);
      if (lb) alts.push({ prov: 'lens', v: lensVolume(lb, A.deleteObjects) });
      const cr = curIdx.get(b.name);
      const cv = cr ? curVolume(cr) : undefined;
      if (cv?.classes.length) alts.push({ prov: 'billing', v: cv });
      const whole = bucketKnown && metrics ? unfilteredConfig(b, metrics) : undefined;
      let used: { label: string; total: { low: number; high: number } } | undefined;
      if (whole) used = { label: 'request metrics', total: metricNonDelete(whole) };
      for (const alt of alts) {
        if (!used) {
          const m = getMap('');
          for (const c of alt.v.classes) addSpan(m, c, alt.prov);
          bucketKnown = true;
          altTotal = true;
          used = { label: alt.v.label, total: alt.v.nonDelete };
          for (const n of alt.v.notes) {
            const c = caveats.get(n.code) ?? { ...n, buckets: [] };
            c.buckets.push(b.name);
            caveats.set(n.code, c);
          }
          continue;
        }
        const gap = spanGap(used.total, alt.v.nonDelete);
        if (gap > DISAGREEMENT_WARN) {
          const f = (x: { low: number; high: number }) => (x.low === x.high ? fmt(x.low) : `${fmt(x.low)}–${fmt(x.high)}`);
          notes.push({
            level: 'warning', code: 'volume-sources-disagree',
            message: `${b.name}: ${used.label} give ${f(used.total)} requests a month (deletes aside), ${alt.v.label} ${f(alt.v.nonDelete)} (${Math.round(gap * 100)}% apart); ${used.label} used`,
            nodeId: `s3:${s3PrefixArn(b.name, '')}`,
          });
        }
      }
    }

    const bucketArn = s3PrefixArn(b.name, '');
    const bucketId = `s3:${bucketArn}`;
    const prefixes = [...known.keys()].filter((p) => p !== '').sort();
    const childIdsOf = new Map<string, string[]>();
    const parentOf = new Map<string, string>();
    const prefixSet = new Set(prefixes);
    for (const p of prefixes) {
      // Longest other known prefix that contains p, else the bucket.
      const parent = knownParent(p, prefixSet);
      parentOf.set(p, parent);
      const list = childIdsOf.get(parent) ?? [];
      list.push(p);
      childIdsOf.set(parent, list);
    }
    const residual = (p: string, isKnown: boolean): ClassVolume[] => {
      const own = known.get(p);
      if (!own || (p === '' && !isKnown)) {
        return unknownClasses(RESOURCE_TYPES.s3Object).map((cls) => ({ cls, volume: { events: null, low: null, high: null, provenance: 'unknown' } }));
      }
      // A leaf's totals are its residual as they are: read, never copied to subtract from (most nodes of a big inventory).
      const children = childIdsOf.get(p) ?? [];
      const out = children.length > 0 ? new Map<string, Acc>() : own;
      const subtracted = children.length > 0 ? new Set<string>() : null;
      if (out !== own) for (const [k, a] of own) out.set(k, { ...a });
      for (const c of children) {
        for (const [k, a] of known.get(c) ?? []) {
          const r = out.get(k);
          if (!r) {
            if (p === '' && altTotal && absorbChild(out, a)) continue;
            if (a.low > 0) notes.push({ level: 'warning', code: 'inconsistent-prefix', message: `${b.name}/${c}: ${a.cls.eventName} volume is not in ${p ? `${b.name}/${p}` : b.name}'s total; residual clamped to 0`, nodeId: `s3:${s3PrefixArn(b.name, c)}` });
            continue;
          }
          subtracted!.add(k);
          r.low -= a.low;
          r.high -= a.high;
          if (r.events !== null) r.events -= a.events ?? 0;
        }
      }
      const cv: ClassVolume[] = [];
      for (const [k, r] of out) {
        // A class wholly accounted for by the children leaves nothing behind here.
        // (An unbounded class — Infinity — is never used up by its children.)
        if (subtracted?.has(k) && Number.isFinite(r.high) && Math.abs(r.high) <= 1e-6 * Math.max(1, own.get(k)!.high)) continue;
        if (r.high < -1e-6 * Math.max(1, r.high + 1)) {
          notes.push({ level: 'warning', code: 'inconsistent-prefix', message: `${p ? `${b.name}/${p}` : b.name}: ${r.cls.eventName} of its prefixes exceeds its own total; residual clamped to 0`, nodeId: `s3:${s3PrefixArn(b.name, p)}` });
        }
        const low = Math.max(0, r.low);
        const high = Math.max(0, r.high);
        const events = r.events === null ? null : Math.max(0, r.events);
        cv.push(classVolume(r, events, low, high));
      }
      return cv;
    };
    addNode({
      id: bucketId, parentId: regionId, kind: 'bucket', label: b.name, account: b.account, region: b.region,
      resourceType: RESOURCE_TYPES.s3Object, arnPrefix: bucketArn, childIds: [], classes: residual('', bucketKnown || (known.get('')?.size ?? 0) > 0),
    });
    if (!bucketKnown && !(known.get('')?.size)) {
      notes.push({ level: 'warning', code: 'unknown-volume', message: `${b.name}: no request metrics, sample or declared volume: volume unknown (not zero)`, nodeId: bucketId });
    }
    for (const p of prefixes) {
      const arnPrefix = s3PrefixArn(b.name, p);
      const parent = parentOf.get(p)!;
      addNode({
        id: `s3:${arnPrefix}`, parentId: parent === '' ? bucketId : `s3:${s3PrefixArn(b.name, parent)}`, kind: 'prefix',
        label: parent === '' ? p : p.slice(parent.length), account: b.account, region: b.region,
        resourceType: RESOURCE_TYPES.s3Object, arnPrefix, childIds: [], classes: residual(p, true),
      });
    }
  }

  // ---- Lambda functions ----
  for (const f of snapshot.functions) {
    const regionId = ensureRegion(f.account, f.region);
    const T = RESOURCE_TYPES.lambdaFunction;
    const decl = declared.functions.get(f.arn);
    const sample = closestSample(arnSamples.get(f.arn), f.name, notes);
    let invocations: number | null = null;
    let provenance: Provenance = 'unknown';
    if (decl?.invocations !== undefined) {
      invocations = decl.invocations * growth;
      provenance = 'declared';
    } else {
      const v = lambdaInv.get(`${f.account}/${f.region}/${f.name}`);
      if (v !== undefined && v !== null) {
        invocations = v;
        provenance = 'metric';
      }
    }
    let asyncShare = decl?.asyncShare ?? f.asyncShare ?? null;
    let shareSource = asyncShare !== null ? 'snapshot' : '';
    const classes: ClassVolume[] = [];
    if (invocations === null && sample) {
      for (const r of sample) addClass(classes, r.cls, r.n, r.prov, SAMPLE_NOTE[r.prov] ?? 'from a log sample, scaled to a month');
    } else if (invocations !== null) {
      if (asyncShare === null && sample) {
        const inv = sample.filter((r) => r.cls.eventName === 'Invoke').reduce((a, r) => a + r.n, 0);
        const exe = sample.filter((r) => r.cls.eventName === 'InvokeExecution').reduce((a, r) => a + r.n, 0);
        if (inv > 0) {
          asyncShare = Math.min(1, exe / inv);
          shareSource = 'log sample';
        }
      }
      if (asyncShare === null && A.lambdaAsyncShare !== null) {
        asyncShare = A.lambdaAsyncShare;
        shareSource = 'assumption';
      }
      classes.push({ cls: eventClass(T, 'Invoke', 'AwsApiCall', false), volume: { events: invocations, low: invocations, high: invocations, provenance } });
      const exec = eventClass(T, 'InvokeExecution', 'AwsApiCall', false);
      if (asyncShare === null) {
        classes.push({ cls: exec, volume: { events: null, low: 0, high: invocations, provenance }, assumption: 'async share unknown: 0–100% of invocations add an InvokeExecution event' });
      } else if (asyncShare > 0) {
        const n = invocations * asyncShare;
        classes.push({ cls: exec, volume: { events: n, low: n, high: n, provenance }, assumption: `${Math.round(asyncShare * 100)}% async (${shareSource}): one InvokeExecution per async invoke (retries add more)` });
      }
    } else {
      for (const cls of unknownClasses(T)) classes.push({ cls, volume: { events: null, low: null, high: null, provenance: 'unknown' } });
      notes.push({ level: 'warning', code: 'unknown-volume', message: `${f.name}: no Invocations metric, sample or declared volume: volume unknown (not zero)`, nodeId: `fn:${f.arn}` });
    }
    addNode({ id: `fn:${f.arn}`, parentId: regionId, kind: 'function', label: f.name, account: f.account, region: f.region, resourceType: T, arn: f.arn, childIds: [], classes });
  }

  // ---- DynamoDB tables ----
  for (const t of snapshot.tables) {
    const regionId = ensureRegion(t.account, t.region);
    const T = RESOURCE_TYPES.dynamoTable;
    const decl = declared.tables.get(t.arn)?.operations;
    const ops = ddbOps.get(`${t.account}/${t.region}/${t.name}`);
    const sample = closestSample(arnSamples.get(t.arn), t.name, notes);
    const classes: ClassVolume[] = [];
    if (decl) {
      for (const [op, n] of Object.entries(decl)) addClass(classes, eventClass(T, op), n * growth, 'declared');
    } else if (ops && [...ops.values()].some((v) => v !== null)) {
      for (const [op, n] of ops) if (n !== null) addClass(classes, eventClass(T, op), n, 'metric');
    } else if (sample) {
      for (const r of sample) addClass(classes, r.cls, r.n, r.prov, SAMPLE_NOTE[r.prov] ?? 'from a log sample, scaled to a month');
    } else {
      for (const cls of unknownClasses(T)) classes.push({ cls, volume: { events: null, low: null, high: null, provenance: 'unknown' } });
      notes.push({ level: 'warning', code: 'unknown-volume', message: `${t.name}: no request metrics, sample or declared volume: volume unknown (not zero)`, nodeId: `ddb:${t.arn}` });
    }
    addNode({ id: `ddb:${t.arn}`, parentId: regionId, kind: 'table', label: t.name, account: t.account, region: t.region, resourceType: T, arn: t.arn, childIds: [], classes });
  }

  for (const c of caveats.values()) {
    const names = c.buckets.slice(0, 3).join(', ') + (c.buckets.length > 3 ? ', …' : '');
    notes.push({ level: c.level, code: c.code, message: `${c.buckets.length} bucket(s) (${names}): ${c.text}` });
  }
  if (growth !== 1) notes.push({ level: 'info', code: 'growth', message: `every volume multiplied by ${growth} (growth assumption)` });
  return { nodes, roots, notes };
}

/** One sample row, scaled to a month: `n` events for sure, `extra` that may be (access logs' uncertain requests). */
interface SampleEntry {
  prefix: string;
  cls: EventClass;
  n: number;
  extra: number;
  prov: Provenance;
  callers?: Array<{ arn: string; count: number }>;
  scale: number;
}

const SAMPLE_PROVENANCE: Record<'cloudtrail' | 'access-log' | 'aggregated', Provenance> = {
  cloudtrail: 'sample', 'access-log': 'access-log', aggregated: 'aggregated',
};
const SAMPLE_NOTE: Partial<Record<Provenance, string>> = {
  sample: 'from a log sample, scaled to a month',
  'access-log': 'from S3 server access logs (requests mapped to data events; best-effort: records may be missing; up to the uncertain requests), scaled to a month',
  aggregated: 'from CloudTrail aggregated events (5-minute counts of the data events the trail logged), scaled to a month',
};
/** Closest first: CloudTrail's own events, then its aggregated counts, then access-log requests. */
const SAMPLE_RANK: Partial<Record<Provenance, number>> = { sample: 0, aggregated: 1, 'access-log': 2 };

/**
 * The rows of the closest kind of sample a resource has (kinds are never added together: they count the same
 * requests). When another kind's total is far from it, a note says so.
 */
function closestSample(rows: SampleEntry[] | undefined, name: string, notes: Note[]): SampleEntry[] | undefined {
  if (!rows || rows.length === 0) return rows;
  const totals = new Map<Provenance, number>();
  for (const r of rows) totals.set(r.prov, (totals.get(r.prov) ?? 0) + r.n);
  if (totals.size === 1) return rows;
  const kinds = [...totals.keys()].sort((a, b) => (SAMPLE_RANK[a] ?? 9) - (SAMPLE_RANK[b] ?? 9));
  const used = kinds[0];
  for (const k of kinds.slice(1)) {
    const gap = disagreement(totals.get(used)!, totals.get(k)!);
    if (gap > DISAGREEMENT_WARN) {
      notes.push({
        level: 'warning', code: 'volume-sources-disagree',
        message: `${name}: ${used} gives ${fmt(totals.get(used)!)} events a month, ${k} ${fmt(totals.get(k)!)} (${Math.round(gap * 100)}% apart); ${used} used`,
      });
    }
  }
  return rows.filter((r) => r.prov === used);
}

function classVolume(a: Acc, events: number | null, low: number, high: number): ClassVolume {
  // An unbounded class (a source that cannot see it, e.g. DELETE in a billing export) carries high = Infinity here.
  const cv: ClassVolume = { cls: a.cls, volume: { events, low, high: Number.isFinite(high) ? high : null, provenance: a.provenance } };
  if (a.assumption) cv.assumption = a.assumption;
  if (a.callers && a.callers.size > 0) {
    const total = [...a.callers.values()].reduce((x, y) => x + y, 0);
    cv.callers = [...a.callers].map(([arn, n]) => ({ arn, share: total > 0 ? n / total : 0 })).sort((x, y) => y.share - x.share);
  }
  return cv;
}

/**
 * A prefix class its bucket's total (from Storage Lens or a billing export) does not name: the total holds it under
 * another class of the same request group (a billing export's CompleteMultipartUpload for the PostRequests split
 * of request metrics), or inside a range class (requests the export gives no operation for). Take it from there:
 * from a same-group class pro rata, or from a range class's high only (its low counts other, named requests).
 */
function absorbChild(out: Map<string, Acc>, a: Acc): boolean {
  const group = s3RequestGroup(a.cls.eventName);
  const same = [...out.values()].filter((r) => group !== undefined && s3RequestGroup(r.cls.eventName) === group && Number.isFinite(r.high) && r.high > 0);
  if (same.length) {
    const total = same.reduce((x, r) => x + r.high, 0);
    for (const r of same) {
      const f = r.high / total;
      r.low = Math.max(0, r.low - a.low * f);
      r.high -= a.high * f;
      if (r.events !== null) r.events = Math.max(0, r.events - (a.events ?? a.low) * f);
    }
    return true;
  }
  const range = [...out.values()].filter((r) => r.events === null && r.cls.readOnly === a.cls.readOnly && Number.isFinite(r.high) && r.high >= a.high);
  if (range.length) {
    range[0].high -= a.high;
    range[0].low = Math.min(range[0].low, range[0].high);
    return true;
  }
  return false;
}

/** A class with bounds (and no point value when only bounds are known); an unbounded high is kept as Infinity. */
function addSpan(m: ClassMap, c: SpanClass, provenance: Provenance): void {
  const k = classKey(c.cls);
  const high = c.high ?? Infinity;
  const a = m.get(k);
  if (a) {
    a.low += c.low;
    a.high += high;
    a.events = a.events === null || c.events === null ? null : a.events + c.events;
  } else {
    m.set(k, { cls: c.cls, low: c.low, high, events: c.events, provenance, assumption: c.assumption });
  }
}

/** Monthly requests of a whole-bucket request-metrics configuration, deletes aside (comparable with every source). */
function metricNonDelete(byMetric: Map<string, number | null>): { low: number; high: number } {
  let n = 0;
  for (const [metric, v] of byMetric) if (metric !== 'AllRequests' && metric !== 'DeleteRequests' && v !== null) n += v;
  return { low: n, high: n };
}

/** How far apart two ranges are, relative to the larger end (0 when they overlap). */
function spanGap(a: { low: number; high: number }, b: { low: number; high: number }): number {
  if (a.high >= b.low && b.high >= a.low) return 0;
  return a.high < b.low ? disagreement(a.high, b.low) : disagreement(b.high, a.low);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function addClass(out: ClassVolume[], cls: EventClass, n: number, provenance: Provenance, assumption?: string): void {
  const k = classKey(cls);
  const cv = out.find((c) => classKey(c.cls) === k);
  if (cv) {
    cv.volume.events = (cv.volume.events ?? 0) + n;
    cv.volume.low = (cv.volume.low ?? 0) + n;
    cv.volume.high = (cv.volume.high ?? 0) + n;
    return;
  }
  const c: ClassVolume = { cls, volume: { events: n, low: n, high: n, provenance } };
  if (assumption) c.assumption = assumption;
  out.push(c);
}

function addRequests(m: ClassMap, req: Partial<Record<string, number>> | undefined, del: { share: number; keysPerCall: number } | null, growth: number, prov: Provenance): void {
  if (!req) return;
  for (const [metric, v] of Object.entries(req)) {
    if (v === undefined) continue;
    for (const ms of s3MetricClasses(metric, del)) add(m, ms.cls, v * growth * ms.share, prov, ms.assumption);
  }
}

function addEvents(m: ClassMap, ev: Record<string, number> | undefined, growth: number, prov: Provenance): void {
  if (!ev) return;
  for (const [name, v] of Object.entries(ev)) add(m, eventClass(RESOURCE_TYPES.s3Object, name), v * growth, prov);
}

function unfilteredConfig(b: Snapshot['buckets'][number], metrics: Map<string, Map<string, number | null>>): Map<string, number | null> | undefined {
  for (const cfg of b.metricsConfigurations) {
    const f = cfg.filter;
    if (!f || (!f.prefix && !f.tags?.length && !f.accessPointArn)) {
      const m = metrics.get(cfg.id);
      if (m) return m;
    }
  }
  return undefined;
}

/** The longest prefix of `p` (shorter than p) that is in `set`, else '' (the bucket). */
function knownParent(p: string, set: ReadonlySet<string>): string {
  for (let len = p.length - 1; len > 0; len--) {
    const q = p.slice(0, len);
    if (set.has(q)) return q;
  }
  return '';
}

/** Sample rows are per deepest prefix; known totals must include descendants, so add each into its ancestors. */
function rollUpSampleTotals(known: Map<string, ClassMap>): void {
  const set = new Set([...known.keys()].filter((p) => p !== ''));
  const leaves = [...known].map(([p, m]) => [p, [...m.values()].map((a) => ({ ...a }))] as const);
  for (const [p, accs] of leaves) {
    if (p === '') continue;
    let q = p;
    do {
      q = knownParent(q, set);
      const target = known.get(q)!;
      for (const a of accs) add(target, a.cls, a.low, a.provenance, a.assumption, a.high);
    } while (q !== '');
  }
}
