/**
 * `trailcost` with no command when stdout is not a terminal: the overview report on stdout, exit 0; bad input
 * exits 2 with one clear line.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInput } from '../../src/app/load-input.js';
import { propose } from '../../src/app/proposal.js';
import { summaryLines } from '../../src/report/estimate.js';
import { usd } from '../../src/tui/format.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin', 'trailcost.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 60_000,
  });

describe('trailcost with stdout not a terminal', () => {
  it('prints the overview report of the demo and exits 0', async () => {
    const r = run([]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Proposed = the optimizer's selectors evaluated by the estimator (the one answer), never pending or "?".
    const { result } = propose(await loadInput({}));
    expect(result.proposed).not.toBeNull();
    expect(r.stdout).toContain('trailcost — acme-demo');
    expect(r.stdout).toContain(`Modeled ${usd(result.total.usd)}/month now → ${usd(result.proposed!.usd)}/month proposed`);
    // The summary section is the same estimate, proposed lines included.
    for (const l of summaryLines(result)) expect(r.stdout).toContain(l);
    expect(r.stdout).toContain('Proposed (the optimized selectors)');
    expect(r.stdout).toContain('Top cost drivers');
    for (const t of result.trails) expect(r.stdout).toContain(t.name);
    expect(r.stdout).not.toMatch(/\u001B\[/); // no escape codes in a pipe
  });

  it('reads --snapshot', () => {
    const r = run(['--snapshot', 'scenarios/demo.snapshot.json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('trailcost — demo.snapshot');
  });

  it('exits 2 naming the file when the scenario is missing', () => {
    const r = run(['--scenario', 'no-such.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^trailcost: .*no-such\.yaml/);
    expect(r.stdout).toBe('');
  });

  it('keeps the other commands and their options', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('estimate');
    expect(r.stdout).toContain('With no command, trailcost opens the interactive view');
  });
});
