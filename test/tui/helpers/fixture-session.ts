/**
 * A small hand-built session for framework tests (keys, tree, layout) that must not depend on the demo's
 * numbers. Costs here are a toy rule ($0.10 per 100,000 events, drop = 0, keep-writes = a third) so tests
 * can predict them; the real wiring is tested against the demo in the tab tests.
 */
import type { NodeDecision, ResourceRow, ResourceTree, TuiSession, ViewModel } from '../../../src/tui/view-model.js';
import type { NodeKind } from '../../../src/model/types.js';

interface Spec {
  id: string;
  kind: NodeKind;
  label: string;
  events?: number | null;
  children?: Spec[];
}

const demo: Spec[] = [
  {
    id: 'acct:111111111111', kind: 'account', label: '111111111111 prod', children: [
      {
        id: 'region:111111111111:us-east-1', kind: 'region', label: 'us-east-1', children: [
          { id: 'b:pii-vault', kind: 'bucket', label: 'pii-vault', children: [
            { id: 'p:pii-vault/customers/', kind: 'prefix', label: 'customers/', events: 2_000_000 },
            { id: 'p:pii-vault/exports/', kind: 'prefix', label: 'exports/', events: 500_000 },
          ] },
          { id: 'b:etl-scratch', kind: 'bucket', label: 'etl-scratch', events: 40_000_000 },
          { id: 'fn:ingest', kind: 'function', label: 'ingest', events: 3_000_000 },
        ],
      },
      {
        id: 'region:111111111111:eu-west-1', kind: 'region', label: 'eu-west-1', children: [
          { id: 't:orders', kind: 'table', label: 'orders', events: null },
        ],
      },
    ],
  },
  {
    id: 'acct:222222222222', kind: 'account', label: '222222222222 dev', children: [
      { id: 'region:222222222222:us-east-1', kind: 'region', label: 'us-east-1', children: [
        { id: 'b:dev-logs', kind: 'bucket', label: 'dev-logs', events: 800_000 },
      ] },
    ],
  },
];

const PRICE = 0.1 / 100_000;

export function fixtureSession(specs: Spec[] = demo): TuiSession & { setDecisionCalls: number } {
  const base = new Map<string, { spec: Spec; parentId: string | null }>();
  const roots: string[] = [];
  const walk = (s: Spec, parentId: string | null) => {
    base.set(s.id, { spec: s, parentId });
    if (parentId === null) roots.push(s.id);
    for (const c of s.children ?? []) walk(c, s.id);
  };
  for (const s of specs) walk(s, null);
  const decisions = new Map<string, NodeDecision>();
  const effective = (id: string): NodeDecision => {
    for (let cur: string | null = id; cur !== null; cur = base.get(cur)!.parentId) {
      const d = decisions.get(cur);
      if (d && d !== 'auto') return d;
    }
    return 'auto';
  };
  const build = (): ViewModel => {
    const rows = new Map<string, ResourceRow>();
    const calc = (id: string): ResourceRow => {
      const { spec, parentId } = base.get(id)!;
      const kids = (spec.children ?? []).map((c) => calc(c.id));
      let events: number | null = spec.children ? 0 : spec.events ?? null;
      let now: number | null = events === null ? null : events * PRICE;
      let proposed = now;
      if (!spec.children && now !== null) {
        const d = effective(id);
        proposed = d === 'drop' ? 0 : d === 'keep-writes' ? now / 3 : now;
      }
      for (const k of kids) {
        events = events === null || k.events === null ? null : events + k.events.high;
        now = now === null || k.costNow === null ? null : now + k.costNow.high;
        proposed = proposed === null || k.costProposed === null ? null : proposed + k.costProposed.high;
      }
      const r = (v: number | null) => (v === null ? null : { low: v, high: v });
      const row: ResourceRow = {
        id, parentId, kind: spec.kind, label: spec.label, childIds: (spec.children ?? []).map((c) => c.id),
        events: r(events), costNow: r(now), costProposed: r(proposed),
        provenance: events === null ? 'unknown' : 'declared', decision: decisions.get(id) ?? 'auto',
        effective: effective(id) === 'auto' ? 'log' : (effective(id) as 'keep'),
      };
      rows.set(id, row);
      return row;
    };
    const top = roots.map(calc);
    const sum = (f: (r: ResourceRow) => { low: number; high: number } | null) =>
      top.reduce<number | null>((a, r) => (a === null || f(r) === null ? null : a + f(r)!.high), 0);
    const tree: ResourceTree = { roots, get: (id) => rows.get(id), size: rows.size };
    const now = sum((r) => r.costNow);
    const proposed = sum((r) => r.costProposed);
    const r = (v: number | null) => (v === null ? null : { low: v, high: v });
    return {
      proposedState: 'ready',
      header: { scenario: 'fixture', source: 'test/tui/helpers/fixture-session.ts', costNow: r(now), costProposed: r(proposed), proposed: 'ready', billed: { low: 55, high: 55 }, billedNote: 'test', billedModeled: { low: 50, high: 50 } },
      overview: {
        drivers: [...rows.values()].filter((x) => x.childIds.length === 0).map((x) => ({ label: x.label, value: x.costNow })).sort((a, b) => (b.value?.high ?? -1) - (a.value?.high ?? -1)),
        byDestination: [{ label: 'CloudTrail events', value: r(now) }],
        trails: [{ name: 'org-trail', costNow: r(now), costProposed: r(proposed) }],
        warnings: [{ level: 'warning', message: 'orders has unknown volume' }],
        eventsNow: top.some((x) => x.events === null) ? null : r(top.reduce((a, x) => a + x.events!.high, 0)),
        eventsProposed: null,
        unknownNodes: [...rows.values()].filter((x) => x.childIds.length === 0 && x.events === null).length,
      },
      resources: tree,
      proposals: () => [
        {
          trail: 'org-trail', status: 'optimized', selectors: [{ Name: 'keep', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }], valuesUsed: 2, maxValues: 500,
          costNow: r(now), costProposed: r(proposed), findings: [{ rule: 'TC-TEST-1', severity: 'warning', path: '[0]', message: 'a test warning' }],
          coverage: [{ ok: true, text: 'pii-vault/customers/ logged (reads and writes)' }], notes: ['toy proposal'],
          render: (f) => (f === 'json' ? '[\n  {\n    "Name": "keep"\n  }\n]\n' : f === 'terraform' ? 'advanced_event_selector {\n  name = "keep"\n}\n' : f === 'cloudformation' ? 'AdvancedEventSelectors:\n  - Name: keep\n' : 'Resources:\n  CloudTrailTelemetryRule:\n    Type: AWS::ObservabilityAdmin::OrganizationTelemetryRule\n'),
        },
        {
          trail: 'dev-trail', status: 'optimized', selectors: [], valuesUsed: 0, maxValues: 500, costNow: null, costProposed: null, findings: [], coverage: [], notes: [],
          render: () => '[]\n',
        },
        {
          // A set whose proof failed: shown, never exported.
          trail: 'audit-trail', status: 'proof-failed', selectors: [], valuesUsed: 0, maxValues: 500, costNow: null, costProposed: null,
          findings: [], coverage: [{ ok: false, text: 'pii-vault/customers/ not logged' }], notes: [], render: () => '[]\n',
        },
      ],
      variants: () => [
        { name: 'baseline', costNow: r(now), delta: null },
        { name: 'writes-only', description: 'log writes only', costNow: r(now === null ? null : now / 2), delta: r(now === null ? null : -now / 2), parts: [{ label: 's3', value: r(1) }] },
      ],
      trails: [
        { name: 'org-trail', account: '111111111111', homeRegion: 'us-east-1', multiRegion: true, organization: true, logging: true, destinations: ['s3://org-logs/'], selectorSummary: ['all S3 data events'], eventsNow: null, networkNow: null, costNow: r(now), costProposed: r(proposed), billed: null, warnings: [] },
      ],
    };
  };
  let vm = build();
  const s = {
    setDecisionCalls: 0,
    view: () => vm,
    setDecision(id: string, d: NodeDecision) {
      s.setDecisionCalls++;
      if (d === 'auto') decisions.delete(id);
      else decisions.set(id, d);
      vm = build();
      return vm;
    },
    decisions: () => decisions,
  };
  return s;
}

/** A wide generated tree: `accounts` × `buckets` × `prefixes` leaves, for scrolling and virtualization tests. */
export function bigSpecs(accounts: number, buckets: number, prefixes: number): Spec[] {
  const out: Spec[] = [];
  for (let a = 0; a < accounts; a++) {
    const acct = String(100000000000 + a);
    out.push({
      id: `acct:${acct}`, kind: 'account', label: acct, children: [{
        id: `region:${acct}:us-east-1`, kind: 'region', label: 'us-east-1',
        children: Array.from({ length: buckets }, (_, b) => ({
          id: `b:${acct}:${b}`, kind: 'bucket' as const, label: `bucket-${String(b).padStart(4, '0')}`,
          children: Array.from({ length: prefixes }, (_, p) => ({ id: `p:${acct}:${b}:${p}`, kind: 'prefix' as const, label: `p${p}/`, events: (b * 7 + p * 13) % 1000 * 1000 })),
        })),
      }],
    });
  }
  return out;
}
