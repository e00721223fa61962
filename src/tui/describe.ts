/**
 * Selectors in words, for the Trails tab: one line per selector, short enough for 80 columns. Only wording; the
 * meaning is the selector engine's (evaluate.ts), nothing here decides what matches.
 */
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from '../selectors/types.js';

const OPS: Array<[keyof AdvancedFieldSelector, string]> = [
  ['Equals', 'is'],
  ['StartsWith', 'starts with'],
  ['EndsWith', 'ends with'],
  ['NotEquals', 'is not'],
  ['NotStartsWith', 'does not start with'],
  ['NotEndsWith', 'does not end with'],
];

function list(values: readonly string[], max = 2): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} (+${values.length - max} more)` : shown;
}

function shortType(t: string): string {
  return t.replace(/^AWS::/, '').replace(/::/g, ' ');
}

export function describeAdvanced(s: AdvancedEventSelector): string {
  const fields = s.FieldSelectors ?? [];
  const get = (name: string) => fields.find((f) => f.Field === name);
  const category = get('eventCategory')?.Equals?.join('/') ?? 'all';
  const type = get('resources.type')?.Equals?.map(shortType).join('/');
  const ro = get('readOnly')?.Equals?.[0];
  const rw = ro === 'true' ? 'reads' : ro === 'false' ? 'writes' : '';
  const parts: string[] = [];
  for (const f of fields) {
    if (f.Field === 'eventCategory' || f.Field === 'resources.type' || f.Field === 'readOnly') continue;
    for (const [op, word] of OPS) {
      const v = f[op] as string[] | undefined;
      if (v && v.length > 0) parts.push(`${f.Field} ${word} ${list(v)}`);
    }
  }
  const what = [rw, category === 'Data' && type ? `${type} data events` : `${category} events`].filter(Boolean).join(' ');
  const name = s.Name ? `${s.Name}: ` : '';
  return `${name}${what}${parts.length > 0 ? ' where ' + parts.join('; ') : ''}`;
}

export function describeBasic(s: EventSelector): string {
  const rw = s.ReadWriteType === 'ReadOnly' ? 'reads' : s.ReadWriteType === 'WriteOnly' ? 'writes' : 'reads and writes';
  const mgmt = s.IncludeManagementEvents === false ? 'no management events' : 'management events';
  const data = (s.DataResources ?? []).map((d) => `${shortType(d.Type ?? '?')} ${list(d.Values ?? [])}`);
  return `basic: ${rw}, ${mgmt}${data.length > 0 ? `, data: ${data.join('; ')}` : ''}`;
}

export function describeSelectors(set: { kind: 'advanced'; selectors: AdvancedEventSelector[] } | { kind: 'basic'; selectors: EventSelector[] }): string[] {
  if (set.selectors.length === 0) return ['no event selectors (logs nothing)'];
  return set.kind === 'advanced' ? set.selectors.map(describeAdvanced) : set.selectors.map(describeBasic);
}
