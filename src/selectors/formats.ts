/**
 * Rendering a selector set for the tools people deploy with. One function per format behind one entry point:
 *  - `json`: exactly what `aws cloudtrail put-event-selectors --advanced-event-selectors file://x.json` takes;
 *  - `terraform`: `advanced_event_selector` blocks for an `aws_cloudtrail` resource;
 *  - `cloudformation`: the `AdvancedEventSelectors` property of an `AWS::CloudTrail::Trail`, as YAML.
 * All three carry the same canonical selectors (keys in AWS's order, empty arrays and absent keys dropped), so a
 * render parsed back is the canonical set.
 */
import { stringify } from 'yaml';
import type { AdvancedEventSelector, AdvancedFieldSelector } from './types.js';
import { OPERATORS } from './types.js';

export type SelectorFormat = 'json' | 'terraform' | 'cloudformation';
export const SELECTOR_FORMATS: readonly SelectorFormat[] = ['json', 'terraform', 'cloudformation'];

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

/** An HCL string literal: JSON escapes plus HCL's template sequences (`${`, `%{`) doubled. */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

export function renderTerraform(selectors: readonly AdvancedEventSelector[], opts: RenderOptions = {}): string {
  const lines: string[] = [
    `# advanced_event_selector blocks${opts.trailName ? ` for the aws_cloudtrail trail "${opts.trailName}"` : ''}.`,
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

export function renderCloudFormation(selectors: readonly AdvancedEventSelector[], opts: RenderOptions = {}): string {
  const header = [
    `# AdvancedEventSelectors${opts.trailName ? ` for the trail "${opts.trailName}"` : ''}: the property of an AWS::CloudTrail::Trail.`,
    '# It replaces all of the trail\'s event selectors.',
  ].join('\n');
  return `${header}\n${stringify({ AdvancedEventSelectors: canonicalSelectors(selectors) }, { lineWidth: 0 })}`;
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
  }
}
