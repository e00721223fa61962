/** `trailcost lint` as a subprocess: output and exit codes 0 / 1 / 2. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, runCli } from '../selectors/run-cli.js';
import { renderSelectors } from '../../src/selectors/formats.js';

describe('trailcost lint (subprocess)', () => {
  it('exit 0: warnings only, aligned table with rule ids and JSON paths, then the summary', () => {
    const r = runCli(['lint', fixture('selectors', 's3-pitfalls.json'), '--trail-bucket', 'lake-logs']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+PATH\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^warning\s+TC-SEL-101\s+\$\.AdvancedEventSelectors\[1\]\.FieldSelectors\[2\]\.StartsWith\[0\]\s+"arn:aws:s3:::lake" has no "\/"/);
    // Columns line up: the MESSAGE column starts at the same offset on every row.
    const col = lines[0].indexOf('MESSAGE');
    for (const l of lines.slice(1, 5)) expect(l[col - 1]).toBe(' ');
    expect(r.stdout).toContain('s3-pitfalls.json: valid, 8 of 500 values; 0 errors, 4 warnings');
    expect(r.stderr).toBe('');
  });

  it('exit 1 with --json on errors', () => {
    const r = runCli(['lint', fixture('selectors', 'invalid.json'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { valid: boolean; values: number; findings: Array<{ rule: string; severity: string; path: string }> };
    expect(out.valid).toBe(false);
    expect(out.values).toBe(3);
    expect(out.findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'TC-SEL-011', severity: 'error', path: '$[0]' }),
      expect.objectContaining({ rule: 'TC-SEL-017', severity: 'error', path: '$[0].FieldSelectors[2].Equals[0]' }),
    ]));
  });

  it('--json: the issue-12 findings carry their rule ids, severities and JSON paths', () => {
    const r = runCli(['lint', fixture('selectors', 'issue-12.json'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { valid: boolean; findings: Array<{ rule: string; severity: string; path: string }> };
    expect(out.valid).toBe(false);
    expect(out.findings.map(({ rule, severity, path }) => ({ rule, severity, path }))).toEqual([
      { rule: 'TC-SEL-115', severity: 'warning', path: '$[1].FieldSelectors[2].StartsWith[0]' },
      { rule: 'TC-SEL-116', severity: 'warning', path: '$[1].Name' },
      { rule: 'TC-SEL-112', severity: 'warning', path: '$[2].FieldSelectors[2].Equals[0]' },
      { rule: 'TC-SEL-113', severity: 'warning', path: '$[2].FieldSelectors[2].Equals[1]' },
      { rule: 'TC-SEL-114', severity: 'warning', path: '$[3].FieldSelectors[2].StartsWith[0]' },
      { rule: 'TC-SEL-118', severity: 'warning', path: '$[4].FieldSelectors[1].Equals[0]' },
      { rule: 'TC-SEL-019', severity: 'error', path: '$[5].FieldSelectors[1].Equals[0]' },
      { rule: 'TC-SEL-018', severity: 'error', path: '$[6].FieldSelectors[2]' },
      { rule: 'TC-SEL-016', severity: 'error', path: '$[7].FieldSelectors[1].NotEquals' },
    ]);
  });

  it('--json on basic selectors: AWS-rejected values and excluded sources are errors at their paths', () => {
    const r = runCli(['lint', fixture('selectors', 'basic-rejected.json'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { kind: string; findings: Array<{ rule: string; severity: string; path: string }> };
    expect(out.kind).toBe('basic');
    expect(out.findings.map(({ rule, severity, path }) => ({ rule, severity, path }))).toEqual([
      { rule: 'TC-SEL-025', severity: 'error', path: '$.EventSelectors[0].ExcludeManagementEventSources[1]' },
      { rule: 'TC-SEL-023', severity: 'error', path: '$.EventSelectors[0].DataResources[0].Values[0]' },
      { rule: 'TC-SEL-024', severity: 'error', path: '$.EventSelectors[0].DataResources[0].Values[1]' },
      { rule: 'TC-SEL-115', severity: 'warning', path: '$.EventSelectors[0].DataResources[0].Values[2]' },
    ]);
  });

  it('--event-data-store: Evidence is a category there, and a data selector still needs resources.type', () => {
    const eds = runCli(['lint', fixture('selectors', 'event-data-store.json'), '--event-data-store', '--json']);
    expect(eds.code).toBe(1);
    expect((JSON.parse(eds.stdout) as { findings: unknown[] }).findings).toEqual([
      expect.objectContaining({ rule: 'TC-SEL-015', severity: 'error', path: '$[1]' }),
    ]);
    const trail = runCli(['lint', fixture('selectors', 'event-data-store.json'), '--json']);
    expect((JSON.parse(trail.stdout) as { findings: Array<{ rule: string; path: string }> }).findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'TC-SEL-012', path: '$[0].FieldSelectors[0].Equals[0]' }),
    ]));
  });

  it('exit 2: invalid JSON is reported as file:line:col, without a stack trace', () => {
    const r = runCli(['lint', fixture('selectors', 'broken.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^trailcost: .*broken\.json:5:34: invalid JSON: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('exit 2: a file that is not a selector set names the JSON path; a missing file is named', () => {
    const shape = runCli(['lint', fixture('records', 'mixed.json')]);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/mixed\.json: \$: expected AdvancedEventSelectors or EventSelectors/);
    const missing = runCli(['lint', fixture('selectors', 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
  });

  it('basic selectors and --help / --rules', () => {
    const basic = runCli(['lint', fixture('selectors', 'basic.json')]);
    expect(basic.code).toBe(0);
    expect(basic.stdout).toContain('2 of 250 data resource values (basic selectors)');
    const help = runCli(['lint', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('trailcost lint selectors.json --trail-bucket');
    const rules = runCli(['lint', '--rules']);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/^TC-SEL-001\s+error\s+/m);
    expect(rules.stdout).toMatch(/^TC-SEL-111\s+warning\s+/m);
    expect(rules.stdout).toMatch(/^TC-SEL-025\s+error\s+/m);
    expect(rules.stdout).toMatch(/^TC-SEL-118\s+warning\s+/m);
  });

  it('a rendered CloudFormation YAML fragment lints like its JSON; bad YAML is file:line:col, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-lint-'));
    try {
      const sel = [
        { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        { Name: 'Writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', Equals: ['false'] }] },
      ];
      writeFileSync(join(dir, 'sel.yaml'), renderSelectors(sel, 'cloudformation'));
      const r = runCli(['lint', join(dir, 'sel.yaml'), '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, values: 4, findings: [] });
      writeFileSync(join(dir, 'bad.yaml'), 'AdvancedEventSelectors:\n  - Name: x\n    FieldSelectors: [\n');
      const bad = runCli(['lint', join(dir, 'bad.yaml')]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+: invalid YAML/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
