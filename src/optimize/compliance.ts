/**
 * The common compliance checks on S3 data events, read the way those tools read selectors:
 *  - prowler `cloudtrail_s3_dataevents_read_enabled` / `_write_enabled`: pass when an advanced selector has
 *    resources.type = AWS::S3::Object (aws-facts §3); a bucket-scoped basic selector fails them.
 *  - AWS Config `cloudtrail-s3-dataevents-enabled`: S3 data events logged for all buckets. How the rule reads
 *    advanced selectors is not published (unconfirmed); read here as "the set logs every S3 object's reads
 *    (GetObject) / writes (PutObject)", checked with the engine on the population of all objects.
 */
import { ALL, compile, evaluateSubject } from '../selectors/evaluate.js';
import { populationSubject } from '../selectors/population.js';
import { eventClass } from '../model/classes.js';
import { RESOURCE_TYPES } from '../selectors/data-events.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import { selectorTypes } from './scope.js';

export interface ComplianceCheck {
  id: string;
  tool: 'prowler' | 'aws-config';
  access: 'read' | 'write';
  before: boolean;
  after: boolean;
  /** Turned red by the proposal. */
  regression: boolean;
  note?: string;
}

const S3 = RESOURCE_TYPES.s3Object;

function prowlerPasses(selectors: readonly AdvancedEventSelector[]): boolean {
  return selectors.some((s) => (selectorTypes(s) ?? []).includes(S3));
}

function configPasses(selectors: readonly AdvancedEventSelector[], access: 'read' | 'write'): boolean {
  const set = compile(selectors);
  const cls = access === 'read' ? eventClass(S3, 'GetObject') : eventClass(S3, 'PutObject');
  return evaluateSubject(set, populationSubject({ cls, resourceType: S3, arn: { prefix: 'arn:aws:s3:::', except: [] } })).result === ALL;
}

export function complianceChecks(before: readonly AdvancedEventSelector[], after: readonly AdvancedEventSelector[]): ComplianceCheck[] {
  const out: ComplianceCheck[] = [];
  for (const access of ['read', 'write'] as const) {
    const b = prowlerPasses(before);
    const a = prowlerPasses(after);
    out.push({ id: `cloudtrail_s3_dataevents_${access}_enabled`, tool: 'prowler', access, before: b, after: a, regression: b && !a });
  }
  for (const access of ['read', 'write'] as const) {
    const b = configPasses(before, access);
    const a = configPasses(after, access);
    out.push({
      id: 'cloudtrail-s3-dataevents-enabled', tool: 'aws-config', access, before: b, after: a, regression: b && !a,
      note: 'read as "logs every bucket"; how AWS Config reads advanced selectors is unconfirmed',
    });
  }
  return out;
}
