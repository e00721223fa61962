import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { checkOutDir } from '../flags.js';
import { initScenario } from '../../app/init-scenario.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { terminalSafe } from '../../report/terminal-text.js';

interface InitFlags {
  snapshot?: string;
  out?: string;
  force?: boolean;
}

export function register(program: Command): void {
  program
    .command('init')
    .description('write a scenario from a snapshot: the trails as scanned, and a policy of suggestions (keep / drop, each with its reasons) to review')
    .option('--snapshot <file>', 'a snapshot JSON written by `trailcost scan` (default: the bundled demo\'s snapshot)')
    .option('--out <file>', 'where to write the scenario YAML, atomically ("-" or omitted: stdout)')
    .option('--force', 'overwrite --out if it exists')
    .addHelpText(
      'after',
      `
Keep suggestions: buckets tagged with a data classification (DataClassification, classification, sensitivity,
confidentiality, ... = pii, phi, pci, confidential, restricted, secret, sensitive, ...) and buckets, functions and
tables whose names hold a sensitive word (pii, secret, vault, credential, payment, customer, hr, kyc, ...; whole
words only: "happiness" is not "pii"). Drop suggestions: each trail's own destination bucket, and buckets AWS
services write logs or results into (WAF, Athena, Config; ELB, CloudFront and S3 access logs by name). A resource
that is both is suggested as keep. Every suggestion says why in a comment; the policy default stays "log".

The scenario names the snapshot by a path relative to --out (absolute when written to stdout).

Examples:
  $ trailcost scan --out snapshot.json && trailcost init --snapshot snapshot.json --out scenario.yaml
  $ trailcost estimate --scenario scenario.yaml          # then review the policy and optimize
  $ trailcost optimize --scenario scenario.yaml --trail main --out selectors.json
  $ trailcost init > demo-suggestions.yaml                # the bundled demo's snapshot

Exit codes: 0 written; 2 bad usage or bad input (--out exists without --force, a snapshot that does not load).`,
    )
    .action(async (flags: InitFlags) => {
      const out = flags.out === undefined || flags.out === '-' ? null : flags.out;
      if (out !== null) {
        const st = statSync(out, { throwIfNoEntry: false });
        if (st?.isDirectory()) throw new UsageError(`--out ${out} is a directory: give a file name`);
        if (st && !flags.force) throw new UsageError(`${out} exists: pass --force to overwrite it`);
        checkOutDir(out);
      }
      const r = await initScenario({ snapshot: flags.snapshot, out });
      if (out === null) process.stdout.write(r.text);
      else writeFileAtomic(out, r.text);
      const rules = r.suggestions.filter((s) => s.match !== null);
      const keep = rules.filter((s) => s.decision === 'keep').length;
      const skipped = r.suggestions.length - rules.length;
      process.stderr.write(
        `${out === null ? 'wrote the scenario' : `wrote ${terminalSafe(out)}`}: ${keep} keep and ${rules.length - keep} drop suggestion(s) to review` +
          `${skipped ? `, ${skipped} more listed as comments (no rule can name them)` : ''}; snapshot ${terminalSafe(r.snapshotFile)}\n`,
      );
    });
}
