/**
 * The TUI's file edges: exporting selectors and saving decisions back into the scenario's policy. Both write
 * atomically (temp file in the same directory + rename). The scenario is edited through `yaml`'s Document API so
 * comments, key order and formatting outside the touched rules survive.
 */
import { readRule } from '../model/policy.js';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Decision, PolicyRule } from '../model/policy.js';
import type { SelectorFormat } from './view-model.js';

export const FORMAT_EXTENSIONS: Record<SelectorFormat, string> = {
  json: 'json',
  terraform: 'tf',
  cloudformation: 'cfn.yaml',
};

/** A file name safe on every OS for a trail name (trail names allow letters, digits, ., _ and -). */
export function exportFileName(trail: string, format: SelectorFormat): string {
  const safe = trail.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe}.selectors.${FORMAT_EXTENSIONS[format]}`;
}

/** Writes an export into `dir` atomically; returns the path. */
export function writeExport(dir: string, trail: string, format: SelectorFormat, text: string): string {
  const path = resolve(dir, exportFileName(trail, format));
  writeFileAtomic(path, text.endsWith('\n') ? text : text + '\n');
  return path;
}

/** How policy matches are compared: by what they name (model/policy readRule), so `logs` and `arn:aws:s3:::logs/` are one rule. */
export function ruleKey(match: string): string {
  const r = readRule({ match, decision: 'keep' });
  return r.ok ? `${r.target.type}|${r.target.key}|${r.target.exact}` : match;
}

export const TUI_REASON = 'decided in the trailcost TUI';

/**
 * Merges rules into the `policy.rules` of a scenario document: a rule with the same `match` gets the new
 * decision (its comment and reason stay); new rules are appended. Rules in `remove` (matches the TUI set back to
 * auto, that it had itself written) are deleted. Everything else in the file is left as it was.
 */
export function mergePolicyRules(doc: Document, rules: readonly PolicyRule[], remove: readonly string[] = []): void {
  let policyNode: unknown = doc.get('policy', true);
  if (!isMap(policyNode)) {
    policyNode = new YAMLMap();
    doc.set('policy', policyNode);
  }
  const policyMap = policyNode as YAMLMap;
  let rulesNode: unknown = policyMap.get('rules', true);
  if (!isSeq(rulesNode)) {
    rulesNode = new YAMLSeq();
    policyMap.set('rules', rulesNode);
  }
  const list = rulesNode as YAMLSeq;
  // A bare bucket name and its ARN prefix are the same rule (as the estimator and optimizer read them).
  const indexOf = (match: string) => list.items.findIndex((it) => isMap(it) && typeof it.get('match') === 'string' && ruleKey(it.get('match') as string) === ruleKey(match));
  for (const m of remove) {
    const i = indexOf(m);
    const reason = i >= 0 ? (list.items[i] as YAMLMap).get('reason') : undefined;
    if (typeof reason === 'string' && reason.startsWith(TUI_REASON)) list.items.splice(i, 1);
  }
  for (const r of rules) {
    const i = indexOf(r.match);
    if (i >= 0) {
      (list.items[i] as YAMLMap).set('decision', r.decision);
      continue;
    }
    const item = doc.createNode({ match: r.match, decision: r.decision, reason: r.reason ?? TUI_REASON }) as YAMLMap;
    list.items.push(item);
  }
}

/**
 * Saves rules into a scenario file (keeping its comments), or — for a snapshot input, which has no policy — into
 * a scenario file next to it that points at the snapshot. Returns the path written.
 */
export function saveRules(input: { kind: 'scenario' | 'snapshot'; file: string; name: string }, rules: readonly PolicyRule[], remove: readonly string[] = []): string {
  let target = input.file;
  let text: string;
  if (input.kind === 'snapshot') {
    target = join(dirname(input.file), `${basename(input.file).replace(/\.json(\.gz)?$/, '')}.scenario.yaml`);
    text = existsSync(target)
      ? readFileSync(target, 'utf8')
      : `# Decisions made in the trailcost TUI on ${basename(input.file)}.\nname: ${JSON.stringify(input.name)}\nsnapshot: ${JSON.stringify(relative(dirname(target), input.file) || basename(input.file))}\n`;
  } else {
    text = readFileSync(target, 'utf8');
  }
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = e.linePos?.[0];
    throw new Error(`${target}${at ? `:${at.line}:${at.col}` : ''}: ${e.message.split('\n')[0]}`);
  }
  mergePolicyRules(doc, rules, remove);
  writeFileAtomic(target, doc.toString());
  return target;
}

export type { Decision };
