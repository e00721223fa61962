/**
 * `npm run fake-aws`: start the local AWS fake and print the environment to paste into another shell to try
 * `trailcost scan` without an AWS account. Options: --port N, --seed N, --buckets N, --functions N, --tables N,
 * --accounts N, --latency MS, --throttle RATE, --errors RATE, --drop RATE, --deny-region R, --disable-region R,
 * --s3-objects DIR.
 */
import { parseArgs } from 'node:util';
import { startFakeAws } from './server.js';

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    port: { type: 'string', default: '4599' }, seed: { type: 'string' }, buckets: { type: 'string' },
    functions: { type: 'string' }, tables: { type: 'string' }, accounts: { type: 'string' }, latency: { type: 'string' },
    throttle: { type: 'string' }, errors: { type: 'string' }, drop: { type: 'string' },
    'deny-region': { type: 'string', multiple: true }, 'disable-region': { type: 'string', multiple: true },
    's3-objects': { type: 'string' },
  },
});
if (values.help) {
  process.stdout.write(`npm run fake-aws -- [options]
  --port N            port to listen on (default 4599; 0 = any free port)
  --seed N            seed of the synthetic organization (default 1)
  --accounts N        accounts (default 3)    --buckets N (default 240)  --functions N (60)  --tables N (24)
  --latency MS        added latency per request
  --throttle RATE     share of requests answered with the service's throttling error (e.g. 0.3)
  --errors RATE       share answered with 500    --drop RATE   share of connections dropped
  --deny-region R     AccessDenied for every call in Region R (repeatable)
  --disable-region R  Region R behaves as an opt-in Region that is not enabled (repeatable)
  --s3-objects DIR    serve DIR's subfolders as S3 buckets (ListObjectsV2, GetObject): try
                      \`trailcost sample s3://<subfolder>/...\` (default: TRAILCOST_FAKE_S3_OBJECTS)
`);
  process.exit(0);
}
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const aws = await startFakeAws({
  port: num(values.port),
  latencyMs: num(values.latency),
  s3Objects: values['s3-objects'],
  seed: { seed: num(values.seed), buckets: num(values.buckets), functions: num(values.functions), tables: num(values.tables), accounts: num(values.accounts) },
  faults: { throttleRate: num(values.throttle), errorRate: num(values.errors), dropRate: num(values.drop), denyRegions: values['deny-region'], disabledRegions: values['disable-region'] },
});
const t = aws.truth;
process.stdout.write(`Fake AWS listening on ${aws.endpoint}
Organization ${t.organization.id}: ${t.accounts.length} accounts, Regions ${t.regions.join(', ')}, ${t.buckets.length} buckets, ${t.functions.length} functions, ${t.tables.length} tables, ${t.trails.length} trails.
Member accounts allow AssumeRole into any role name (try --org-role OrganizationAccountAccessRole).

Paste into another shell:
${Object.entries(aws.env).map(([k, v]) => `export ${k}=${v}`).join('\n')}
export AWS_EC2_METADATA_DISABLED=true

then:  node bin/trailcost.js scan --out snapshot.json
Ctrl-C stops the fake.
`);
const stop = () => void aws.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
