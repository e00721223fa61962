/**
 * The Resources detail pane (issue 14): full ARN, which trails log the row and which event classes, the class
 * split with volumes (unknown as "?", never 0), where the volume comes from, and the statement that decides it —
 * all read from the estimator and policy model the table uses, so its per-trail figures add up to the row.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { loadInput, type LoadedInput } from '../../src/app/load-input.js';
import { createSession } from '../../src/tui/session.js';
import { detailLines } from '../../src/tui/components/detail-lines.js';
import { restId } from '../../src/tui/rest-rows.js';
import { resourcesLayout } from '../../src/tui/tabs/Resources.js';
import type { ResourceTree } from '../../src/tui/view-model.js';
import { inputFromYaml } from '../estimate/helpers.js';
import { OSC52_SHOWN, RLO_SHOWN, hostileScenario, rawUnsafe } from '../report/hostile.js';
import { keys, renderApp } from './helpers/render.js';

let demo: LoadedInput;
beforeAll(async () => {
  demo = await loadInput({});
});
afterEach(() => cleanup());

const DATALAKE = 's3:arn:aws:s3:::acme-datalake/';
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

function everyId(tree: ResourceTree): string[] {
  const out: string[] = [];
  const walk = (id: string) => {
    out.push(id);
    for (const c of tree.get(id)!.childIds) walk(c);
  };
  tree.roots.forEach(walk);
  return out;
}

describe('detail data', () => {
  it('per-trail figures add up to the row, for every row of the demo (rest rows too)', () => {
    const session = createSession(demo);
    const tree = session.view().resources;
    const ids = everyId(tree);
    expect(ids.some((id) => id.startsWith('rest:'))).toBe(true);
    for (const id of ids) {
      const row = tree.get(id)!;
      const d = tree.detail!(id)!;
      const usd = d.trails.reduce((a, t) => ({ low: a.low + t.usd.low, high: a.high + t.usd.high }), { low: 0, high: 0 });
      const ev = d.trails.reduce((a, t) => ({ low: a.low + t.events.low, high: a.high + t.events.high }), { low: 0, high: 0 });
      expect(near(usd.high, row.costNow!.high) && near(usd.low, row.costNow!.low), id).toBe(true);
      expect(near(ev.high, row.events!.high) && near(ev.low, row.events!.low), id).toBe(true);
      expect(d.trails.reduce((a, t) => a + t.unknown, 0), id).toBe(row.unknown ?? 0);
      // The decision shown is the row's: one policy model.
      expect([d.decision, d.effective, d.via]).toEqual([row.decision, row.effective, row.via]);
    }
    session.close?.();
  });

  it('names the ARN, the trails and classes, the sources, and the rule', () => {
    const session = createSession(demo);
    const d = session.view().resources.detail!(DATALAKE)!;
    expect(d.arn).toBe('arn:aws:s3:::acme-datalake/');
    const dt = d.trails.find((t) => t.name === 'data-trail')!;
    expect(dt.governed).toBe(true);
    expect(dt.logs).toBe('all');
    expect(dt.full).toEqual(expect.arrayContaining(['GetObject read', 'PutObject write']));
    expect(d.trails.find((t) => t.name === 'org-trail')!.logs).toBe('none');
    expect(d.sources.map((s) => s.provenance)).toContain('sample');
    const text = detailLines(d, 80).map((l) => l.text).join('\n');
    expect(text).toContain('ARN arn:aws:s3:::acme-datalake/');
    expect(text).toContain('policy default (log); inside it: drop acme-datalake/scratch/');
    expect(text).toMatch(/data-trail \(governed\) · 497\.0M · \$517\.58 · all: /);
    expect(text).toContain('holds 5 S3 prefixes');
    const rest = session.view().resources.detail!(restId(DATALAKE))!;
    expect(rest.except).toHaveLength(4);
    expect(detailLines(rest, 80).map((l) => l.text).join('\n')).toMatch(/read-only: curated\/ follows the policy default/);
    session.close?.();
  });

  it('shows unknown volume as "?", never as 0', () => {
    const session = createSession(demo);
    const id = [...demo.model.nodes.values()].find((n) => n.label === 'acme-backups')!.id;
    const d = session.view().resources.detail!(id)!;
    expect(d.classes.length).toBeGreaterThan(0);
    for (const c of d.classes) expect(c.volume).toBeNull();
    const lines = detailLines(d, 80).map((l) => l.text);
    const classLines = lines.slice(lines.findIndex((l) => l.startsWith('Event classes')) + 1, lines.findIndex((l) => l.startsWith('Where the volume')) - 1);
    expect(classLines.length).toBe(d.classes.length);
    for (const l of classLines) expect(l).toMatch(/ \?\s+unknown$/);
    expect(lines.join('\n')).toMatch(/unknown: \d+ class(es)?, \? — nothing measured/);
    session.close?.();
  });
});

describe('detail pane in the app', () => {
  const open = async (columns: number, rows: number) => {
    const session = createSession(demo);
    const app = renderApp({ session, tab: 1, size: { columns, rows } });
    await app.waitFor((f) => f.includes('events/mo'));
    await app.press('/', ...'acme-datalake', keys.enter);
    await app.waitFor((f) => f.includes('match'));
    await app.press('d');
    await app.waitFor((f) => f.includes('ARN arn:aws:s3:::acme-datalake/'));
    return { session, app };
  };

  it('at 80x24 takes the body, follows the cursor, scrolls, and closes with d or esc', async () => {
    expect(resourcesLayout(80, 19, true).mode).toBe('full');
    const { session, app } = await open(80, 24);
    let f = app.frame();
    expect(f).toContain('details ');
    expect(f).toMatch(/lines 1–\d+ of \d+/);
    expect(f.split('\n').every((l) => l.length <= 80)).toBe(true);
    await app.press(keys.pageDown);
    f = await app.waitFor((x) => !/lines 1–/.test(x));
    expect(f).toMatch(/lines \d+–\d+ of \d+/);
    // ↑ moves to the row above (the bucket's Region); its details start at the top.
    await app.press('k');
    f = await app.waitFor((x) => /lines 1–/.test(x) && x.includes('us-east-1 · Region'));
    expect(f).not.toContain('ARN arn:aws:s3:::acme-datalake/');
    await app.press(keys.esc);
    f = await app.waitFor((x) => x.includes('events/mo'));
    expect(f).not.toMatch(/ details \d+\/\d+ /);
    app.unmount();
    session.close?.();
  });

  it('sits below the table at 120x40 and beside it at 200x50', async () => {
    for (const [columns, rows, mode] of [[120, 40, 'bottom'], [200, 50, 'side']] as const) {
      expect(resourcesLayout(columns, rows - 5, true).mode).toBe(mode);
      const { session, app } = await open(columns, rows);
      const f = app.frame();
      const table = f.split('\n').findIndex((l) => /resource\s+type\s+events\/mo/.test(l));
      const pane = f.split('\n').findIndex((l) => l.includes(' details '));
      expect(table).toBeGreaterThan(0);
      // Beside: the pane's title shares its line with the filter line above the table; below: after the table.
      if (mode === 'side') expect(f.split('\n')[pane]).toMatch(/^\/acme-datalake .* details /);
      else expect(pane).toBeGreaterThan(table);
      expect(f.split('\n').every((l) => l.length <= columns)).toBe(true);
      app.unmount();
      session.close?.();
    }
  });

  it('space on a read-only (rest) says why and decides nothing', async () => {
    const session = createSession(demo);
    const app = renderApp({ session, tab: 1, size: { columns: 120, rows: 40 } });
    await app.waitFor((f) => f.includes('events/mo'));
    await app.press('/', ...'rest', keys.enter);
    await app.waitFor((f) => f.includes('matches'));
    // n until the cursor is on acme-datalake's own rest (the status line names the row's answer: mixed).
    const status = () => app.frame().split('\n').find((l) => /· \d+\/\d+ · sorted/.test(l)) ?? '';
    for (let i = 0; i < 6 && !status().startsWith('(rest): mixed'); i++) await app.press('n');
    expect(status()).toMatch(/^\(rest\): mixed ← policy default/);
    await app.press(keys.space);
    const f = await app.waitFor((x) => x.includes('cannot be decided here'));
    expect(f).toMatch(/follows the policy default/);
    expect(session.decisions().size).toBe(0);
    app.unmount();
    session.close?.();
  });

  it('shows hostile names escaped', async () => {
    const session = createSession(inputFromYaml(hostileScenario()));
    const app = renderApp({ session, tab: 1, size: { columns: 120, rows: 40 } });
    await app.waitFor((f) => f.includes('events/mo'));
    let escaped = 0;
    for (let i = 0; i < 8; i++) {
      await app.press('l', 'j');
      await app.press('d');
      const f = await app.waitFor((x) => x.includes(' details '));
      expect(rawUnsafe(f), f).toBeNull();
      if (f.includes(OSC52_SHOWN.slice(0, 8)) || f.includes(RLO_SHOWN)) escaped++;
      await app.press('d');
    }
    expect(escaped).toBeGreaterThan(0);
    app.unmount();
    session.close?.();
  });
});

describe('Overview findings', () => {
  it("lists the policy model's findings (a conflicting rule) with the warnings", () => {
    const policy = { ...demo.policy!, rules: [...demo.policy!.rules, { match: 'arn:aws:s3:::acme-cdn-logs', decision: 'keep' as const }] };
    const session = createSession({ ...demo, policy });
    const w = session.view().overview.warnings.find((x) => x.code === 'conflicting-rules');
    expect(w?.message).toMatch(/acme-cdn-logs.*the first one applies/);
    expect(createSession(demo).view().overview.warnings.some((x) => x.code === 'conflicting-rules')).toBe(false);
    session.close?.();
  });
});
