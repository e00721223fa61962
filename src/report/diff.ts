/**
 * What `diff` prints: a terminal table (through the table printer), the `--json` document, and Markdown for a pull
 * request comment. Every name, label and value comes from a file (selector Names, ARNs, bucket prefixes), so each is
 * made terminal-safe, and in Markdown also escaped, so a `|` cannot split a table cell, `<details>` or a script tag
 * cannot become markup, and an `@name` cannot notify anyone.
 */
import type { BrokenRule, DiffResult, TrailDiff, Volume } from '../optimize/diff.js';
import type { Span } from '../estimate/types.js';
import type { CoverageLine, SelectorChange } from '../optimize/check.js';
import { formatCoverageLines, formatSelectorChanges } from './apply.js';
import type { ReportDoc, Section } from './doc.js';
import { SCHEMA_VERSION, type DiffJson, type DiffTrailJson } from './contracts.js';
import { countKnown, hasPartlyUnknown, knownOrNull, partlyUnknownNote, UNKNOWN_CELL, usdDelta, usdKnown } from './format.js';
import { terminalSafe } from './terminal-text.js';

/** Unknown-volume deliveries (trail × resource × event class) each side logs: what its figures leave out. */
const partsOf = (t: TrailDiff) => ({ before: t.unknown.before.classes, after: t.unknown.after.classes });
const totalParts = (r: DiffResult) => r.trails.reduce((a, t) => ({ before: a.before + partsOf(t).before, after: a.after + partsOf(t).after }), { before: 0, after: 0 });

function diffTrailJson(t: TrailDiff): DiffTrailJson {
  const u = partsOf(t);
  const volume = (v: Volume, parts: number) => (v === null ? null : knownOrNull(v, parts));
  const before = volume(t.dataEvents.before, u.before);
  const after = volume(t.dataEvents.after, u.after);
  return { ...t, cost: costJson(t.cost, u), dataEvents: { before, after, delta: before && after ? t.dataEvents.delta : null, unknownPartsBefore: u.before, unknownPartsAfter: u.after } };
}

/** Before and after as known parts or null; a change from or to nothing known is null too (not the known parts' change). */
function costJson(m: { before: Span; after: Span; delta: Span }, u: { before: number; after: number }): DiffJson['total'] {
  const before = knownOrNull(m.before, u.before);
  const after = knownOrNull(m.after, u.after);
  return { before, after, delta: before && after ? m.delta : null, unknownPartsBefore: u.before, unknownPartsAfter: u.after };
}

/** `diff --json` (schema/diff.schema.json): a figure with nothing known is null, and each says what it leaves out. */
export function diffJson(r: DiffResult, input: { name: string; variant: string | null }): DiffJson {
  return {
    schemaVersion: SCHEMA_VERSION,
    input: { file: r.input, name: input.name, variant: input.variant },
    total: costJson(r.total, totalParts(r)),
    coverageLoss: r.coverageLoss,
    trails: r.trails.map(diffTrailJson),
    skipped: r.skipped,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Shared wording: a figure with nothing known reads `unknown`, one with unknown parts its known part and `+?`.

function eventsCell(t: TrailDiff): string {
  const u = partsOf(t);
  return `${countKnown(t.dataEvents.before, u.before)} → ${countKnown(t.dataEvents.after, u.after)}`;
}

type Money = { before: Span; after: Span; delta: Span };

function moneyCells(m: Money, u: { before: number; after: number }): [string, string, string] {
  const before = usdKnown(m.before, u.before);
  const after = usdKnown(m.after, u.after);
  // A change from or to a side with nothing known is unknown too.
  return [before, after, before === UNKNOWN_CELL || after === UNKNOWN_CELL ? UNKNOWN_CELL : usdDelta(m.delta)];
}

function unknownNote(t: TrailDiff): string | null {
  const { before, after } = t.unknown;
  if (before.classes === 0 && after.classes === 0) return null;
  return `${before.classes} → ${after.classes} logged event classes of unknown volume (${before.nodes} → ${after.nodes} resources) are not in the figures`;
}

/** Keep rules a set breaks, grouped by resource as coverage lines are (reads / writes, each event name once). */
export function brokenLines(broken: readonly BrokenRule[]): CoverageLine[] {
  const by = new Map<string, CoverageLine>();
  for (const b of broken) {
    let line = by.get(b.label);
    if (!line) by.set(b.label, (line = { label: b.label, reads: [], writes: [], partly: false }));
    const list = b.readOnly ? line.reads : line.writes;
    if (!list.includes(b.eventName)) list.push(b.eventName);
    if (b.verdict !== 'not logged') line.partly = true;
  }
  return [...by.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function policyCell(t: TrailDiff): string {
  if (!t.policy) return 'no policy here: any loss counts';
  const n = brokenLines(t.policy.broken).length;
  return n > 0 ? `keep broken: ${n} resource${n === 1 ? '' : 's'}` : 'keep rules hold';
}

function coverageCell(t: TrailDiff): string {
  const parts = [`${t.coverage.stops.length} stop`, `${t.coverage.starts.length} start`];
  if (t.managementOff) parts.push('management events off');
  return parts.join(', ');
}

function trailTitle(t: TrailDiff): string {
  return `${t.trail}${t.address ? ` (${t.address})` : ''}`;
}

function sourcesText(t: TrailDiff): string {
  return `${t.source.before} → ${t.source.after}`;
}

function selectorSummary(t: TrailDiff): string {
  const s = t.selectors;
  const kinds = s.kind.before === s.kind.after ? '' : ` (${s.kind.before} → ${s.kind.after} selectors; basic shown converted)`;
  return `selectors: ${s.removed} removed, ${s.added} added, ${s.unchanged} unchanged; values ${s.values.before} → ${s.values.after}${kinds}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Terminal: a ReportDoc for the table printer (which makes every string terminal-safe).

export function diffReport(r: DiffResult, inputName: string): ReportDoc {
  const sections: Section[] = [];
  if (r.trails.length > 0) {
    const rows = r.trails.map((t) => [t.trail, ...moneyCells(t.cost, partsOf(t)), eventsCell(t), coverageCell(t), policyCell(t)]);
    const footer = r.trails.length > 1 ? [['Total', ...moneyCells(r.total, totalParts(r)), '', '', '']] : undefined;
    sections.push({
      kind: 'table',
      title: 'Monthly cost (model) and coverage',
      columns: [
        { header: 'TRAIL' },
        { header: 'BEFORE', align: 'right' },
        { header: 'AFTER', align: 'right' },
        { header: 'CHANGE', align: 'right' },
        { header: 'DATA EVENTS/MONTH', drop: 2 },
        { header: 'LOGGED', wrap: true, drop: 1 },
        { header: 'POLICY', wrap: true, wrapFirst: true },
      ],
      rows,
      footer,
      notes: hasPartlyUnknown([...rows, ...(footer ?? [])]) || rows.some((x) => x.includes(UNKNOWN_CELL)) ? [partlyUnknownNote()] : undefined,
    });
  }
  for (const t of r.trails) {
    const lines = [`compared: ${sourcesText(t)}`, selectorSummary(t), ...formatSelectorChanges(t.selectors.changes, '')];
    lines.push(...formatCoverageLines('stops being logged', t.coverage.stops, ''), ...formatCoverageLines('starts being logged', t.coverage.starts, ''));
    if (t.policy) {
      lines.push(...formatCoverageLines('KEEP RULES BROKEN', brokenLines(t.policy.broken), ''));
      if (t.policy.broken.length === 0) lines.push(`policy: every keep rule holds (${t.policy.checked} node × event-class checks)`);
    }
    if (t.managementOff) lines.push(`MANAGEMENT EVENTS: ${t.managementOff}`);
    for (const e of t.lintErrors.slice(0, 10)) lines.push(`lint error: ${e}`);
    const unknown = unknownNote(t);
    if (unknown) lines.push(`note: ${unknown}`);
    for (const n of t.notes) lines.push(`note: ${n}`);
    sections.push({ kind: 'text', title: trailTitle(t), lines });
  }
  if (r.skipped.length > 0) {
    sections.push({ kind: 'text', title: 'Not compared', lines: r.skipped.map((s) => `- ${s.address ?? s.trail ?? '?'}: ${s.reason}`) });
  }
  const verdict = r.trails.length === 0 ? 'no selector changes to compare' : r.coverageLoss ? 'sensitive coverage is lost (see above)' : 'no sensitive coverage lost';
  sections.push({ kind: 'text', lines: [`${r.trails.length > 0 ? `Change: ${moneyCells(r.total, totalParts(r))[2]}/month; ` : ''}${verdict}`] });
  return { title: `trailcost diff — ${inputName}`, sections };
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown (a pull request comment)

/**
 * Data as Markdown text: terminal-safe first (controls shown as escapes), then HTML's `&`, `<`, `>` as entities,
 * Markdown's punctuation backslash-escaped (a `|` would split a table cell, `*` or `[` would format or link), and
 * `@` followed by a zero-width space so a name cannot mention a user or team.
 */
export function mdText(s: string): string {
  return htmlText(terminalSafe(s).replace(/[\\`*_{}[\]()#+!|~$]/g, (c) => `\\${c}`));
}

/**
 * Money in Markdown: `$` escaped, or GitHub reads `$2,745.51–$2,762.38` as inline math between the two dollars.
 * (Not for `<summary>`, where a backslash would show.)
 */
function md$(s: string): string {
  return s.replace(/\$/g, '\\$');
}

/** Text inside an HTML element (`<summary>`), where Markdown is not read and a backslash would show. */
export function htmlText(s: string): string {
  return terminalSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '@&#8203;');
}

const MAX_ITEMS = 25;

function mdList(values: readonly string[]): string {
  const shown = values.slice(0, 12).map(mdText).join(', ');
  return values.length > 12 ? `${shown}, … ${values.length - 12} more` : shown;
}

function mdCoverage(l: CoverageLine): string {
  const modes = [l.reads.length > 0 ? `reads (${mdList(l.reads)})` : '', l.writes.length > 0 ? `writes (${mdList(l.writes)})` : ''].filter(Boolean);
  return `- ${mdText(l.label)}: ${modes.join(', ')}${l.partly ? ' — in part' : ''}`;
}

function mdCoverageList(lines: readonly CoverageLine[]): string[] {
  const out = lines.slice(0, MAX_ITEMS).map(mdCoverage);
  if (lines.length > MAX_ITEMS) out.push(`- … and ${lines.length - MAX_ITEMS} more (trailcost diff --json lists them all)`);
  return out;
}

function mdChanges(changes: readonly SelectorChange[]): string[] {
  const mark = { added: '➕ added', removed: '➖ removed', changed: '✏️ changed' } as const;
  const out: string[] = [];
  for (const c of changes) {
    out.push(`- ${mark[c.kind]}: **${mdText(c.name)}**`);
    for (const f of c.fields) {
      const parts = [f.added.length > 0 ? `+ ${mdList(f.added)}` : '', f.removed.length > 0 ? `− ${mdList(f.removed)}` : ''].filter(Boolean);
      out.push(`  - ${mdText(f.field)} ${f.operator}: ${parts.join('; ')}`);
    }
  }
  return out;
}

function details(summary: string, body: readonly string[], open = false): string[] {
  // Blank lines around the body: GitHub renders Markdown inside <details> only then.
  return [`<details${open ? ' open' : ''}><summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

function mdTrail(t: TrailDiff): string[] {
  const out = [`#### ${mdText(t.trail)}${t.address ? ` — ${mdText(t.address)}` : ''}`, ''];
  const [before, after, change] = moneyCells(t.cost, partsOf(t));
  out.push(`${mdText(sourcesText(t))}: **${md$(before)} → ${md$(after)}** per month (${md$(change)}); data events ${eventsCell(t)}`);
  out.push('');
  if (t.policy && t.policy.broken.length > 0) {
    out.push(`**❌ Keep rules broken** — these stop being logged although the policy keeps them:`, '', ...mdCoverageList(brokenLines(t.policy.broken)), '');
  }
  if (t.managementOff) out.push(`**❌ Management events:** ${mdText(t.managementOff)}`, '');
  if (t.lintErrors.length > 0) out.push('**❌ Lint errors (AWS would reject the set):**', '', ...t.lintErrors.slice(0, 10).map((e) => `- ${mdText(e)}`), '');
  const stops = t.coverage.stops;
  if (stops.length > 0) {
    const title = `Stops being logged (${stops.length})${t.policy && t.policy.broken.length === 0 ? ' — allowed by the policy' : ''}`;
    out.push(...details(title, mdCoverageList(stops), !t.policy && stops.length <= 10), '');
  }
  if (t.coverage.starts.length > 0) out.push(...details(`Starts being logged (${t.coverage.starts.length})`, mdCoverageList(t.coverage.starts)), '');
  if (t.selectors.changes.length > 0) out.push(...details(htmlText(selectorSummary(t)), mdChanges(t.selectors.changes)), '');
  const notes = [unknownNote(t), ...t.notes].filter((n): n is string => n !== null);
  for (const n of notes) out.push(`> ${mdText(n)}`, '');
  return out;
}

/** The Markdown report; `comment` adds the hidden marker a workflow finds to update its earlier comment. */
export function diffMarkdown(r: DiffResult, inputName: string, opts: { comment: boolean }): string {
  const out: string[] = [];
  if (opts.comment) out.push('<!-- trailcost-diff -->');
  const [before, after, change] = moneyCells(r.total, totalParts(r));
  const headline = r.trails.length === 0 ? 'no CloudTrail selector changes' : `CloudTrail cost ${md$(change)} per month`;
  out.push(`### trailcost: ${headline}`, '');
  if (r.trails.length > 0) {
    const loss = r.coverageLoss ? '❌ **sensitive coverage is lost**' : '✅ no sensitive coverage lost';
    out.push(`Monthly CloudTrail cost (model, ${mdText(inputName)}): **${md$(before)} → ${md$(after)}** (${md$(change)}) for ${r.trails.length} trail${r.trails.length === 1 ? '' : 's'} · ${loss}`, '');
    out.push('| Trail | Before | After | Change | Data events/month | Logged | Policy |', '| --- | ---: | ---: | ---: | --- | --- | --- |');
    for (const t of r.trails) {
      out.push(`| ${mdText(trailTitle(t))} | ${moneyCells(t.cost, partsOf(t)).map(md$).join(' | ')} | ${eventsCell(t)} | ${mdText(coverageCell(t))} | ${(t.policy?.broken.length ?? 0) > 0 || (!t.policy && t.coverageLoss) ? '❌ ' : ''}${mdText(policyCell(t))} |`);
    }
    out.push('');
    for (const t of r.trails) out.push(...mdTrail(t));
  }
  if (r.skipped.length > 0) out.push('**Not compared:**', '', ...r.skipped.map((s) => `- ${mdText(s.address ?? s.trail ?? '?')}: ${mdText(s.reason)}`), '');
  const partly = r.trails.some((t) => partsOf(t).before > 0 || partsOf(t).after > 0);
  out.push(`<sub>Modeled monthly cost from trailcost's volume model and price book; ranges mean a split the data cannot settle.${partly ? ` ${htmlText(partlyUnknownNote())}.` : ''}</sub>`);
  return `${out.join('\n')}\n`;
}

