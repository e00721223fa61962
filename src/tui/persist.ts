/**
 * The TUI's file edges: exporting selectors and saving decisions back into the scenario's policy. Both write
 * atomically (io/atomic-write: temp file next to the file, fsync, rename; symlinks and the file's mode kept).
 *
 * Saving edits the scenario's text in place. `yaml`'s Document API finds what to touch and where it is in the
 * source; only those bytes change: a rule's decision scalar, the lines of a rule the TUI wrote and now removes,
 * new rules appended to the list in the list's own style (block or flow, its indentation). Comments, quoting, flow
 * collections and folded text elsewhere stay byte for byte. The spliced text is parsed again and must equal the
 * same merge done through the Document API (`mergePolicyRules`); if not, nothing is written.
 *
 * A policy (or its rules) written as a YAML alias is edited where its anchor is, unless other keys use that anchor
 * too: then saving would change them as well, and it is refused with the lines involved.
 */
import { readRule, scopeMatch } from '../model/policy.js';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isAlias, isMap, isScalar, isSeq, parse, parseDocument, visit, YAMLMap, YAMLSeq, type Alias, type Document, type Node, type Pair, type Scalar } from 'yaml';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Decision, PolicyRule } from '../model/policy.js';
import type { SelectorFormat } from './view-model.js';
import { exportFileName } from '../selectors/formats.js';

export { exportFileName, FORMAT_EXTENSIONS } from '../selectors/formats.js';

/** Writes an export into `dir` atomically; returns the path. */
export function writeExport(dir: string, trail: string, format: SelectorFormat, text: string): string {
  const path = resolve(dir, exportFileName(trail, format));
  writeFileAtomic(path, text.endsWith('\n') ? text : text + '\n');
  return path;
}

/** How policy matches are compared: by what they name (model/policy readRule), so `logs` and `arn:aws:s3:::logs/` are one rule. */
export function ruleKey(match: string): string {
  const r = readRule({ match, decision: 'keep' });
  if (r.ok && r.scope) return `scope|${scopeMatch(r.scope)}`;
  return r.ok ? `${r.target.type}|${r.target.key}|${r.target.exact}` : match;
}

export const TUI_REASON = 'decided in the trailcost TUI';

/** The source text, for messages that name `file:line`. */
interface Source {
  file: string;
  text: string;
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function at(src: Source | undefined, offset: number | undefined): string {
  return src && offset !== undefined ? `${src.file}:${lineAt(src.text, offset)}: ` : '';
}

function lineOf(src: Source | undefined, offset: number | undefined): string {
  return src && offset !== undefined ? `line ${lineAt(src.text, offset)}` : 'another place';
}

function keyIs(p: Pair, name: string): boolean {
  return isScalar(p.key) ? p.key.value === name : p.key === name;
}

/**
 * The node an alias stands for, when this alias is the anchor's only use besides its definition (editing the anchor
 * then changes exactly the two places that say they are the same). Anything else is refused.
 */
function follow(doc: Document, value: unknown, what: string, src: Source | undefined): unknown {
  if (!isAlias(value)) return value;
  const target = value.resolve(doc);
  if (target === undefined) throw new Error(`${at(src, value.range?.[0])}${what} is an alias (*${value.source}) of no anchor`);
  const others: Alias[] = [];
  visit(doc, {
    Alias: (_k, a) => {
      if (a !== value && a.resolve(doc) === target) others.push(a);
    },
  });
  if (others.length > 0) {
    const def = src && target.range ? src.text.lastIndexOf(`&${value.source}`, target.range[0]) : -1;
    const defLine = lineOf(src, def >= 0 ? def : target.range?.[0]);
    const uses = others.map((a) => lineOf(src, a.range?.[0])).join(', ');
    throw new Error(
      `${at(src, value.range?.[0])}${what} is the alias *${value.source}, whose anchor &${value.source} (${defLine}) is also used at ${uses}: ` +
        `saving the decisions there would change ${others.length === 1 ? 'that' : 'those'} too. Write ${what} out in full here (no alias) and save again.`,
    );
  }
  return target;
}

/** Where `policy` and `policy.rules` are (aliases followed); absent ones are undefined. */
interface Targets {
  top: YAMLMap;
  policyPair?: Pair;
  policy?: YAMLMap;
  rulesPair?: Pair;
  rules?: YAMLSeq;
}

function isNull(v: unknown): boolean {
  return v === null || v === undefined || (isScalar(v) && v.value === null);
}

function targets(doc: Document, src: Source | undefined): Targets {
  const top = doc.contents;
  if (!isMap(top)) throw new Error(`${src ? `${src.file}: ` : ''}the scenario is not a mapping of keys (name:, policy:, ...)`);
  const t: Targets = { top };
  t.policyPair = top.items.find((p) => keyIs(p, 'policy'));
  if (!t.policyPair) return t;
  const policy = follow(doc, t.policyPair.value, 'policy', src);
  if (isNull(policy)) return t;
  if (!isMap(policy)) throw new Error(`${at(src, (policy as Node | undefined)?.range?.[0])}policy is not a mapping (trails:, default:, rules:, levers:)`);
  t.policy = policy;
  t.rulesPair = policy.items.find((p) => keyIs(p, 'rules'));
  if (!t.rulesPair) return t;
  const rules = follow(doc, t.rulesPair.value, 'policy.rules', src);
  if (isNull(rules)) return t;
  if (!isSeq(rules)) throw new Error(`${at(src, (rules as Node | undefined)?.range?.[0])}policy.rules is not a list`);
  t.rules = rules;
  return t;
}

/** What a save does to `policy.rules`: indexes into its items as they are, and the rules appended. */
interface Plan {
  removed: number[];
  updates: Map<number, Decision>;
  added: PolicyRule[];
}

function planOf(doc: Document, list: YAMLSeq | undefined, rules: readonly PolicyRule[], remove: readonly string[], src: Source | undefined): Plan {
  interface Entry {
    idx?: number;
    match?: unknown;
    reason?: unknown;
    decision?: unknown;
    added?: PolicyRule;
  }
  const entries: Entry[] = (list?.items ?? []).map((it, idx) => {
    const m = isAlias(it) ? it.resolve(doc) : it;
    return isMap(m) ? { idx, match: m.get('match'), reason: m.get('reason'), decision: m.get('decision') } : { idx };
  });
  // A bare bucket name and its ARN prefix are the same rule (as the estimator and optimizer read them).
  const find = (match: string) =>
    entries.findIndex((e) => {
      const m = e.added ? e.added.match : e.match;
      return typeof m === 'string' && ruleKey(m) === ruleKey(match);
    });
  const removed: number[] = [];
  const updates = new Map<number, Decision>();
  for (const m of remove) {
    const i = find(m);
    if (i < 0) continue;
    const e = entries[i];
    const reason = e.added ? e.added.reason : e.reason;
    if (typeof reason !== 'string' || !reason.startsWith(TUI_REASON)) continue;
    entries.splice(i, 1);
    if (e.idx !== undefined) removed.push(e.idx);
  }
  for (const r of rules) {
    const i = find(r.match);
    if (i < 0) {
      entries.push({ added: { match: r.match, decision: r.decision, reason: r.reason ?? TUI_REASON } });
      continue;
    }
    const e = entries[i];
    if (e.added) e.added = { ...e.added, decision: r.decision };
    else if (e.decision !== r.decision || updates.has(e.idx!)) {
      const item = list!.items[e.idx!];
      if (isAlias(item)) {
        throw new Error(
          `${at(src, item.range?.[0])}the rule for ${String(e.match)} is the alias *${item.source}: changing its decision would change the rule it copies too. ` +
            'Write that rule out in full (no alias) and save again.',
        );
      }
      updates.set(e.idx!, r.decision);
    }
  }
  return { removed, updates, added: entries.filter((e) => e.added).map((e) => e.added!) };
}

function planIsEmpty(p: Plan): boolean {
  return p.removed.length === 0 && p.updates.size === 0 && p.added.length === 0;
}

function mergeInto(doc: Document, rules: readonly PolicyRule[], remove: readonly string[], src: Source | undefined): void {
  const t = targets(doc, src);
  const plan = planOf(doc, t.rules, rules, remove, src);
  if (planIsEmpty(plan)) return;
  let list = t.rules;
  if (!list) {
    let policy = t.policy;
    if (!policy) {
      policy = new YAMLMap();
      if (t.policyPair) t.policyPair.value = policy;
      else doc.set('policy', policy);
    }
    list = new YAMLSeq();
    const rulesPair = policy.items.find((p) => keyIs(p, 'rules'));
    if (rulesPair) rulesPair.value = list;
    else policy.set('rules', list);
  }
  for (const [idx, d] of plan.updates) (list.items[idx] as YAMLMap).set('decision', d);
  for (const idx of [...plan.removed].sort((a, b) => b - a)) list.items.splice(idx, 1);
  for (const r of plan.added) list.items.push(doc.createNode({ match: r.match, decision: r.decision, reason: r.reason }));
}

/**
 * Merges rules into the `policy.rules` of a scenario document: a rule with the same `match` gets the new
 * decision (its comment and reason stay); new rules are appended. Rules in `remove` (matches the TUI set back to
 * auto, that it had itself written) are deleted. A policy or rules list written as an alias is edited at its
 * anchor, or refused when other keys use the anchor too. Nothing else in the document changes.
 */
export function mergePolicyRules(doc: Document, rules: readonly PolicyRule[], remove: readonly string[] = []): void {
  mergeInto(doc, rules, remove, undefined);
}

// ——— editing the text in place ———

interface Edit {
  start: number;
  end: number;
  text: string;
}

function lineStart(text: string, p: number): number {
  return text.lastIndexOf('\n', p - 1) + 1;
}

/** The offset just past the end of the line on which a value ending at `p` ends (past its comment and newline). */
function lineEnd(text: string, p: number): number {
  if (p > 0 && text[p - 1] === '\n') return p;
  const i = text.indexOf('\n', p);
  return i === -1 ? text.length : i + 1;
}

/** `p` moved left over the spaces before it (a value deleted takes the space that separated it). */
function backOverSpaces(text: string, p: number): number {
  let s = p;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  return s;
}

function column(text: string, p: number): number {
  return p - lineStart(text, p);
}

type Style = 'block' | 'flow' | 'json';

/** A string as YAML writes it here: plain when that reads back as the same string, else double-quoted (= JSON). */
function scalarText(s: string, style: Style): string {
  if (style === 'json') return JSON.stringify(s);
  const plain =
    /^[A-Za-z0-9_/][\w .,/:()@+=-]*$/.test(s) &&
    !/:(\s|$)/.test(s) &&
    !/\s$/.test(s) &&
    (style === 'block' || !/[:,]/.test(s)) &&
    safeParse(s) === s;
  return plain ? s : JSON.stringify(s);
}

function safeParse(s: string): unknown {
  try {
    return parse(s);
  } catch {
    return undefined;
  }
}

function keyText(k: string, style: Style): string {
  return style === 'json' ? JSON.stringify(k) : k;
}

function flowRule(r: PolicyRule, style: Style): string {
  const st: Style = style === 'json' ? 'json' : 'flow';
  const parts = [`${keyText('match', st)}: ${scalarText(r.match, st)}`, `${keyText('decision', st)}: ${scalarText(r.decision, st)}`];
  if (r.reason !== undefined) parts.push(`${keyText('reason', st)}: ${scalarText(r.reason, st)}`);
  return `{ ${parts.join(', ')} }`;
}

/** Block rule lines, the dash at `indent`, keys `keyOffset` columns right of the dash. */
function blockRule(r: PolicyRule, indent: number, keyOffset = 2): string {
  const pad = ' '.repeat(indent);
  const keyPad = ' '.repeat(indent + keyOffset);
  const lines = [`${pad}-${' '.repeat(keyOffset - 1)}match: ${scalarText(r.match, 'block')}`, `${keyPad}decision: ${scalarText(r.decision, 'block')}`];
  if (r.reason !== undefined) lines.push(`${keyPad}reason: ${scalarText(r.reason, 'block')}`);
  return lines.map((l) => l + '\n').join('');
}

/** A decision written where the old one was (`old` its source text), in the old one's quoting. */
function decisionText(d: Decision, node: Scalar, old: string): string {
  if (node.type === 'QUOTE_DOUBLE') return JSON.stringify(d);
  if (node.type === 'QUOTE_SINGLE') return `'${d}'`;
  // A block scalar (`>-` and the text below) keeps the line break that ended it.
  return old.endsWith('\n') ? `${d}\n` : d;
}

/** The `-` of a block sequence item whose node starts at `p` (after its anchor or tag, if any). */
function dashOf(text: string, p: number, src: Source): number {
  const ls = lineStart(text, p);
  const before = text.slice(ls, p);
  if (/^[ \t]*-[ \t]+(?:[&!]\S*[ \t]+)*$/.test(before)) return ls + before.indexOf('-');
  if (before.trim() === '' && ls > 0) {
    // `-` (and props) alone on the line above the item.
    const pls = lineStart(text, ls - 1);
    const prev = text.slice(pls, ls - 1);
    if (/^[ \t]*-(?:[ \t]+[&!]\S*)*[ \t]*$/.test(prev)) return pls + prev.indexOf('-');
  }
  throw new Error(`${at(src, p)}cannot edit this rule in place (not a plain "- " list item)`);
}

/**
 * The separator to put before a new last item of a flow collection: the one between its last two items when that
 * is only a comma and white space; for a single item on a line of its own, a comma and a line indented like it.
 */
function flowSeparator(text: string, items: ReadonlyArray<{ range?: readonly number[] | null }>, open: number): string {
  const b = items[items.length - 1]?.range;
  if (items.length >= 2) {
    const a = items[items.length - 2].range;
    if (a && b) {
      const between = text.slice(a[1], b[0]);
      if (/^\s*,\s*$/.test(between)) return between;
    }
  } else if (b) {
    const ls = lineStart(text, b[0]);
    const indent = text.slice(ls, b[0]);
    if (ls > open && /^[ \t]*$/.test(indent)) return `,\n${indent}`;
  }
  return ', ';
}

/** Where a flow collection's last value ends (pairs: the value, else the key). */
function pairEnd(p: Pair): number {
  const v = p.value as Node | null;
  if (v && v.range && !(isScalar(v) && v.range[0] === v.range[1])) return v.range[1];
  return (p.key as Node).range![1];
}

function range(n: unknown, what: string, src: Source): [number, number, number] {
  const r = (n as Node | null)?.range;
  if (!r) throw new Error(`${src.file}: cannot find ${what} in the file`);
  return r as [number, number, number];
}

/** The text edits that perform `plan` on the source. */
function editsFor(doc: Document, t: Targets, plan: Plan, src: Source, style: Style): Edit[] {
  const text = src.text;
  const edits: Edit[] = [];
  if (planIsEmpty(plan)) return edits;
  const list = t.rules;
  if (list) {
    for (const [idx, d] of plan.updates) {
      const item = list.items[idx] as YAMLMap;
      const pair = item.items.find((p) => keyIs(p, 'decision'));
      const v = pair?.value;
      if (isScalar(v)) {
        const r = range(v, 'a decision', src);
        edits.push({ start: r[0], end: r[1], text: decisionText(d, v, text.slice(r[0], r[1])) });
      } else if (isAlias(v)) {
        const r = range(v, 'a decision', src);
        edits.push({ start: r[0], end: r[1], text: scalarText(d, style === 'json' ? 'json' : item.flow ? 'flow' : 'block') });
      } else throw new Error(`${at(src, item.range?.[0])}this rule has no decision to change`);
    }
    const removed = new Set(plan.removed);
    const items = list.items as Node[];
    const n = items.length;
    const remaining = n - removed.size;
    if (!list.flow) {
      const dash0 = range(list, 'policy.rules', src)[0];
      const indent = column(text, dash0);
      for (const idx of removed) {
        const r = range(items[idx], 'a rule', src);
        edits.push({ start: lineStart(text, dashOf(text, r[0], src)), end: lineEnd(text, r[1]), text: '' });
      }
      if (plan.added.length > 0) {
        const last = range(items[n - 1], 'a rule', src);
        const pos = lineEnd(text, last[1]);
        let ref: unknown = items[n - 1];
        for (let i = n - 1; i >= 0; i--) {
          if (!removed.has(i)) {
            ref = items[i];
            break;
          }
        }
        if (isAlias(ref)) ref = ref.resolve(doc);
        let out: string;
        if (isMap(ref) && ref.flow) out = plan.added.map((r) => `${' '.repeat(indent)}- ${flowRule(r, style)}\n`).join('');
        else {
          const refStart = (ref as Node | undefined)?.range?.[0];
          const off = isMap(ref) && refStart !== undefined && lineStart(text, refStart) === lineStart(text, dashOf(text, refStart, src)) ? column(text, refStart) - indent : 2;
          out = plan.added.map((r) => blockRule(r, indent, off >= 2 ? off : 2)).join('');
        }
        edits.push({ start: pos, end: pos, text: (pos === text.length && !text.endsWith('\n') && text.length > 0 ? '\n' : '') + out });
      } else if (remaining === 0) {
        // Every item goes: the key line gets an empty list (an empty block list would read as null).
        let p = lineStart(text, dash0) - 1;
        for (;;) {
          const ls = lineStart(text, p);
          const line = text.slice(ls, p);
          if (line.trim() !== '' && !line.trim().startsWith('#')) {
            const m = /^(.*?\S)(\s+#.*)?$/.exec(line);
            edits.push({ start: ls + m![1].length, end: ls + m![1].length, text: ' []' });
            break;
          }
          if (ls === 0) throw new Error(`${at(src, dash0)}cannot empty policy.rules in place`);
          p = ls - 1;
        }
      }
      return edits;
    }
    // A flow list: `[a, b]` → items spliced between the brackets.
    const owner = t.rulesPair && t.rulesPair.value === list && t.policy && !t.policy.flow ? t.rulesPair : undefined;
    if (n === 0 && owner && plan.added.length > 0 && style !== 'json') {
      // `rules: []` under a block policy: the new rules as a block list.
      const r = range(list, 'policy.rules', src);
      edits.push({ start: backOverSpaces(text, r[0]), end: r[1], text: '' });
      const pos = lineEnd(text, r[1]);
      const indent = column(text, range(owner.key, 'rules', src)[0]) + 2;
      edits.push({ start: pos, end: pos, text: (pos === text.length && !text.endsWith('\n') ? '\n' : '') + plan.added.map((x) => blockRule(x, indent)).join('') });
      return edits;
    }
    // Removed items: a leading run up to the first kept item, then each later one with the comma before it.
    let lead = 0;
    while (lead < n && removed.has(lead)) lead++;
    if (lead > 0) {
      const s = range(items[0], 'a rule', src)[0];
      const e = lead < n ? range(items[lead], 'a rule', src)[0] : range(items[n - 1], 'a rule', src)[1];
      edits.push({ start: s, end: e, text: '' });
    }
    for (const idx of removed) {
      if (idx < lead) continue;
      edits.push({ start: range(items[idx - 1], 'a rule', src)[1], end: range(items[idx], 'a rule', src)[1], text: '' });
    }
    if (plan.added.length > 0) {
      const added = plan.added.map((r) => flowRule(r, style));
      if (n === 0) {
        const r = range(list, 'policy.rules', src);
        if (text[r[0]] !== '[') throw new Error(`${at(src, r[0])}cannot edit policy.rules in place`);
        edits.push({ start: r[0] + 1, end: r[0] + 1, text: added.join(', ') });
      } else {
        const sep = flowSeparator(text, items, range(list, 'policy.rules', src)[0]);
        const pos = range(items[n - 1], 'a rule', src)[1];
        edits.push({ start: pos, end: pos, text: (remaining > 0 ? sep : '') + added.join(sep) });
      }
    }
    return edits;
  }

  // No rules list yet: only additions (nothing to update or remove).
  const policy = t.policy;
  if (policy) {
    const rulesPair = t.rulesPair;
    if (rulesPair) {
      // `rules:` (null): the list goes where the null is.
      const key = range(rulesPair.key, 'rules', src);
      const v = rulesPair.value as Node | null;
      const keyLineEnd = lineEnd(text, key[1]);
      if (!policy.flow && style !== 'json') {
        if (v?.range && v.range[0] < keyLineEnd) edits.push({ start: backOverSpaces(text, v.range[0]), end: v.range[1], text: '' });
        edits.push({ start: keyLineEnd, end: keyLineEnd, text: (keyLineEnd === text.length && !text.endsWith('\n') ? '\n' : '') + plan.added.map((r) => blockRule(r, column(text, key[0]) + 2)).join('') });
      } else {
        const r = range(v, 'policy.rules', src);
        edits.push({ start: r[0], end: r[1], text: `[${plan.added.map((x) => flowRule(x, style)).join(', ')}]` });
      }
      return edits;
    }
    if (!policy.flow) {
      const first = range(policy.items[0]?.key, 'policy', src);
      const pos = lineEnd(text, pairEnd(policy.items[policy.items.length - 1]));
      const indent = column(text, first[0]);
      edits.push({ start: pos, end: pos, text: (pos === text.length && !text.endsWith('\n') ? '\n' : '') + `${' '.repeat(indent)}rules:\n` + plan.added.map((r) => blockRule(r, indent + 2)).join('') });
      return edits;
    }
    const entry = `${keyText('rules', style)}: [${plan.added.map((r) => flowRule(r, style)).join(', ')}]`;
    if (policy.items.length === 0) {
      const r = range(policy, 'policy', src);
      if (text[r[0]] !== '{') throw new Error(`${at(src, r[0])}cannot edit policy in place`);
      edits.push({ start: r[0] + 1, end: r[0] + 1, text: ` ${entry} ` });
    } else {
      const pos = pairEnd(policy.items[policy.items.length - 1]);
      edits.push({ start: pos, end: pos, text: flowSeparator(text, policy.items.map((p) => ({ range: (p.key as Node).range })), range(policy, 'policy', src)[0]) + entry });
    }
    return edits;
  }

  const top = t.top;
  const newPolicy = (indent: number) => `${' '.repeat(indent)}policy:\n${' '.repeat(indent + 2)}rules:\n${plan.added.map((r) => blockRule(r, indent + 4)).join('')}`;
  const flowPolicy = `{ ${keyText('rules', style)}: [${plan.added.map((r) => flowRule(r, style)).join(', ')}] }`;
  if (t.policyPair) {
    // `policy:` (null).
    const key = range(t.policyPair.key, 'policy', src);
    const v = t.policyPair.value as Node | null;
    const keyLineEnd = lineEnd(text, key[1]);
    if (!top.flow && style !== 'json') {
      if (v?.range && v.range[0] < keyLineEnd) edits.push({ start: backOverSpaces(text, v.range[0]), end: v.range[1], text: '' });
      const indent = column(text, key[0]) + 2;
      const body = `${' '.repeat(indent)}rules:\n${plan.added.map((r) => blockRule(r, indent + 2)).join('')}`;
      edits.push({ start: keyLineEnd, end: keyLineEnd, text: (keyLineEnd === text.length && !text.endsWith('\n') ? '\n' : '') + body });
    } else {
      const r = range(v, 'policy', src);
      edits.push({ start: r[0], end: r[1], text: flowPolicy });
    }
    return edits;
  }
  if (!top.flow) {
    const indent = top.items.length > 0 ? column(text, range(top.items[0].key, 'the first key', src)[0]) : 0;
    const pos = text.length;
    edits.push({ start: pos, end: pos, text: (text.length > 0 && !text.endsWith('\n') ? '\n' : '') + newPolicy(indent) });
    return edits;
  }
  const entry = `${keyText('policy', style)}: ${flowPolicy}`;
  if (top.items.length === 0) throw new Error(`${src.file}: the scenario is empty`);
  const pos = pairEnd(top.items[top.items.length - 1]);
  edits.push({ start: pos, end: pos, text: flowSeparator(text, top.items.map((p) => ({ range: (p.key as Node).range })), range(top, 'the scenario', src)[0]) + entry });
  return edits;
}

function applyEdits(text: string, edits: readonly Edit[], src: Source): string {
  // Right to left; at one offset a deletion before the insertion that follows it.
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].end > sorted[i - 1].start) throw new Error(`${at(src, sorted[i].start)}cannot edit the policy in place (overlapping edits)`);
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * The new scenario text: the original with only the policy rules' bytes changed. Throws (and so nothing is
 * written) when the result does not read back as the Document-API merge of the same rules.
 */
export function spliceRules(text: string, rules: readonly PolicyRule[], remove: readonly string[] = [], file = 'scenario'): string {
  const src: Source = { file, text };
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new Error(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`);
  }
  const t = targets(doc, src);
  const plan = planOf(doc, t.rules, rules, remove, src);
  if (planIsEmpty(plan)) return text;
  const style: Style = t.top.flow ? 'json' : 'block';
  const out = applyEdits(text, editsFor(doc, t, plan, src, style), src);

  // The same merge through the Document API: what the spliced text must read back as.
  const expected = doc.clone();
  mergeInto(expected, rules, remove, src);
  const back = parseDocument(out);
  let same = back.errors.length === 0;
  if (same) {
    try {
      same = isDeepStrictEqual(back.toJS(), expected.toJS());
    } catch {
      same = false;
    }
  }
  if (!same) throw new Error(`${file}: could not save the decisions without changing more of the file than the policy rules; nothing was written (please report this)`);
  return out;
}

/**
 * Saves rules into a scenario file (keeping its text outside the touched rules byte for byte), or — for a snapshot
 * input, which has no policy — into a scenario file next to it that points at the snapshot. Returns the path
 * written.
 */
export function saveRules(input: { kind: 'scenario' | 'snapshot'; file: string; name: string }, rules: readonly PolicyRule[], remove: readonly string[] = []): string {
  let target = input.file;
  let text: string;
  let exists = true;
  if (input.kind === 'snapshot') {
    target = join(dirname(input.file), `${basename(input.file).replace(/\.json(\.gz)?$/, '')}.scenario.yaml`);
    exists = existsSync(target);
    text = exists
      ? readFileSync(target, 'utf8')
      : `# Decisions made in the trailcost TUI on ${basename(input.file)}.\nname: ${JSON.stringify(input.name)}\nsnapshot: ${JSON.stringify(relative(dirname(target), input.file) || basename(input.file))}\n`;
  } else {
    text = readFileSync(target, 'utf8');
  }
  const out = spliceRules(text, rules, remove, target);
  if (out !== text || !exists) writeFileAtomic(target, out);
  return target;
}

export type { Decision };
