/**
 * Every tab on the bundled demo, through the real session (estimate, optimize, variants). Expected numbers come
 * from the estimator and renderers directly, never typed in, so the tests check the wiring and not a snapshot.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadInput, DEMO_SCENARIO, type LoadedInput } from '../../src/app/load-input.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { renderSelectors } from '../../src/selectors/formats.js';
import { createSession } from '../../src/tui/session.js';
import { decisionSaver } from '../../src/tui/decisions.js';
import { writeExport } from '../../src/tui/persist.js';
import { usdCell, usdDeltaCell, usdShort } from '../../src/tui/format.js';
import { compareVariants } from '../../src/estimate/compare.js';
import { keys, recordingEdges, renderApp, type RecordedEdges } from './helpers/render.js';

let demo: LoadedInput;
beforeAll(async () => {
  demo = await loadInput({});
});
afterEach(() => cleanup());

const lines = (f: string) => f.split('\n');
// A table row (not the filter line, which also names what was typed).
const row = (f: string, label: string) => lines(f).find((l) => l.includes(label) && !l.startsWith('/')) ?? '';

describe('Overview on the demo', () => {
  it('shows the scenario, modeled now → proposed, billed, drivers, trails and warnings', async () => {
    const session = createSession(demo);
    const r = session.estimator.result();
    const app = renderApp({ session });
    const f = await app.waitFor((x) => x.includes('Top cost drivers'));
    expect(lines(f)[0]).toContain('trailcost · acme-demo');
    expect(lines(f)[1]).toContain(`modeled ${usdShort(r.total.usd)}/mo → proposed ${usdShort(r.proposed.usd)}/mo`);
    expect(lines(f)[1]).toMatch(/billed \$[\d,]+\/mo/);
    // The biggest driver by cost now is the first bar.
    const top = session.view().overview.drivers[0];
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

  it('cycles a decision with space and every number follows the estimator', async () => {
    const session = createSession(demo);
    const app = renderApp({ session, tab: 1 });
    await app.waitFor((x) => x.includes('events/mo'));
    await app.press('/', ...'acme-datalake'.split(''), keys.enter);
    const f0 = await app.waitFor((x) => row(x, 'acme-datalake').length > 0 && x.includes('esc clears'));
    expect(row(f0, 'acme-datalake')).toContain('auto=log');
    const check = new Map<string, string>();
    for (const d of ['keep', 'keep-writes', 'drop'] as const) {
      await app.press(keys.space);
      const f = await app.waitFor((x) => new RegExp(`acme-datalake.*\\b${d}\\s*$`, 'm').test(x));
      // An independent estimator with the same decision gives the numbers the screen must show.
      const e = createEstimator(demo);
      e.setDecision('s3:arn:aws:s3:::acme-datalake/', d);
      const r = e.result();
      const n = e.node('s3:arn:aws:s3:::acme-datalake/');
      expect(row(f, 'acme-datalake')).toContain(usdCell(n.usdProposed));
      expect(lines(f)[1]).toContain(`proposed ${usdShort(r.proposed.usd)}/mo`);
      check.set(d, usdShort(r.proposed.usd));
    }
    expect(new Set(check.values()).size).toBe(3); // each decision changed the total
    // The Overview and Trails tabs show the same new numbers without any refresh.
    await app.press('1');
    let f = await app.waitFor((x) => x.includes('Top cost drivers'));
    expect(lines(f)[1]).toContain(`proposed ${check.get('drop')}/mo`);
    await app.press('5');
    f = await app.waitFor((x) => x.includes('delivers to'));
    const e = createEstimator(demo);
    e.setDecision('s3:arn:aws:s3:::acme-datalake/', 'drop');
    const dataTrail = e.result().trails.find((t) => t.name === 'data-trail')!;
    expect(row(f, 'data-trail')).toContain(usdCell(dataTrail.proposed!.usd).slice(0, 6));
    await app.press('2', keys.space); // back to auto
    f = await app.waitFor((x) => row(x, 'acme-datalake').includes('auto'));
    expect(lines(f)[1]).toContain(`proposed ${usdShort(session.estimator.result().proposed.usd)}/mo`);
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
      await app.waitFor((x) => row(x, 'scratch/tmp/').includes('keep'));
      const proposed = session.estimator.result().proposed.usd;
      await app.press('w');
      await app.waitFor((x) => x.includes(`into ${file}`));
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('# The bundled demo'); // comments kept
      expect(parse(text).policy.rules).toContainEqual({ match: 'arn:aws:s3:::acme-datalake/scratch/tmp/', decision: 'keep', reason: 'decided in the trailcost TUI' });
      const again = createEstimator(await loadInput({ scenario: file }));
      const p2 = again.result().proposed.usd;
      // Same decisions, summed in another order (incremental vs fresh): equal to rounding.
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
