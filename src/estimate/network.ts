/**
 * Network activity events per trail: events through VPC endpoints, billed like data events ($0.10 per 100,000,
 * every delivery; aws-facts §1). AWS publishes no metric of them, so volumes are declared per account × Region ×
 * service. Each declared population is evaluated by the one selector engine as an abstract subject: its
 * `eventSource` and (when declared) `vpcEndpointId` are known, `eventName` is not, and `errorCode` is
 * `VpceAccessDenied` for the denied share (unknown share: a range).
 */
import type { NetworkVolumeEntry } from '../model/declared.js';
import { ALL, NONE, UNKNOWN, evaluateSubject, type FieldValue, type Subject, type Tri } from '../selectors/evaluate.js';
import { delivers } from '../model/governance.js';
import type { TrailSpec } from './trails.js';
import type { Span } from './types.js';

export const VPCE_DENIED = 'VpceAccessDenied';

function subject(e: NetworkVolumeEntry, errorCode: FieldValue): Subject {
  return {
    category: 'NetworkActivity',
    field(name) {
      if (name === 'eventSource') return e.eventSource;
      if (name === 'vpcEndpointId') return e.vpcEndpointId ?? UNKNOWN;
      if (name === 'errorCode') return errorCode;
      if (name === 'eventName') return UNKNOWN;
      // No other field exists on network activity events as selectors see them (aws-facts §3).
      return undefined;
    },
    resources: [],
  };
}

const share = (v: Tri): Span => (v === ALL ? { low: 1, high: 1 } : v === NONE ? { low: 0, high: 0 } : { low: 0, high: 1 });

/** The declared populations a trail writes at all (whatever its selectors say): model/governance's reach. */
export function coveredNetwork(t: TrailSpec, entries: readonly NetworkVolumeEntry[], orgAccounts: ReadonlySet<string>): NetworkVolumeEntry[] {
  return entries.filter((e) => delivers(t, e.account, e.region, orgAccounts));
}

export interface NetworkResult {
  delivered: Span;
  perRegion: Map<string, Span>;
}

/** Network activity events each trail (or event data store) delivers per month, in total and per Region. */
export function networkVolumes(trails: readonly TrailSpec[], entries: readonly NetworkVolumeEntry[], orgAccounts: ReadonlySet<string>): Map<string, NetworkResult> {
  const out = new Map<string, NetworkResult>();
  for (const t of trails) {
    const res: NetworkResult = { delivered: { low: 0, high: 0 }, perRegion: new Map() };
    out.set(t.name, res);
    for (const e of coveredNetwork(t, entries, orgAccounts)) {
      let logged: Span;
      if (e.deniedShare !== undefined) {
        const denied = share(evaluateSubject(t.compiled, subject(e, VPCE_DENIED)).result);
        const rest = share(evaluateSubject(t.compiled, subject(e, undefined)).result);
        logged = {
          low: e.events * (e.deniedShare * denied.low + (1 - e.deniedShare) * rest.low),
          high: e.events * (e.deniedShare * denied.high + (1 - e.deniedShare) * rest.high),
        };
      } else {
        const all = share(evaluateSubject(t.compiled, subject(e, UNKNOWN)).result);
        logged = { low: e.events * all.low, high: e.events * all.high };
      }
      if (logged.high === 0) continue;
      res.delivered.low += logged.low;
      res.delivered.high += logged.high;
      const r = res.perRegion.get(e.region) ?? { low: 0, high: 0 };
      r.low += logged.low;
      r.high += logged.high;
      res.perRegion.set(e.region, r);
    }
  }
  return out;
}

/** Does any selector of the trail log network activity events (so their volume matters)? */
export function logsNetworkActivity(t: TrailSpec): boolean {
  return t.advanced.some((s) => (s.FieldSelectors ?? []).some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('NetworkActivity')));
}
