/**
 * The live start's file side (app/live-scan.ts): where the kept snapshot goes and how it is named, its age in
 * words, reading it back, the input built from it (bare, or under a scenario's policy), and the `i` key's scenario
 * of suggestions (written once, never overwritten).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ageText, cacheDir, keptName, keptPath, liveInput, readKept, writeSuggestedScenario, type Kept } from '../../src/app/live-scan.js';
import { loadSnapshotFile } from '../../src/scenario/load.js';
import { UsageError } from '../../src/errors.js';

const DEMO_SNAPSHOT = new URL('../../scenarios/demo.snapshot.json', import.meta.url).pathname;
const INLINE = new URL('../../scenarios/small-startup.yaml', import.meta.url).pathname;
const base = { days: 30, billing: true, concurrency: 16, maxAttempts: 8 };

describe('where the kept snapshot goes', () => {
  it('follows an absolute XDG_CACHE_HOME, ignores a relative one, and uses LOCALAPPDATA on Windows', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u')).toBe('/x/cache/trailcost');
    expect(cacheDir({ XDG_CACHE_HOME: 'rel/cache' }, 'linux', '/home/u')).toBe('/home/u/.cache/trailcost');
    expect(cacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/.cache/trailcost');
    expect(cacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toContain('trailcost');
    expect(keptPath('111111111111', { ...base, snapshotOut: 'here/snap.json' }, { XDG_CACHE_HOME: '/x' })).toMatch(/here\/snap\.json$/);
    expect(keptPath('111111111111', base, { XDG_CACHE_HOME: '/x' })).toBe('/x/trailcost/111111111111.snapshot.json');
  });

  it('names one file per account and scope: .org for an organization, a digest for a narrower scope or another endpoint', () => {
    expect(keptName('111111111111', {})).toBe('111111111111.snapshot.json');
    expect(keptName('111111111111', { orgRole: 'R' })).toBe('111111111111.org.snapshot.json');
    const scopes = [{}, { regions: ['us-east-1'] }, { regions: ['us-east-1', 'eu-west-1'] }, { regions: 'all' as const }, { region: 'eu-west-1' }, { endpoint: 'http://127.0.0.1:4566' }];
    const names = scopes.map((s) => keptName('111111111111', s));
    expect(new Set(names).size).toBe(scopes.length);
    // Whatever the account string holds, the name is one plain file name.
    fc.assert(fc.property(fc.string(), (acct) => {
      const n = keptName(acct, { orgRole: 'R' });
      expect(n).toMatch(/^[0-9A-Za-z_-]+\.org\.snapshot\.json$/);
      expect(basename(n)).toBe(n);
    }));
  });

  it('says how old a snapshot is', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const ago = (ms: number) => ageText(new Date(now.getTime() - ms), now);
    expect(ago(20_000)).toBe('just taken');
    expect(ago(12 * 60_000)).toBe('12 min old');
    expect(ago(3 * 3600_000 + 59 * 60_000)).toBe('3 h old');
    expect(ago(5 * 86_400_000)).toBe('5 days old');
    expect(ageText(new Date('not a date'), now)).toBe('of unknown age');
  });
});

describe('reading it back and building the view\'s input', () => {
  it('reads a kept snapshot; none when absent; a UsageError naming the file when it does not load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-live-kept-'));
    expect(await readKept(join(dir, 'absent.json'))).toBeNull();
    const kept = (await readKept(DEMO_SNAPSHOT))!;
    expect(kept.generatedAt.getTime()).toBe(Date.parse(kept.snapshot.generatedAt));
    const bad = join(dir, 'bad.snapshot.json');
    writeFileSync(bad, '{"version": 1, "accounts": [');
    await expect(readKept(bad)).rejects.toThrow(UsageError);
    await expect(readKept(bad)).rejects.toThrow(/bad\.snapshot\.json/);
  });

  it('has no policy alone; the `i` scenario gives it one, written once and never overwritten', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-live-init-'));
    const kept: Kept = { file: DEMO_SNAPSHOT, snapshot: await loadSnapshotFile(DEMO_SNAPSHOT), generatedAt: new Date() };
    const bare = await liveInput(kept);
    expect(bare.policy).toBeNull();
    expect(bare.kind).toBe('snapshot');
    const w = await writeSuggestedScenario(kept, dir);
    expect(w.existed).toBe(false);
    expect(w.summary).toMatch(/^wrote trailcost-[\w-]+\.yaml: \d+ keep, \d+ drop to review$/);
    const text = readFileSync(w.file, 'utf8');
    const withPolicy = await liveInput(kept, w.file);
    expect(withPolicy.kind).toBe('scenario');
    expect(withPolicy.policy).not.toBeNull();
    // The live snapshot is the one used, whatever file the scenario names.
    expect(withPolicy.baseSnapshot).toBe(kept.snapshot);
    writeFileSync(w.file, text + '# reviewed\n');
    const again = await writeSuggestedScenario(kept, dir);
    expect(again.existed).toBe(true);
    expect(readFileSync(w.file, 'utf8')).toBe(text + '# reviewed\n');
  });

  it('refuses a scenario that declares its inventory inline (nothing to apply the scan to)', async () => {
    const kept: Kept = { file: DEMO_SNAPSHOT, snapshot: await loadSnapshotFile(DEMO_SNAPSHOT), generatedAt: new Date() };
    await expect(liveInput(kept, INLINE)).rejects.toThrow(/declares its inventory inline/);
  });
});
