/**
 * What the estimate warns about, from the evaluated trails: a trail logging its own bucket, duplicate trails,
 * paid management copies, unknown volumes, stopped trails, network activity of unknown volume, Lake for new
 * customers, scan gaps and model notes.
 */
import { NONE } from '../selectors/evaluate.js';
import type { NetworkVolumeEntry } from '../model/declared.js';
import type { EstimateInput } from './estimator.js';
import type { TrailEvaluation } from './evaluate-trail.js';
import type { ManagementResult } from './management.js';
import type { ModelIndex } from './model-index.js';
import { coveredNetwork, logsNetworkActivity } from './network.js';
import type { TrailSpec } from './trails.js';
import type { CrossAccount } from './cross-account.js';
import type { EstimateWarning, UnknownCount } from './types.js';

export interface WarningContext {
  input: EstimateInput;
  specs: readonly TrailSpec[];
  evals: readonly TrailEvaluation[];
  ix: ModelIndex;
  mgmt: ReadonlyMap<string, ManagementResult>;
  networkEntries: readonly NetworkVolumeEntry[];
  accounts: readonly string[];
  orgAccounts: ReadonlySet<string>;
  unknownOf(perNode: ArrayLike<number>): UnknownCount;
  /** USD per data event of each trail. */
  unit: readonly number[];
  /** Log files CloudTrail delivers into each bucket per month. */
  deliveries: ReadonlyMap<string, number>;
  /** Cross-account copies per trail (estimate/cross-account.ts). */
  cross: readonly CrossAccount[];
}

export function estimateWarnings(c: WarningContext): EstimateWarning[] {
  const { input, specs, evals, ix, mgmt, networkEntries, orgAccounts, unknownOf, unit, deliveries, cross } = c;
  const T = specs.length;
  const A = input.assumptions;
  const policy = input.policy;
  const w: EstimateWarning[] = [];
  if (specs.length === 0) w.push({ level: 'warning', code: 'no-trails', message: 'no trails or event data stores: nothing is logged, nothing is billed' });
  // A trail logging its own destination bucket: every delivery is logged again (the feedback loop).
  specs.forEach((t, k) => {
    if (!t.s3Bucket || t.telemetryRule) return; // a telemetry rule writes no log files into a bucket
    const b = ix.idx.get(`s3:arn:aws:s3:::${t.s3Bucket}/`);
    if (b === undefined) {
      const anyS3 = evals[k].resourceTypes.has('AWS::S3::Object');
      if (anyS3) w.push({ level: 'info', code: 'own-bucket-unknown', trail: t.name, message: `${t.name} logs S3 data events; its destination bucket ${t.s3Bucket} is not in the inventory, so whether it logs its own deliveries is unknown` });
      return;
    }
    let lo = 0, hi = 0, any = false;
    for (let i = b; i < ix.end[b]; i++) {
      lo += evals[k].nodeLow[i];
      hi += evals[k].nodeHigh[i];
      if (evals[k].nodeHigh[i] > 0 || evals[k].nodeUnknown[i] > 0) any = true;
    }
    if (!any) return;
    const usd = (x: number) => `$${(x * unit[k]).toFixed(2)}`;
    if (t.recursiveLogging === false) {
      w.push({ level: 'info', code: 'own-bucket-recursive-off', trail: t.name, nodeId: ix.nodes[b].id, message: `${t.name} logs other writes to its own bucket ${t.s3Bucket} (${fmtRange(lo, hi)} events/month); RecursiveLogging is off, so its own deliveries are not logged (modeled: ${fmtRange(deliveries.get(t.s3Bucket) ?? 0, deliveries.get(t.s3Bucket) ?? 0)} log files/month off the bucket's PutObjects)` });
      return;
    }
    // The two fixes side by side (aws-facts §1, §7): what each stops logging, and what it keeps.
    const own = Math.min(deliveries.get(t.s3Bucket) ?? 0, hi);
    const state = t.recursiveLogging === true ? 'on' : 'unknown (older API or snapshot)';
    w.push({
      level: 'warning', code: 'own-bucket', trail: t.name, nodeId: ix.nodes[b].id,
      message: `${t.name} logs data events on its own destination bucket ${t.s3Bucket} (feedback loop): ${fmtRange(lo, hi)} events/month. Two fixes: ` +
        `RecursiveLogging=false (aws cloudtrail update-trail --name ${t.name} --no-recursive-logging) stops logging CloudTrail's own deliveries only — about ${fmtRange(own, own)} events/month, ${usd(own)} — and keeps other writes to the bucket logged; ` +
        `or exclude the bucket (NotStartsWith arn:aws:s3:::${t.s3Bucket}/) — ${fmtRange(lo, hi)} events/month, ${usd(hi)}, including writes by people and tools. RecursiveLogging today: ${state}`,
    });
  });
  // Cross-account copies: modeled from sampled callers, unknown (and said so) where the model has no caller split.
  specs.forEach((t, k) => {
    const x = cross[k];
    if (x.unknownNodes > 0) w.push({ level: 'warning', code: 'cross-account-unknown', trail: t.name, message: `${t.name} also logs calls its accounts' principals make on other accounts' resources (a second billed delivery besides the owner's trail); for ${x.unknownNodes} such resource${x.unknownNodes > 1 ? 's' : ''} the model has no caller split, so those copies are not counted (a log sample of the trail gives them)` });
    if (x.events.high > 0) w.push({ level: 'info', code: 'cross-account', trail: t.name, message: `${t.name}: ${fmtRange(x.events.low, x.events.high)} events/month of cross-account copies from sampled callers are included` });
  });
  // A telemetry-rule what-if rests on a price of low confidence: say so wherever it is compared.
  for (const t of specs) {
    if (!t.telemetryRule) continue;
    w.push({ level: 'warning', code: 'telemetry-rule-price', trail: t.name, message: `${t.name} is modeled as a CloudWatch telemetry enablement rule: $0.75/GB from one AWS sample (low confidence); how management events are billed under a rule is unconfirmed; network activity and Insights are not delivered that way` });
  }
  // Duplicate trails: identical selectors and coverage.
  for (let a = 0; a < T; a++) {
    for (let b = a + 1; b < T; b++) {
      const x = specs[a], y = specs[b];
      if (x.kind === y.kind && x.organization === y.organization && x.multiRegion === y.multiRegion && (x.organization || x.account === y.account) && (x.multiRegion || x.homeRegion === y.homeRegion) && JSON.stringify(x.advanced) === JSON.stringify(y.advanced)) {
        w.push({ level: 'warning', code: 'duplicate-trail', trail: y.name, message: `${y.name} logs exactly what ${x.name} logs: every event is paid twice` });
      }
    }
  }
  // Management events paid more than once.
  specs.forEach((t) => {
    const m = mgmt.get(t.name)!;
    if (m.paid.high > 0) w.push({ level: 'warning', code: 'management-copies', trail: t.name, message: `${t.name} logs management events another trail already logs: ${fmtRange(m.paid.low, m.paid.high)} paid copies/month` });
  });
  specs.forEach((t, k) => {
    const u = unknownOf(evals[k].nodeUnknown);
    if (u.nodes > 0) w.push({ level: 'warning', code: 'unknown-volume', trail: t.name, message: `${t.name} logs ${u.nodes} resource${u.nodes > 1 ? 's' : ''} of unknown volume (not counted): ${u.nodeIds.slice(0, 3).map((id) => ix.nodes[ix.idx.get(id)!].label).join(', ')}${u.nodes > 3 ? ', …' : ''}` });
    if (!t.logging) w.push({ level: 'info', code: 'trail-not-logging', trail: t.name, message: `${t.name} is not logging (StopLogging): it costs nothing now` });
    // Network activity has no metric: without a declared volume for the trail's accounts it is unknown, not 0.
    if (t.logging && logsNetworkActivity(t) && coveredNetwork(t, networkEntries, orgAccounts).length === 0) {
      w.push({ level: 'warning', code: 'network-unknown', trail: t.name, message: `${t.name} logs network activity events of unknown volume (not priced): declare networkActivityEvents in the scenario, or sample the trail's logs` });
    }
  });
  if (specs.some((t) => t.kind === 'eventDataStore') && A.lakeExistingCustomer !== true) {
    w.push({ level: 'warning', code: 'lake-new-customers', message: 'CloudTrail Lake is closed to new customers from 2026-05-31: this applies to existing Lake customers only' });
  }
  if (input.managementEvents.length === 0 && specs.some((t) => t.management.read !== NONE || t.management.write !== NONE)) {
    w.push({ level: 'info', code: 'management-unknown', message: 'management-event volume unknown (no billing rows, none declared): management copies are not priced' });
  }
  for (const name of policy?.trails ?? []) {
    if (!specs.some((t) => t.name === name)) w.push({ level: 'warning', code: 'policy-unknown-trail', message: `the policy governs trail "${name}", which does not exist` });
  }
  const orgTrail = specs.find((t) => t.organization);
  if (orgTrail && input.snapshot.organization && input.snapshot.accounts.length === 1) {
    w.push({
      level: 'warning', code: 'org-trail-one-account',
      message: `${orgTrail.name} is an organization trail but the snapshot holds one account: what it logs in the other member accounts is not modeled (scan with --org-role)`,
    });
  }
  for (const g of input.snapshot.gaps) {
    w.push({ level: 'warning', code: 'scan-gap', message: `not read by the scan: ${g.service} ${g.operation}${g.account ? ` in ${g.account}` : ''}${g.region ? `/${g.region}` : ''}${g.resource ? ` (${g.resource})` : ''}: ${g.error}` });
  }
  for (const n of input.model.notes) if (n.level === 'warning' && n.code !== 'unknown-volume') w.push({ level: 'warning', code: n.code, message: n.message, nodeId: n.nodeId });
  return w;
}

function fmtRange(lo: number, hi: number): string {
  const f = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));
  return Math.abs(hi - lo) < 0.5 ? f(hi) : `${f(lo)}–${f(hi)}`;
}
