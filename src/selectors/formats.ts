/**
 * Rendering a selector set for the tools people deploy with. One function per format behind one entry point:
 *  - `json`: exactly what `aws cloudtrail put-event-selectors --advanced-event-selectors file://x.json` takes;
 *  - `terraform`: `advanced_event_selector` blocks for an `aws_cloudtrail` resource;
 *  - `cloudformation`: the `AdvancedEventSelectors` property of an `AWS::CloudTrail::Trail`, as YAML;
 *  - `telemetry-rule`: a CloudWatch telemetry enablement rule for CloudTrail (telemetry-rule.ts).
 * All three carry the same canonical selectors (keys in AWS's order, empty arrays and absent keys dropped), so a
 * render parsed back is the canonical set.
 */
import { Document, isScalar, parse as parseYaml, Scalar, visit } from 'yaml';
import type { AdvancedEventSelector, AdvancedFieldSelector } from './types.js';
import { OPERATORS } from './types.js';

export type SelectorFormat = 'json' | 'terraform' | 'cloudformation' | 'telemetry-rule';
export const SELECTOR_FORMATS: readonly SelectorFormat[] = ['json', 'terraform', 'cloudformation', 'telemetry-rule'];

/** The file extension of each format: what the TUI's `e` and `optimize --all --out-dir` name their files. */
export const FORMAT_EXTENSIONS: Record<SelectorFormat, string> = {
  json: 'json',
  terraform: 'tf',
  cloudformation: 'cfn.yaml',
  'telemetry-rule': 'telemetry-rule.cfn.yaml',
};

/** A file name safe on every OS for a trail name (trail names allow letters, digits, ., _ and -). */
export function exportFileName(trail: string, format: SelectorFormat): string {
  return `${trail.replace(/[^A-Za-z0-9._-]/g, '_')}.selectors.${FORMAT_EXTENSIONS[format]}`;
}

export interface RenderOptions {
  /** Named in the Terraform/CloudFormation header comment. */
  trailName?: string;
}

/** Selectors with keys in AWS's order (Name, FieldSelectors; Field then operators) and nothing empty. */
export function canonicalSelectors(selectors: readonly AdvancedEventSelector[]): AdvancedEventSelector[] {
  return selectors.map((s) => {
    const fieldSelectors = (s.FieldSelectors ?? []).map((fs) => {
      const f: AdvancedFieldSelector = { Field: fs.Field };
      for (const op of OPERATORS) {
        const v = fs[op];
        if (Array.isArray(v) && v.length > 0) f[op] = [...v];
      }
      return f;
    });
    return s.Name !== undefined ? { Name: s.Name, FieldSelectors: fieldSelectors } : { FieldSelectors: fieldSelectors };
  });
}

export function renderJson(selectors: readonly AdvancedEventSelector[]): string {
  return `${JSON.stringify(canonicalSelectors(selectors), null, 2)}\n`;
}

const TF_OPERATORS: Record<(typeof OPERATORS)[number], string> = {
  Equals: 'equals',
  StartsWith: 'starts_with',
  EndsWith: 'ends_with',
  NotEquals: 'not_equals',
  NotStartsWith: 'not_starts_with',
  NotEndsWith: 'not_ends_with',
};

/** JSON escapes HCL does not have (`\b`, `\f`) and the template sequences HCL escapes by doubling. */
const HCL_ESCAPES: Record<string, string> = { '\\b': '\\u0008', '\\f': '\\u000c', '${': '$${', '%{': '%%{' };

/**
 * An HCL string literal: JSON's escapes (HCL's, but for `\b` and `\f`), and `${` / `%{` written `$${` / `%%{`, so
 * a name like "team ${var.team}" stays text instead of becoming an interpolation. Escapes are matched whole, so an
 * escaped backslash before `b` is left alone.
 */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\\u[0-9a-fA-F]{4}|\\.|\$\{|%\{/g, (t) => HCL_ESCAPES[t] ?? t);
}

/** Text for a `#` comment line: line breaks would end the comment and turn the rest into code. */
function commentText(s: string): string {
  return s.replace(/[\r\n\u0085\u2028\u2029]/g, ' ');
}

export function renderTerraform(selectors: readonly AdvancedEventSelector[], opts: RenderOptions = {}): string {
  const lines: string[] = [
    `# advanced_event_selector blocks${opts.trailName ? ` for the aws_cloudtrail trail "${commentText(opts.trailName)}"` : ''}.`,
    '# Paste them into the aws_cloudtrail resource; they replace all of its event selectors.',
  ];
  for (const s of canonicalSelectors(selectors)) {
    lines.push('advanced_event_selector {');
    if (s.Name !== undefined) lines.push(`  name = ${hclString(s.Name)}`);
    for (const fs of s.FieldSelectors ?? []) {
      lines.push('', '  field_selector {');
      const rows: Array<[string, string]> = [['field', hclString(fs.Field ?? '')]];
      for (const op of OPERATORS) {
        const v = fs[op];
        if (v) rows.push([TF_OPERATORS[op], `[${v.map(hclString).join(', ')}]`]);
      }
      const w = Math.max(...rows.map(([k]) => k.length));
      for (const [k, v] of rows) lines.push(`    ${k.padEnd(w)} = ${v}`);
      lines.push('  }');
    }
    lines.push('}', '');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * Does a plain scalar `s` that YAML 1.2 reads as this string read otherwise in YAML 1.1? CloudFormation reads
 * templates as YAML 1.1, where `yes`, `on`, `NO`, `12:30` (base 60), `1_000`, `0b101` or `2026-01-01` are not strings.
 */
function plainDiffersIn11(s: string): boolean {
  // Every YAML 1.1 scalar that is not a string starts like a number, a timestamp, `~`, `=`, `<<`, or is a bool word.
  if (s !== '' && !/^(?:[-+.0-9~=<]|(?:y|yes|n|no|true|false|on|off|null)$)/i.test(s)) return false;
  try {
    return parseYaml(s, { logLevel: 'silent' }) === s && parseYaml(s, { version: '1.1', logLevel: 'silent' }) !== s;
  } catch {
    return true;
  }
}

/**
 * The property as YAML. Strings are plain where every YAML reader takes them as strings and quoted otherwise: the
 * yaml library quotes what YAML 1.2 would misread (`false`, `!Ref x`, `*a`, `key: v`, `0o10`), and strings that only
 * YAML 1.1 misreads are double-quoted here. `${…}` needs nothing: CloudFormation substitutes only inside Fn::Sub,
 * and none is written.
 */
export function renderCloudFormation(selectors: readonly AdvancedEventSelector[], opts: RenderOptions = {}): string {
  const header = [
    `# AdvancedEventSelectors${opts.trailName ? ` for the trail "${commentText(opts.trailName)}"` : ''}: the property of an AWS::CloudTrail::Trail.`,
    '# It replaces all of the trail\'s event selectors.',
  ].join('\n');
  return `${header}\n${cloudFormationYaml({ AdvancedEventSelectors: canonicalSelectors(selectors) })}`;
}

/** Event categories a CloudWatch telemetry rule for CloudTrail takes (network activity and Insights are not). */
const TELEMETRY_RULE_CATEGORIES = new Set(['Management', 'Data']);

/** Selectors a telemetry rule cannot take, with why: it selects only management and data events. */
export function telemetryRuleExclusions(selectors: readonly AdvancedEventSelector[]): Array<{ index: number; name: string; category: string }> {
  const out: Array<{ index: number; name: string; category: string }> = [];
  selectors.forEach((s, index) => {
    const cat = (s.FieldSelectors ?? []).find((f) => f.Field === 'eventCategory')?.Equals?.[0] ?? '(none)';
    if (!TELEMETRY_RULE_CATEGORIES.has(cat)) out.push({ index, name: s.Name ?? `selector ${index + 1}`, category: cat });
  });
  return out;
}

/** A RuleName AWS accepts (`^[0-9A-Za-z-]+$`, 1–100 characters). */
export function telemetryRuleName(trailName: string | undefined): string {
  const base = `trailcost-${(trailName ?? 'cloudtrail').replace(/[^0-9A-Za-z-]+/g, '-')}`.replace(/-+/g, '-').replace(/-$/, '');
  return base.slice(0, 100).replace(/-$/, '');
}

/**
 * The selectors as a CloudWatch telemetry enablement rule for CloudTrail (no trail needed; events land in the
 * `aws/cloudtrail/managementevents` and `aws/cloudtrail/dataevents` log groups): an organization-wide
 * `AWS::ObservabilityAdmin::OrganizationTelemetryRule` in a CloudFormation template. Network activity selectors are
 * left out (the rule does not take them) and named in the header, so nobody mistakes the rule for the trail.
 * The price is per GB ingested, not per event; `trailcost compare` prices it with its confidence.
 */
export function renderTelemetryRule(selectors: readonly AdvancedEventSelector[], opts: RenderOptions = {}): string {
  const left = telemetryRuleExclusions(selectors);
  const kept = selectors.filter((_, i) => !left.some((l) => l.index === i));
  const header = [
    `# A CloudWatch telemetry enablement rule for CloudTrail${opts.trailName ? ` with the selectors proposed for the trail "${commentText(opts.trailName)}"` : ''}.`,
    '# It needs no trail: events go to CloudWatch Logs (aws/cloudtrail/managementevents, aws/cloudtrail/dataevents),',
    '# priced per GB ingested, not per event. Deploy from the management account or a delegated administrator, with',
    '# telemetry evaluation for the organization turned on. Use AWS::ObservabilityAdmin::TelemetryRule for one account.',
    ...left.map((l) => `# Left out: "${commentText(l.name)}" selects ${commentText(l.category)} events, which telemetry rules do not take.`),
  ].join('\n');
  const template = {
    Resources: {
      CloudTrailTelemetryRule: {
        Type: 'AWS::ObservabilityAdmin::OrganizationTelemetryRule',
        Properties: {
          RuleName: telemetryRuleName(opts.trailName),
          Rule: {
            ResourceType: 'AWS::CloudTrail',
            TelemetryType: 'Logs',
            DestinationConfiguration: { CloudtrailParameters: { AdvancedEventSelectors: canonicalSelectors(kept) } },
          },
        },
      },
    },
  };
  return `${header}\n${cloudFormationYaml(template)}`;
}

/** A value as CloudFormation YAML: strings that YAML 1.1 would misread are double-quoted (plainDiffersIn11). */
export function cloudFormationYaml(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && plainDiffersIn11(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

export function renderSelectors(
  selectors: readonly AdvancedEventSelector[],
  format: SelectorFormat,
  opts: RenderOptions = {},
): string {
  switch (format) {
    case 'json':
      return renderJson(selectors);
    case 'terraform':
      return renderTerraform(selectors, opts);
    case 'cloudformation':
      return renderCloudFormation(selectors, opts);
    case 'telemetry-rule':
      return renderTelemetryRule(selectors, opts);
  }
}
