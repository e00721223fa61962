import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordsOf } from '../../src/collect/logs.js';
import type { CloudTrailRecord } from '../../src/selectors/types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cloudtrail');

export function fixture(name: string): CloudTrailRecord[] {
  const r = recordsOf(JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')));
  if (typeof r === 'string') throw new Error(`${name}: ${r}`);
  return r;
}

export const ALL_FIXTURES = [
  's3-listobjects-aoc2024.json',
  's3-listobjects-nubilum2.json',
  's3-copy-delete-stratus.json',
  's3-deleteobjects-per-key-CONSTRUCTED.json',
  'lambda-invoke-awsteele.json',
  'dynamodb-items-awsdocs.json',
  'lambda-management-awsdocs.json',
];
