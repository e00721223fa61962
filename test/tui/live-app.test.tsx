/**
 * The live app (tui/live/LiveApp.tsx) with a scripted LiveStart: progress first, then the normal app; the kept
 * snapshot opened at once with its age; `r` rescans, a failed scan is shown (not thrown) and `esc` goes back;
 * `i` writes a scenario and reopens with its policy. No AWS here: the end-to-end test drives the real scan.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { LiveApp, headerNote, type LiveStart, type Opened } from '../../src/tui/live/LiveApp.js';
import { plainTheme } from '../../src/tui/theme.js';
import { loadInput, type LoadedInput } from '../../src/app/load-input.js';
import { createSession } from '../../src/tui/session.js';
import type { Kept, Progress } from '../../src/app/live-scan.js';
import { recordingEdges } from './helpers/render.js';

let demo: LoadedInput;
beforeAll(async () => {
  demo = await loadInput({});
});

const NOW = new Date('2026-03-01T12:00:00Z');
const keptAt = (ms: number): Kept => ({ file: '/cache/trailcost/1.org.snapshot.json', snapshot: demo.snapshot, generatedAt: new Date(NOW.getTime() - ms) });

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

/** A LiveStart whose scans the test finishes by hand, recording what was asked. */
function scripted(kept: Kept | null) {
  const scans: Array<{ progress: Progress; done: ReturnType<typeof deferred<Kept>> }> = [];
  const opened: Opened[] = [];
  let policy = false;
  const start: LiveStart = {
    title: 'profile test · account 111111111111',
    kept,
    now: () => NOW,
    scan(progress) {
      const done = deferred<Kept>();
      scans.push({ progress, done });
      return done.promise;
    },
    async open() {
      const o: Opened = { session: createSession(demo), edges: recordingEdges(), name: 'o-test', policy };
      opened.push(o);
      return o;
    },
    async suggest() {
      policy = true;
      return 'wrote trailcost-o-test.yaml: 2 keep, 1 drop';
    },
  };
  return { start, scans, opened };
}

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

function mount(start: LiveStart) {
  const inst = render(<LiveApp start={start} theme={plainTheme} size={{ columns: 80, rows: 24 }} />);
  unmount = inst.unmount;
  const frame = () => inst.lastFrame() ?? '';
  const waitFor = async (pred: (f: string) => boolean, what: string) => {
    const t0 = Date.now();
    while (!pred(frame())) {
      if (Date.now() - t0 > 10_000) throw new Error(`timed out waiting for ${what}; frame:\n${frame()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return frame();
  };
  const press = async (k: string) => {
    // Ink draws a frame before the effects that subscribe its keys run: a key sent at once could go to nobody.
    await new Promise((r) => setTimeout(r, 50));
    inst.stdin.write(k);
    await new Promise((r) => setTimeout(r, 20));
  };
  return { frame, waitFor, press };
}

describe('the live app', () => {
  it('scans with progress, opens the organization, rescans on r, shows a failed scan and goes back on esc', async () => {
    const s = scripted(null);
    const ui = mount(s.start);
    await ui.waitFor((f) => f.includes('trailcost · scanning') && f.includes('profile test'), 'the progress view');
    expect(s.scans).toHaveLength(1);
    const p = s.scans[0].progress;
    p.phase('Listing buckets', 0);
    p.event!({ kind: 'accounts', accounts: [{ id: '111111111111', name: 'mgmt' }, { id: '222222222222', name: 'prod' }] });
    p.event!({ kind: 'start', part: 'inventory', account: '111111111111' });
    p.event!({ kind: 'done', part: 'inventory', account: '111111111111', regions: ['us-east-1', 'eu-west-1'], count: 42 });
    p.event!({ kind: 'gap', service: 's3', operation: 'ListBuckets', account: '222222222222', error: 'AccessDenied' });
    let f = await ui.waitFor((x) => x.includes('222222222222 prod') && x.includes('✓ 42'), 'the accounts in the progress view');
    expect(f).toMatch(/1 call\(s\) failed so far/);
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    p.done();
    s.scans[0].done.resolve(keptAt(0));
    f = await ui.waitFor((x) => x.includes('Top cost drivers'), 'the app on the scanned snapshot');
    expect(f.split('\n')[0]).toContain('trailcost · ');
    expect(f.split('\n')[0]).toMatch(/just taken — r rescans/);

    await ui.press('r');
    await ui.waitFor((x) => x.includes('trailcost · scanning') && x.includes('rescanning'), 'the progress view of the rescan');
    expect(s.scans).toHaveLength(2);
    s.scans[1].done.reject(new Error('connect ECONNREFUSED \u001b[31m127.0.0.1'));
    f = await ui.waitFor((x) => x.includes('the scan failed'), 'the failure');
    expect(f).toContain('ECONNREFUSED \\x1b[31m127.0.0.1');
    expect(f).toContain('esc back');
    await ui.press('\u001B');
    await ui.waitFor((x) => x.includes('Top cost drivers'), 'the app again, on the snapshot it had');
    await ui.press('r');
    await ui.waitFor((x) => x.includes('trailcost · scanning'), 'a second rescan');
    s.scans[2].done.resolve(keptAt(0));
    await ui.waitFor((x) => x.includes('Top cost drivers'), 'the app on the new snapshot');
    expect(s.scans).toHaveLength(3);
    expect(s.opened).toHaveLength(2);
  });

  it('opens a kept snapshot at once with its age in the header, without scanning', async () => {
    const s = scripted(keptAt(3 * 3600_000 + 5 * 60_000));
    const ui = mount(s.start);
    const f = await ui.waitFor((x) => x.includes('Top cost drivers'), 'the app on the kept snapshot');
    expect(f.split('\n')[0]).toMatch(/3 h old — r rescans/);
    expect(s.scans).toHaveLength(0);
  });

  it('i writes a scenario of suggestions and reopens with its policy; a second i says there is one', async () => {
    const s = scripted(keptAt(60_000));
    const ui = mount(s.start);
    await ui.waitFor((x) => x.includes('Top cost drivers'), 'the app');
    await ui.press('i');
    let f = await ui.waitFor((x) => x.includes('wrote trailcost-o-test.yaml'), 'the note of what was written');
    expect(s.opened.map((o) => o.policy)).toEqual([false, true]);
    await ui.press('i');
    f = await ui.waitFor((x) => x.includes('policy already'), 'the note that there is a policy');
    expect(f).toContain('Top cost drivers');
  });
});

describe('the progress view below 80×24', () => {
  it('says the terminal is too small instead of drawing a cut layout, and still quits', async () => {
    const s = scripted(null);
    const inst = render(<LiveApp start={s.start} theme={plainTheme} size={{ columns: 60, rows: 20 }} />);
    unmount = inst.unmount;
    const t0 = Date.now();
    while (!(inst.lastFrame() ?? '').includes('terminal too small') && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 5));
    expect(inst.lastFrame()).toContain('terminal too small (need 80×24, have 60×20)');
    expect(inst.lastFrame()).not.toContain('inventory');
  });
});

describe('headerNote', () => {
  it('keeps the age and r within the room it is given, and names i only without a policy', () => {
    for (let room = 0; room <= 80; room++) {
      const a = headerNote('3 h old', false, room);
      expect(a.length).toBeLessThanOrEqual(room);
      if (room >= 18) {
        expect(a).toContain('3 h old');
        expect(a).toMatch(/r rescan/);
      } else expect(a).toBe(room >= 7 ? '3 h old' : '');
    }
    expect(headerNote('3 h old', false, 200)).toContain('i writes a scenario');
    expect(headerNote('3 h old', true, 200)).not.toContain(' i ');
  });
});
