/**
 * A JSON Schema (2020-12) validator for the keywords the shipped output schemas use, so tests check real outputs
 * against the files in schema/ themselves — what a consumer validates with — and not only against the zod
 * contracts they are generated from. A keyword it does not implement is an error, never silently accepted.
 */
type Schema = Record<string, unknown> | boolean;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', 'format', 'id', '$comment']);
const KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', '$ref', '$defs', 'enum', 'const', 'anyOf', 'oneOf', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'propertyNames']);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  if (t === 'integer') return typeof v === 'number' && Number.isInteger(v);
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v);
  return typeOf(v) === t;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Every place `value` breaks `root` (empty when it is valid), as `path: why`. */
export function validate(root: Record<string, unknown>, value: unknown): string[] {
  const defs = (root.$defs ?? {}) as Record<string, Schema>;
  const errors: string[] = [];
  const check = (schema: Schema, v: unknown, path: string, out: string[]): void => {
    if (schema === true) return;
    if (schema === false) {
      out.push(`${path}: not allowed`);
      return;
    }
    for (const k of Object.keys(schema)) if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`json-schema.ts does not implement "${k}" (at ${path})`);
    const s = schema as Record<string, unknown>;
    if (typeof s.$ref === 'string') {
      const m = /^#\/\$defs\/(.+)$/.exec(s.$ref);
      if (!m || !(m[1] in defs)) throw new Error(`unresolvable $ref ${s.$ref}`);
      check(defs[m[1]], v, path, out);
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => hasType(v, t))) {
        out.push(`${path}: ${typeOf(v)} is not ${types.join(' | ')}`);
        return;
      }
    }
    if ('const' in s && !same(s.const, v)) out.push(`${path}: not ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((e) => same(e, v))) out.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) out.push(`${path}: ${v} < ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) out.push(`${path}: ${v} > ${s.maximum}`);
      if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) out.push(`${path}: ${v} ≤ ${s.exclusiveMinimum}`);
      if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) out.push(`${path}: ${v} ≥ ${s.exclusiveMaximum}`);
    }
    if (typeof v === 'string') {
      if (typeof s.minLength === 'number' && [...v].length < s.minLength) out.push(`${path}: shorter than ${s.minLength}`);
      if (typeof s.maxLength === 'number' && [...v].length > s.maxLength) out.push(`${path}: longer than ${s.maxLength}`);
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) out.push(`${path}: does not match ${s.pattern}`);
    }
    for (const [key, many] of [['anyOf', false], ['oneOf', true]] as const) {
      const alts = s[key] as Schema[] | undefined;
      if (!alts) continue;
      const passing = alts.filter((a) => {
        const e: string[] = [];
        check(a, v, path, e);
        return e.length === 0;
      }).length;
      if (passing === 0 || (many && passing > 1)) out.push(`${path}: ${passing} of the ${key} alternatives match`);
    }
    if (Array.isArray(v) && typeof s.minItems === 'number' && v.length < s.minItems) out.push(`${path}: fewer than ${s.minItems} items`);
    if (Array.isArray(v) && typeof s.maxItems === 'number' && v.length > s.maxItems) out.push(`${path}: more than ${s.maxItems} items`);
    if (Array.isArray(v) && s.items !== undefined) v.forEach((x, i) => check(s.items as Schema, x, `${path}[${i}]`, out));
    if (typeOf(v) === 'object') {
      const o = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required ?? []) as string[]) if (!(r in o)) out.push(`${path}.${r}: required`);
      for (const [k, x] of Object.entries(o)) {
        if (k in props) check(props[k], x, `${path}.${k}`, out);
        else if (s.additionalProperties !== undefined) check(s.additionalProperties as Schema, x, `${path}.${k}`, out);
        if (s.propertyNames !== undefined) check(s.propertyNames as Schema, k, `${path} key ${JSON.stringify(k)}`, out);
      }
    }
  };
  check(root, value, '$', errors);
  return errors;
}
