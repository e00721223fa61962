/**
 * The app shell and its keys on a small fixture session (numbers chosen so they are predictable); the same
 * behaviours on the real demo are in the per-tab tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { bigSpecs, fixtureSession } from './helpers/fixture-session.js';
import { keys, renderApp } from './helpers/render.js';
import { themeFor, plainTheme, colorTheme } from '../../src/tui/theme.js';

afterEach(() => cleanup());

const lines = (f: string) => f.split('\n');
const cursorLine = (f: string, label: string) => lines(f).find((l) => l.includes(label)) ?? '';

describe('app shell', () => {
  it('fits 80x24 and shows header, tabs and the footer keys', async () => {
    const app = renderApp({ session: fixtureSession() });
    const f = await app.waitFor((x) => x.includes('Overview'));
    expect(lines(f).length).toBeLessThanOrEqual(23);
    for (const l of lines(f)) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines(f)[0]).toContain('trailcost · fixture');
    // Billed beside the modeled figure of the same scope (here the fixture's: 55 of 50 → 1.10×), never the whole model.
    expect(lines(f)[1]).toContain("CT events billed $55.00 vs $50.00 modeled");
    expect(f).toMatch(/1 Overview\s+2 Resources\s+3 Selectors\s+4 Scenarios\s+5 Trails/);
    expect(lines(f).at(-1)).toContain('? help');
    expect(lines(f).at(-1)).toContain('q quit');
  });

  it('uses the width of a wider terminal', async () => {
    const app = renderApp({ session: fixtureSession(), size: { columns: 140, rows: 40 }, tab: 1 });
    const f = await app.waitFor((x) => x.includes('resource'));
    const widest = Math.max(...lines(f).map((l) => l.length));
    expect(widest).toBeGreaterThan(120);
    expect(widest).toBeLessThanOrEqual(140);
    expect(f).toContain('auto (log)'); // wide terminals say what auto means
    expect(lines(f).length).toBeLessThanOrEqual(39);
  });

  it('switches tabs with tab, shift+tab and digits', async () => {
    const app = renderApp({ session: fixtureSession() });
    await app.waitFor((f) => f.includes('Top cost drivers'));
    await app.pressAndWait(keys.tab);
    expect(app.frame()).toContain('events/mo');
    await app.pressAndWait('5');
    expect(app.frame()).toContain('delivers to s3://org-logs/');
    await app.pressAndWait(keys.tab);
    expect(app.frame()).toContain('Top cost drivers');
    await app.pressAndWait(keys.shiftTab);
    expect(app.frame()).toContain('delivers to s3://org-logs/');
    await app.pressAndWait('3');
    // The Selectors tab's own row (values used of the budget), after the optimizer's deferred run.
    await app.waitFor((f) => /org-trail\s+\d+\/500/.test(f));
    expect(app.frame()).toContain('JSON (put-event-selectors)');
  });

  it('opens the help overlay listing the keys, swallows other keys, and closes it', async () => {
    const app = renderApp({ session: fixtureSession() });
    await app.waitFor((f) => f.includes('Overview'));
    const f = await app.pressAndWait('?');
    for (const s of ['Everywhere', 'Lists and tables', 'Resources tree', 'Selectors', 'space', 'ctrl+c', 'shift+tab', '↑ k', '↓ j']) expect(f).toContain(s);
    await app.press('2'); // ignored while help is open
    expect(app.frame()).toContain('Everywhere');
    await app.pressAndWait(keys.esc);
    expect(app.frame()).toContain('Top cost drivers');
  });

  it('quits with q and with ctrl+c', async () => {
    const a = renderApp({ session: fixtureSession() });
    await a.press('q');
    expect(a.exited()).toBe(true);
    const b = renderApp({ session: fixtureSession(), tab: 1 });
    await b.press('/', 'x', keys.ctrlC); // even while typing a filter
    expect(b.exited()).toBe(true);
  });
});

describe('resources tab', () => {
  it('moves with arrows and j/k, expands and collapses', async () => {
    const app = renderApp({ session: fixtureSession(), tab: 1 });
    await app.waitFor((f) => f.includes('1/5'));
    await app.press('j', 'j', keys.down);
    expect(app.frame()).toContain('4/5');
    await app.pressAndWait(keys.right);
    expect(app.frame()).toContain('etl-scratch');
    expect(app.frame()).toContain('▾ us-east-1');
    await app.pressAndWait(keys.left);
    expect(app.frame()).not.toContain('etl-scratch');
    await app.press('k');
    expect(app.frame()).toContain('3/5');
  });

  it('filters with / and clears with esc', async () => {
    const app = renderApp({ session: fixtureSession(), tab: 1 });
    await app.waitFor((f) => f.includes('1/5'));
    await app.press('/', 'o', 'r', 'd');
    const f = app.frame();
    expect(f).toContain('/ord');
    expect(f).toContain('orders');
    expect(f).not.toContain('dev');
    await app.press(keys.enter);
    expect(app.frame()).toContain('esc clears');
    await app.press(keys.esc);
    expect(app.frame()).not.toContain('/ord');
    expect(app.frame()).toContain('222222222222 dev');
  });

  it('sorts with s', async () => {
    const app = renderApp({ session: fixtureSession(), tab: 1 });
    await app.waitFor((f) => f.includes('↓cost now'));
    await app.pressAndWait('s');
    expect(app.frame()).toContain('↓proposed');
    await app.press('s', 's');
    expect(app.frame()).toContain('resource ↑');
    const f = app.frame();
    expect(f.indexOf('111111111111 prod')).toBeLessThan(f.indexOf('222222222222 dev'));
  });

  it('space cycles the decision and every total updates', async () => {
    const session = fixtureSession([
      { id: 'a', kind: 'account', label: 'acct', children: [{ id: 'b', kind: 'bucket', label: 'noisy', events: 10_000_000 }, { id: 'c', kind: 'bucket', label: 'quiet', events: 2_000_000 }] },
    ]);
    const app = renderApp({ session, tab: 1 });
    await app.waitFor((f) => f.includes('proposed $12.00/mo'));
    await app.press('j'); // noisy
    await app.pressAndWait(keys.space);
    expect(cursorLine(app.frame(), 'noisy')).toContain('keep');
    await app.pressAndWait(keys.space);
    expect(cursorLine(app.frame(), 'noisy')).toContain('keep-writes');
    await app.pressAndWait(keys.space);
    const f = app.frame();
    expect(cursorLine(f, 'noisy')).toMatch(/\$10\.00\s+\$0\.00.*drop/);
    expect(cursorLine(f, 'acct')).toMatch(/\$12\.00\s+\$2\.00/);
    expect(lines(f)[1]).toContain('proposed $2.00/mo');
    await app.pressAndWait('1');
    expect(app.frame()).toContain('1 decision (w saves)');
    expect(app.frame()).toMatch(/org-trail\s+\$12\.00\s+\$2\.00/);
    await app.pressAndWait('2');
    await app.pressAndWait(keys.space); // back to auto
    expect(lines(app.frame())[1]).toContain('proposed $12.00/mo');
    expect(session.setDecisionCalls).toBe(4);
  });

  it('saves decisions through the edge with w', async () => {
    const app = renderApp({ session: fixtureSession(), tab: 1 });
    await app.waitFor((f) => f.includes('1/5'));
    await app.pressAndWait(keys.space);
    await app.press('w');
    await app.waitFor((f) => f.includes('saved 1 decision(s) into /tmp/scenario.yaml'));
    expect([...app.edges.saves[0]]).toEqual([['acct:222222222222', 'keep']]);
  });

  it('scrolls thousands of rows drawing only a screenful', async () => {
    const app = renderApp({ session: fixtureSession(bigSpecs(1, 3000, 1)), tab: 1 });
    await app.waitFor((f) => f.includes('1/2'));
    await app.press(keys.down, keys.right);
    await app.waitFor((f) => f.includes('2/3002'));
    await app.press('G');
    const f = await app.waitFor((x) => x.includes('3002/3002'));
    expect(lines(f).length).toBeLessThanOrEqual(23);
    await app.press(keys.pageUp);
    expect(app.frame()).toMatch(/\d+\/3002/);
  });
});

describe('selectors tab', () => {
  it('cycles formats with f and exports the shown format with e', async () => {
    const app = renderApp({ session: fixtureSession(), tab: 2 });
    await app.waitFor((f) => f.includes('JSON (put-event-selectors)'));
    expect(app.frame()).toContain('"Name": "keep"');
    await app.pressAndWait('f');
    expect(app.frame()).toContain('advanced_event_selector {');
    await app.pressAndWait('f');
    expect(app.frame()).toContain('AdvancedEventSelectors:');
    await app.pressAndWait('f');
    expect(app.frame()).toContain('CloudWatch telemetry rule');
    expect(app.frame().split('\n').length).toBeLessThanOrEqual(24);
    expect(app.frame()).toContain('AWS::ObservabilityAdmin::OrganizationTelemetryRule');
    await app.pressAndWait('f');
    expect(app.frame()).toContain('"Name": "keep"');
    await app.press('f', 'e');
    await app.waitFor((f) => f.includes('wrote /tmp/org-trail.terraform'));
    expect(app.edges.exports).toEqual([{ trail: 'org-trail', format: 'terraform', text: 'advanced_event_selector {\n  name = "keep"\n}\n' }]);
    await app.press('j', 'e');
    await app.waitFor((f) => f.includes('wrote /tmp/dev-trail.terraform'));
    // Only a set the optimizer reports as optimized is written.
    await app.press('j', 'e');
    await app.waitFor((f) => f.includes("audit-trail: not exported — the optimizer's status is proof-failed"));
    expect(app.edges.exports.map((x) => x.trail)).toEqual(['org-trail', 'dev-trail']);
  });

  it('says it is optimizing, then shows the proposals, computed once per decision state', async () => {
    const session = fixtureSession();
    let calls = 0;
    const view = session.view;
    session.view = () => {
      const vm = view();
      const proposals = vm.proposals;
      return { ...vm, proposals: () => (calls++, proposals()) };
    };
    const app = renderApp({ session, tab: 2 });
    expect(app.frame()).toContain('optimizing the selectors');
    await app.waitFor((f) => f.includes('org-trail'));
    await app.press('j', 'f', 'k');
    await app.waitFor((f) => f.includes('advanced_event_selector'));
    expect(calls).toBe(1);
  });

  it('shows values used, lint findings and coverage', async () => {
    const app = renderApp({ session: fixtureSession(), tab: 2 });
    const f = await app.waitFor((x) => x.includes('values'));
    expect(f).toMatch(/org-trail\s+2\/500/);
    expect(f).toContain('TC-TEST-1');
    expect(f).toContain('✓ pii-vault/customers/ logged');
  });
});

describe('theme', () => {
  it('turns colors off when NO_COLOR is set (non-empty)', () => {
    expect(themeFor({ NO_COLOR: '1' })).toBe(plainTheme);
    expect(themeFor({ NO_COLOR: '' })).toBe(colorTheme);
    expect(themeFor({})).toBe(colorTheme);
    expect(Object.entries(plainTheme).filter(([k, v]) => typeof v === 'string' && !k.startsWith('bar'))).toEqual([]);
  });
});
