/** The assumptions behind an estimate, each with where it came from (shown to the user, never hidden). */
import type { ModelAssumptions } from '../model/assumptions.js';
import type { EstimateInput } from './estimator.js';
import { logsNetworkActivity } from './network.js';
import type { TrailSpec } from './trails.js';
import type { Assumption } from './types.js';

export function estimateAssumptions(input: EstimateInput, specs: readonly TrailSpec[]): Assumption[] {
  const A = input.assumptions;
  const src = (k: keyof ModelAssumptions) => input.assumptionSources?.[k] ?? 'default';
  const out: Assumption[] = [
    { key: 'month', value: '730 hours', source: 'default', note: 'measured windows are scaled to a 730-hour month' },
    { key: 'eventSizeBytes', value: `${A.eventSizeBytes} B`, source: src('eventSizeBytes'), note: 'uncompressed JSON per event (AWS average ~1,500 B; measured 0.9–1.8 KB)' },
    { key: 'compressionRatio', value: `${A.compressionRatio}×`, source: src('compressionRatio'), note: "gzip log files in S3; CloudWatch Logs stores its archive compressed too (AWS's calculator: ~15% of ingested; medium confidence)" },
    { key: 'retentionMonths', value: String(A.retentionMonths), source: src('retentionMonths'), note: 'S3 / CloudWatch Logs storage priced at steady state' },
    { key: 'growth', value: `${A.growth}×`, source: src('growth') },
    { key: 'deleteObjects', value: `${Math.round(A.deleteObjects.share * 100)}% of deletes, ${A.deleteObjects.keysPerCall} keys/call`, source: src('deleteObjects'), note: 'per-key DeleteObject events (AwsServiceEvent) on top; that eventType NotEquals AwsServiceEvent drops them is inferred (unconfirmed by AWS)' },
    { key: 'lambdaAsyncShare', value: A.lambdaAsyncShare === null ? 'unknown (range)' : `${Math.round(A.lambdaAsyncShare * 100)}%`, source: src('lambdaAsyncShare'), note: 'for functions whose async share is not known' },
    { key: 'logFiles', value: '1 per 5 min per account × Region', source: 'default', note: 'S3 PUTs of log files' },
    {
      key: 'selectorMatching', value: 'case-sensitive; ARNPrefix read as ARN; CopyObject seen on its destination only', source: 'unconfirmed',
      note: 'how the selector engine reads points AWS does not document; a selector that relies on them may log more or less than shown',
    },
    { key: 'managementFreeCopy', value: 'organization trails first, then listed order', source: 'default', note: 'which trail gets the free first copy' },
  ];
  if (A.queries) out.push({ key: 'queries', value: `${A.queries.gbScannedPerMonth} GB scanned/month${A.queries.queriesPerMonth ? `, ${A.queries.queriesPerMonth} queries` : ''}`, source: src('queries'), note: 'compressed data; same workload priced on Athena and on Lake' });
  if (A.lakeExistingCustomer !== undefined || specs.some((t) => t.kind === 'eventDataStore')) {
    out.push({
      key: 'lakeExistingCustomer', value: A.lakeExistingCustomer === true ? 'yes' : 'not stated', source: src('lakeExistingCustomer'),
      note: 'CloudTrail Lake is closed to new customers from 2026-05-31; its prices apply to existing Lake customers only',
    });
  }
  out.push({ key: 'pricingRegion', value: A.pricingRegion, source: src('pricingRegion') });
  const mSrc = input.managementEvents[0]?.provenance;
  out.push({ key: 'managementEvents', value: mSrc === 'billing' ? 'from billed FreeEventsRecorded' : mSrc === 'declared' ? 'declared' : 'unknown', source: mSrc ?? 'default' });
  const net = input.networkActivityEvents ?? [];
  if (net.length > 0 || specs.some(logsNetworkActivity)) {
    const sampled = net.some((e) => e.provenance === 'sample');
    out.push({
      key: 'networkActivityEvents',
      value: net.length ? `${sampled ? 'from a log sample' : 'declared'}: ${net.length} account × Region × service population${net.length > 1 ? 's' : ''}` : 'unknown',
      source: net.length ? (sampled ? 'sample' : 'scenario') : 'default',
      note: 'AWS publishes no metric of network activity events: volumes are declared or measured from logs',
    });
  }
  return out;
}
