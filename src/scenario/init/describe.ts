/**
 * One-line descriptions of what `trailcost init` read, for the comments of the scenario it writes: each trail as
 * scanned, and what the snapshot could not tell (tags not read, no logging configurations, no bucket policies).
 * Plain text with data in it: the writer makes it safe for a YAML comment.
 */
import { advancedSelectorsOf, governedTrails, loggedPolicyTypes } from '../../model/governance.js';
import type { Snapshot, Trail } from '../../model/snapshot.js';
import { RESOURCE_TYPES } from '../../selectors/data-events.js';

const TYPE_WORDS: Record<string, string> = {
  [RESOURCE_TYPES.s3Object]: 'S3 objects',
  [RESOURCE_TYPES.lambdaFunction]: 'Lambda',
  [RESOURCE_TYPES.dynamoTable]: 'DynamoDB',
};

function logsManagement(t: Trail): boolean {
  return advancedSelectorsOf(t).some((s) => (s.FieldSelectors ?? []).some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management')));
}

/** `org-trail: account 111111111111, us-east-1, multi-Region, organization, logging` and what it logs, where to. */
export function describeTrail(t: Trail, governed: boolean): string[] {
  const where = [
    `account ${t.account}`, `home ${t.homeRegion}`, t.multiRegion ? 'multi-Region' : 'single-Region',
    ...(t.organization ? ['organization trail'] : []), t.logging ? 'logging' : 'stopped (StopLogging)',
  ];
  const types = [...loggedPolicyTypes(advancedSelectorsOf(t))].map((x) => TYPE_WORDS[x] ?? x);
  const logs = [...(logsManagement(t) ? ['management events'] : []), ...(types.length ? [`data events of ${types.join(', ')}`] : [])];
  const prefix = t.s3KeyPrefix ? `${t.s3KeyPrefix.replace(/\/+$/, '')}/` : '';
  return [
    `${t.name}: ${where.join(', ')}`,
    `  ${t.selectors.kind} selectors (${t.selectors.selectors.length}), logging ${logs.length ? logs.join(' and ') : 'no management or modeled data events'}`,
    `  delivers to s3://${t.s3Bucket}/${prefix}${t.cloudWatchLogsGroup ? ' and CloudWatch Logs' : ''}; ${governed ? 'governed by the policy below' : 'not governed (logs no S3, Lambda or DynamoDB data events)'}`,
  ];
}

/** The trails a policy without `trails:` governs (those that log S3, Lambda or DynamoDB data events). */
export function describeGoverned(snapshot: { trails: readonly Trail[] }): string[] {
  return governedTrails({ rules: [], default: 'log' }, snapshot.trails).trails;
}

/** Each trail's lines, in the snapshot's order, with whether a policy without `trails:` governs it. */
export function describeTrails(trails: readonly Trail[]): string[][] {
  const governed = new Set(describeGoverned({ trails }));
  return trails.map((t) => describeTrail(t, governed.has(t.name)));
}

/** What the snapshot does not say, so a suggestion's absence is not read as "checked, nothing there". */
export function snapshotLimits(snapshot: Pick<Snapshot, 'buckets' | 'gaps'>): string[] {
  const out: string[] = [];
  const all = snapshot.buckets.length;
  const read = snapshot.buckets.filter((b) => b.tags !== undefined).length;
  if (read < all) {
    const denied = snapshot.gaps.some((g) => g.operation === 'GetBucketTagging');
    const which = read === 0 ? 'any bucket' : `${all - read} of ${all} buckets`;
    if (denied) out.push(`Bucket tags: could not be read for ${which} (the snapshot's gaps list GetBucketTagging); those are judged by name only.`);
    else if (read === 0) out.push('Bucket tags: none in this snapshot (the scan that wrote it did not read them); keep candidates come from names only.');
    else out.push(`Bucket tags: not in this snapshot for ${which}; those are judged by name only.`);
  }
  out.push(
    'S3 server access logging: the snapshot does not record which buckets receive access logs (GetBucketLogging is not read), so access-log buckets are suggested from their names only.',
    'Bucket policies: not in the snapshot, so ELB and CloudFront log buckets are suggested from their names only.',
  );
  return out;
}
