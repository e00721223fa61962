/** DynamoDB inventory: every table of one Region (ListTables, paged); the ARN follows from name, Region, account. */
import { paginateListTables } from '@aws-sdk/client-dynamodb';
import type { Table } from '../model/snapshot.js';
import type { ClientFactory } from './clients.js';

export async function listTables(clients: ClientFactory, account: string, region: string): Promise<Table[]> {
  const out: Table[] = [];
  for await (const page of paginateListTables({ client: clients.get('dynamodb', account, region) }, {})) {
    for (const name of page.TableNames ?? []) out.push({ account, region, name, arn: `arn:aws:dynamodb:${region}:${account}:table/${name}` });
  }
  return out;
}
