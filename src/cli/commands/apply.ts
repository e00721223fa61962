/**
 * `trailcost apply`: put a selector set on a trail, or `--restore` a backup. The checks that need no policy (lint
 * errors, management events switched off, data events that stop being logged) always run; a policy adds the proof
 * of what it keeps. The backup is written only when something is about to change (`--yes`), and records the trail
 * and the selectors' kind, so `--restore` puts back exactly what was there.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exitCodes, UsageError } from '../../errors.js';
import { loadInput, type LoadedInput } from '../../app/load-input.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { createEstimator } from '../../estimate/estimator.js';
import { trailSelectorsClient } from '../../collect/trail-selectors.js';
import type { AdvancedEventSelector } from '../../selectors/types.js';
import { savingsText } from '../../report/estimate.js';
import type { Trail } from '../../model/snapshot.js';
import { coverageChange } from '../../optimize/check.js';
import { advancedOf, compareSelectorSets, trailChange, type TrailChange } from '../../optimize/diff.js';
import { partlyUnknownNote, usdKnown } from '../../report/format.js';
import { formatCoverageLines, formatSelectorChanges } from '../../report/apply.js';
import { terminalSafe } from '../../report/terminal-text.js';
import { readSelectorsFile } from '../read-selectors.js';
import { endpointUrlFlag, ENDPOINT_URL_HELP } from '../flags.js';

interface ApplyCliOptions {
  trail?: string;
  selectors?: string;
  restore?: string;
  scenario?: string;
  snapshot?: string;
  profile?: string;
  backup?: string;
  force?: boolean;
  yes?: boolean;
  allowCoverageLoss?: boolean;
  endpointUrl?: string;
}

type SelectorSet = Trail['selectors'];

/** What a backup file holds: the trail it came from and its selectors as AWS returned them. */
interface Backup {
  trailArn: string;
  homeRegion: string;
  set: SelectorSet;
}

const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch']);

function backupText(trail: Pick<Trail, 'arn' | 'homeRegion'>, live: SelectorSet, savedAt: Date): string {
  const sel = live.kind === 'advanced' ? { AdvancedEventSelectors: live.selectors } : { EventSelectors: live.selectors };
  return `${JSON.stringify({ TrailARN: trail.arn, HomeRegion: trail.homeRegion, SavedAt: savedAt.toISOString(), ...sel }, null, 2)}\n`;
}

async function readBackup(file: string): Promise<Backup> {
  const norm = await readSelectorsFile(file);
  const raw = norm.trail.name;
  const arn = raw && raw.startsWith('arn:') ? raw : undefined;
  const region = arn ? /^arn:[^:]+:cloudtrail:([^:]+):/.exec(arn)?.[1] : undefined;
  if (!arn || !region) throw new UsageError(`${file}: not a trailcost backup (no TrailARN): restore it with --trail T --selectors ${file}`);
  return { trailArn: arn, homeRegion: region, set: norm.set as SelectorSet };
}

/** The scenario's trail named by `--trail` (a name or an ARN). */
function findTrail(input: LoadedInput, nameOrArn: string): Trail {
  const trail = input.trails.find((t) => t.name === nameOrArn || t.arn === nameOrArn);
  if (!trail) throw new UsageError(`no trail "${nameOrArn}" in ${input.file} (trails: ${input.trails.map((t) => t.name).join(', ') || 'none'})`);
  return trail;
}

function awsFailure(call: string, trail: Pick<Trail, 'arn' | 'homeRegion'>, err: unknown, profile?: string): never | string {
  const e = err as Error;
  const why = terminalSafe(e.message.split('\n')[0].replace(/\.$/, ''));
  if (CREDENTIAL_ERRORS.has(e.name)) {
    throw new UsageError(`no usable AWS credentials${profile ? ` for profile "${profile}"` : ''}: ${why}. Sign in (aws sso login${profile ? ` --profile ${profile}` : ''}) or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or choose a profile with --profile.`);
  }
  return `trailcost: ${call} on ${terminalSafe(`${trail.arn} (${trail.homeRegion}) failed: ${e.name}`)}: ${why}`;
}

/** The command line that undoes an apply: the same credentials and input, the backup restored. */
function undoCommand(backup: string, opts: ApplyCliOptions): string {
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
  const parts = ['trailcost apply --restore', q(backup)];
  if (opts.scenario) parts.push('--scenario', q(opts.scenario));
  if (opts.snapshot) parts.push('--snapshot', q(opts.snapshot));
  if (opts.profile) parts.push('--profile', q(opts.profile));
  if (opts.endpointUrl) parts.push('--endpoint-url', q(opts.endpointUrl));
  return `${parts.join(' ')} --yes`;
}

export function register(program: Command): void {
  program
    .command('apply')
    .description("put a selector set on a trail (or --restore a backup): shows the field-level diff, what stops and starts being logged and the cost change; refuses a set that drops coverage or breaks the policy")
    .option('--trail <name>', 'the trail, by name or ARN (as in the scenario; its ARN and home Region come from there)')
    .option('--selectors <file>', 'the selector set (e.g. from `trailcost optimize --out`)')
    .option('--restore <backup>', 'put back exactly the selectors a backup holds (basic stay basic); the trail comes from the backup')
    .option('--scenario <file>', 'the scenario with the policy and model (default: the bundled demo)')
    .option('--snapshot <file>', 'a snapshot instead of a scenario (no policy: coverage is checked against what is logged today)')
    .option('--profile <name>', 'AWS profile (credentials of the trail\'s account; org trails: the management account)')
    .option('--endpoint-url <url>', ENDPOINT_URL_HELP)
    .option('--backup <file>', 'where to save the current selectors before changing them (default: <trail>.selectors-backup-<time>.json)')
    .option('--force', 'overwrite the backup file if it exists')
    .option('--allow-coverage-loss', 'without a policy: apply even though some data events stop being logged (they are listed)')
    .option('--yes', 'call PutEventSelectors; without it, apply only shows what it would do (and writes nothing)')
    .addHelpText(
      'after',
      `
Checks that always run: lint errors, management events switched off (accepted only where other logging trails
provably log the same management events for every account and Region), data events that stop being logged (S3
objects, Lambda functions, DynamoDB tables, judged by the selector engine over the scenario's inventory). With a
policy, what stops being logged must be allowed by it (the proof); without one, --allow-coverage-loss is needed.

Exit codes: 0 applied (or dry run shown); 1 refused (the set loses coverage, breaks the policy, or AWS rejects it)
or the call failed; 2 bad usage or input (missing credentials included).

Examples:
  $ trailcost optimize --out selectors.json
  $ trailcost apply --trail data-trail --selectors selectors.json              # dry run: diff, cost, checks
  $ trailcost apply --trail data-trail --selectors selectors.json --yes --profile org-admin
  $ trailcost apply --restore data-trail.selectors-backup-2026-12-04T10-00-00-000Z.json --profile org-admin --yes`,
    )
    .action(async (opts: ApplyCliOptions) => {
      opts.endpointUrl = endpointUrlFlag(opts.endpointUrl);
      if (opts.restore) {
        if (opts.selectors) throw new UsageError('--restore and --selectors are exclusive: restore a backup, or apply a set');
        await restore(opts);
        return;
      }
      if (!opts.trail || !opts.selectors) throw new UsageError("apply needs --trail and --selectors (or --restore BACKUP)");
      await applySet(opts as ApplyCliOptions & { trail: string; selectors: string });
    });
}

function backupPath(opts: ApplyCliOptions, trailName: string, now: Date): string {
  const backup = resolve(opts.backup ?? `${trailName}.selectors-backup-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  if (existsSync(backup) && !opts.force) throw new UsageError(`${backup} exists: pass --force to overwrite it, or choose another --backup`);
  return backup;
}

async function applySet(opts: ApplyCliOptions & { trail: string; selectors: string }): Promise<void> {
  const norm = await readSelectorsFile(opts.selectors);
  const proposed = advancedOf(norm.set as SelectorSet);
  const input = await loadInput({ scenario: opts.scenario, snapshot: opts.snapshot });
  const trail = findTrail(input, opts.trail);
  const now = new Date();
  const backup = opts.yes ? backupPath(opts, trail.name, now) : null;

  // The live configuration, read in the trail's home Region (PutEventSelectors must be called there too).
  const client = trailSelectorsClient(trail, { profile: opts.profile, endpoint: opts.endpointUrl });
  let live: SelectorSet;
  try {
    live = await client.get();
  } catch (err) {
    process.stderr.write(`${awsFailure('GetEventSelectors', trail, err, opts.profile)}\n`);
    process.exitCode = exitCodes.findings;
    return;
  }
  const { lines: out, refusals, change } = dryRun(input, trail, live, proposed, { source: opts.selectors, allowCoverageLoss: opts.allowCoverageLoss });
  for (const r of refusals.slice(0, 20)) out.push(`  REFUSED: ${r}`);
  process.stderr.write(`${out.join('\n')}\n`);
  if (refusals.length > 0) {
    process.stderr.write('trailcost: not applied — see REFUSED above\n');
    process.exitCode = exitCodes.findings;
    return;
  }
  if (!backup) {
    process.stderr.write('dry run: nothing changed, nothing written. Re-run with --yes to back up the current selectors and call PutEventSelectors.\n');
    return;
  }
  try {
    await backUpAndPut(opts, trail, client, live, { kind: 'advanced', selectors: proposed as never }, backup, now);
  } catch (err) {
    if (err instanceof ApplyStopped) return;
    throw err;
  }
  process.stderr.write(`applied: ${terminalSafe(trail.name)} now has ${proposed.length} advanced selectors (${change.diff.selectors.values.after} values).\nTo undo: ${undoCommand(backup, opts)}\n`);
}

/**
 * What the dry run shows and why it would refuse: trailChange (optimize/diff.ts), the one computation `trailcost diff`
 * makes too, of the live set against the advanced set PutEventSelectors would write. So the selector diff, the
 * cost, what stops and starts being logged and the policy verdict are `diff`'s, by construction.
 */
export function dryRun(input: LoadedInput, trail: Trail, live: SelectorSet, proposed: AdvancedEventSelector[], opts: { source: string; allowCoverageLoss?: boolean }): { lines: string[]; refusals: string[]; change: TrailChange } {
  const change = trailChange(input, { trail, before: { set: live, source: 'live' }, after: { set: { kind: 'advanced', selectors: proposed }, source: opts.source } });
  const t = change.diff;
  const s = t.selectors;
  const out: string[] = [`${terminalSafe(trail.name)} (${terminalSafe(trail.arn)}):`];
  out.push(`  selectors: ${s.removed} removed, ${s.added} added, ${s.unchanged} unchanged; values ${s.values.before} → ${s.values.after}${live.kind === 'basic' ? ' (today: basic selectors, shown converted)' : ''}`);
  out.push(...(change.changed ? formatSelectorChanges(s.changes) : ['  the trail already has these selectors']));
  // diff's delta is after − before; the savings are its negation (exact: negating a float loses nothing).
  const saved = { low: -t.cost.delta.high, high: -t.cost.delta.low };
  out.push(`  cost/month (model): ${usdKnown(t.cost.before, t.unknown.before.classes)} → ${usdKnown(t.cost.after, t.unknown.after.classes)}; savings ${savingsText(saved)}`);
  if (t.unknown.before.classes > 0 || t.unknown.after.classes > 0) out.push(`  ${partlyUnknownNote()}`);
  out.push(...formatCoverageLines('stops being logged', t.coverage.stops), ...formatCoverageLines('starts being logged', t.coverage.starts));

  const refusals = t.lintErrors.map(terminalSafe);
  // A management selector may go only where the other trails provably log the same management events.
  if (t.managementOff) refusals.push(terminalSafe(t.managementOff));
  else for (const n of change.managementNotes) out.push(`  ${terminalSafe(n)}`);
  const lint = t.lintErrors.length === 0 ? 'valid' : 'ERRORS';
  if (t.policy) {
    out.push(`  proof: ${t.policy.checked} node × event-class checks against the policy: ${t.policy.proofOk ? 'all hold' : `${change.violations} violation(s)`}; lint: ${lint}`);
    for (const w of t.policy.warnings.slice(0, 10)) out.push(`  warning: ${terminalSafe(w)}`);
    for (const b of t.policy.broken) if (!refusals.includes(terminalSafe(b.message))) refusals.push(terminalSafe(b.message));
    if (t.coverage.stops.length > 0 && t.policy.proofOk) out.push('  what stops being logged is allowed by the policy');
  } else {
    // As `diff` judges it: a policy that does not govern this trail says nothing of what it may stop logging.
    const why = input.policy ? `the policy in ${terminalSafe(input.file)} does not govern ${terminalSafe(trail.name)}` : `no policy in ${terminalSafe(input.file)}`;
    out.push(`  ${why}: coverage judged against what the trail logs today (${t.coverage.checked} node × event-class checks); lint: ${lint}`);
    if (t.coverage.stops.length > 0) {
      if (opts.allowCoverageLoss) out.push('  coverage loss accepted (--allow-coverage-loss)');
      else refusals.push(`${t.coverage.stops.length} resource(s) stop being logged and no policy says they may: review the list, then pass --allow-coverage-loss (or use a scenario with a policy)`);
    }
  }
  return { lines: out, refusals, change };
}

async function backUpAndPut(opts: ApplyCliOptions, trail: Pick<Trail, 'arn' | 'homeRegion'>, client: ReturnType<typeof trailSelectorsClient>, live: SelectorSet, next: SelectorSet, backup: string, now: Date): Promise<void> {
  try {
    writeFileAtomic(backup, backupText(trail, live, now));
  } catch (err) {
    throw new UsageError(`cannot write the backup ${backup}: ${(err as Error).message} — nothing changed; choose another --backup`);
  }
  process.stderr.write(`current selectors saved to ${backup}\n`);
  try {
    await client.put(next);
  } catch (err) {
    process.stderr.write(`${awsFailure('PutEventSelectors', trail, err, opts.profile)} (nothing changed; backup at ${backup})\n`);
    process.exitCode = exitCodes.findings;
    throw new ApplyStopped();
  }
}

/** PutEventSelectors failed and was reported: stop without another message. */
class ApplyStopped extends Error {}

async function restore(opts: ApplyCliOptions): Promise<void> {
  const b = await readBackup(opts.restore!);
  let trail: Pick<Trail, 'arn' | 'homeRegion' | 'name'> = { arn: b.trailArn, homeRegion: b.homeRegion, name: b.trailArn.replace(/^.*:trail\//, '') };
  if (opts.trail && opts.trail !== trail.name && opts.trail !== trail.arn) throw new UsageError(`${opts.restore} is a backup of ${trail.arn}, not of "${opts.trail}"`);
  // The scenario is optional: with one, the cost and coverage change are shown too.
  const input = opts.scenario || opts.snapshot ? await loadInput({ scenario: opts.scenario, snapshot: opts.snapshot }) : null;
  const modelTrail = input?.trails.find((t) => t.arn === b.trailArn) ?? null;
  if (modelTrail) trail = modelTrail;
  const now = new Date();
  const backup = opts.yes ? backupPath(opts, trail.name, now) : null;
  const client = trailSelectorsClient(trail, { profile: opts.profile, endpoint: opts.endpointUrl });
  let live: SelectorSet;
  try {
    live = await client.get();
  } catch (err) {
    process.stderr.write(`${awsFailure('GetEventSelectors', trail, err, opts.profile)}\n`);
    process.exitCode = exitCodes.findings;
    return;
  }
  const out: string[] = [`restore ${terminalSafe(trail.name)} (${terminalSafe(trail.arn)}) from ${opts.restore} (${b.set.kind} selectors):`];
  const cmp = compareSelectorSets(live, b.set);
  if (!cmp.changed) out.push('  the trail already has these selectors');
  else if (live.kind !== b.set.kind) out.push(`  today: ${live.kind} selectors; both shown converted`);
  out.push(...formatSelectorChanges(cmp.changes));
  if (input && modelTrail) {
    const liveTrail: Trail = { ...modelTrail, selectors: live };
    const est = createEstimator({ ...input, trails: input.trails.map((t) => (t.arn === b.trailArn ? liveTrail : t)) });
    const cov = coverageChange(input.model, liveTrail, advancedOf(b.set), est.orgAccounts);
    out.push(...formatCoverageLines('stops being logged', cov.stops), ...formatCoverageLines('starts being logged', cov.starts));
  }
  process.stderr.write(`${out.join('\n')}\n`);
  if (!backup) {
    process.stderr.write('dry run: nothing changed, nothing written. Re-run with --yes to restore (the current selectors are backed up first).\n');
    return;
  }
  try {
    await backUpAndPut(opts, trail, client, live, b.set, backup, now);
  } catch (err) {
    if (err instanceof ApplyStopped) return;
    throw err;
  }
  process.stderr.write(`restored: ${terminalSafe(trail.name)} has its ${b.set.kind} selectors from ${opts.restore} again.\nTo undo: ${undoCommand(backup, opts)}\n`);
}
