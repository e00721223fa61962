/**
 * Estimate of a generated organization: 100,000 S3 prefix nodes (1,000 buckets × 100 prefixes, two levels),
 * 10,000 Lambda functions and 3 trails (an org management trail, an all-S3 data trail with basic selectors, a
 * security trail with advanced selectors on 50 prefixes) — time and memory to build the model, evaluate every
 * trail, and produce the result; then the time to evaluate a proposal (new selector sets for every trail) the
 * way every "proposed" figure is computed (estimate/proposed.ts); a 500-value proposal evaluated on each node's
 * restriction of the set (selectors/restrict.ts) against the whole set; and the re-estimate after a decision on an
 * account (the policy model rebuilt with it, the estimate's sensitive coverage recomputed), median and worst of 30,
 * with the coverage as it was computed before issue 17 (test/perf/coverage-reference.ts) in the same run.
 * Baseline measured in the same run: one plain pass over every node × class summing volumes.
 *
 * Size: TRAILCOST_BENCH_PREFIXES (default 100000), TRAILCOST_BENCH_FUNCTIONS (default 10000).
 */
import { buildModel } from '../src/model/build.js';
import { DEFAULT_ASSUMPTIONS } from '../src/model/assumptions.js';
import { emptyDeclared } from '../src/model/declared.js';
import { SnapshotSchema, type SnapshotInput } from '../src/model/snapshot.js';
import { createEstimator } from '../src/estimate/estimator.js';
import { PriceBookSchema } from '../src/pricing/book.js';
import { evaluateProposed } from '../src/estimate/proposed.js';
import { evaluateTrail } from '../src/estimate/evaluate-trail.js';
import { withAdvancedSelectors } from '../src/estimate/trails.js';
import { sensitiveCoverage } from '../src/estimate/coverage.js';
import { policyModel } from '../src/model/policy-model.js';
import type { NodeDecision } from '../src/model/policy.js';
import type { AdvancedEventSelector } from '../src/selectors/types.js';
import { sensitiveCoverage as coverageBefore } from '../test/perf/coverage-reference.js';
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';

const PREFIXES = Number(process.env.TRAILCOST_BENCH_PREFIXES ?? 100_000);
const FUNCTIONS = Number(process.env.TRAILCOST_BENCH_FUNCTIONS ?? 10_000);
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const W = { start: '2026-10-01T00:00:00Z', end: '2026-10-31T10:00:00Z' };

export function generate(): { snapshot: ReturnType<typeof SnapshotSchema.parse>; declared: ReturnType<typeof emptyDeclared> } {
  const declared = emptyDeclared();
  const buckets: NonNullable<SnapshotInput['buckets']> = [];
  const perBucket = 100;
  const nBuckets = Math.ceil(PREFIXES / perBucket);
  for (let b = 0; b < nBuckets; b++) {
    const name = `bench-bucket-${String(b).padStart(5, '0')}`;
    buckets.push({ account: ACCOUNTS[b % 3], region: REGIONS[b % 2], name, metricsConfigurations: [] });
    const prefixes = [];
    // 10 top-level prefixes with 9 children each = 100 prefix nodes per bucket.
    for (let i = 0; i < 10; i++) {
      prefixes.push({ prefix: `p${i}/`, events: { GetObject: 10_000 + b + i, PutObject: 2_000 + i, HeadObject: 3_000 } });
      for (let j = 0; j < 9; j++) prefixes.push({ prefix: `p${i}/q${j}/`, events: { GetObject: 1_000 + j, PutObject: 200 + b, DeleteObject: 50 } });
    }
    declared.buckets.set(name, { events: { GetObject: 2_000_000, PutObject: 500_000, HeadObject: 400_000, DeleteObject: 100_000 }, prefixes });
  }
  const functions: NonNullable<SnapshotInput['functions']> = [];
  for (let f = 0; f < FUNCTIONS; f++) {
    const account = ACCOUNTS[f % 3];
    const region = REGIONS[f % 2];
    const name = `fn-${f}`;
    const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
    functions.push({ account, region, name, arn, asyncShare: f % 4 === 0 ? 1 : 0 });
    declared.functions.set(arn, { invocations: 10_000 + f });
  }
  const securityPrefixes = Array.from({ length: 50 }, (_, i) => `arn:aws:s3:::bench-bucket-${String(i * 7).padStart(5, '0')}/p${i % 10}/`);
  const snapshot = SnapshotSchema.parse({
    version: 1, generatedAt: W.end, source: { tool: 'bench', kind: 'generated' }, window: W,
    organization: { id: 'o-bench', managementAccount: ACCOUNTS[0] },
    accounts: ACCOUNTS.map((id) => ({ id })), regions: REGIONS, buckets, functions,
    trails: [
      { name: 'org', arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org', account: ACCOUNTS[0], homeRegion: 'us-east-1', multiRegion: true, organization: true, s3Bucket: 'org-logs', selectors: { kind: 'basic', selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] } },
      { name: 'data', arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/data', account: ACCOUNTS[0], homeRegion: 'us-east-1', multiRegion: true, organization: true, s3Bucket: 'bench-bucket-00000', selectors: { kind: 'basic', selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }, { Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }] } },
      { name: 'security', arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/security', account: ACCOUNTS[0], homeRegion: 'us-east-1', multiRegion: true, organization: true, s3Bucket: 'sec-logs', cloudWatchLogsGroup: '/sec', selectors: { kind: 'advanced', selectors: [
        { Name: 'PII', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: securityPrefixes }] },
        { Name: 'writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', Equals: ['false'] }, { Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::bench-bucket-00001/'] }] },
      ] } },
    ],
  });
  return { snapshot, declared };
}

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

export default async function (): Promise<void> {
  const book = PriceBookSchema.parse(JSON.parse(readFileSync(new URL('../pricing/prices.json', import.meta.url), 'utf8')));
  const { snapshot, declared } = generate();
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let t = performance.now();
  const model = buildModel(snapshot, { declared, assumptions: DEFAULT_ASSUMPTIONS });
  const tModel = performance.now() - t;
  const prefixNodes = [...model.nodes.values()].filter((n) => n.kind === 'prefix').length;
  const fnNodes = [...model.nodes.values()].filter((n) => n.kind === 'function').length;

  // Baseline: one plain pass over every node × class, summing volumes.
  t = performance.now();
  let sum = 0;
  for (const n of model.nodes.values()) for (const c of n.classes) sum += c.volume.high ?? 0;
  const tBase = performance.now() - t;

  const policy = { trails: ['data'], default: 'log' as const, rules: [
    { match: 'arn:aws:s3:::bench-bucket-00003/p1/', decision: 'keep' as const },
    { match: 'bench-bucket-00004', decision: 'drop' as const },
  ] };
  t = performance.now();
  const est = createEstimator({ name: 'bench', model, snapshot, trails: snapshot.trails, eventDataStores: [], policy, pricing: book, assumptions: DEFAULT_ASSUMPTIONS, managementEvents: [{ events: 1_000_000, provenance: 'declared' }] });
  const tEval = performance.now() - t;
  t = performance.now();
  const result = est.result();
  const tResult = performance.now() - t;
  const heap1 = process.memoryUsage().heapUsed;

  // What the TUI pays once the optimizer answers: the proposed sets evaluated like "now" (estimate/proposed.ts).
  // Here each trail's proposal is its own set minus one bucket (a realistic shape: one more NotStartsWith).
  const rows: string[] = [];
  const sets = new Map(est.trails.map((t) => [t.name, {
    status: 'optimized',
    selectors: t.advanced.map((s) => ({ ...s, FieldSelectors: [...(s.FieldSelectors ?? []), ...((s.FieldSelectors ?? []).some((f) => f.Field === 'resources.type') ? [{ Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::bench-bucket-00010/'] }] : [])] })),
  }]));
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    const ev = evaluateProposed(est, sets);
    est.result(ev);
    ev.node(model.roots[0]);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  rows.push(`  proposal evaluated (${sets.size} trails' sets, per-node totals, linked savings): median ${ms(times[2])} of 5 (${(times[2] / tBase).toFixed(1)}× baseline)`);

  // A 500-value proposal (what the optimizer writes under a binding budget), evaluated on every node: on each node's
  // restriction of the set, and on the whole set (before).
  const spec = est.trails.find((x) => x.name === 'data')!;
  const prefixes = [...model.nodes.values()].filter((n) => n.kind === 'prefix' && n.arnPrefix).map((n) => n.arnPrefix!);
  const big: AdvancedEventSelector[] = [
    { Name: 'keep', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: prefixes.filter((_, i) => i % 400 === 0).slice(0, 250) }] },
    { Name: 'writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', Equals: ['false'] }, { Field: 'resources.ARN', NotStartsWith: prefixes.filter((_, i) => i % 400 === 7).slice(0, 244) }] },
  ];
  const bigSpec = withAdvancedSelectors(spec, big);
  const evalTimes = (restrict: boolean) => {
    const xs: number[] = [];
    for (let r = 0; r < 3; r++) {
      const s = performance.now();
      evaluateTrail(bigSpec, est.index, est.orgAccounts, { restrict });
      xs.push(performance.now() - s);
    }
    return xs.sort((a, b) => a - b)[1];
  };
  const whole = evalTimes(false);
  const restricted = evalTimes(true);
  rows.push(`  500-value proposal evaluated on every node: per-node restriction ${ms(restricted)} vs whole set (before) ${ms(whole)} = ${(whole / restricted).toFixed(1)}× faster (${(restricted / tBase).toFixed(1)}× baseline)`);

  // Re-estimate after a decision on an account: the policy model with the decisions, then the estimate's figures that
  // depend on it (sensitive coverage). Worst case of 30 toggles (keep / drop / auto on each account in turn).
  const decisions = new Map<string, NodeDecision>();
  const cycle: NodeDecision[] = ['keep', 'drop', 'auto'];
  const pmT: number[] = [];
  const estT: number[] = [];
  const beforeT: number[] = [];
  const evals = est.trails.map((x) => est.evaluation(x.name));
  // The estimate's first coverage pays what is built once per model (its keys in order, the best verdict per class):
  // timed on its own, before the decisions (the result computes coverage only when read: estimator.ts).
  const s0 = performance.now();
  const firstCoverage = est.result(null).sensitiveCoverage;
  const tFirstCoverage = performance.now() - s0;
  const toggles: string[] = [];
  for (let i = 0; i < 30; i++) {
    const acct = model.roots[i % model.roots.length];
    const d = cycle[Math.floor(i / model.roots.length) % 3];
    if (d === 'auto') decisions.delete(acct);
    else decisions.set(acct, d);
    toggles.push(`${d} on ${acct}, ${[...decisions.values()].filter((x) => x === 'keep').length} of ${model.roots.length} accounts kept`);
    let s = performance.now();
    const pm = policyModel(model, policy, decisions);
    pmT.push(performance.now() - s);
    s = performance.now();
    est.usePolicyModel(pm);
    // The result computes its coverage when read (estimator.ts): the re-estimate is done once the figure is there.
    const cov = est.result(null).sensitiveCoverage;
    estT.push(performance.now() - s);
    s = performance.now();
    const old = coverageBefore(est.index, evals, pm);
    beforeT.push(performance.now() - s);
    if (JSON.stringify(old) !== JSON.stringify(cov) || JSON.stringify(old) !== JSON.stringify(sensitiveCoverage(est.index, evals, pm))) throw new Error('coverage differs from before');
  }
  est.usePolicyModel(null);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const total = pmT.map((x, i) => x + estT[i]);
  if (process.env.BENCH_VERBOSE) console.log(pmT.map((x) => x.toFixed(0)).join(' '), '\n', estT.map((x) => x.toFixed(0)).join(' '));
  const worst = total.indexOf(Math.max(...total));
  const TARGET_MS = 50;
  rows.push(`  re-estimate after a decision on an account (${model.roots.length} accounts, 30 toggles): median ${ms(med(total))}, max ${ms(total[worst])}, target < ${TARGET_MS} ms: ${total[worst] < TARGET_MS ? 'met' : 'MISSED'} (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  rows.push(`    worst: toggle ${worst + 1} (${toggles[worst]}): policy model ${ms(pmT[worst])} + estimate ${ms(estT[worst])}`);
  rows.push(`    once per model, before the first decision: the estimate's first coverage ${ms(tFirstCoverage)} (keys ordered, best verdict per class; ${firstCoverage ? 'with' : 'without'} a policy)`);
  rows.push(`    of which the policy model (src/model): median ${ms(med(pmT))}, max ${ms(Math.max(...pmT))}; the estimate (coverage): median ${ms(med(estT))}, max ${ms(Math.max(...estT))} vs before ${ms(med(beforeT))}, max ${ms(Math.max(...beforeT))} (${(med(beforeT) / med(estT)).toFixed(1)}× at the median)`);

  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared machine: compare ratios)`);
  console.log(`generated: ${prefixNodes} prefix nodes, ${model.nodes.size - prefixNodes - fnNodes} other nodes, ${fnNodes} functions, 3 trails (checksum ${sum.toExponential(3)})`);
  console.log(`  baseline (one pass over node × class): ${ms(tBase)}`);
  console.log(`  build model:        ${ms(tModel)} (${(tModel / tBase).toFixed(1)}× baseline)`);
  console.log(`  evaluate 3 trails:  ${ms(tEval)} (${(tEval / tBase).toFixed(1)}× baseline)`);
  console.log(`  result():           ${ms(tResult)} (${(tResult / tBase).toFixed(1)}× baseline); total ${result.total.usd.low.toFixed(2)}–${result.total.usd.high.toFixed(2)} USD`);
  console.log(`  heap after estimate: +${mb(heap1 - heap0)} (model + estimator); RSS ${mb(process.memoryUsage().rss)}`);
  for (const r of rows) console.log(r);
}
