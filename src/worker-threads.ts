/**
 * Starting a worker thread on one of the project's modules, from the TypeScript sources (how bin/trailcost.js
 * runs a checkout) or from the compiled JavaScript. bin/trailcost.js registers tsx in-process, but module hooks
 * are not inherited by workers, and Node 20 does not apply an `--import`ed loader to a worker's entry module:
 * from sources, a small bootstrap registers tsx inside the worker first, then imports the entry.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/** The ESM build of `tsx/esm/api` (require.resolve would give the CommonJS one), from tsx's own exports map. */
function tsxEsmApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href;
}

/**
 * A worker running `name` (a module path without extension, relative to `from`, the caller's import.meta.url),
 * with `data` as its workerData. The worker sees the same environment as this thread.
 */
export function startWorker(from: string, name: string, data: Record<string, unknown> = {}): Worker {
  if (from.endsWith('.ts')) {
    const entry = new URL(`${name}.ts`, from).href;
    return new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, tsxApi: tsxEsmApi(), entry }, env: process.env });
  }
  return new Worker(new URL(`${name}.js`, from), { workerData: data, env: process.env });
}
