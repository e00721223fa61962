/** Lambda inventory: every function of one Region (ListFunctions, paged). */
import { paginateListFunctions } from '@aws-sdk/client-lambda';
import type { LambdaFunction } from '../model/snapshot.js';
import type { ClientFactory } from './clients.js';

export async function listFunctions(clients: ClientFactory, account: string, region: string): Promise<LambdaFunction[]> {
  const out: LambdaFunction[] = [];
  for await (const page of paginateListFunctions({ client: clients.get('lambda', account, region) }, {})) {
    for (const f of page.Functions ?? []) {
      if (f.FunctionName && f.FunctionArn) out.push({ account, region, name: f.FunctionName, arn: f.FunctionArn });
    }
  }
  return out;
}
