import { describe, expect, it } from 'vitest';
import { compile, matchRecord, evaluateSubject, ALL, NONE, SOME } from '../src/selectors/evaluate.js';
import { populationSubject } from '../src/selectors/population.js';
import type { AdvancedEventSelector, CloudTrailRecord } from '../src/selectors/types.js';

const s3 = (key: string, eventName = 'GetObject'): CloudTrailRecord => ({
  eventCategory: 'Data', eventSource: 's3.amazonaws.com', eventName, readOnly: true,
  resources: [{ type: 'AWS::S3::Object', ARN: key }, { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::b' }],
});

describe('evaluate: AWS user guide "Filtering data events by using advanced event selectors"', () => {
  // The worked example: Equals/StartsWith/EndsWith OR'd, Not* excluding on any match.
  const sel: AdvancedEventSelector[] = [{
    Name: 'example',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      {
        Field: 'resources.ARN', Equals: ['b/object1'], StartsWith: ['b/'], EndsWith: ['object3'],
        NotStartsWith: ['b/deselect'], NotEndsWith: ['object5'], NotEquals: ['b/object6'],
      },
    ],
  }];
  const set = compile(sel);
  it.each([
    ['b/object1', true], ['b/object2', true], ['b1/object3', true],
    ['b/deselectObject4', false], ['b/object5', false], ['b/object6', false],
  ])('%s logged=%s', (arn, logged) => {
    expect(matchRecord(set, s3(arn)).logged).toBe(logged);
  });
});

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
