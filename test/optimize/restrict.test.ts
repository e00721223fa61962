import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, evaluateSubject } from '../../src/selectors/evaluate.js';
import { populationSubject } from '../../src/selectors/population.js';
import { RestrictedSets, restrictionKey } from '../../src/selectors/restrict.js';
import type { AdvancedEventSelector, AdvancedFieldSelector } from '../../src/selectors/types.js';

// A small ARN vocabulary so values and populations overlap often: buckets a, ab, b; prefixes x/, x/y/, xy/.
const PREFIXES = ['arn:aws:s3:::a/', 'arn:aws:s3:::ab/', 'arn:aws:s3:::b/', 'arn:aws:s3:::a/x/', 'arn:aws:s3:::a/x/y/', 'arn:aws:s3:::a/xy/', 'arn:aws:s3:::a/x/y/z/', 'arn:aws:s3:::a', 'arn:aws:s3:::a/x'];
const value = fc.constantFrom(...PREFIXES, 'arn:aws:s3:::a/x/y/obj', 'y/', 'obj');
const arnField = fc.record({
  Equals: fc.option(fc.array(value, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  StartsWith: fc.option(fc.array(value, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  EndsWith: fc.option(fc.array(value, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  NotEquals: fc.option(fc.array(value, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  NotStartsWith: fc.option(fc.array(value, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  NotEndsWith: fc.option(fc.array(value, { minLength: 1, maxLength: 2 }), { nil: undefined }),
});
const selector = fc.tuple(arnField, fc.boolean()).map(([arn, writes]): AdvancedEventSelector => {
  const fs: AdvancedFieldSelector[] = [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }];
  if (writes) fs.push({ Field: 'readOnly', Equals: ['false'] });
  const f: AdvancedFieldSelector = { Field: 'resources.ARN' };
  for (const [k, v] of Object.entries(arn)) if (v) (f as unknown as Record<string, unknown>)[k] = v;
  if (Object.keys(f).length > 1) fs.push(f);
  return { Name: 's', FieldSelectors: fs };
});

describe('restricted evaluation', () => {
  it('gives the same verdict as the full set for every population', () => {
    const cls = [
      { eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall' },
      { eventSource: 's3.amazonaws.com', eventName: 'PutObject', readOnly: false, eventType: 'AwsApiCall' },
    ];
    fc.assert(
      fc.property(fc.array(selector, { minLength: 1, maxLength: 4 }), (sels) => {
        const full = compile(sels);
        const restricted = new RestrictedSets(sels);
        for (const prefix of PREFIXES.filter((p) => p.endsWith('/'))) {
          const except = PREFIXES.filter((p) => p !== prefix && p.startsWith(prefix) && p.endsWith('/'));
          for (const c of cls) {
            const subject = populationSubject({ cls: c, resourceType: 'AWS::S3::Object', arn: { prefix, except } });
            expect(evaluateSubject(restricted.for(restrictionKey(prefix)), subject).result).toBe(evaluateSubject(full, subject).result);
          }
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
