/**
 * The detail pane as lines at a width (pure, so the app can scroll it and tests can read it): what the row is and
 * its full ARN, the decision and the statement behind it, the trails that log it with the classes they log and
 * what that costs, the event-class split with volumes, and where each volume comes from. Unknown is "?", never 0.
 */
import { count, usd } from '../format.js';
import { PROVENANCE_WORDS, type ResourceDetail } from '../resource-detail.js';
import { pushWrapped, type PaneLine } from '../wrap.js';
import type { Provenance } from '../../model/types.js';

const MAX_CLASSES = 40;
const MAX_LISTED = 6;

function list(items: readonly string[], max = MAX_LISTED): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, +${items.length - max} more`;
}

/** Events with the unknown part marked: "20.3M", "1.2M+?", "?". */
function withUnknown(v: { low: number; high: number } | null, unknownParts: number): string {
  if (v === null) return '?';
  return count(v) + (unknownParts > 0 ? '+?' : '');
}

export function detailLines(d: ResourceDetail, width: number): PaneLine[] {
  const w = Math.max(20, width);
  const out: PaneLine[] = [];
  const head = (t: string) => out.push({ text: '', tone: undefined }, { text: t.slice(0, w), bold: true, tone: 'accent' });
  pushWrapped(out, `${d.title} · ${d.what}`, w, { bold: true });
  if (d.arn) pushWrapped(out, `ARN ${d.arn}`, w, { hang: 4 });
  if (d.except.length > 0) pushWrapped(out, `except ${d.except.map((e) => e.replace(/^arn:[^:]+:s3:::[^/]+\//, '…/')).join(', ')}`, w, { indent: 4, hang: 7 });
  pushWrapped(out, `${d.account}${d.region ? ` · ${d.region}` : ''}${d.contains.length > 0 ? ` · holds ${d.contains.join(', ')}` : ''}`, w, { tone: 'dim' });
  const unknown = d.unknown > 0 ? '+?' : '';
  const proposed = d.proposed === 'pending' ? '… (optimizing)' : d.proposed === 'none' ? '— (no policy)' : d.proposed === 'failed' ? '? (optimizer failed)' : `${usd(d.costProposed)}${unknown}`;
  pushWrapped(out, `delivered ${count(d.events)}${unknown} events/mo · now ${usd(d.costNow)}${unknown} → proposed ${proposed}`, w);
  if (d.unknown > 0) pushWrapped(out, `+? = ${d.unknown} event class${d.unknown === 1 ? '' : 'es'} of unknown volume logged here, not counted (never as zero)`, w, { tone: 'unknown', hang: 4 });

  head('Decision');
  const eff = d.effective && d.effective !== d.decision ? ` → ${d.effective}` : '';
  pushWrapped(out, `${d.decision}${eff}${d.via ? ` ← ${d.via}` : ''}`, w, { indent: 2, hang: 2, tone: d.effective === 'drop' ? 'bad' : d.effective === 'keep' || d.effective === 'keep-writes' ? 'good' : undefined });
  if (d.sensitive) pushWrapped(out, 'sensitive: the proposal must keep it logged', w, { indent: 2, tone: 'dim' });
  if (d.readOnly) pushWrapped(out, `read-only: ${d.readOnly}`, w, { indent: 2, hang: 2, tone: 'warn' });
  else if (d.pins.length > 0) pushWrapped(out, `space writes a decision on this key and keeps the prefixes as they are: ${d.pins.join(', ')}`, w, { indent: 2, hang: 2, tone: 'dim' });
  for (const t of d.trails) if (t.answer) pushWrapped(out, `for ${t.name}: ${t.answer}`, w, { indent: 2, hang: 2, tone: 'dim' });

  head('Trails (delivered events/mo · cost now)');
  const logging = d.trails.filter((t) => t.logs !== 'none');
  for (const t of logging) {
    const what = t.logs === 'all' ? `all: ${list(t.full)}` : `${t.full.length > 0 ? `in full: ${list(t.full)}; ` : ''}${t.partly.length > 0 ? `in part: ${list(t.partly)}` : ''}`;
    const unk = t.unknown > 0 ? '+?' : '';
    pushWrapped(out, `${t.name}${t.governed ? ' (governed)' : ''}${t.kind === 'eventDataStore' ? ' (Lake)' : ''} · ${count(t.events)}${unk} · ${usd(t.usd)}${unk} · ${what}`, w, { indent: 2, hang: 4 });
  }
  if (logging.length === 0) pushWrapped(out, 'no trail logs its data events today', w, { indent: 2, tone: 'dim' });
  const idle = d.trails.filter((t) => t.logs === 'none');
  const outside = idle.filter((t) => !t.covers).map((t) => t.name);
  const inside = idle.filter((t) => t.covers).map((t) => t.name);
  if (inside.length > 0) pushWrapped(out, `not logged by: ${list(inside)}`, w, { indent: 2, hang: 4, tone: 'dim' });
  if (outside.length > 0) pushWrapped(out, `outside the reach of: ${list(outside)}`, w, { indent: 2, hang: 4, tone: 'dim' });

  head('Event classes (volume at the resource /mo · source)');
  if (d.classes.length === 0) pushWrapped(out, 'none modeled', w, { indent: 2, tone: 'dim' });
  const labelW = Math.min(Math.max(12, w - 30), Math.max(12, ...d.classes.map((c) => c.label.length)));
  for (const c of d.classes.slice(0, MAX_CLASSES)) {
    const v = withUnknown(c.volume, c.unknownParts);
    const line = `${c.label.length > labelW ? c.label.slice(0, labelW - 1) + '…' : c.label.padEnd(labelW)} ${v.padStart(12)}  ${c.provenance}`;
    pushWrapped(out, line, w, { indent: 2, hang: 4, tone: c.volume === null ? 'unknown' : undefined });
    for (const a of c.assumptions) pushWrapped(out, `assumes ${a}`, w, { indent: 4, hang: 2, tone: 'dim' });
  }
  if (d.classes.length > MAX_CLASSES) pushWrapped(out, `… ${d.classes.length - MAX_CLASSES} more classes`, w, { indent: 2, tone: 'dim' });

  head('Where the volume comes from');
  for (const s of d.sources) {
    const v = withUnknown(s.volume, s.unknownParts);
    pushWrapped(out, `${s.provenance}: ${s.classes} class${s.classes === 1 ? '' : 'es'}, ${v} — ${PROVENANCE_WORDS[s.provenance as Provenance] ?? s.provenance}`, w, { indent: 2, hang: 4, tone: s.provenance === 'unknown' ? 'unknown' : undefined });
  }
  if (d.sources.length === 0) pushWrapped(out, 'no volume modeled here', w, { indent: 2, tone: 'dim' });
  if (d.notes.length > 0) {
    head('Notes');
    for (const n of d.notes.slice(0, 20)) pushWrapped(out, n, w, { indent: 2, hang: 2, tone: 'dim' });
  }
  return out;
}
