import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordsOf } from '../../src/collect/logs.js';
import type { CloudTrailRecord } from '../../src/selectors/types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cloudtrail');

export function fixture(name: string): CloudTrailRecord[] {
  const r = recordsOf(JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')));
  if (typeof r === 'string') throw new Error(`${name}: ${r}`);
  return r;
}

export const ALL_FIXTURES = [
  's3-listobjects-aoc2024.json',
  's3-listobjects-nubilum2.json',
  's3-copy-delete-stratus.json',
  's3-deleteobjects-per-key-CONSTRUCTED.json',
  'lambda-invoke-awsteele.json',
  'dynamodb-items-awsdocs.json',
  'lambda-management-awsdocs.json',
  'network-activity-vpce-CONSTRUCTED.json',
  'aggregated-s3-CONSTRUCTED.json',
];

/** The real binary as a subprocess, with `env` over this process's (AWS_PROFILE dropped: the fake's keys count). */
export function runCli(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1', ...env };
    delete childEnv.AWS_PROFILE;
    const p = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'trailcost.js'), ...args], { env: childEnv as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
