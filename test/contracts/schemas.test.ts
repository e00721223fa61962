/** The shipped output schemas are generated from the contracts (run `npx tsx src/scenario/gen-schema.ts outputs`). */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_NAMES, outputJsonSchema } from '../../src/scenario/gen-schema.js';
import { cli, root } from './helpers.js';

describe('schema/<command>.schema.json', () => {
  it.each(OUTPUT_NAMES)('schema/%s.schema.json is current', (name) => {
    const file = join(root, 'schema', `${name}.schema.json`);
    expect(existsSync(file), `${file} is missing: run npx tsx src/scenario/gen-schema.ts outputs`).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(outputJsonSchema(name));
  });
  it('each requires an integer schemaVersion and names itself', () => {
    for (const name of OUTPUT_NAMES) {
      const s = JSON.parse(outputJsonSchema(name)) as { $id: string; required: string[]; properties: { schemaVersion: { const: number } } };
      expect(s.$id).toBe(`https://trailcost.dev/schema/${name}.schema.json`);
      expect(s.required).toContain('schemaVersion');
      expect(Number.isInteger(s.properties.schemaVersion.const)).toBe(true);
    }
  });
});

describe('every command that prints JSON has a contract', () => {
  it('each command whose help offers --json or --output json has schema/<command>.schema.json among the contracts', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z-]+) \[options\]/gm)].map((m) => m[1]);
    expect(commands).toEqual(expect.arrayContaining(['estimate', 'compare', 'optimize', 'lint', 'match', 'diff', 'scan', 'sample', 'apply']));
    const withJson = commands.filter((c) => {
      const h = cli([c, '--help']);
      expect(h.code, c).toBe(0);
      // `sample --output <s3uri>` is Athena's result location, not an output format.
      return /^\s+--json\b/m.test(h.stdout) || /^\s+--output <output>\s+json or table/m.test(h.stdout);
    });
    expect(withJson.sort()).toEqual([...OUTPUT_NAMES].sort());
  }, 120_000);
});
