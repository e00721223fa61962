import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixture = (...p: string[]) => join(root, 'test', 'fixtures', ...p);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real binary as a subprocess (exit codes are part of the contract). */
export function runCli(args: string[]): CliRun {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'trailcost.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
