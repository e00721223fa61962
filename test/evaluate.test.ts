import { describe, expect, it } from 'vitest';
import { compile, evaluateSubject, ALL, NONE, SOME } from '../src/selectors/evaluate.js';
import { populationSubject } from '../src/selectors/population.js';

// The user guide's object1–object6 worked example on records is in test/selectors/aws-examples.test.ts.
describe('evaluate: abstract populations', () => {
  const set = compile([{
    Name: 'scratch out',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::lake/'], NotStartsWith: ['arn:aws:s3:::lake/scratch/'] },
    ],
  }]);
  const cls = { eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall' };
  const at = (prefix: string, except: string[] = []) =>
    evaluateSubject(set, populationSubject({ cls, resourceType: 'AWS::S3::Object', arn: { prefix, except } })).result;
  it('a node inside the kept prefix is logged whole', () => expect(at('arn:aws:s3:::lake/raw/')).toBe(ALL));
  it('a node inside the dropped prefix is not logged', () => expect(at('arn:aws:s3:::lake/scratch/tmp/')).toBe(NONE));
  it('a bucket node split by the boundary is a range', () => expect(at('arn:aws:s3:::lake/')).toBe(SOME));
  it('the split disappears when the dropped prefix is a child node', () =>
    expect(at('arn:aws:s3:::lake/', ['arn:aws:s3:::lake/scratch/'])).toBe(ALL));
  it('another bucket is not logged', () => expect(at('arn:aws:s3:::lakehouse/')).toBe(NONE));
});
