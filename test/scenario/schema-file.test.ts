import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { scenarioJsonSchema, snapshotJsonSchema } from '../../src/scenario/gen-schema.js';
import { parseWithSchema, formatProblems } from '../../src/scenario/parse.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { root } from '../estimate/helpers.js';

describe('shipped JSON Schemas and bundled scenarios', () => {
  it('schema/*.schema.json are generated from the zod schemas (run `npx tsx src/scenario/gen-schema.ts`)', () => {
    expect(readFileSync(`${root}schema/scenario.schema.json`, 'utf8')).toBe(scenarioJsonSchema());
    expect(readFileSync(`${root}schema/snapshot.schema.json`, 'utf8')).toBe(snapshotJsonSchema());
  });
  const files = readdirSync(`${root}scenarios`).filter((f) => f.endsWith('.yaml'));
  it.each(files)('scenarios/%s is valid and points editors at the schema', (f) => {
    const text = readFileSync(`${root}scenarios/${f}`, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json');
    const r = parseWithSchema(text, f, ScenarioSchema);
    if (!r.ok) throw new Error(formatProblems(r.problems));
    expect(r.value.variants.length).toBeGreaterThanOrEqual(2);
  });
});
