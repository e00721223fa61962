/**
 * Which entry bin/trailcost.js runs: the bundle in dist/cli/ when `npm run build` (scripts/build.mjs, run by
 * `npm ci` through "prepare") made it after the last change under src/, else the TypeScript sources through tsx.
 * The bundle starts the TUI in about half the time and prints `--help` in a quarter (a few chunks instead of
 * ~1,500 modules through tsx's hooks); a stale build is never run. TRAILCOST_FROM_SOURCE=1 always takes the sources.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time of `dir` and everything below it (a deleted file changes its folder's). */
function newest(dir) {
  let t = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** `{ entry, compiled }` for the checkout at `root`. */
export function pickEntry(root, env = process.env) {
  const source = { entry: join(root, 'src', 'cli', 'main.ts'), compiled: false };
  if (env.TRAILCOST_FROM_SOURCE) return source;
  let built;
  try {
    built = statSync(join(root, 'dist', '.built')).mtimeMs;
  } catch {
    return source;
  }
  return newest(join(root, 'src')) > built ? source : { entry: join(root, 'dist', 'cli', 'main.js'), compiled: true };
}
