/**
 * The layering of design.md, checked on the sources: `cli`/`tui` → `app` → core (`selectors`, `pricing`, `model`,
 * `estimate`, `optimize`, `proof`, `report`, `scenario`) and edges (`collect`, `io`); the core imports no edge, no
 * Node I/O module and nothing above it; nothing imports `cli`.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const CORE = ['selectors', 'pricing', 'model', 'estimate', 'optimize', 'proof', 'report', 'scenario'];
/** Loaders inside scenario/ read files: edges by design (design.md "I/O lives at the edges (… file loading …)"). */
const LOADERS = new Set(['scenario/load.ts', 'scenario/gen-schema.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
}

/** The top folder under src/ a relative import lands in ('' for files directly in src/). */
function target(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const abs = join(file, '..', spec);
  const rel = relative(SRC, abs);
  return rel.includes('/') ? rel.split('/')[0] : '';
}

describe('layering', () => {
  const all = files(SRC).map((f) => ({ file: f, rel: relative(SRC, f), top: relative(SRC, f).split('/')[0] }));
  it('the core imports neither edges, nor cli, tui or app, nor Node I/O', () => {
    const bad: string[] = [];
    for (const f of all) {
      if (!CORE.includes(f.top) || LOADERS.has(f.rel)) continue;
      for (const spec of imports(f.file)) {
        const t = target(f.file, spec);
        if (t !== null && ['cli', 'tui', 'app', 'collect', 'io'].includes(t)) bad.push(`${f.rel} → ${spec}`);
        if (/^node:(fs|child_process|net|http|https|worker_threads)/.test(spec)) bad.push(`${f.rel} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
  it('nothing outside cli imports cli; app imports neither cli nor tui', () => {
    const bad: string[] = [];
    for (const f of all) {
      for (const spec of imports(f.file)) {
        const t = target(f.file, spec);
        if (t === 'cli' && f.top !== 'cli') bad.push(`${f.rel} → ${spec}`);
        if (f.top === 'app' && (t === 'tui' || t === 'cli')) bad.push(`${f.rel} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
  it('AWS SDK clients are built only in collect/ (types may be named elsewhere)', () => {
    const bad = all.filter((f) => f.top !== 'collect' && /new \w+Client\(|from '@aws-sdk\/client-[a-z-]+'(?!.*type)/.test(readFileSync(f.file, 'utf8').replace(/import type[^;]+;/g, '')));
    expect(bad.map((f) => f.rel)).toEqual([]);
  });
});
