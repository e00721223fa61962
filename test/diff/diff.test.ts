/** `diff` in process: cost and coverage of two sets on the demo, the coverage-loss rule, and every printer's escaping. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadInput, type LoadedInput } from '../../src/app/load-input.js';
import { diffTrails, type DiffResult } from '../../src/optimize/diff.js';
import type { Trail } from '../../src/model/snapshot.js';
import { diffJson, diffMarkdown, diffReport } from '../../src/report/diff.js';
import { tablePrinter } from '../../src/report/printers.js';
import { plannedTrails } from '../../src/selectors/terraform-plan.js';
import type { AdvancedEventSelector, SelectorSet } from '../../src/selectors/types.js';
import { fixture } from '../selectors/run-cli.js';
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import { toAdvanced } from '../../src/selectors/basic.js';
import { EVIL_NO_CR, rawUnsafe } from '../report/hostile.js';

let input: LoadedInput;
let trail: Trail;
beforeAll(async () => {
  input = await loadInput({});
  trail = input.trails.find((t) => t.name === 'data-trail')!;
});

const adv = (selectors: AdvancedEventSelector[]): SelectorSet => ({ kind: 'advanced', selectors });
const MGMT: AdvancedEventSelector = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const s3 = (name: string, prefixes: string[]): AdvancedEventSelector => ({
  Name: name,
  FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: prefixes }],
});

function fromPlan(file: string, inp = input): DiffResult {
  const [p] = plannedTrails(JSON.parse(readFileSync(fixture('terraform', file), 'utf8')) as Record<string, unknown>);
  return diffTrails(inp, [{ trail, address: p.address, before: { set: p.before!.set, source: 'plan: before' }, after: { set: p.after!.set, source: 'plan: after' } }]);
}

describe('diff on the demo', () => {
  it('a narrowing plan: cost down, much stops being logged, every keep rule holds: no coverage loss', () => {
    const r = fromPlan('plan-narrow-data-trail.json');
    const t = r.trails[0];
    expect(t.cost.delta.high).toBeLessThan(-500);
    expect(t.cost.after.high).toBeLessThan(t.cost.before.low);
    expect(t.coverage.stops.length).toBeGreaterThan(10);
    // The proof fails only on what the policy lets go (default-log resources that stop being logged), never on a
    // keep rule.
    expect(t.policy!.broken).toEqual([]);
    expect(t.policy!.proofOk).toBe(false);
    // Independently of the proof: records on every keep rule's resources, matched by the engine against the after set.
    const [p] = plannedTrails(JSON.parse(readFileSync(fixture('terraform', 'plan-narrow-data-trail.json'), 'utf8')) as Record<string, unknown>);
    const after = compile(p.after!.set.kind === 'advanced' ? p.after!.set.selectors : toAdvanced(p.after!.set.selectors));
    const kept = input.policy!.rules.filter((rule) => rule.decision === 'keep' && !rule.match.startsWith('account:'));
    let checked = 0;
    for (const rule of kept) {
      const base = rule.match.startsWith('arn:') ? rule.match : `arn:aws:s3:::${rule.match}/`;
      if (!base.startsWith('arn:aws:s3:::')) continue;
      for (const [eventName, readOnly] of [['GetObject', true], ['PutObject', false]] as const) {
        const record = { eventVersion: '1.09', eventCategory: 'Data', eventSource: 's3.amazonaws.com', eventName, readOnly, managementEvent: false, eventType: 'AwsApiCall', resources: [{ type: 'AWS::S3::Object', ARN: `${base}some/key` }] };
        expect(matchRecord(after, record as never).logged, `${rule.match} ${eventName}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    expect(t.coverageLoss).toBe(false);
    expect(r.coverageLoss).toBe(false);
    expect(r.total.delta).toEqual(t.cost.delta);
  });

  it('the same plan dropping acme-pii-vault breaks the keep rule: coverage loss, the vault named', () => {
    const r = fromPlan('plan-drop-pii-vault.json');
    const t = r.trails[0];
    expect(t.coverageLoss).toBe(true);
    expect(new Set(t.policy!.broken.map((b) => b.label))).toEqual(new Set(['acme-pii-vault/', 'acme-pii-vault/customers/', 'acme-pii-vault/payments/']));
    expect(t.coverage.stops.map((l) => l.label)).toContain('acme-pii-vault/');
  });

  it('without a policy, anything that stops being logged is a coverage loss', () => {
    const r = fromPlan('plan-narrow-data-trail.json', { ...input, policy: null });
    expect(r.trails[0].policy).toBeNull();
    expect(r.trails[0].coverageLoss).toBe(true);
  });

  it('a trail the policy does not govern is judged as without one', () => {
    const security = input.trails.find((t) => t.name === 'security-trail')!;
    const now = security.selectors as SelectorSet;
    const r = diffTrails(input, [{ trail: security, before: { set: now, source: 'current' }, after: { set: adv([]), source: 'x' } }]);
    expect(r.trails[0].policy).toBeNull();
    expect(r.trails[0].coverageLoss).toBe(true);
  });

  it('switching management events off is a coverage loss too — unless other trails provably log the same ones', () => {
    // With org-trail stopped, no other trail logs data-trail's management events: switching them off loses them.
    const stopped = { ...input, trails: input.trails.map((t) => (t.name === 'org-trail' ? { ...t, logging: false } : t)) };
    const r = diffTrails(stopped, [{ trail, before: { set: trail.selectors as SelectorSet, source: 'current' }, after: { set: adv([s3('all', ['arn:aws:s3:::'])]), source: 'x' } }]);
    expect(r.trails[0].managementOff).toMatch(/management events off/);
    expect(r.trails[0].coverageLoss).toBe(true);
    // On the demo as it is, org-trail logs data-trail's management events everywhere: leaving them out loses nothing.
    const dup = diffTrails(input, [{ trail, before: { set: trail.selectors as SelectorSet, source: 'current' }, after: { set: adv([s3('all', ['arn:aws:s3:::'])]), source: 'x' } }]);
    expect(dup.trails[0].managementOff).toBeNull();
  });

  it('a side that logs only volumes nobody measured has null events, never 0', () => {
    const r = diffTrails(input, [
      { trail, before: { set: adv([MGMT, s3('pii', ['arn:aws:s3:::acme-pii-vault/'])]), source: 'a' }, after: { set: adv([MGMT, s3('backups', ['arn:aws:s3:::acme-backups/'])]), source: 'b' } },
    ]);
    const t = r.trails[0];
    expect(t.dataEvents.before).not.toBeNull();
    expect(t.dataEvents.after).toBeNull();
    expect(t.dataEvents.delta).toBeNull();
    expect(t.unknown.after.classes).toBeGreaterThan(0);
    const json = JSON.parse(JSON.stringify(diffJson(r, input))) as { schemaVersion: number; trails: Array<{ dataEvents: { after: unknown } }> };
    expect(json.schemaVersion).toBe(1);
    expect(json.trails[0].dataEvents.after).toBeNull();
    expect(diffMarkdown(r, 'demo', { comment: false })).toMatch(/→ unknown/);
  });
});

describe('what diff prints', () => {
  const hostileName = `x | <script>alert(1)</script> @acme/security *bold* [l](http://e) ${EVIL_NO_CR}`;
  const hostileArn = 'arn:aws:s3:::acme-pii-vault/a|b<c>&d/';
  let r: DiffResult;
  beforeAll(() => {
    r = diffTrails(input, [
      {
        trail,
        address: 'aws_cloudtrail.data',
        before: { set: trail.selectors as SelectorSet, source: 'current' },
        after: { set: adv([MGMT, s3(hostileName, [hostileArn])]), source: 'evil|file<.json' },
        notes: [`a note with <b>html</b> and ${EVIL_NO_CR}`],
      },
    ]);
  });

  it('Markdown: data cannot split a cell, become HTML, format, link, mention or reach a terminal raw', () => {
    const md = diffMarkdown(r, 'acme-demo', { comment: true });
    expect(md.startsWith('<!-- trailcost-diff -->\n### trailcost: CloudTrail cost -\\$')).toBe(true);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('x \\| &lt;script&gt;alert\\(1\\)&lt;/script&gt; @&#8203;acme/security \\*bold\\* \\[l\\]\\(http://e\\)');
    expect(md).toContain('acme-pii-vault/a\\|b&lt;c&gt;&amp;d/');
    // The terminal-safe escape, its backslashes escaped so Markdown shows them.
    expect(md).toContain('\\\\x1b\\]52;c;SGVsbG8=\\\\x07');
    expect(rawUnsafe(md)).toBeNull();
    // Every table row has exactly the table's 8 unescaped pipes.
    for (const row of md.split('\n').filter((l) => l.startsWith('| '))) expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(8);
    // The HTML we write is balanced: every <details> is closed.
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
  });

  it('the table: the same data terminal-safe', () => {
    const text = tablePrinter.print(diffReport(r, 'acme-demo'), r, { width: 100 });
    expect(rawUnsafe(text)).toBeNull();
    expect(text).toContain('\\x1b]52;c;SGVsbG8=\\x07');
    expect(text).toMatch(/^data-trail +\$3,322\.03/m);
    expect(text).toContain('KEEP RULES BROKEN');
  });
});
