import { describe, expect, it } from 'vitest';
import { isExactResourceArn, ruleArn, ruleCovers } from '../../src/model/policy.js';

describe('policy rule matching (one definition for estimate, optimize and the TUI)', () => {
  it('a bare bucket name is the whole bucket, with the slash', () => {
    expect(ruleArn('logs')).toBe('arn:aws:s3:::logs/');
    expect(ruleCovers(ruleArn('logs'), 'arn:aws:s3:::logs-archive/')).toBe(false);
    expect(ruleCovers(ruleArn('logs'), 'arn:aws:s3:::logs/2026/')).toBe(true);
  });
  it('a bucket path keeps its own slash (no double slash)', () => {
    expect(ruleArn('pii-vault/customers/')).toBe('arn:aws:s3:::pii-vault/customers/');
  });
  it('a complete function ARN names that function only, not a longer-named sibling', () => {
    const fn = 'arn:aws:lambda:us-east-1:111122223333:function:api';
    expect(isExactResourceArn(fn)).toBe(true);
    expect(ruleCovers(fn, fn)).toBe(true);
    expect(ruleCovers(fn, `${fn}-v2`)).toBe(false);
  });
  it('a partial ARN is a prefix', () => {
    const all = 'arn:aws:lambda:us-east-1:111122223333:function:';
    expect(isExactResourceArn(all)).toBe(false);
    expect(ruleCovers(all, 'arn:aws:lambda:us-east-1:111122223333:function:api')).toBe(true);
  });
  it('a complete table ARN is exact', () => {
    const t = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';
    expect(ruleCovers(t, `${t}-archive`)).toBe(false);
  });
});
