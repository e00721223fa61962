/**
 * `trailcost --help` is printed from src/cli/command-summaries.ts without loading a command module (each pulls in
 * the AWS SDK, yaml, zod or the engine). It must read exactly as the help the commands themselves produce.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const COMMANDS = ['estimate', 'compare', 'optimize', 'lint', 'match', 'scan', 'sample', 'apply', 'diff', 'init'] as const;
const imported = new Set<string>();

// Each command module, as program.ts registers it on a program, notes that it was loaded (then behaves as itself).
const noted = (name: string, mod: unknown) => {
  const m = mod as { register: (p: unknown) => void };
  return { ...m, register: (p: unknown) => (imported.add(name), m.register(p)) };
};
vi.mock('../../src/cli/commands/estimate.js', async (orig) => noted('estimate', await orig()));
vi.mock('../../src/cli/commands/compare.js', async (orig) => noted('compare', await orig()));
vi.mock('../../src/cli/commands/optimize.js', async (orig) => noted('optimize', await orig()));
vi.mock('../../src/cli/commands/lint.js', async (orig) => noted('lint', await orig()));
vi.mock('../../src/cli/commands/match.js', async (orig) => noted('match', await orig()));
vi.mock('../../src/cli/commands/scan.js', async (orig) => noted('scan', await orig()));
vi.mock('../../src/cli/commands/sample.js', async (orig) => noted('sample', await orig()));
vi.mock('../../src/cli/commands/apply.js', async (orig) => noted('apply', await orig()));
vi.mock('../../src/cli/commands/diff.js', async (orig) => noted('diff', await orig()));
vi.mock('../../src/cli/commands/init.js', async (orig) => noted('init', await orig()));

const { run, commandNames } = await import('../../src/cli/program.js');
const { commandSummaries } = await import('../../src/cli/command-summaries.js');

/** What `run` printed on stdout, and its exit code. */
async function capture(argv: string[], opts?: { fullHelp?: boolean }): Promise<{ out: string; code: number }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await run(argv, opts), out };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => imported.clear());

describe('the root help', () => {
  it.each([['--help'], ['-h'], ['help']])('%s loads no command module', async (arg) => {
    const { out, code } = await capture([arg]);
    expect(code).toBe(0);
    expect([...imported]).toEqual([]);
    for (const c of COMMANDS) expect(out).toContain(`  ${c} `);
  });

  it.each([['--help'], ['-h'], ['help']])('%s reads exactly as the help the commands themselves give', async (arg) => {
    const full = await capture([arg], { fullHelp: true });
    // The comparison means something only if the full path did load every command.
    expect([...imported].sort()).toEqual([...COMMANDS].sort());
    imported.clear();
    const fast = await capture([arg]);
    expect(fast.out).toBe(full.out);
    expect(fast.code).toBe(full.code);
  });

  it('has a summary for every command and no other (and this test watches every command)', () => {
    expect(Object.keys(commandSummaries).sort()).toEqual([...commandNames()].sort());
    expect([...COMMANDS].sort()).toEqual([...commandNames()].sort());
  });

  it('a command\'s own help still loads that command only', async () => {
    const { out } = await capture(['lint', '--help']);
    expect([...imported]).toEqual(['lint']);
    expect(out).toContain('Usage: trailcost lint');
  });
});
