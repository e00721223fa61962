import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exitCodes, UsageError } from '../../errors.js';
import { readStructuredFile } from '../../collect/input.js';
import { loadInput } from '../../app/load-input.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { createEstimator } from '../../estimate/estimator.js';
import { normalizeSelectors, SelectorShapeError } from '../../selectors/normalize.js';
import { toAdvanced } from '../../selectors/basic.js';
import { trailSelectorsClient } from '../../collect/trail-selectors.js';
import { linkedSavings } from '../../estimate/proposed.js';
import type { AdvancedEventSelector, EventSelector } from '../../selectors/types.js';
import { savingsText } from '../../report/estimate.js';
import type { Trail } from '../../model/snapshot.js';
import { checkProposal, diffSelectors } from '../../optimize/check.js';
import { usdSpan } from '../../report/format.js';

interface ApplyCliOptions {
  trail: string;
  selectors: string;
  scenario?: string;
  snapshot?: string;
  profile?: string;
  backup?: string;
  force?: boolean;
  yes?: boolean;
}

export function register(program: Command): void {
  program
    .command('apply')
    .description("put a selector set on a trail: backs up the current selectors, shows the diff and the cost change, refuses a set that stops logging what the policy keeps")
    .requiredOption('--trail <name>', 'the trail (as named in the scenario; its ARN and home Region come from there)')
    .requiredOption('--selectors <file>', 'the selector set (e.g. from `trailcost optimize --out`)')
    .option('--scenario <file>', 'the scenario with the policy and model (default: the bundled demo)')
    .option('--snapshot <file>', 'a snapshot instead of a scenario (no policy: only the linter and the diff)')
    .option('--profile <name>', 'AWS profile (credentials of the trail\'s account; org trails: the management account)')
    .option('--backup <file>', 'where to save the current selectors (default: <trail>.selectors-backup-<time>.json)')
    .option('--force', 'overwrite the backup file if it exists')
    .option('--yes', 'call PutEventSelectors; without it, apply only shows what it would do')
    .addHelpText(
      'after',
      `
Exit codes: 0 applied (or dry run shown); 1 refused (the set stops logging kept data, or AWS rejects it) or the
call failed; 2 bad usage or input.

Examples:
  $ trailcost optimize --out selectors.json
  $ trailcost apply --trail data-trail --selectors selectors.json              # dry run: diff, cost, checks
  $ trailcost apply --trail data-trail --selectors selectors.json --yes --profile org-admin`,
    )
    .action(async (opts: ApplyCliOptions) => {
      let raw: unknown;
      try {
        raw = await readStructuredFile(opts.selectors);
      } catch (err) {
        throw err instanceof UsageError ? err : new UsageError(`${opts.selectors}: ${(err as Error).message}`);
      }
      let proposed: AdvancedEventSelector[];
      try {
        const norm = normalizeSelectors(raw);
        proposed = norm.set.kind === 'advanced' ? norm.set.selectors : toAdvanced(norm.set.selectors);
      } catch (err) {
        if (err instanceof SelectorShapeError) throw new UsageError(`${opts.selectors}: ${err.message}`);
        throw err;
      }
      const input = await loadInput({ scenario: opts.scenario, snapshot: opts.snapshot });
      const trail = input.trails.find((t) => t.name === opts.trail);
      if (!trail) throw new UsageError(`no trail "${opts.trail}" in ${input.file} (trails: ${input.trails.map((t) => t.name).join(', ') || 'none'})`);
      const backup = resolve(opts.backup ?? `${trail.name}.selectors-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      if (existsSync(backup) && !opts.force) throw new UsageError(`${backup} exists: pass --force to overwrite it, or choose another --backup`);

      // The live configuration, read in the trail's home Region (PutEventSelectors must be called there too).
      const client = trailSelectorsClient(trail, { profile: opts.profile });
      let live: Trail['selectors'];
      try {
        live = await client.get();
      } catch (err) {
        const e = err as Error;
        process.stderr.write(`trailcost: GetEventSelectors on ${trail.arn} (${trail.homeRegion}) failed: ${e.name}: ${e.message.split('\n')[0]}\n`);
        process.exitCode = exitCodes.findings;
        return;
      }
      writeFileAtomic(backup, `${JSON.stringify(live.kind === 'advanced' ? { AdvancedEventSelectors: live.selectors } : { EventSelectors: live.selectors }, null, 2)}\n`);
      process.stderr.write(`current selectors of ${trail.name} saved to ${backup}\n`);

      const liveTrail: Trail = { ...trail, selectors: live };
      const liveAdvanced = live.kind === 'advanced' ? (live.selectors as AdvancedEventSelector[]) : toAdvanced(live.selectors as EventSelector[]);
      const diff = diffSelectors(liveAdvanced, proposed);
      const out: string[] = [`${trail.name} (${trail.arn}):`];
      out.push(`  selectors: ${diff.removed.length} removed, ${diff.added.length} added, ${diff.unchanged.length} unchanged; values ${diff.valuesBefore} → ${diff.valuesAfter}${live.kind === 'basic' ? ' (today: basic selectors, shown converted)' : ''}`);
      for (const s of diff.removed) out.push(`  - ${s.Name ?? '(unnamed)'}`);
      for (const s of diff.added) out.push(`  + ${s.Name ?? '(unnamed)'}`);
      const est = createEstimator({ ...input, trails: input.trails.map((t) => (t.name === trail.name ? liveTrail : t)) });
      // The same evaluation `estimate` and `optimize` make of a proposed set; savings linked per unknown split.
      const before = est.estimateSelectors(trail.name, liveAdvanced).usd;
      const next = est.evaluateSelectors(trail.name, proposed);
      const saved = linkedSavings(est, est.evaluation(trail.name), next.evaluation, liveAdvanced, proposed);
      const unit = est.unitCost(trail.name);
      out.push(`  cost/month (model): ${usdSpan(before)} → ${usdSpan(next.estimate.usd)}; savings ${savingsText({ low: saved.low * unit, high: saved.high * unit })}`);
      let refusals: string[] = [];
      if (input.policy) {
        const check = checkProposal(input.model, liveTrail, input.policy, proposed, est.orgAccounts);
        refusals = check.refusals;
        out.push(`  proof: ${check.proof.checked} node × event-class checks against the policy: ${check.proof.ok ? 'all hold' : `${check.proof.violations.length} violation(s)`}; lint: ${check.lint.valid ? 'valid' : 'ERRORS'}`);
        for (const w of check.warnings.slice(0, 10)) out.push(`  warning: ${w}`);
      } else {
        out.push(`  no policy in ${input.file}: nothing to prove sensitive coverage against (lint only)`);
      }
      for (const r of refusals.slice(0, 20)) out.push(`  REFUSED: ${r}`);
      process.stderr.write(`${out.join('\n')}\n`);
      if (refusals.length > 0) {
        process.stderr.write(`trailcost: not applied — the set stops logging what the policy keeps, or AWS would reject it\n`);
        process.exitCode = exitCodes.findings;
        return;
      }
      if (!opts.yes) {
        process.stderr.write('dry run: nothing changed. Re-run with --yes to call PutEventSelectors.\n');
        return;
      }
      try {
        await client.put(proposed);
      } catch (err) {
        const e = err as Error;
        process.stderr.write(`trailcost: PutEventSelectors failed: ${e.name}: ${e.message.split('\n')[0]} (nothing changed; backup at ${backup})\n`);
        process.exitCode = exitCodes.findings;
        return;
      }
      process.stderr.write(`applied: ${trail.name} now has ${proposed.length} advanced selectors (${diff.valuesAfter} values). To undo: trailcost apply --trail ${trail.name} --selectors ${backup} --yes\n`);
    });
}
