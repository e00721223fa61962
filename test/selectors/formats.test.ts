import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { canonicalSelectors, renderSelectors, renderTerraform } from '../../src/selectors/formats.js';
import { lintSelectors } from '../../src/selectors/lint.js';
import { normalizeSelectors } from '../../src/selectors/normalize.js';
import type { AdvancedEventSelector, AdvancedFieldSelector } from '../../src/selectors/types.js';
import { selectorSetArb } from './arbitraries.js';

/** Reads back the HCL subset renderTerraform writes (blocks, `key = "string"`, `key = ["a", "b"]`). */
function parseTerraformBlocks(hcl: string): AdvancedEventSelector[] {
  const ops: Record<string, keyof AdvancedFieldSelector> = {
    equals: 'Equals', starts_with: 'StartsWith', ends_with: 'EndsWith',
    not_equals: 'NotEquals', not_starts_with: 'NotStartsWith', not_ends_with: 'NotEndsWith',
  };
  const str = (lit: string) => JSON.parse(lit.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')) as string;
  const out: AdvancedEventSelector[] = [];
  let sel: AdvancedEventSelector | null = null;
  let fs: AdvancedFieldSelector | null = null;
  for (const raw of hcl.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === 'advanced_event_selector {') out.push((sel = { FieldSelectors: [] }));
    else if (line === 'field_selector {') sel!.FieldSelectors!.push((fs = { Field: '' }));
    else if (line === '}') fs = fs ? null : (sel = null);
    else {
      const m = /^(\w+)\s*=\s*(.*)$/.exec(line)!;
      if (m[1] === 'name') sel!.Name = str(m[2]);
      else if (m[1] === 'field') fs!.Field = str(m[2]);
      else (fs as unknown as Record<string, unknown>)[ops[m[1]]] = (JSON.parse(m[2].replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')) as string[]);
    }
  }
  return out;
}

const example: AdvancedEventSelector[] = [
  { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
  {
    Name: 'Lake writes',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::lake/'], NotStartsWith: ['arn:aws:s3:::lake/tmp/'] },
      { Field: 'readOnly', Equals: ['false'] },
    ],
  },
];

describe('formats', () => {
  it('json is the bare array put-event-selectors takes, keys in AWS order', () => {
    const out = renderSelectors([{ FieldSelectors: [{ NotStartsWith: ['b'], Field: 'x', StartsWith: ['a'], Equals: [] }] }], 'json');
    expect(out).toBe('[\n  {\n    "FieldSelectors": [\n      {\n        "Field": "x",\n        "StartsWith": [\n          "a"\n        ],\n        "NotStartsWith": [\n          "b"\n        ]\n      }\n    ]\n  }\n]\n');
  });
  it('terraform blocks', () => {
    expect(renderTerraform(example.slice(1), { trailName: 'main' })).toBe(
      [
        '# advanced_event_selector blocks for the aws_cloudtrail trail "main".',
        '# Paste them into the aws_cloudtrail resource; they replace all of its event selectors.',
        'advanced_event_selector {',
        '  name = "Lake writes"',
        '',
        '  field_selector {',
        '    field  = "eventCategory"',
        '    equals = ["Data"]',
        '  }',
        '',
        '  field_selector {',
        '    field  = "resources.type"',
        '    equals = ["AWS::S3::Object"]',
        '  }',
        '',
        '  field_selector {',
        '    field           = "resources.ARN"',
        '    starts_with     = ["arn:aws:s3:::lake/"]',
        '    not_starts_with = ["arn:aws:s3:::lake/tmp/"]',
        '  }',
        '',
        '  field_selector {',
        '    field  = "readOnly"',
        '    equals = ["false"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });
  it('cloudformation YAML keeps "false" a string', () => {
    const y = renderSelectors(example, 'cloudformation');
    expect(y).toContain('AdvancedEventSelectors:\n  - Name: Management events');
    expect(y).toMatch(/- "false"|- 'false'/);
  });
  it('json, terraform and cloudformation all read back as the canonical set (property)', () => {
    fc.assert(
      fc.property(selectorSetArb, (set) => {
        const canon = canonicalSelectors(set);
        expect(JSON.parse(renderSelectors(set, 'json'))).toEqual(canon);
        expect(parseTerraformBlocks(renderSelectors(set, 'terraform', { trailName: 't' }))).toEqual(canon);
        expect((parseYaml(renderSelectors(set, 'cloudformation')) as { AdvancedEventSelectors: unknown }).AdvancedEventSelectors).toEqual(canon);
      }),
      { numRuns: 200, seed: 3 },
    );
  });
  it('json round-trips through the linter unchanged (same findings, same values)', () => {
    fc.assert(
      fc.property(selectorSetArb, (set) => {
        const canon = canonicalSelectors(set);
        const again = JSON.parse(renderSelectors(set, 'json')) as unknown;
        expect(lintSelectors(again)).toEqual(lintSelectors(canon));
        expect(normalizeSelectors(again).set).toEqual({ kind: 'advanced', selectors: canon });
      }),
      { numRuns: 200, seed: 4 },
    );
  });
});

describe('normalizeSelectors: AWS shapes', () => {
  const sel = example;
  it.each([
    ['bare array', sel, [], 'advanced'],
    ['GetEventSelectors (advanced)', { TrailARN: 'arn:aws:cloudtrail:us-east-1:1:trail/t', AdvancedEventSelectors: sel }, ['AdvancedEventSelectors'], 'advanced'],
    ['GetEventSelectors (basic)', { EventSelectors: [{ ReadWriteType: 'All' }] }, ['EventSelectors'], 'basic'],
    ['bare basic array', [{ ReadWriteType: 'All', IncludeManagementEvents: true }], [], 'basic'],
    ['snapshot trail', { name: 't', s3Bucket: 'b', selectors: { kind: 'advanced', selectors: sel } }, ['selectors', 'selectors'], 'advanced'],
    ['empty advanced with empty basic', { AdvancedEventSelectors: [], EventSelectors: [] }, ['AdvancedEventSelectors'], 'advanced'],
  ])('%s', (_, input, path, kind) => {
    const n = normalizeSelectors(input);
    expect(n.path).toEqual(path);
    expect(n.set.kind).toBe(kind);
  });
  it('a trail object gives its bucket and name', () => {
    expect(normalizeSelectors({ Name: 'main', S3BucketName: 'logs', AdvancedEventSelectors: sel }).trail).toEqual({ name: 'main', bucket: 'logs' });
  });
  it('rejects other shapes with a JSON path', () => {
    expect(() => normalizeSelectors({ Trails: [] })).toThrow(/^\$: expected AdvancedEventSelectors/);
    expect(() => normalizeSelectors({ AdvancedEventSelectors: {} })).toThrow(/^\$\.AdvancedEventSelectors: expected an array/);
    expect(() => normalizeSelectors(42)).toThrow(/^\$: /);
  });
});
