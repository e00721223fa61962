/** The shipped output schemas are generated from the contracts (run `npx tsx src/scenario/gen-schema.ts outputs`). */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_NAMES, outputJsonSchema } from '../../src/scenario/gen-schema.js';
import { root } from './helpers.js';

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
