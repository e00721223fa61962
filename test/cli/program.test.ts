import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'trailcost.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });

describe('the trailcost command', () => {
  it('--version prints the package version and exits 0', () => {
    const r = cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('an unknown command exits 2 and lists the commands', () => {
    const r = cli(['estimat']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^trailcost: unknown command 'estimat' \(commands: estimate, compare, optimize, lint, match, scan, sample, apply, diff, init;/);
  });

  it('--help lists every command', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['estimate', 'compare', 'optimize', 'lint', 'match', 'scan', 'sample', 'apply']) expect(r.stdout).toContain(c);
  });
});
