/**
 * Issue 14's layout points: a clear "terminal too small" screen below 80×24 that recovers on resize; every warning
 * and finding readable on the Overview (scrolling, escaped); the Selectors header on one line at 120 columns with
 * trail names that stay distinct when cut; the footer never offering one key for two things.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render as inkRender } from 'ink-testing-library';
import { App } from '../../src/tui/app.js';
import { plainTheme } from '../../src/tui/theme.js';
import { footerItems, resolve } from '../../src/tui/keys.js';
import { activeScopes, initialAppState } from '../../src/tui/state/app.js';
import type { TuiSession, Warning, TrailProposal } from '../../src/tui/view-model.js';
import { EVIL, OSC52_SHOWN, rawUnsafe } from '../report/hostile.js';
import { fixtureSession } from './helpers/fixture-session.js';
import { keys, recordingEdges, renderApp } from './helpers/render.js';

afterEach(() => cleanup());

/** The fixture session with other warnings or proposals (the app only reads the view model). */
function withView(base: TuiSession, patch: { warnings?: Warning[]; proposals?: TrailProposal[] }): TuiSession {
  const wrap = (vm: ReturnType<TuiSession['view']>) => ({
    ...vm,
    overview: { ...vm.overview, warnings: patch.warnings ?? vm.overview.warnings },
    proposals: patch.proposals ? () => patch.proposals! : vm.proposals,
  });
  return { ...base, view: () => wrap(base.view()), setDecision: (id, d) => wrap(base.setDecision(id, d)), decisions: () => base.decisions() };
}

const tick = () => new Promise<void>((r) => setImmediate(r));
async function until(frame: () => string, pred: (f: string) => boolean): Promise<string> {
  for (let i = 0; i < 200; i++) {
    if (pred(frame())) return frame();
    await tick();
  }
  throw new Error(`timed out; last frame:\n${frame()}`);
}

describe('terminal too small', () => {
  it('says what it needs below 80×24, only quits, and comes back on resize', async () => {
    let size = { columns: 40, rows: 10 };
    let quit = false;
    const inst = inkRender(<App session={fixtureSession()} edges={recordingEdges()} theme={plainTheme} initialTab={1} onQuit={() => (quit = true)} />);
    // The test stdout reports a size the app follows on 'resize', like a terminal.
    Object.defineProperty(inst.stdout, 'columns', { get: () => size.columns, configurable: true });
    Object.defineProperty(inst.stdout, 'rows', { get: () => size.rows, configurable: true });
    inst.stdout.emit('resize');
    const frame = () => inst.lastFrame() ?? '';
    let f = await until(frame, (x) => x.includes('terminal too small'));
    expect(f.replace(/\n/g, ' ')).toContain('terminal too small (need 80×24, have 40×10)');
    expect(f.split('\n').every((l) => l.length <= 40)).toBe(true);
    expect(f.split('\n').length).toBeLessThan(10);
    // Keys that would act on the hidden layout do nothing.
    inst.stdin.write('1');
    await tick();
    for (const s of [{ columns: 79, rows: 40 }, { columns: 200, rows: 23 }]) {
      size = s;
      inst.stdout.emit('resize');
      f = await until(frame, (x) => x.includes(`have ${s.columns}×${s.rows}`));
    }
    size = { columns: 80, rows: 24 };
    inst.stdout.emit('resize');
    f = await until(frame, (x) => x.includes('events/mo'));
    // Still on the tab it was on: the key pressed while too small did nothing.
    expect(f).toContain('trailcost · fixture');
    expect(f).not.toContain('Top cost drivers');
    inst.stdin.write('q');
    await until(() => (quit ? 'q' : ''), (x) => x === 'q');
    inst.unmount();
  });
});

describe('Overview warnings and findings', () => {
  const long = Array.from({ length: 9 }, (_, i): Warning => ({
    level: i === 8 ? 'info' : 'warning',
    code: `w${i}`,
    message: `warning number ${i} ${'lorem ipsum '.repeat(12)}ends-${i}${i === 3 ? EVIL : ''}`,
  }));

  for (const size of [{ columns: 80, rows: 24 }, { columns: 200, rows: 50 }]) {
    it(`every one is readable to its last word by scrolling, escaped (${size.columns}×${size.rows})`, async () => {
      const app = renderApp({ session: withView(fixtureSession(), { warnings: long }), size });
      let f = await app.waitFor((x) => x.includes('Warnings and findings'));
      expect(f).toContain(`(${long.length}`);
      expect(f).not.toContain('all in `trailcost estimate`');
      await app.press(keys.down);
      f = await app.waitFor((x) => x.includes(`Warnings and findings: ${long.length}`));
      const seen = new Set<string>();
      for (let i = 0; i < 60; i++) {
        for (const l of f.split('\n')) seen.add(l);
        expect(rawUnsafe(f), f).toBeNull();
        if (!/lines \d+–(\d+) of \1\b/.test(f) && /lines/.test(f)) {
          await app.press('j');
          f = app.frame();
        } else break;
      }
      const text = [...seen].join('\n');
      for (let i = 0; i < long.length; i++) expect(text, `warning ${i}`).toContain(`ends-${i}`);
      expect(text).toContain(OSC52_SHOWN.slice(0, 8));
      await app.press(keys.esc);
      await app.waitFor((x) => x.includes('Top cost drivers'));
      app.unmount();
    });
  }
});

describe('Selectors list', () => {
  const proposal = (trail: string): TrailProposal => ({
    trail, status: 'optimized', selectors: [], valuesUsed: 3, maxValues: 500, costNow: { low: 1, high: 1 }, costProposed: { low: 1, high: 1 },
    findings: [], coverage: [], notes: [], render: () => '[\n  {\n    "Name": "x"\n  }\n]\n',
  });

  it('keeps its header on one line at 120 columns and trail names distinct when cut', async () => {
    const names = ['organization-data-events-trail-eu-west-1', 'organization-data-events-trail-us-east-1', 'organization-data-events-trail-us-west-2'];
    const app = renderApp({ session: withView(fixtureSession(), { proposals: names.map(proposal) }), tab: 2, size: { columns: 120, rows: 40 } });
    const f = await app.waitFor((x) => x.includes('JSON (put-event-selectors)'));
    const lines = f.split('\n');
    const header = lines.find((l) => /^trail\s+values/.test(l))!;
    expect(header).toMatch(/values\s+data now\s+proposed lint/);
    expect(lines.some((l) => /^lint\b/.test(l))).toBe(false);
    const rows = lines.filter((l) => l.startsWith('organiza') && l.includes('3/500'));
    expect(rows).toHaveLength(3);
    const shown = rows.map((l) => l.slice(0, l.indexOf(' 3/500')).trim());
    expect(new Set(shown).size).toBe(3);
    app.unmount();
  });
});

describe('footer', () => {
  it('never offers a key another scope takes over (d closes the details while they are open)', () => {
    const tree = { expanded: new Set<string>(), cursorId: null, top: 0, filter: '', editing: false, sort: { key: 'costNow' as const, desc: true } };
    for (const s of [{ ...initialAppState(tree, 1), detail: { open: true, top: 0 } }, { ...initialAppState(tree, 0), warnings: { open: true, top: 0 } }, initialAppState(tree, 0)]) {
      const scopes = activeScopes(s);
      const items = footerItems(scopes);
      const firstKeys = items.map((i) => i.keys.split('/')[0]);
      expect(new Set(firstKeys).size, JSON.stringify(items)).toBe(firstKeys.length);
      expect(resolve(scopes, 'd')?.action).toBe(s.detail.open ? 'closeDetail' : s.tab === 1 ? 'toggleDetail' : undefined);
    }
  });
});

describe('decisions typed fast', () => {
  it('two spaces in one read cycle the decision twice (the second starts from the first)', async () => {
    const session = fixtureSession();
    const app = renderApp({ session, tab: 1 });
    await app.waitFor((f) => f.includes('events/mo'));
    await app.press('  ');
    await app.waitFor(() => [...session.decisions().values()].join() === 'keep-writes');
    expect(session.setDecisionCalls).toBe(2);
    app.unmount();
  });
});
