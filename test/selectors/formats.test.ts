import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { canonicalSelectors, renderSelectors, renderTerraform, telemetryRuleExclusions, telemetryRuleName } from '../../src/selectors/formats.js';
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

/**
 * An HCL quoted string literal decoded as HCL reads it (hclsyntax scan_tokens.rl: `$` followed by `${` and `%`
 * followed by `%{` are literal text, a bare `${` / `%{` opens a template sequence; escapes \n \r \t \" \\ \uNNNN
 * \UNNNNNNNN only). Throws on an interpolation, a directive or an escape HCL does not have.
 */
function decodeHclString(lit: string): string {
  if (!lit.startsWith('"') || !lit.endsWith('"')) throw new Error(`not a quoted string: ${lit}`);
  const s = lit.slice(1, -1);
  let out = '';
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '$' || c === '%') {
      if (s[i + 1] === '{') throw new Error(`template sequence at ${i}: ${lit}`);
      if (s[i + 1] === c && s[i + 2] === '{') {
        out += `${c}{`;
        i += 3;
      } else {
        out += c;
        i += 1;
      }
    } else if (c === '\\') {
      const e = s[i + 1];
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (e in simple) {
        out += simple[e];
        i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        throw new Error(`escape HCL does not have at ${i}: \\${e} in ${lit}`);
      }
    } else {
      out += c;
      i += 1;
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
  it('terraform escapes ${ and %{ (and JSON-only escapes) so names and values stay text', () => {
    const tricky: AdvancedEventSelector[] = [{
      Name: 'Keep ${var.team} %{ if x }y%{ endif } $${already} cost 5$ 50% \b\f\\b',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::b/${path.module}/', 'arn:aws:s3:::b/%{x}/'], NotEndsWith: ['$', '%', '${'] },
      ],
    }];
    const hcl = renderTerraform(tricky);
    expect(hcl).toContain('  name = "Keep $${var.team} %%{ if x }y%%{ endif } $$${already} cost 5$ 50% \\u0008\\u000c\\\\b"');
    expect(hcl).toContain('starts_with   = ["arn:aws:s3:::b/$${path.module}/", "arn:aws:s3:::b/%%{x}/"]');
    // Every string literal, read as HCL reads it, is the original text: no interpolation, no directive.
    const literals = [...hcl.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => m[0]).filter((l) => !hcl.split('\n').some((line) => line.startsWith('#') && line.includes(l)));
    const decoded = literals.map(decodeHclString);
    expect(decoded).toContain(tricky[0].Name);
    expect(decoded).toEqual(expect.arrayContaining([...tricky[0].FieldSelectors![2].StartsWith!, ...tricky[0].FieldSelectors![2].NotEndsWith!]));
  });
  it('a trail name with a line break stays inside the header comment', () => {
    const evil = 'main"\nresource "x" "y" {}\r\n#';
    for (const f of ['terraform', 'cloudformation'] as const) {
      const out = renderSelectors(example, f, { trailName: evil });
      expect(out.split('\n')[0]).toMatch(/^# .*main" resource "x" "y" \{\}/);
      expect(out.split('\n')[1]).toMatch(/^# /);
    }
  });
  it('cloudformation YAML: strings YAML 1.1 (CloudFormation) would misread are quoted; tags, aliases, ${} stay text', () => {
    const values = ['yes', 'No', 'on', 'OFF', 'y', '12:30', '1:20:30', '1_000', '0b101', '2026-01-01', '0o10', '~', 'null', 'false',
      '!Ref Bucket', '!Sub ${AWS::Region}', '${AWS::AccountId}', '*alias', '&anchor', '%{x}', '@x', '`x', 'k: v', '#c', '- i', '=', '<<',
      'arn:aws:s3:::b/', 'Data', 'Keep PII \u{1F600}: b/p/'];
    const sel: AdvancedEventSelector[] = [{ Name: 'on', FieldSelectors: [{ Field: 'eventName', Equals: values }] }];
    const y = renderSelectors(sel, 'cloudformation');
    const body = y.replace(/^#.*$/gm, '');
    for (const version of ['1.1', '1.2'] as const) {
      const back = parseYaml(body, { version }) as { AdvancedEventSelectors: AdvancedEventSelector[] };
      expect(back.AdvancedEventSelectors, `YAML ${version}`).toEqual(sel);
    }
    expect(y).toContain('- Name: "on"');
    expect(y).toContain('- "12:30"');
    // Plain where every reader agrees.
    expect(y).toContain('- arn:aws:s3:::b/');
    expect(y).toContain('- Data');
  });
  it('json, terraform and cloudformation all read back as the canonical set (property)', () => {
    fc.assert(
      fc.property(selectorSetArb, (set) => {
        const canon = canonicalSelectors(set);
        expect(JSON.parse(renderSelectors(set, 'json'))).toEqual(canon);
        expect(parseTerraformBlocks(renderSelectors(set, 'terraform', { trailName: 't' }))).toEqual(canon);
        expect((parseYaml(renderSelectors(set, 'cloudformation')) as { AdvancedEventSelectors: unknown }).AdvancedEventSelectors).toEqual(canon);
        // The telemetry rule carries every selector it can take, and lint/match read it back from the template.
        const rule = renderSelectors(set, 'telemetry-rule', { trailName: 't' });
        const takes = canonicalSelectors(set.filter((_, i) => !telemetryRuleExclusions(set).some((x) => x.index === i)));
        expect(normalizeSelectors(parseYaml(rule, { version: '1.1' })).set).toEqual({ kind: 'advanced', selectors: takes });
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

describe('telemetry-rule format (CloudWatch ingestion of CloudTrail events without a trail)', () => {
  const withNetwork: AdvancedEventSelector[] = [
    { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    { Name: 'S3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
    { Name: 'VPC endpoint activity', FieldSelectors: [{ Field: 'eventCategory', Equals: ['NetworkActivity'] }, { Field: 'eventSource', Equals: ['s3.amazonaws.com'] }] },
  ];
  it('is an OrganizationTelemetryRule for AWS::CloudTrail logs whose CloudTrail parameters hold the selectors', () => {
    const doc = parseYaml(renderSelectors(withNetwork, 'telemetry-rule', { trailName: 'data-trail' }), { version: '1.1' });
    const r = doc.Resources.CloudTrailTelemetryRule;
    expect(r.Type).toBe('AWS::ObservabilityAdmin::OrganizationTelemetryRule');
    expect(r.Properties.RuleName).toBe('trailcost-data-trail');
    expect(r.Properties.Rule.ResourceType).toBe('AWS::CloudTrail');
    expect(r.Properties.Rule.TelemetryType).toBe('Logs');
    expect(r.Properties.Rule.DestinationConfiguration.CloudtrailParameters.AdvancedEventSelectors).toEqual(canonicalSelectors(withNetwork.slice(0, 2)));
  });
  it('leaves out network activity selectors (telemetry rules do not take them) and names them in the header', () => {
    expect(telemetryRuleExclusions(withNetwork)).toEqual([{ index: 2, name: 'VPC endpoint activity', category: 'NetworkActivity' }]);
    expect(renderSelectors(withNetwork, 'telemetry-rule')).toMatch(/^# Left out: "VPC endpoint activity" selects NetworkActivity events/m);
  });
  it('RuleName fits AWS pattern ^[0-9A-Za-z-]+$ and 100 characters whatever the trail is called (property)', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 300 }), { nil: undefined }), (name) => {
        const n = telemetryRuleName(name);
        expect(n).toMatch(/^[0-9A-Za-z-]{1,100}$/);
        expect(n.endsWith('-')).toBe(false);
      }),
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
  it('a CloudFormation template: the one trail or telemetry rule resource, with its path', () => {
    const n = normalizeSelectors({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' }, Main: { Type: 'AWS::CloudTrail::Trail', Properties: { TrailName: 'main', AdvancedEventSelectors: sel } } } });
    expect(n.path).toEqual(['Resources', 'Main', 'Properties', 'AdvancedEventSelectors']);
    expect(n.trail.name).toBe('main');
    const two = { Resources: { A: { Type: 'AWS::CloudTrail::Trail', Properties: { AdvancedEventSelectors: sel } }, B: { Type: 'AWS::CloudTrail::Trail', Properties: { AdvancedEventSelectors: sel } } } };
    expect(() => normalizeSelectors(two)).toThrow(/^\$\.Resources: 2 resources carry event selectors \(A, B\)/);
    expect(() => normalizeSelectors({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } })).toThrow(/^\$\.Resources: no AWS::CloudTrail::Trail/);
  });
  it('rejects other shapes with a JSON path', () => {
    expect(() => normalizeSelectors({ Trails: [] })).toThrow(/^\$: expected AdvancedEventSelectors/);
    expect(() => normalizeSelectors({ AdvancedEventSelectors: {} })).toThrow(/^\$\.AdvancedEventSelectors: expected an array/);
    expect(() => normalizeSelectors(42)).toThrow(/^\$: /);
  });
});
