import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain JavaScript beside bin/trailcost.js, no type declarations
import { pickEntry } from '../../bin/pick-entry.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A checkout with src/ and dist/ files at the given times (seconds). */
function checkout(times: { src: number; built?: number }): string {
  root = mkdtempSync(join(tmpdir(), 'trailcost-entry-'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), '');
  utimesSync(join(root, 'src', 'cli', 'main.ts'), times.src, times.src);
  utimesSync(join(root, 'src', 'cli'), 1000, 1000);
  utimesSync(join(root, 'src'), 1000, 1000);
  if (times.built !== undefined) {
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli', 'main.js'), '');
    writeFileSync(join(root, 'dist', '.built'), '');
    utimesSync(join(root, 'dist', '.built'), times.built, times.built);
  }
  return root;
}

describe('bin/trailcost.js runs the compiled build only while it is current', () => {
  it('no build: the sources', () => {
    expect(pickEntry(checkout({ src: 2000 }), {})).toEqual({ entry: join(root, 'src', 'cli', 'main.ts'), compiled: false });
  });

  it('a build newer than every source: the build', () => {
    expect(pickEntry(checkout({ src: 2000, built: 3000 }), {})).toEqual({ entry: join(root, 'dist', 'cli', 'main.js'), compiled: true });
  });

  it('a source changed after the build: the sources', () => {
    expect(pickEntry(checkout({ src: 4000, built: 3000 }), {}).compiled).toBe(false);
  });

  it('a source deleted after the build (its folder changed): the sources', () => {
    checkout({ src: 2000, built: 3000 });
    utimesSync(join(root, 'src', 'cli'), 4000, 4000);
    expect(pickEntry(root, {}).compiled).toBe(false);
  });

  it('TRAILCOST_FROM_SOURCE=1: the sources', () => {
    expect(pickEntry(checkout({ src: 2000, built: 3000 }), { TRAILCOST_FROM_SOURCE: '1' }).compiled).toBe(false);
  });
});
