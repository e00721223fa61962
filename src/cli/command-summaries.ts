/**
 * What `trailcost --help` lists for each command (its usage term and description), so the root help loads no
 * command module: they import the AWS SDK, yaml, zod and the engine, ten times the cost of printing a page.
 * Each entry repeats what the command's own `register` declares; test/cli/root-help.test.ts prints the root help
 * both ways and requires the same text. A command missing here is not an error: the root help then loads every
 * command, as before (slower, same text), and that test names the missing entry.
 */
export const commandSummaries: Record<string, { term: string; description: string }> = {
  estimate: {
    term: 'estimate [options]',
    description: 'what each trail costs per month — per trail, account, Region, resource, prefix or event class — modeled vs billed',
  },
  compare: {
    term: 'compare [options]',
    description: "the scenario's baseline and every variant side by side: cost by destination, events, sensitive coverage, delta",
  },
  optimize: {
    term: 'optimize [options]',
    description: 'selectors per trail that log what the policy keeps, drop the noise, fit the value budget at least cost — checked with the selector engine',
  },
  lint: {
    term: 'lint [options] [file]',
    description: "check event selectors against AWS's rules and known pitfalls (exit 1 on errors)",
  },
  match: {
    term: 'match [options] <events...>',
    description: 'which CloudTrail records a selector set would log, and by which selector',
  },
  scan: {
    term: 'scan [options]',
    description: 'read an AWS account (or organization) into a snapshot: inventory, CloudWatch request metrics, trails, billed CloudTrail usage',
  },
  sample: {
    term: 'sample [options] [logs...]',
    description:
      'aggregate CloudTrail data events from log files (.json.gz/.json, files or folders) into per-prefix, per-eventName ' +
      'and per-caller volumes for a snapshot; --athena / --lake run the same aggregation where the logs live.',
  },
  apply: {
    term: 'apply [options]',
    description: 'put a selector set on a trail (or --restore a backup): shows the field-level diff, what stops and starts being logged and the cost change; refuses a set that drops coverage or breaks the policy',
  },
  diff: {
    term: 'diff [options]',
    description: 'the monthly cost and coverage change between two selector sets of a trail, or of every aws_cloudtrail a Terraform plan changes',
  },
  init: {
    term: 'init [options]',
    description: 'write a scenario from a snapshot: the trails as scanned, and a policy of suggestions (keep / drop, each with its reasons) to review',
  },
};
