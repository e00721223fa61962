/**
 * A trail's live event selectors, read and replaced (what `apply` calls). GetEventSelectors and PutEventSelectors
 * go to the trail's home Region: PutEventSelectors must be called there (aws-facts §3).
 */
import { CloudTrailClient, GetEventSelectorsCommand, PutEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { canonicalSelectors } from '../selectors/formats.js';
import type { AdvancedEventSelector, EventSelector } from '../selectors/types.js';
import type { Trail } from '../model/snapshot.js';
import { endpointConfig } from './endpoint.js';

export interface TrailSelectorsClient {
  get(): Promise<Trail['selectors']>;
  /** Replaces the trail's selectors with this set, of its own kind (a basic backup is restored as basic). */
  put(set: Trail['selectors']): Promise<void>;
}

/** The live selectors as a trail's selector set (advanced, or basic as AWS returned them). */
function liveSet(res: { AdvancedEventSelectors?: AdvancedEventSelector[]; EventSelectors?: EventSelector[] }): Trail['selectors'] {
  if (res.AdvancedEventSelectors && res.AdvancedEventSelectors.length > 0) return { kind: 'advanced', selectors: canonicalSelectors(res.AdvancedEventSelectors) as Extract<Trail['selectors'], { kind: 'advanced' }>['selectors'] };
  return { kind: 'basic', selectors: (res.EventSelectors ?? []) as Extract<Trail['selectors'], { kind: 'basic' }>['selectors'] };
}

export function trailSelectorsClient(trail: Pick<Trail, 'arn' | 'homeRegion'>, opts: { profile?: string; endpoint?: string } = {}): TrailSelectorsClient {
  const client = new CloudTrailClient({
    region: trail.homeRegion,
    credentials: fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {}),
    maxAttempts: 3,
    ...endpointConfig(opts.endpoint),
  });
  return {
    async get() {
      return liveSet(await client.send(new GetEventSelectorsCommand({ TrailName: trail.arn })));
    },
    async put(set) {
      await client.send(new PutEventSelectorsCommand(
        set.kind === 'advanced'
          ? { TrailName: trail.arn, AdvancedEventSelectors: canonicalSelectors(set.selectors as AdvancedEventSelector[]) }
          : { TrailName: trail.arn, EventSelectors: set.selectors as EventSelector[] },
      ));
    },
  };
}
