/**
 * Issue 16, lint for CI: `--format sarif` (SARIF 2.1.0), `--format github` (workflow commands) and `--ignore`,
 * on the real binary; the positions are checked against the file's text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { LINT_RULES } from '../../src/selectors/lint-rules.js';
import { escapeData, escapeProperty, locator, parseJsonPath } from '../../src/report/lint-output.js';
import { cli, fixture, root } from './helpers.js';

const PITFALLS = fixture('selectors', 's3-pitfalls.json');
const INVALID = fixture('selectors', 'invalid.json');

/** The text at (line, column), 1-based as SARIF and GitHub count. */
const at = (text: string, line: number, col: number) => text.split('\n')[line - 1].slice(col - 1);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } }; logicalLocations: Array<{ fullyQualifiedName: string }> }>;
}

describe('lint --format sarif', () => {
  it('SARIF 2.1.0: every rule in tool.driver, one result per finding at its line and column', () => {
    const r = cli(['lint', relative(root, PITFALLS), '--trail-bucket', 'lake-logs', '--format', 'sarif']);
    expect(r.code, r.stderr).toBe(0);
    const log = JSON.parse(r.stdout) as { version: string; $schema: string; runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }> } }; results: SarifResult[] }> };
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('trailcost');
    expect(driver.rules.map((x) => x.id)).toEqual(LINT_RULES.map((x) => x.id));
    expect(driver.rules[0]).toEqual({ id: 'TC-SEL-001', shortDescription: { text: LINT_RULES[0].summary }, defaultConfiguration: { level: 'error' } });
    const results = log.runs[0].results;
    expect(results.map((x) => x.ruleId)).toEqual(['TC-SEL-101', 'TC-SEL-102', 'TC-SEL-104', 'TC-SEL-109']);
    const text = readFileSync(PITFALLS, 'utf8');
    for (const res of results) {
      expect(res.level).toBe('warning');
      expect(driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      const loc = res.locations[0];
      expect(loc.physicalLocation.artifactLocation.uri).toBe('test/fixtures/selectors/s3-pitfalls.json');
      expect(loc.physicalLocation.region).toBeDefined();
      expect(loc.logicalLocations[0].fullyQualifiedName).toMatch(/^\$\.AdvancedEventSelectors\[/);
    }
    const reg = (i: number) => results[i].locations[0].physicalLocation.region!;
    expect(at(text, reg(0).startLine, reg(0).startColumn).startsWith('"arn:aws:s3:::lake"')).toBe(true);
    expect(at(text, reg(1).startLine, reg(1).startColumn).startsWith('"arn:aws:s3:::lake/scratch/"')).toBe(true);
    expect(at(text, reg(3).startLine, reg(3).startColumn).startsWith('{')).toBe(true);
  });

  it('errors are level error and fail the exit code', () => {
    const r = cli(['lint', INVALID, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const results = (JSON.parse(r.stdout) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results;
    expect(results.map((x) => [x.ruleId, x.level])).toEqual([['TC-SEL-011', 'error'], ['TC-SEL-017', 'error'], ['TC-SEL-111', 'warning']]);
  });
});

describe('lint --format github', () => {
  it('one workflow command per finding, with file, line, col and the rule as title; then the summary', () => {
    const r = cli(['lint', relative(root, INVALID), '--format', 'github']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^::error file=test\/fixtures\/selectors\/invalid\.json,line=2,col=3,title=TC-SEL-011::the selector has no eventCategory field selector \(at \$\[0\]\)$/);
    const m = /^::error file=[^,]+,line=(\d+),col=(\d+),title=TC-SEL-017::readOnly is "true" or "false", not "False" \(at \$\[0\]\.FieldSelectors\[2\]\.Equals\[0\]\)$/.exec(lines[1])!;
    expect(m).not.toBeNull();
    expect(at(readFileSync(INVALID, 'utf8'), Number(m[1]), Number(m[2])).startsWith('"False"')).toBe(true);
    expect(lines[2]).toMatch(/^::warning file=[^,]+,line=1,col=1,title=TC-SEL-111::/);
    expect(lines[3]).toBe('test/fixtures/selectors/invalid.json: invalid, 3 of 500 values; 2 errors, 1 warning');
  });

  it('escapes %, CR and LF in messages, and : and , in properties, as GitHub documents', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('dir,a/b:c%.json')).toBe('dir%2Ca/b%3Ac%25.json');
    expect(escapeData('a:b,c')).toBe('a:b,c');
  });

  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trailcost-lint-ci-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a file name with , : and % is escaped in file=; a YAML file gets the line of the YAML value', () => {
    const file = join(dir, 'a,b:c%d.yaml');
    writeFileSync(file, [
      'AdvancedEventSelectors:',
      '  - Name: Management events',
      '    FieldSelectors:',
      '      - Field: eventCategory',
      '        Equals: [Management]',
      '  - Name: Writes',
      '    FieldSelectors:',
      '      - Field: eventCategory',
      '        Equals: [Data]',
      '      - Field: resources.type',
      '        Equals: ["AWS::S3::Object"]',
      '      - Field: readOnly',
      '        Equals: ["False"]',
      '',
    ].join('\n'));
    const r = cli(['lint', file, '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`::error file=${join(dir, 'a%2Cb%3Ac%25d.yaml')},line=13,col=18,title=TC-SEL-017::`);
  });
});

describe('lint --ignore', () => {
  it('suppresses findings by rule id (repeatable and comma lists); an ignored error no longer fails; the summary says how many', () => {
    const r = cli(['lint', relative(root, INVALID), '--ignore', 'TC-SEL-011,TC-SEL-111', '--ignore', 'TC-SEL-017']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('test/fixtures/selectors/invalid.json: valid, 3 of 500 values; 0 errors, 0 warnings, 3 ignored (--ignore)\n');
    const some = cli(['lint', INVALID, '--ignore', 'tc-sel-011', '--json']);
    expect(some.code).toBe(1);
    const out = JSON.parse(some.stdout) as { valid: boolean; ignored: number; findings: Array<{ rule: string }> };
    expect(out).toMatchObject({ valid: false, ignored: 1 });
    expect(out.findings.map((f) => f.rule)).toEqual(['TC-SEL-017', 'TC-SEL-111']);
    const sarif = cli(['lint', INVALID, '--ignore', 'TC-SEL-011,TC-SEL-017', '--format', 'sarif']);
    expect(sarif.code).toBe(0);
    expect((JSON.parse(sarif.stdout) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results.map((x) => x.ruleId)).toEqual(['TC-SEL-111']);
  });

  it('an unknown rule id is bad usage (exit 2), before any file is read', () => {
    const r = cli(['lint', INVALID, '--ignore', 'TC-SEL-101,TC-SEL-999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--ignore TC-SEL-999: no such rule');
    expect(r.stdout).toBe('');
  });
});

describe('positions from JSON paths', () => {
  it('parses the paths findings use, quoted keys included', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.AdvancedEventSelectors[1].FieldSelectors[2].StartsWith[0]')).toEqual(['AdvancedEventSelectors', 1, 'FieldSelectors', 2, 'StartsWith', 0]);
    expect(parseJsonPath('$.Resources["My Trail"].Properties')).toEqual(['Resources', 'My Trail', 'Properties']);
    expect(parseJsonPath('not a path')).toBeNull();
  });
  it('a missing field points at the deepest part that exists; unreadable text gives no position', () => {
    const pos = locator('[\n  {\n    "FieldSelectors": [ { "Equals": ["x"] } ]\n  }\n]\n');
    expect(pos('$[0].FieldSelectors[0].Field')).toEqual({ line: 3, column: 25 });
    expect(pos('$[0].Name')).toEqual({ line: 2, column: 3 });
    expect(locator('{ "a": [1, 2')('$.a[0]')).toBeNull();
  });
});
