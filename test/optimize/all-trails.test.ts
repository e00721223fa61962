/**
 * `optimize --all --out-dir DIR`: every governed trail's file, named as the TUI's `e` names it, with the same
 * selectors a single-trail run writes; all-or-nothing when a file exists; and a policy naming an event data store
 * says why it is not optimized instead of calling it "not a trail".
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as cli } from '../selectors/run-cli.js';

const DEMO = join(import.meta.dirname, '../../scenarios');

/** The demo scenario with its policy governing two trails (files beside it are the demo's). */
function twoTrailScenario(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'trailcost-all-'));
  for (const f of readdirSync(DEMO)) if (/\.(json|yaml)$/.test(f)) copyFileSync(join(DEMO, f), join(dir, f));
  const file = join(dir, 'demo.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('  trails: [data-trail]\n', '  trails: [data-trail, security-trail]\n'));
  return { dir, file };
}

describe('optimize --all --out-dir', () => {
  it('writes each governed trail to its own file, equal to a --trail run', () => {
    const { dir, file } = twoTrailScenario();
    const out = join(dir, 'out');
    const r = cli(['optimize', '--scenario', file, '--all', '--out-dir', out]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['data-trail.selectors.json', 'security-trail.selectors.json']);
    for (const trail of ['data-trail', 'security-trail']) {
      const one = cli(['optimize', '--scenario', file, '--trail', trail]);
      expect(one.code).toBe(0);
      expect(readFileSync(join(out, `${trail}.selectors.json`), 'utf8')).toBe(one.stdout);
    }
    // Without --force nothing is replaced, and the refusal names the files.
    writeFileSync(join(out, 'data-trail.selectors.json'), 'mine');
    const again = cli(['optimize', '--scenario', file, '--all', '--out-dir', out, '--format', 'json']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/data-trail\.selectors\.json, .*security-trail\.selectors\.json exist: pass --force/);
    expect(readFileSync(join(out, 'data-trail.selectors.json'), 'utf8')).toBe('mine');
    const tf = cli(['optimize', '--scenario', file, '--all', '--out-dir', out, '--format', 'terraform']);
    expect(tf.code).toBe(0);
    expect(existsSync(join(out, 'security-trail.selectors.tf'))).toBe(true);
  }, 60_000);

  it('bad combinations are usage errors', () => {
    expect(cli(['optimize', '--all']).code).toBe(2);
    expect(cli(['optimize', '--out-dir', 'x']).code).toBe(2);
    const r = cli(['optimize', '--all', '--out-dir', 'x', '--trail', 'data-trail']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/leave out --trail and --out/);
  });

  it('a variant whose policy names an event data store says why it is not optimized', () => {
    const r = cli(['optimize', '--variant', 'move-to-lake']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"org-data-events", a CloudTrail Lake event data store: optimize writes selectors for trails only/);
  });
});
