/**
 * RestrictedSets caches (issue 17): a key's set derived from its parent path's, shared with the parent when the
 * restriction removes nothing, and one compiled set per distinct content. Whatever order keys are asked in, the
 * cached set must be the freshly restricted and freshly compiled one, and judge every population as the full set.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, evaluateSubject } from '../../src/selectors/evaluate.js';
import { populationSubject } from '../../src/selectors/population.js';
import { RestrictedSets, restrictSelectors, restrictionKey, sharedRestrictedSets } from '../../src/selectors/restrict.js';
import type { AdvancedEventSelector } from '../../src/selectors/types.js';
import { selectorSetArb, S3_ARNS, LAMBDA_ARNS, TABLE_ARNS } from '../selectors/arbitraries.js';

/** Keys the optimizer and the estimator restrict by: buckets, nested prefixes (restrictionKey cuts them), exact ARNs. */
const KEYS = [
  'arn:aws:s3:::a/', 'arn:aws:s3:::a/x', 'arn:aws:s3:::a/x/', 'arn:aws:s3:::a/x/y/', 'arn:aws:s3:::a/x/y/z/', 'arn:aws:s3:::a/xy/',
  'arn:aws:s3:::ab/', 'arn:aws:s3:::ab/x/', 'arn:aws:s3:::b/', 'arn:aws:s3:::b/x/', 'arn:aws-cn:s3:::a/x/',
  ...LAMBDA_ARNS, ...TABLE_ARNS,
];

const CLASSES = [
  { eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall' },
  { eventSource: 's3.amazonaws.com', eventName: 'PutObject', readOnly: false, eventType: 'AwsApiCall' },
];

const typeOf = (key: string) => (key.includes(':lambda:') ? 'AWS::Lambda::Function' : key.includes(':dynamodb:') ? 'AWS::DynamoDB::Table' : 'AWS::S3::Object');

describe('RestrictedSets caches', () => {
  it('the cached set is the fresh restriction, compiled fresh, in any order of asking', () => {
    fc.assert(
      fc.property(selectorSetArb, fc.shuffledSubarray(KEYS, { minLength: 1 }), (sels, order) => {
        const cached = new RestrictedSets(sels);
        for (const key of order) {
          const k = restrictionKey(key);
          const fresh = restrictSelectors(sels, k);
          expect(JSON.stringify(cached.selectorsFor(k))).toBe(JSON.stringify(fresh));
          expect(cached.for(k)).toEqual(compile(fresh));
        }
        // Asked again: the same compiled object.
        for (const key of order) expect(cached.for(restrictionKey(key))).toBe(cached.for(restrictionKey(key)));
      }),
      { numRuns: 300, seed: 2017 },
    );
  });

  it('judges every population as the full set does', () => {
    fc.assert(
      fc.property(selectorSetArb, fc.shuffledSubarray(KEYS, { minLength: 1 }), (sels, order) => {
        const full = compile(sels);
        const cached = sharedRestrictedSets(sels);
        for (const key of order) {
          const type = typeOf(key);
          const s3 = type === 'AWS::S3::Object';
          const arn = s3 && key.endsWith('/') ? { prefix: key, except: S3_ARNS.filter((p) => p !== key && p.startsWith(key)) } : key;
          for (const cls of s3 ? CLASSES : [{ ...CLASSES[0], eventSource: 'x', eventName: 'Invoke' }]) {
            const subject = populationSubject({ cls, resourceType: type, arn });
            expect(evaluateSubject(cached.for(restrictionKey(key)), subject).result).toBe(evaluateSubject(full, subject).result);
          }
        }
      }),
      { numRuns: 300, seed: 2018 },
    );
  });

  it('a restriction that removes nothing is its input, and equal contents share one compile', () => {
    const sels: AdvancedEventSelector[] = [
      { Name: 'all S3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
      { Name: 'pii', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::pii/'] }] },
    ];
    expect(restrictSelectors(sels, 'arn:aws:s3:::pii/a/')).toBe(sels);
    const r = new RestrictedSets(sels);
    const sets = ['arn:aws:s3:::b1/', 'arn:aws:s3:::b2/', 'arn:aws:s3:::b2/p/', 'arn:aws:s3:::b3/p/q/'].map((k) => r.for(k));
    // Every bucket but pii/ restricts to "all S3" alone: one compiled set for all of them.
    expect(new Set(sets).size).toBe(1);
    expect(r.compiles).toBe(1);
    expect(r.for('arn:aws:s3:::pii/x/')).not.toBe(sets[0]);
    expect(sharedRestrictedSets(JSON.parse(JSON.stringify(sels)) as AdvancedEventSelector[])).toBe(sharedRestrictedSets(sels));
  });
});
