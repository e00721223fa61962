/**
 * Limits on structured input (scenario, snapshot, price book and selector files), checked before the text reaches
 * anything that recurses over it. The YAML library composes nested collections recursively: a 2 KB file of 1,000
 * nested brackets overflows the stack there, and V8 can then abort the whole process (a regular expression compiled
 * near the stack limit: "FATAL ERROR: RegExpCompiler Allocation failed", exit 134), so no try/catch can report it.
 * The nesting is therefore measured first, on the library's concrete syntax tree, which it builds without recursion
 * (and on the value for JSON, which JSON.parse reads without recursion). Aliases are bounded by count, and their
 * errors located at the alias. Pure: text or values in, problems out.
 */
import { CST, Parser, visit, type Alias, type Document } from 'yaml';

/**
 * Deepest nesting of collections accepted (the outermost collection is level 1). Real files nest a dozen levels
 * (a snapshot's deepest is about 8); 200 is far from both that and what the YAML composer can take.
 */
export const MAX_NESTING = 200;

/**
 * Aliases a document may expand (yaml's own default, as counted by it: each alias weighs the aliases inside what it
 * names). Files that repeat a block with `&anchor` / `*alias` use a handful; a billion-laughs file needs thousands.
 */
export const MAX_ALIASES = 100;

export interface LimitProblem {
  /** Character offset in the text (for YAML), or null when only the path is known (a parsed JSON value). */
  offset: number | null;
  /** JSON path of the offending value (`trails[0].selectors`), empty at the top; `keys` is the same as a list. */
  path: string;
  keys: Array<string | number>;
  message: string;
}

/** `trails[0].selectors`: keys joined with dots, indexes in brackets (as zod paths are shown). */
export function pathOf(keys: ReadonlyArray<string | number>): string {
  let out = '';
  for (const k of keys) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}

const TOO_DEEP = `nested too deep: more than ${MAX_NESTING} levels of lists and maps`;

/** The path of a too-deep value, its middle left out: 200 levels of `[0]` would not be one clear line. */
function deepPath(keys: ReadonlyArray<string | number>): string {
  if (keys.length <= 10) return pathOf(keys);
  const tail = keys.slice(-3).map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
  return `${pathOf(keys.slice(0, 5))}…${tail}, level ${keys.length + 1}`;
}

interface Frame {
  parent: Frame | null;
  /** A map key in YAML is kept as its token (null: an empty key) and only read when a path is reported. */
  key: string | number | CST.Token | null;
}

function keysOf(f: Frame | null): Array<string | number> {
  const keys: Array<string | number> = [];
  for (let p = f; p; p = p.parent) keys.push(typeof p.key === 'string' || typeof p.key === 'number' ? p.key : keyText(p.key));
  return keys.reverse();
}

/**
 * The first collection of a parsed value nested deeper than MAX_NESTING, with its path; null when none is. Without
 * recursion, and each shared object (a YAML alias) measured once, so a document of aliases cannot make it slow.
 */
export function valueDepthProblem(value: unknown): LimitProblem | null {
  if (value === null || typeof value !== 'object') return null;
  // Deepest level at which each object was entered: entering it again no deeper adds nothing below it.
  const seen = new Map<object, number>();
  const stack: Array<{ v: object; depth: number; at: Frame | null }> = [{ v: value, depth: 1, at: null }];
  while (stack.length > 0) {
    const { v, depth, at } = stack.pop()!;
    if (depth > MAX_NESTING) {
      const keys = keysOf(at);
      return { offset: null, path: deepPath(keys), keys, message: TOO_DEEP };
    }
    const before = seen.get(v);
    if (before !== undefined && before >= depth) continue;
    seen.set(v, depth);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const c: unknown = v[i];
        if (c !== null && typeof c === 'object') stack.push({ v: c, depth: depth + 1, at: { parent: at, key: i } });
      }
    } else {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const c: unknown = entries[i][1];
        if (c !== null && typeof c === 'object') stack.push({ v: c, depth: depth + 1, at: { parent: at, key: entries[i][0] } });
      }
    }
  }
  return null;
}

/**
 * Whether JSON text nests collections deeper than MAX_NESTING, read from the text in one pass (strings skipped):
 * the check a big snapshot needs before its value is used, at a fraction of walking the parsed value (which
 * allocates per object: 1.8 s on a 107 MB snapshot against ~0.1 s here). Only meaningful for text JSON.parse
 * accepted; the caller reports a deep file through the positioned YAML path.
 */
export function jsonTooDeep(text: string): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: the next quote not escaped by an odd run of backslashes.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q === -1) return false;
        let b = q - 1;
        while (text.charCodeAt(b) === 0x5c) b--;
        i = q;
        if ((q - 1 - b) % 2 === 0) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

type Token = CST.Token;
type Item = { start?: unknown; key?: Token | null; sep?: unknown; value?: Token };

/** A key as written (plain or quoted scalar), or `?` for a complex key. */
function keyText(key: Token | null | undefined): string {
  if (!key) return '';
  const s = CST.resolveAsScalar(key as CST.FlowScalar);
  return s ? s.value : '?';
}

/**
 * The first collection in YAML (or JSON) text nested deeper than MAX_NESTING, with its offset and path; null when
 * none is. Reads the concrete syntax tree yaml's parser builds with an explicit stack (not the composer, which
 * recurses), every document of the stream.
 */
export function yamlDepthProblem(text: string): LimitProblem | null {
  return cstDepthProblem(new Parser().parse(text));
}

/** yamlDepthProblem over tokens already parsed (parse.ts composes the same tokens after: the text is read once). */
export function cstDepthProblem(tokens: Iterable<CST.Token>): LimitProblem | null {
  const stack: Array<{ t: Token; depth: number; at: Frame | null }> = [];
  for (const doc of tokens) {
    if (doc.type === 'document' && doc.value) stack.push({ t: doc.value, depth: 0, at: null });
    while (stack.length > 0) {
      const { t, depth, at } = stack.pop()!;
      if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
      const d = depth + 1;
      if (d > MAX_NESTING) {
        const keys = keysOf(at);
        return { offset: t.offset, path: deepPath(keys), keys, message: TOO_DEEP };
      }
      const seq = t.type === 'block-seq' || (t.type === 'flow-collection' && t.start.type === 'flow-seq-start');
      const items = t.items as Item[];
      for (let i = items.length - 1; i >= 0; i--) {
        const it = items[i];
        // The path is only read when a collection is too deep: keys are resolved lazily, not for every item.
        if (it.value) stack.push({ t: it.value, depth: d, at: { parent: at, key: seq ? i : it.key ?? null } });
        if (it.key) stack.push({ t: it.key, depth: d, at: { parent: at, key: seq ? i : it.key } });
      }
    }
  }
  return null;
}

/**
 * `doc.toJS()` with aliases bounded (MAX_ALIASES) and their errors located: an alias naming no anchor before it,
 * or too many aliases (an alias bomb), is reported at that alias instead of thrown.
 */
export function yamlToJs(doc: Document): { ok: true; value: unknown } | { ok: false; problem: LimitProblem } {
  // The alias being expanded when yaml gives up: each alias node's toJSON is wrapped to note itself.
  let failedAt: Alias | null = null;
  visit(doc, {
    Alias(_key, node) {
      const own = node.toJSON.bind(node);
      node.toJSON = (arg?: unknown, ctx?: unknown) => {
        try {
          return own(arg, ctx as Parameters<Alias['toJSON']>[1]);
        } catch (err) {
          failedAt ??= node;
          throw err;
        }
      };
    },
  });
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (err) {
    if (!(err instanceof ReferenceError) || !failedAt) throw err;
    const alias = failedAt as Alias;
    const offset = alias.range?.[0] ?? null;
    const message = /Excessive alias count/.test(err.message)
      ? `too many aliases: expanding *${alias.source} goes past ${MAX_ALIASES} (the limit on YAML aliases; an alias bomb?)`
      : /Unresolved alias/.test(err.message)
        ? `alias *${alias.source} names no anchor &${alias.source} before it (an anchor must come before its aliases)`
        : `alias *${alias.source}: ${err.message}`;
    return { ok: false, problem: { offset, path: '', keys: [], message } };
  }
}

/** 1-based line and column of a character offset. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: end - start + 1 };
}
