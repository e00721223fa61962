/** Shared fixtures for the estimate tests: the real price book and scenarios built from YAML text. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PriceBookSchema, type PriceBook } from '../../src/pricing/book.js';
import { parseWithSchema } from '../../src/scenario/parse.js';
import { ScenarioSchema, type Scenario } from '../../src/scenario/schema.js';
import { scenarioInput, type LoadedInput } from '../../src/scenario/input.js';
import { SnapshotSchema, type Snapshot } from '../../src/model/snapshot.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export function priceBook(): PriceBook {
  return PriceBookSchema.parse(JSON.parse(readFileSync(`${root}pricing/prices.json`, 'utf8')));
}

export function parseScenario(text: string, file = 'test.yaml'): Scenario {
  const r = parseWithSchema(text, file, ScenarioSchema);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return r.value;
}

export function inputFromYaml(text: string, variant: string | null = null, snapshot: Snapshot | null = null): LoadedInput {
  return scenarioInput({ file: 'test.yaml', scenario: parseScenario(text), snapshot, pricing: priceBook(), variant });
}

export function demoInput(variant: string | null = null, text = readFileSync(`${root}scenarios/demo.yaml`, 'utf8')): LoadedInput {
  const scenario = parseScenario(text, 'demo.yaml');
  const snapshot = SnapshotSchema.parse(JSON.parse(readFileSync(`${root}scenarios/demo.snapshot.json`, 'utf8')));
  return scenarioInput({ file: 'demo.yaml', scenario, snapshot, pricing: priceBook(), variant });
}

/** Two accounts of one organization (A manages it), for inline-inventory scenarios. */
export const ORG_A = '111111111111';
export const ORG_B = '222222222222';

/** The `inventory:` block of such a scenario, with the given bucket lines (YAML flow maps, one a line). */
export function orgInventory(buckets: string[]): string {
  return `
inventory:
  organization: { id: o-x, managementAccount: "${ORG_A}" }
  accounts: [{ id: "${ORG_A}" }, { id: "${ORG_B}" }]
  buckets:
${buckets.map((b) => `    - ${b}`).join('\n')}
`;
}
