/**
 * The scenario `trailcost init` writes, as YAML text built with `yaml`'s Document API so every suggestion carries
 * its reason as a comment. Pure: snapshot in, text out.
 *
 * Names and tags come from AWS and can hold anything a snapshot file holds. Comment text passes through
 * terminalSafe (no line break, control or bidi character survives, so a name cannot end its comment and start a
 * YAML line); values that are not plain printable ASCII are double-quoted, and every non-ASCII character left in
 * the text is written as an escape. The text is parsed back and must give the intended document, else it throws.
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, parse } from 'yaml';
import type { Snapshot } from '../../model/snapshot.js';
import { terminalSafe } from '../../report/terminal-text.js';
import { ScenarioSchema } from '../schema.js';
import { describeGoverned, describeTrails, snapshotLimits } from './describe.js';
import { suggestPolicy, type DropSignal, type KeepSignal, type Suggestion } from './suggest.js';

export interface InitInput {
  snapshot: Snapshot;
  /** The `snapshot:` value: the snapshot's path as the scenario will name it. */
  snapshotRef: string;
  /** The scenario's `name:`. */
  name: string;
}

/** Data in a comment: one line, controls and bidi shown as escapes, at most `max` characters. */
export function commentText(s: string, max = 80): string {
  const chars = [...s];
  return terminalSafe(chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s);
}

const quoted = (s: string, max?: number) => `"${commentText(s, max).replace(/"/g, '\\"')}"`;

function keepLine(s: KeepSignal): string {
  if (s.via === 'tag') return `tag ${quoted(s.key, 40)}=${quoted(s.value, 60)} names a sensitive class (${s.word})`;
  return `name has the word${s.words.length > 1 ? 's' : ''} ${s.words.map((w) => `"${w}"`).join(', ')}`;
}

function dropLine(d: DropSignal): string {
  if (d.category === 'trail-destination') {
    const trails = d.trails!.map((t) => quoted(t, 60)).join(', ');
    return `by construction: CloudTrail delivers the logs of trail ${trails} here; each delivery is a PutObject a data trail logs again`;
  }
  if (d.basis === 'aws-name') return `by AWS naming: ${d.what}`;
  return `name-based guess (words ${d.words!.map((w) => `"${w}"`).join(', ')}): looks like ${d.what}`;
}

/** The comment above one rule: what is suggested and every reason, then what was overruled. */
export function ruleComment(s: Suggestion): string[] {
  const where = s.kind === 'bucket' ? '' : ` (${s.kind})`;
  const lines: string[] = [];
  if (s.decision === 'keep') {
    lines.push(`suggested keep${where}: ${s.keep.map(keepLine).join('; ')}`);
    if (s.drop.length > 0) {
      lines.push(`  also a drop candidate (${s.drop.map(dropLine).join('; ')})`);
      lines.push('  keep wins over drop: review it (keeping a log bucket logs every delivery into it)');
    }
  } else {
    lines.push(`suggested drop: ${s.drop.map(dropLine).join('; ')}`);
  }
  if (!s.inInventory) lines.push('  not in the snapshot\'s inventory (another account or Region): the rule still applies wherever a trail logs it');
  return lines;
}

function str(v: string): Scalar {
  const n = new Scalar(v);
  // Anything but printable ASCII goes in double quotes, where escapes can stand for it.
  if (!/^[\x20-\x7e]*$/.test(v)) n.type = Scalar.QUOTE_DOUBLE;
  return n;
}

const comment = (lines: string[]) => lines.map((l) => ` ${l}`).join('\n');

function pair(key: string, value: unknown, commentBefore?: string[]): Pair {
  const k = new Scalar(key);
  if (commentBefore?.length) k.commentBefore = comment(commentBefore);
  return new Pair(k, value);
}

function rulesNode(suggestions: readonly Suggestion[]): YAMLSeq {
  const seq = new YAMLSeq();
  for (const s of suggestions) {
    if (s.match === null) continue;
    const m = new YAMLMap();
    m.items.push(pair('match', str(s.match)), pair('decision', new Scalar(s.decision)), pair('reason', str(s.reason)));
    m.commentBefore = comment(ruleComment(s));
    seq.items.push(m);
  }
  return seq;
}

/** Suggestions no rule can express, listed above the rules so none is dropped silently. */
function skippedComment(suggestions: readonly Suggestion[]): string[] {
  const skipped = suggestions.filter((s) => s.match === null);
  if (skipped.length === 0) return [];
  return [
    'Suggested, but not written as rules (no rule can name exactly this resource; check the snapshot):',
    ...skipped.map((s) => `  ${s.decision} ${s.kind} ${quoted(s.name)}: ${commentText(s.unwritable ?? '', 200)}`),
  ];
}

function headerComment(input: InitInput, suggestions: readonly Suggestion[]): string[] {
  const n = (d: string) => suggestions.filter((s) => s.match !== null && s.decision === d).length;
  return [
    `Written by \`trailcost init\` from the snapshot ${quoted(input.snapshotRef, 120)}.`,
    `Nothing in it is decided yet: the policy holds ${n('keep')} keep and ${n('drop')} drop suggestion(s), each with its`,
    'reasons in the comment above it. Delete the ones you disagree with, change the others, then run',
    '`trailcost estimate --scenario THIS` and `trailcost optimize --scenario THIS --trail NAME`.',
    '',
    'What the snapshot could not tell:',
    ...snapshotLimits(input.snapshot).map((l) => `  - ${l}`),
  ];
}

function trailsComment(snapshot: Snapshot): string[] {
  const lines = [
    'Trails: the snapshot\'s, as scanned. They are not copied here, so a new scan updates them; a trail written',
    'here replaces the snapshot\'s trail of the same name (for a what-if, prefer a variant).',
  ];
  const described = describeTrails(snapshot.trails);
  if (described.length === 0) lines.push('  (the snapshot holds no trail)');
  for (const d of described) lines.push(...d.map((l) => `  ${commentText(l, 160)}`));
  return lines;
}

function policyNode(snapshot: Snapshot, suggestions: readonly Suggestion[]): YAMLMap {
  const policy = new YAMLMap();
  const def = new Scalar('log');
  def.comment = ' the schema\'s default, unchanged: data no rule names stays logged ("drop" would let optimize stop logging it)';
  const governed = describeGoverned(snapshot);
  const governedNote = governed.length === 0 ? [] : [
    'trails: absent, so the policy governs every trail that logs S3, Lambda or DynamoDB data events; to govern',
    `only some, add e.g. trails: [${governed.map((t) => commentText(t, 60)).join(', ')}]`,
  ];
  policy.items.push(
    pair('default', def, governedNote),
    pair('rules', rulesNode(suggestions), [
      'Rules: keep candidates first (a classification tag, or a sensitive word in the name), then drop candidates',
      '(buckets AWS services write logs or results into). A resource that is both is suggested as keep.',
      ...skippedComment(suggestions),
    ]),
  );
  policy.comment = comment([
    'levers: none set. The optimizer may also use, if you add them:',
    '  dropServiceEvents: true     # per-key DeleteObject records of DeleteObjects calls',
    '  dropEventNames: [HeadObject]',
    '  dropCallers: [<role ARN whose calls are noise>]',
  ]);
  return policy;
}

/** Non-ASCII characters as YAML escapes; only valid where they stand: inside double quotes or in comments. */
function escapeNonAscii(text: string): string {
  return text.replace(/[^\x09\x0a\x20-\x7e]/gu, (ch) => {
    const cp = ch.codePointAt(0)!;
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

export interface InitResult {
  text: string;
  suggestions: Suggestion[];
}

/** The scenario text, checked: it parses back to what was built, and the scenario schema accepts it. */
export function buildInitScenario(input: InitInput): InitResult {
  const suggestions = suggestPolicy(input.snapshot);
  const doc = new Document();
  const root = new YAMLMap();
  root.items.push(
    pair('name', str(input.name)),
    pair('description', str('Written by trailcost init: the trails as scanned, and a policy of suggestions to review.')),
    pair('snapshot', str(input.snapshotRef)),
    pair('trails', new YAMLSeq(), trailsComment(input.snapshot)),
    pair('policy', policyNode(input.snapshot, suggestions)),
  );
  doc.contents = root;
  doc.commentBefore = comment(headerComment(input, suggestions));
  // One line per value: a double-quoted scalar never folds onto a line of its own.
  const text = escapeNonAscii(doc.toString({ lineWidth: 0, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER }));
  const want = doc.toJS();
  const got: unknown = parse(text);
  if (!isDeepStrictEqual(got, want)) throw new Error('trailcost init: the written YAML does not read back as built (a bug: please report it)');
  const valid = ScenarioSchema.safeParse(got);
  if (!valid.success) throw new Error(`trailcost init: the written scenario does not validate (a bug: please report it): ${valid.error.message}`);
  return { text, suggestions };
}
