/**
 * The detail pane's data for one Resources row: full ARN, which trails log it and which event classes, the class
 * split with volumes and where each volume comes from, and the policy statement that decides it. Everything is read
 * from the estimator the table uses (its index and per-trail evaluations, priced with its cost per event) and from
 * the row itself (the policy model's answer): nothing here models or prices anything again. A `(rest)` row reads
 * its owner node alone; any other row its whole subtree.
 */
import { ALL, NONE } from '../selectors/evaluate.js';
import { nodeExact, nodeKey, type PolicyModel } from '../model/policy-model.js';
import { isPolicyType } from '../model/policy.js';
import type { Estimator } from '../estimate/estimator.js';
import type { ModelNode, Provenance, VolumeModel } from '../model/types.js';
import type { Events, NodeDecision, ProposedState, Range, ResourceRow, Usd } from './view-model.js';

export interface DetailClass {
  /** `GetObject read`, `DeleteObject (AwsServiceEvent) write`. */
  label: string;
  /** Monthly volume at the resource (not what trails deliver); null when no part of it is known. */
  volume: Events;
  /** Class entries of unknown volume folded into this line (shown as "+?"), never counted as zero. */
  unknownParts: number;
  /** Provenance of its volume, `metric+sample` when the subtree's parts differ. */
  provenance: string;
  assumptions: string[];
}

export interface DetailTrail {
  name: string;
  kind: 'trail' | 'eventDataStore';
  governed: boolean;
  /** The trail reaches this account and Region at all. */
  covers: boolean;
  logs: 'all' | 'part' | 'none';
  /** Classes it logs in full, and those it logs in part (a selector splits them where the model cannot). */
  full: string[];
  partly: string[];
  events: Range;
  usd: Range;
  /** Classes of unknown volume it logs (not counted). */
  unknown: number;
  /** The policy's answer for this trail when it differs from the row's (a trail's own log bucket). */
  answer?: string;
}

export interface DetailSource {
  provenance: Provenance;
  classes: number;
  volume: Events;
  unknownParts: number;
}

export interface ResourceDetail {
  id: string;
  title: string;
  /** `S3 bucket`, `S3 prefix`, `the rest of S3 bucket acme-datalake`, `Lambda function`, `DynamoDB table`, … */
  what: string;
  /** The full ARN (functions, tables) or ARN prefix (S3); null for accounts and Regions. */
  arn: string | null;
  /** For a `(rest)` row: the child prefixes it leaves out. */
  except: string[];
  account: string;
  region: string | null;
  events: Events;
  costNow: Usd;
  costProposed: Usd;
  proposed: ProposedState;
  unknown: number;
  classes: DetailClass[];
  sources: DetailSource[];
  trails: DetailTrail[];
  decision: NodeDecision;
  effective?: string;
  via?: string;
  sensitive?: boolean;
  readOnly?: string;
  /** Decisions a `(rest)` decision writes on child prefixes so they keep their answer. */
  pins: string[];
  /** Model notes about this node (scaled samples, missing metrics). */
  notes: string[];
  /** Resources under it (containers): how many of each kind. */
  contains: string[];
}

const KIND_WORDS: Record<ModelNode['kind'], string> = {
  account: 'account', region: 'Region', bucket: 'S3 bucket', prefix: 'S3 prefix', function: 'Lambda function', table: 'DynamoDB table',
};

function classLabel(n: ModelNode, j: number): string {
  const c = n.classes[j].cls;
  return `${c.eventName}${c.eventType !== 'AwsApiCall' ? ` (${c.eventType})` : ''} ${c.readOnly ? 'read' : 'write'}`;
}

export interface DetailInput {
  est: Estimator;
  model: VolumeModel;
  pm: PolicyModel | null;
  /** The row the table shows (its figures and the policy answer are reused as they are). */
  row: ResourceRow;
  /** The node whose data the row stands for (the owner for a `(rest)` row). */
  node: ModelNode;
  /** True for a `(rest)` row: the node's own classes only. */
  rest: boolean;
  proposed: ProposedState;
  pins?: Array<[string, string]>;
}

export function resourceDetail(x: DetailInput): ResourceDetail {
  const { est, node, row } = x;
  const ix = est.index;
  const i = ix.idx.get(node.id);
  if (i === undefined) throw new Error(`no model node "${node.id}"`);
  const last = x.rest ? i + 1 : ix.end[i];

  // Event classes, merged by label over the scope, with volume and provenance.
  const byLabel = new Map<string, { low: number; high: number; known: number; unknownParts: number; provs: Set<string>; assumptions: Set<string> }>();
  const sources = new Map<Provenance, DetailSource & { known: number; low: number; high: number }>();
  const contains = new Map<string, number>();
  for (let k = i; k < last; k++) {
    const n = ix.nodes[k];
    if (k !== i) contains.set(n.kind, (contains.get(n.kind) ?? 0) + 1);
    for (let c = ix.classStart[k], j = 0; c < ix.classStart[k + 1]; c++, j++) {
      const label = classLabel(n, j);
      let e = byLabel.get(label);
      if (!e) byLabel.set(label, (e = { low: 0, high: 0, known: 0, unknownParts: 0, provs: new Set(), assumptions: new Set() }));
      const cv = n.classes[j];
      e.provs.add(cv.volume.provenance);
      if (cv.assumption) e.assumptions.add(cv.assumption);
      let s = sources.get(cv.volume.provenance);
      if (!s) sources.set(cv.volume.provenance, (s = { provenance: cv.volume.provenance, classes: 0, volume: null, unknownParts: 0, known: 0, low: 0, high: 0 }));
      s.classes++;
      if (Number.isNaN(ix.high[c])) {
        e.unknownParts++;
        s.unknownParts++;
        continue;
      }
      const lo = Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
      e.low += lo;
      e.high += ix.high[c];
      e.known++;
      s.low += lo;
      s.high += ix.high[c];
      s.known++;
    }
  }
  const classes: DetailClass[] = [...byLabel].map(([label, e]) => ({
    label,
    volume: e.known > 0 ? { low: e.low, high: e.high } : null,
    unknownParts: e.unknownParts,
    provenance: [...e.provs].sort().join('+'),
    assumptions: [...e.assumptions],
  }));
  classes.sort((a, b) => (b.volume?.high ?? -1) - (a.volume?.high ?? -1) || a.label.localeCompare(b.label));

  // Trails: the estimator's cached verdict per class and events per node, priced with its cost per event.
  const key = nodeKey(node);
  const trails: DetailTrail[] = est.trails.map((t) => {
    const ev = est.evaluation(t.name);
    const unit = est.unitCost(t.name);
    const full = new Set<string>();
    const partly = new Set<string>();
    let low = 0, high = 0, unknown = 0, covers = false, logged = 0, total = 0, split = false;
    for (let k = i; k < last; k++) {
      if (ev.covered[k]) covers = true;
      low += ev.nodeLow[k];
      high += ev.nodeHigh[k];
      unknown += ev.nodeUnknown[k];
      const n = ix.nodes[k];
      for (let c = ix.classStart[k], j = 0; c < ix.classStart[k + 1]; c++, j++) {
        total++;
        const v = ev.verdict[c];
        if (v === NONE) continue;
        logged++;
        if (v !== ALL) split = true;
        (v === ALL ? full : partly).add(classLabel(n, j));
      }
    }
    for (const l of full) partly.delete(l);
    const governed = est.governed.has(t.name);
    let answer: string | undefined;
    // A governed trail's own log bucket: the policy answers for that trail alone.
    if (governed && x.pm && t.s3Bucket && key?.startsWith(`arn:aws:s3:::${t.s3Bucket}/`) && isPolicyType(node.resourceType)) {
      const a = x.pm.forTrail({ name: t.name, s3Bucket: t.s3Bucket }).answer(node.resourceType, key, nodeExact(node));
      const want = a.want === 'default-log' ? 'log' : a.want === 'default-drop' ? 'drop' : a.want;
      answer = `${want} ← ${a.statement?.label ?? `policy default (${x.pm.policy.default})`}`;
    }
    return {
      name: t.name, kind: t.kind, governed, covers,
      logs: logged === 0 ? 'none' : logged === total && !split ? 'all' : 'part',
      full: [...full], partly: [...partly], events: { low, high }, usd: { low: low * unit, high: high * unit }, unknown, answer,
    };
  });

  const owner = x.rest ? ` ${node.kind === 'bucket' ? 'S3 bucket' : 'S3 prefix'} ${node.label}` : '';
  const except = x.rest ? node.childIds.map((c) => x.model.nodes.get(c)?.arnPrefix ?? c) : [];
  return {
    id: row.id,
    title: x.rest ? `${node.label} (rest)` : node.label,
    what: x.rest ? `the rest of${owner}: objects under no sampled prefix` : KIND_WORDS[node.kind],
    arn: node.arn ?? node.arnPrefix ?? null,
    except,
    account: node.account,
    region: node.region,
    events: row.events,
    costNow: row.costNow,
    costProposed: row.costProposed,
    proposed: x.proposed,
    unknown: row.unknown ?? 0,
    classes,
    sources: [...sources.values()].map(({ provenance, classes: n, unknownParts, known, low, high }) => ({ provenance, classes: n, unknownParts, volume: known > 0 ? { low, high } : null })),
    trails,
    decision: row.decision,
    effective: row.effective,
    via: row.via,
    sensitive: row.sensitive,
    readOnly: row.readOnly,
    pins: (x.pins ?? []).map(([id, d]) => `${x.model.nodes.get(id)?.label ?? id}: ${d}`),
    notes: x.model.notes.filter((m) => m.nodeId !== undefined && (m.nodeId === node.id || (!x.rest && isUnder(x.model, m.nodeId, node.id)))).map((m) => m.message),
    contains: [...contains].map(([kind, n]) => `${n} ${KIND_WORDS[kind as ModelNode['kind']]}${n === 1 ? '' : kind === 'prefix' ? 'es' : 's'}`),
  };
}

function isUnder(model: VolumeModel, id: string, ancestor: string): boolean {
  for (let p = model.nodes.get(id)?.parentId ?? null; p !== null; p = model.nodes.get(p)?.parentId ?? null) if (p === ancestor) return true;
  return false;
}

/** Where a provenance's numbers come from, in words. */
export const PROVENANCE_WORDS: Record<Provenance, string> = {
  metric: 'request metrics (CloudWatch)',
  sample: 'a sample of CloudTrail log files, scaled to a month',
  declared: 'declared in the scenario',
  lens: 'S3 Storage Lens request counts',
  billing: 'billed requests (a floor)',
  'access-log': 'S3 server access logs: requests mapped to data events, scaled to a month (best-effort)',
  aggregated: 'CloudTrail aggregated events: 5-minute counts of logged data events, scaled to a month',
  unknown: 'nothing measured or declared: unknown, not counted',
};

