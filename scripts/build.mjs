/**
 * `npm run build` (run by `npm ci` / `npm install` through "prepare"): bundles the CLI with esbuild into dist/cli/,
 * which bin/trailcost.js runs while it is newer than every source (bin/pick-entry.js). One bundle, split at the
 * dynamic imports (one command, the TUI, the AWS SDK each load only when used), starts in about half the time of
 * the file-per-module output of tsc: Node resolves, reads and compiles a few dozen chunks instead of ~1,500
 * modules. Type checking is `npm run typecheck`'s job; this never fails on a type error.
 *
 * Every output file sits in dist/cli/, so the paths the code resolves from import.meta.url hold as in src/<dir>/:
 * `../../package.json`, `../../scenarios/demo.yaml`, and `./<name>.js` beside the caller for a worker thread
 * (worker-threads.ts). Worker entries are found in the sources (`startWorker(import.meta.url, './name')`).
 *
 * esbuild's JavaScript API finds its binary in the platform package (@esbuild/linux-x64, …), an optional
 * dependency npm installs without running any script: it needs no postinstall.
 *
 *   node scripts/build.mjs [OUTDIR]   (default: dist)
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'dist'));

/** `src/**.ts(x)` files. */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Worker entry modules: every `startWorker(import.meta.url, './name'…)` in the sources, as `cli/name` → file. */
function workerEntries() {
  const entries = {};
  for (const file of sources(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/startWorker\(\s*import\.meta\.url,\s*'([^']+)'/g)) {
      // Beside its caller in src, beside every chunk in dist/cli/: only a bare sibling name resolves the same.
      if (!/^\.\/[\w-]+$/.test(m[1])) throw new Error(`${relative(root, file)}: a worker must be a sibling module ('./name'), not '${m[1]}'`);
      const name = `cli/${m[1].slice(2)}`;
      const path = join(dirname(file), `${m[1].slice(2)}.ts`);
      if (entries[name] && entries[name] !== path) throw new Error(`two workers named ${basename(name)}`);
      entries[name] = path;
    }
  }
  return entries;
}

/**
 * Yoga (Ink's layout engine) ships its WebAssembly as a base64 data: URL and, wherever a global `fetch` exists
 * (Node ≥ 18), reads it through fetch: that loads Node's HTTP client (undici) at startup, ~40 ms of the TUI's
 * first frame, to decode a string. Its own fallback decodes the same bytes directly; the bundle takes that one.
 * A Yoga whose loader reads differently is bundled as it is.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/].*yoga-wasm-base64-esm\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const out = src.split('"function"!=typeof fetch').join('true');
      return out === src ? undefined : { contents: out, loader: 'js' };
    });
  },
};

const started = performance.now();
const startedAt = Date.now();
// Built beside the target, then swapped in, so a running `trailcost` never sees half a build (the name is one
// .gitignore already ignores, should the build be killed halfway).
const tmp = join(dirname(out), `.trailcost-build-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
try {
  await build({
    absWorkingDir: root,
    entryPoints: { 'cli/main': join(root, 'src/cli/main.ts'), ...workerEntries() },
    outdir: tmp,
    chunkNames: 'cli/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Ink loads react-devtools-core only when DEV=true, and it is not installed; tsx runs the sources, never the build.
    external: ['react-devtools-core', 'tsx', 'tsx/*'],
    // CommonJS dependencies call require() for Node's built-ins, which ES modules do not have.
    banner: { js: "import { createRequire as __trailcostRequire } from 'node:module';\nconst require = __trailcostRequire(import.meta.url);" },
    // React's production build: the development one checks every render (and ink reads NODE_ENV the same way).
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [yogaWithoutFetch],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // Stamped with the time the build started: a source saved while it ran is newer, so the build counts as stale.
  const stamp = join(tmp, '.built');
  writeFileSync(stamp, `${new Date(startedAt).toISOString()}\n`);
  utimesSync(stamp, startedAt / 1000, startedAt / 1000);
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
} catch (err) {
  rmSync(tmp, { recursive: true, force: true });
  throw err;
}
if (!existsSync(join(out, 'cli', 'main.js'))) throw new Error('build wrote no cli/main.js');
console.log(`trailcost: bundled into ${relative(process.cwd(), out) || '.'} in ${Math.round(performance.now() - started)} ms`);
