/**
 * Every tab on the bundled demo, through the real session (estimate, optimize, variants). Expected numbers come
 * from the estimator, `propose` (app/proposal.ts: the optimizer's selectors evaluated by the estimator, the one
 * "proposed" every surface shows) and the renderers directly, never typed in, so the tests check the wiring and
 * not a snapshot.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadInput, DEMO_SCENARIO, type LoadedInput } from '../../src/app/load-input.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { propose } from '../../src/app/proposal.js';
import type { NodeDecision } from '../../src/model/policy.js';
import { renderSelectors } from '../../src/selectors/formats.js';
import { createSession } from '../../src/tui/session.js';
import { decisionSaver } from '../../src/tui/decisions.js';
import { writeExport } from '../../src/tui/persist.js';
import { usdCell, usdDeltaCell, usdShort } from '../../src/tui/format.js';
import { compareVariants } from '../../src/estimate/compare.js';
import { variantInput } from '../../src/scenario/input.js';
import { keys, recordingEdges, renderApp, type RecordedEdges } from './helpers/render.js';

let demo: LoadedInput;
beforeAll(async () => {
  demo = await loadInput({});
});
afterEach(() => cleanup());

const lines = (f: string) => f.split('\n');
const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&');
// A table row (not the filter line, which also names what was typed).
const row = (f: string, label: string) => lines(f).find((l) => l.includes(label) && !l.startsWith('/')) ?? '';
// The header's proposed figure is there (the optimizer answered for the decisions on screen).
const settled = (f: string) => /proposed \$/.test(lines(f)[1] ?? '');
const DATALAKE = 's3:arn:aws:s3:::acme-datalake/';
/** The one answer for a set of decisions. */
const proposedFor = (decisions: Array<[string, NodeDecision]> = []) => propose(demo, { decisions: new Map(decisions) });

describe('Overview on the demo', () => {
  it('shows the scenario, modeled now → proposed, billed, drivers, trails and warnings', async () => {
    const session = createSession(demo);
    const r = proposedFor().result;
    const app = renderApp({ session });
    // Until the optimizer answers, proposed is pending (never a number from another model).
    const pending = await app.waitFor((x) => x.includes('Top cost drivers'));
    if (!settled(pending)) expect(lines(pending)[1]).toContain('proposed … optimizing');
    const f = await app.waitFor((x) => x.includes('Top cost drivers') && settled(x));
    expect(lines(f)[0]).toContain('trailcost · acme-demo');
    expect(lines(f)[1]).toContain(`modeled ${usdShort(r.total.usd)}/mo → proposed ${usdShort(r.proposed!.usd)}/mo`);
    // The Overview's trail lines: now and the evaluated proposal.
    const dt = r.trails.find((t) => t.name === 'data-trail')!;
    expect(row(f, 'data-trail')).toMatch(new RegExp(`${esc(usdCell(dt.usd))}\\s+${esc(usdCell(dt.proposed!.usd))}`));
    // At 80 columns billed is compared with the modeled CloudTrail event charges (the estimate's own figures), as a ratio.
    const billed = r.calibration.reduce((a, c) => a + (c.billedUsd ?? 0), 0);
    const ct = r.total.byDestination.cloudtrail!;
    const [lo, hi] = [(billed / ct.high).toFixed(2), (billed / ct.low).toFixed(2)];
    expect(lines(f)[1]).toContain(`CT billed/model ${lo === hi ? lo : `${lo}–${hi}`}×`);
    // The biggest driver by cost now is the first bar: on the demo, the duplicate deliveries (paid management copies).
    const o = session.view().overview;
    const top = [...o.drivers, ...(o.duplicates ? [o.duplicates] : [])].sort((a, b) => (b.value?.high ?? 0) - (a.value?.high ?? 0))[0];
    expect(top.label).toBe('duplicate deliveries');
    // The bar is the estimate's duplicate deliveries, summed (what `estimate` prints as their total).
    const dup = r.duplicateDeliveries.reduce((a, d) => ({ low: a.low + d.usd.low, high: a.high + d.usd.high }), { low: 0, high: 0 });
    expect(top.value).toEqual(dup);
    expect(lines(f)[lines(f).findIndex((l) => l.includes('Top cost drivers')) + 1]).toContain(usdShort({ low: dup.low, high: dup.low }));
    expect(lines(f)[lines(f).findIndex((l) => l.includes('Top cost drivers')) + 1]).toContain(top.label);
    for (const t of r.trails) expect(f).toContain(t.name);
    expect(f).toContain('own destination bucket acme-org-cloudtrail');
    for (const l of lines(f)) expect(l.length).toBeLessThanOrEqual(80);
  });
});

describe('Resources on the demo', () => {
  it('navigates, expands, collapses, filters and sorts the inventory tree', async () => {
    const app = renderApp({ session: createSession(demo), tab: 1 });
    let f = await app.waitFor((x) => x.includes('events/mo'));
    expect(f).toContain('▾ prod-data (2222');
    await app.press('j', 'l'); // prod-data › us-east-1
    f = await app.waitFor((x) => x.includes('acme-datalake'));
    expect(row(f, 'us-east-1')).toContain('▾');
    await app.press('h');
    f = await app.waitFor((x) => !x.includes('acme-datalake'));
    await app.press('/', 'p', 'i', 'i');
    f = await app.waitFor((x) => x.includes('/pii'));
    expect(f).toContain('acme-pii-vault');
    expect(f).not.toContain('acme-datalake');
    await app.press(keys.enter, keys.esc);
    f = await app.waitFor((x) => !x.includes('/pii'));
    await app.press('s');
    f = await app.waitFor((x) => x.includes('↓proposed'));
    await app.press('s', 's');
    f = await app.waitFor((x) => x.includes('resource ↑'));
    // By name: management (111…) before prod-apps before prod-data before security.
    const order = ['management', 'prod-apps', 'prod-data', 'security'].map((n) => f.indexOf(`▾ ${n}`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('cycles a decision with space; once optimized, header, rows and trails are the one proposal for those decisions', async () => {
    const session = createSession(demo);
    const app = renderApp({ session, tab: 1 });
    await app.waitFor((x) => x.includes('events/mo'));
    await app.press('/', ...'acme-datalake'.split(''), keys.enter);
    const f0 = await app.waitFor((x) => row(x, 'acme-datalake').length > 0 && x.includes('esc clears') && settled(x));
    // Auto: the policy default, with the scratch/ rule inside the bucket (a prefix the model does not split).
    expect(row(f0, 'acme-datalake')).toContain('auto=mixed');
    const base = proposedFor();
    expect(row(f0, 'acme-datalake')).toContain(usdCell(base.evaluation!.node(DATALAKE).usd));
    const check = new Map<string, string>();
    for (const d of ['keep', 'keep-writes', 'drop'] as const) {
      await app.press(keys.space);
      // The decision shows at once; the proposed figures are pending until the optimizer answers.
      const pending = await app.waitFor((x) => new RegExp(`acme-datalake.*\\b${d}\\s*$`, 'm').test(x));
      if (!settled(pending)) expect(row(pending, 'acme-datalake')).toMatch(/\$[\d.,]+\s+…\s/);
      const f = await app.waitFor((x) => new RegExp(`acme-datalake.*\\b${d}\\s*$`, 'm').test(x) && settled(x));
      // The same decisions through propose (optimize, then the estimator on the written sets): the screen's numbers.
      const p = proposedFor([[DATALAKE, d]]);
      expect(row(f, 'acme-datalake')).toContain(usdCell(p.evaluation!.node(DATALAKE).usd));
      expect(lines(f)[1]).toContain(`proposed ${usdShort(p.result.proposed!.usd)}/mo`);
      expect(session.view().proposedState).toBe('ready');
      check.set(d, usdShort(p.result.proposed!.usd));
    }
    expect(new Set(check.values()).size).toBe(3); // each decision changed the total
    // The Overview and Trails tabs show the same new numbers without any refresh.
    const dropped = proposedFor([[DATALAKE, 'drop']]).result;
    const dataTrail = dropped.trails.find((t) => t.name === 'data-trail')!;
    await app.press('1');
    let f = await app.waitFor((x) => x.includes('Top cost drivers'));
    expect(lines(f)[1]).toContain(`proposed ${check.get('drop')}/mo`);
    expect(row(f, 'data-trail')).toContain(usdCell(dataTrail.proposed!.usd));
    await app.press('5');
    f = await app.waitFor((x) => x.includes('delivers to'));
    expect(row(f, 'data-trail')).toContain(usdCell(dataTrail.proposed!.usd));
    for (const t of dropped.trails) expect(session.view().trails.find((v) => v.name === t.name)!.costProposed).toEqual(t.proposed?.usd ?? t.usd);
    await app.press('2', keys.space); // back to auto
    f = await app.waitFor((x) => row(x, 'acme-datalake').includes('auto') && settled(x));
    expect(lines(f)[1]).toContain(`proposed ${usdShort(base.result.proposed!.usd)}/mo`);
    expect(session.decisions().size).toBe(0);
  });

  it('saves decisions into a copy of the demo scenario, which then estimates the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-tui-save-'));
    try {
      const file = join(dir, 'demo.yaml');
      copyFileSync(DEMO_SCENARIO, file);
      copyFileSync(join(DEMO_SCENARIO, '..', 'demo.snapshot.json'), join(dir, 'demo.snapshot.json'));
      const input = await loadInput({ scenario: file });
      const session = createSession(input);
      const save = decisionSaver(input);
      const edges: RecordedEdges = { ...recordingEdges(), saveDecisions: async (d) => save(d) };
      const app = renderApp({ session, tab: 1, edges });
      await app.waitFor((x) => x.includes('events/mo'));
      await app.press('/', ...'scratch/tmp'.split(''), keys.enter);
      await app.waitFor((x) => row(x, 'scratch/tmp/').includes('auto'));
      await app.press(keys.space); // keep the Spark scratch after all
      await app.waitFor((x) => row(x, 'scratch/tmp/').includes('keep') && settled(x));
      // A decision on the prefix itself beats the scratch/ rule: kept.
      expect(row(app.frame(), 'scratch/tmp/')).toMatch(/\bkeep\s*$/);
      expect(session.view().resources.get('s3:arn:aws:s3:::acme-datalake/scratch/tmp/')!.effective).toBe('keep');
      const proposed = session.view().header.costProposed!;
      expect(proposed).toEqual(propose(input, { decisions: new Map([['s3:arn:aws:s3:::acme-datalake/scratch/tmp/', 'keep']]) }).result.proposed!.usd);
      await app.press('w');
      await app.waitFor((x) => x.includes(`into ${file}`));
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('# The bundled demo'); // comments kept
      expect(parse(text).policy.rules).toContainEqual({ match: 'arn:aws:s3:::acme-datalake/scratch/tmp/', decision: 'keep', reason: 'decided in the trailcost TUI' });
      // The saved scenario, with no decisions, proposes what the session proposed with them.
      const p2 = propose(await loadInput({ scenario: file })).result.proposed!.usd;
      // Equal to rounding (a rule and a decision on the same key resolve alike; sums may run in another order).
      expect(p2.low).toBeCloseTo(proposed.low, 6);
      expect(p2.high).toBeCloseTo(proposed.high, 6);

      // A rule-backed bucket changed, then everything set back to auto: the file is as it was.
      const original = readFileSync(DEMO_SCENARIO, 'utf8');
      await app.press(keys.esc, '/', ...'acme-cdn-logs'.split(''), keys.enter);
      await app.waitFor((x) => row(x, 'acme-cdn-logs').includes('auto'));
      await app.press(keys.space);
      await app.waitFor((x) => /acme-cdn-logs.*\bkeep\s*$/m.test(x));
      await app.press('w');
      await app.waitFor((x) => x.includes('saved 2 decision(s)'));
      expect(parse(readFileSync(file, 'utf8')).policy.rules).toContainEqual({ match: 'acme-cdn-logs', decision: 'keep', reason: 'CDN access logs' });
      await app.press(keys.space, keys.space, keys.space); // cdn-logs back to auto
      await app.waitFor((x) => row(x, 'acme-cdn-logs').includes('auto'));
      await app.press(keys.esc, '/', ...'scratch/tmp'.split(''), keys.enter);
      await app.waitFor((x) => /scratch\/tmp\/.*\bkeep\s*$/m.test(x));
      await app.press(keys.space, keys.space, keys.space);
      await app.waitFor((x) => row(x, 'scratch/tmp/').includes('auto'));
      await app.press('w');
      await app.waitFor((x) => x.includes('saved 0 decision(s)'));
      expect(parse(readFileSync(file, 'utf8'))).toEqual(parse(original));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a decision on a bucket with more specific rules inside it (demo)', () => {
  it('keep on acme-datalake leaves scratch/tmp/ dropped by its rule; header and export are the one proposal', async () => {
    const session = createSession(demo);
    const app = renderApp({ session, tab: 1 });
    await app.waitFor((x) => x.includes('events/mo'));
    await app.press('/', ...'acme-datalake'.split(''), keys.enter, 'j', 'j', keys.space);
    expect([...session.decisions()]).toEqual([[DATALAKE, 'keep']]);
    // Where the bucket's answer comes from, said at once; the proposed figures wait for the optimizer.
    const decided = await app.waitFor((x) => /acme-datalake.*\bkeep\s*$/m.test(x));
    expect(lines(decided).at(-1)).toMatch(/^acme-datalake: keep · answer: mixed ← decision on bucket acme-datalake/);
    let f = await app.waitFor((x) => !lines(x)[1].includes('optimizing') && /acme-datalake.*\bkeep\s*$/m.test(x));
    const ready = session.view();
    expect(ready.proposedState).toBe('ready');
    // The status line starts with the cursor row's answer and keeps the position on 80 columns.
    expect(lines(f).at(-2)).toMatch(/^acme-datalake: mixed ← decision on bucket acme-dat.*… · 3\/3 · sorted by cost now ↓$/);

    // The bucket's children, without the filter: the more specific rules still win over the bucket's decision.
    await app.press(keys.esc, 'l');
    f = await app.waitFor((x) => row(x, 'scratch/tmp/').length > 0);
    expect(row(f, 'scratch/tmp/')).toMatch(/\bauto=drop\s*$/);
    expect(row(f, 'scratch/spark')).toMatch(/\bauto=drop\s*$/);
    expect(row(f, 'raw/')).toMatch(/\bauto=writes\s*$/);
    expect(row(f, 'curated/')).toMatch(/\bauto=keep\s*$/);
    const tmp = ready.resources.get('s3:arn:aws:s3:::acme-datalake/scratch/tmp/')!;
    expect(tmp.effective).toBe('drop');
    expect(tmp.via).toBe('rule acme-datalake/scratch/ (Spark scratch space)');
    for (const l of lines(f)) expect(l.length).toBeLessThanOrEqual(80);

    // The header: the optimizer's selectors for this decision, evaluated by the estimator.
    const one = proposedFor([[DATALAKE, 'keep']]);
    expect(lines(f)[1]).toContain(`proposed ${usdShort(one.result.proposed!.usd)}/mo`);
    expect(ready.header.costProposed).toEqual(one.result.proposed!.usd);

    // Exported, the file prices to what the screen says for the trail.
    await app.press('3');
    await app.waitFor((x) => x.includes('JSON (put-event-selectors)') && !x.includes('optimizing'));
    await app.press('e');
    await app.waitFor((x) => x.includes('wrote /tmp/data-trail.json'));
    expect(app.edges.exports).toHaveLength(1);
    const written = JSON.parse(app.edges.exports[0].text);
    const priced = createEstimator(demo).estimateSelectors('data-trail', written);
    const shown = session.view().trails.find((t) => t.name === 'data-trail')!.costProposed;
    expect(shown).toEqual(ready.trails.find((t) => t.name === 'data-trail')!.costProposed);
    expect(priced.usd).toEqual(shown);
    // Not vacuous: the file saves money against today's selectors.
    expect(priced.usd.high).toBeLessThan(ready.trails.find((t) => t.name === 'data-trail')!.costNow!.low);
    expect(shown).toEqual(one.result.trails.find((t) => t.name === 'data-trail')!.proposed!.usd);
  });
});

describe('Selectors on the demo', () => {
  it('shows the proposal with values used, coverage, and cycles formats', async () => {
    const session = createSession(demo);
    const p = session.view().proposals()[0];
    const app = renderApp({ session, tab: 2 });
    let f = await app.waitFor((x) => x.includes('JSON (put-event-selectors)'));
    expect(f).toMatch(new RegExp(`data-trail\\s+${p.valuesUsed}/500`));
    expect(f).toContain(`${p.valuesUsed} of 500 values`);
    expect(f).toContain('✓ keep (reads and writes):');
    expect(f).toContain('"Name": "Management events"');
    await app.press('f');
    f = await app.waitFor((x) => x.includes('Terraform'));
    expect(f).toContain('advanced_event_selector {');
    await app.press('f');
    f = await app.waitFor((x) => x.includes('CloudFormation'));
    expect(f).toContain('AdvancedEventSelectors:');
    await app.press(keys.pageDown);
    f = await app.waitFor((x) => /lines (\d+)–/.exec(x)?.[1] !== '1');
  });

  it('exports the shown format atomically and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-tui-export-'));
    try {
      const session = createSession(demo);
      const edges: RecordedEdges = { ...recordingEdges(), exportSelectors: async (t, fmt, text) => writeExport(dir, t, fmt, text) };
      const app = renderApp({ session, tab: 2, edges });
      await app.waitFor((x) => x.includes('JSON (put-event-selectors)'));
      await app.press('e');
      const path = join(dir, 'data-trail.selectors.json');
      await app.waitFor((x) => x.includes(`wrote ${path}`));
      const written = JSON.parse(readFileSync(path, 'utf8'));
      expect(written).toEqual(JSON.parse(renderSelectors(session.view().proposals()[0].selectors, 'json')));
      expect(written[0].FieldSelectors).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-optimizes after a decision', async () => {
    const session = createSession(demo);
    const before = session.view().proposals()[0];
    session.setDecision('s3:arn:aws:s3:::acme-cdn-logs/', 'keep');
    const after = session.view().proposals()[0];
    expect(JSON.stringify(after.selectors)).not.toEqual(JSON.stringify(before.selectors));
    const app = renderApp({ session, tab: 2 });
    const f = await app.waitFor((x) => x.includes('values'));
    expect(f).toContain(`${after.valuesUsed} of 500 values`);
  });

  it('keeps each view model for its own decisions, whenever its rows or proposals are asked for', () => {
    const cdn = 's3:arn:aws:s3:::acme-cdn-logs/';
    const session = createSession(demo);
    const kept = session.setDecision(cdn, 'keep');
    session.setDecision(cdn, 'drop');
    expect(kept.resources.get(cdn)!.decision).toBe('keep');
    expect(kept.proposals()[0].selectors).toEqual(proposedFor([[cdn, 'keep']]).optimized[0].selectors);
    expect(session.view().proposals()[0].selectors).toEqual(proposedFor([[cdn, 'drop']]).optimized[0].selectors);
    session.close?.();
  });
});

describe('Scenarios on the demo', () => {
  it('lists the baseline and every variant with deltas, and moves between them', async () => {
    const app = renderApp({ session: createSession(demo), tab: 3, size: { columns: 100, rows: 30 } });
    let f = await app.waitFor((x) => x.includes('vs baseline'));
    expect(row(f, 'baseline')).toContain('baseline');
    for (const v of demo.variants) expect(f).toContain(v.name.slice(0, 20));
    expect(row(f, 'traffic-doubles')).toMatch(/\+\$/);
    // The same numbers `trailcost compare` prints.
    const starting = (name: string) => lines(f).find((l) => l.startsWith(name.slice(0, 18))) ?? '';
    for (const c of compareVariants(demo).rows) {
      expect(starting(c.name)).toContain(usdCell(c.usd));
      if (c.name !== 'baseline') expect(starting(c.name)).toContain(usdDeltaCell(c.deltaUsd));
      // Proposed: the same optimize + estimate as everywhere, on the variant's own model.
      const p = propose(c.name === 'baseline' ? demo : variantInput(demo, c.name)).result.proposed!.usd;
      expect(starting(c.name)).toMatch(new RegExp(`${esc(usdCell(p))}\\s`));
    }
    await app.press('j');
    f = await app.waitFor((x) => x.includes(demo.variants[0].description!.slice(0, 40)));
  });
});

describe('Trails on the demo', () => {
  it('shows each trail with scope, destinations and selectors in words', async () => {
    const app = renderApp({ session: createSession(demo), tab: 4 });
    let f = await app.waitFor((x) => x.includes('delivers to'));
    for (const t of demo.trails) expect(f).toContain(t.name);
    expect(f).toContain('s3://acme-org-cloudtrail/mgmt/');
    expect(f).toContain('CloudWatch Logs /aws/cloudtrail/org');
    await app.press('j');
    f = await app.waitFor((x) => x.includes('s3://acme-org-cloudtrail/data/'));
    expect(f).toMatch(/basic: reads and writes, management events, data: S3 Object arn:aws:s3/);
    await app.press('j');
    f = await app.waitFor((x) => x.includes('PII objects: S3 Object data events where resources.ARN starts with'));
  });
});

describe('keys on the demo', () => {
  it('opens help, closes it, and quits', async () => {
    const app = renderApp({ session: createSession(demo) });
    await app.waitFor((x) => x.includes('Overview'));
    await app.press('?');
    await app.waitFor((x) => x.includes('Everywhere'));
    await app.press('?');
    await app.waitFor((x) => x.includes('Top cost drivers'));
    await app.press('q');
    expect(app.exited()).toBe(true);
  });
});

describe('a bare snapshot (no policy)', () => {
  it('explores costs, and says why a decision cannot change anything', async () => {
    const input = await loadInput({ snapshot: join(DEMO_SCENARIO, '..', 'demo.snapshot.json') });
    const session = createSession(input);
    const app = renderApp({ session, tab: 1 });
    await app.waitFor((x) => x.includes('events/mo'));
    await app.press(keys.space);
    await app.waitFor((x) => x.includes('this input has no policy'));
    expect(session.decisions().size).toBe(0);
    await app.press('3');
    await app.waitFor((x) => x.includes('No proposals'));
  });
});
