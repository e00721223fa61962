/**
 * The binary as `npm ci` installs it, for benchmarks: bin/trailcost.js running a current bundle (scripts/build.mjs).
 * When the checkout's own dist/ is current it is used as it is. Otherwise (a working tree being edited, whose
 * dist/ goes stale with every change, so bin/trailcost.js would take the sources through tsx) a fresh bundle is
 * built into a temporary tree that holds what the binary reads at run time (package.json, scenarios/, pricing/,
 * node_modules/), with a copy of bin/ and an empty src/ so bin/pick-entry.js takes the bundle.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain JavaScript beside bin/trailcost.js, no type declarations
import { pickEntry } from '../bin/pick-entry.js';

const ROOT = join(import.meta.dirname, '..');

export interface Binary {
  /** bin/trailcost.js to run with node. */
  bin: string;
  /** How it was obtained, for the printed line. */
  label: string;
  close(): void;
}

export function currentBinary(): Binary {
  const bin = join(ROOT, 'bin', 'trailcost.js');
  if ((pickEntry(ROOT) as { compiled: boolean }).compiled) return { bin, label: 'the checkout\'s current build', close: () => {} };
  const tree = mkdtempSync(join(tmpdir(), 'trailcost-bench-build-'));
  try {
    for (const x of ['scenarios', 'pricing', 'node_modules']) symlinkSync(join(ROOT, x), join(tree, x));
    copyFileSync(join(ROOT, 'package.json'), join(tree, 'package.json'));
    mkdirSync(join(tree, 'bin'));
    for (const f of ['trailcost.js', 'pick-entry.js']) copyFileSync(join(ROOT, 'bin', f), join(tree, 'bin', f));
    const t0 = performance.now();
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), join(tree, 'dist')], { stdio: 'ignore' });
    const ms = performance.now() - t0;
    // Older than any build: the copied bin/ always takes the bundle.
    mkdirSync(join(tree, 'src'));
    utimesSync(join(tree, 'src'), 1, 1);
    return {
      bin: join(tree, 'bin', 'trailcost.js'),
      label: `a fresh bundle (built in ${Math.round(ms)} ms into a temp tree: this checkout's dist/ is older than its sources)`,
      close: () => rmSync(tree, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(tree, { recursive: true, force: true });
    throw err;
  }
}
