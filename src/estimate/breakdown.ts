/**
 * `--by account|region|resource|prefix|event`: data events and their cost per slice, per trail, from the cached
 * evaluations (cost = events × the trail's cost per data event; management events and fixed costs stay in the
 * trail view).
 */
import { ALL, NONE } from '../selectors/evaluate.js';
import type { Estimator } from './estimator.js';
import type { BreakdownRow, GroupBy } from './types.js';

export function breakdown(est: Estimator, by: Exclude<GroupBy, 'trail'>): BreakdownRow[] {
  const ix = est.index;
  const rows = new Map<string, BreakdownRow>();
  const names = est.trails.map((t) => t.name);
  const units = names.map((n) => est.unitCost(n));
  const evals = names.map((n) => est.evaluation(n));
  const row = (key: string, label: string): BreakdownRow => {
    let r = rows.get(key);
    if (!r) {
      r = { key, label, perTrail: {}, events: { low: 0, high: 0 }, usd: { low: 0, high: 0 }, unknown: 0 };
      for (const n of names) r.perTrail[n] = { events: { low: 0, high: 0 }, usd: { low: 0, high: 0 }, unknown: 0 };
      rows.set(key, r);
    }
    return r;
  };
  const addTo = (r: BreakdownRow, k: number, lo: number, hi: number): void => {
    const p = r.perTrail[names[k]];
    p.events.low += lo;
    p.events.high += hi;
    p.usd.low += lo * units[k];
    p.usd.high += hi * units[k];
    r.events.low += lo;
    r.events.high += hi;
    r.usd.low += lo * units[k];
    r.usd.high += hi * units[k];
  };
  // Top resource (bucket / function / table) of each node, found by walking up once per node in DFS order.
  const top = new Int32Array(ix.nodes.length).fill(-1);
  for (let i = 0; i < ix.nodes.length; i++) {
    const n = ix.nodes[i];
    if (n.kind === 'bucket' || n.kind === 'function' || n.kind === 'table') top[i] = i;
    else if (n.kind === 'prefix') top[i] = top[ix.parent[i]];
  }
  for (let i = 0; i < ix.nodes.length; i++) {
    const n = ix.nodes[i];
    if (!n.resourceType) continue;
    if (by === 'event') {
      for (let c = ix.classStart[i], j = 0; c < ix.classStart[i + 1]; c++, j++) {
        const cls = n.classes[j].cls;
        const key = `${cls.eventSource}|${cls.eventName}|${cls.readOnly}|${cls.eventType}`;
        const label = `${cls.eventName}${cls.eventType !== 'AwsApiCall' ? ` (${cls.eventType})` : ''} ${cls.readOnly ? 'read' : 'write'}`;
        const r = row(key, label);
        const h = ix.high[c];
        for (let k = 0; k < evals.length; k++) {
          const v = evals[k].verdict[c];
          if (v === NONE) continue;
          if (Number.isNaN(h)) {
            r.unknown++;
            r.perTrail[names[k]].unknown++;
            continue;
          }
          addTo(r, k, v === ALL ? (Number.isNaN(ix.low[c]) ? 0 : ix.low[c]) : 0, h);
        }
      }
      continue;
    }
    let key: string;
    let label: string;
    switch (by) {
      case 'account':
        key = n.account;
        label = ix.nodes[ix.idx.get(`acct:${n.account}`)!]?.label ?? n.account;
        break;
      case 'region':
        key = `${n.account}/${n.region}`;
        label = `${n.region} (${n.account})`;
        break;
      case 'resource': {
        const t = ix.nodes[top[i]];
        key = t.id;
        label = `${t.label}${t.kind === 'bucket' ? '' : ` (${t.kind})`}`;
        break;
      }
      default: {
        key = n.id;
        label = n.kind === 'prefix' || n.kind === 'bucket' ? `${n.arnPrefix!.replace(/^arn:aws:s3:::/, '')}${n.kind === 'bucket' && n.childIds.length > 0 ? ' (rest)' : ''}` : `${n.label} (${n.kind})`;
      }
    }
    const r = row(key, label);
    for (let k = 0; k < evals.length; k++) {
      const e = evals[k];
      if (e.nodeHigh[i] > 0 || e.nodeLow[i] > 0) addTo(r, k, e.nodeLow[i], e.nodeHigh[i]);
      r.unknown += e.nodeUnknown[i];
      r.perTrail[names[k]].unknown += e.nodeUnknown[i];
    }
    if (by === 'resource' || by === 'prefix') {
      const provs = new Set(n.classes.map((c) => c.volume.provenance));
      const p = [...provs].sort().join('+');
      r.provenance = r.provenance && r.provenance !== p ? [...new Set([...r.provenance.split('+'), ...provs])].sort().join('+') : p;
    }
  }
  return [...rows.values()].sort((a, b) => b.usd.high - a.usd.high || b.unknown - a.unknown || a.label.localeCompare(b.label));
}
