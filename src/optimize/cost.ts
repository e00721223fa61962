/**
 * Events a selector set logs from the model (per node and in total), through the one engine: a population
 * logged in full counts whole, a split one as a range [0, all], and unknown volumes are counted apart.
 */
import { ALL, NONE, evaluateSubject, type StringSet } from '../selectors/evaluate.js';
import { restrictionKey, type RestrictedSets } from './restrict.js';
import { populationSubject } from '../selectors/population.js';
import type { Trail } from '../model/snapshot.js';
import type { ModelNode, VolumeModel } from '../model/types.js';
import { inScope, nodeKey, trailScope } from './scope.js';
import { RESOURCE_TYPES } from '../selectors/data-events.js';

export interface Span {
  low: number;
  high: number;
}

export interface LoggedVolume {
  events: Span;
  /** Nodes with some logged class of unknown volume. */
  unknownNodes: number;
  perNode: Map<string, Span>;
}

export function nodePopulation(model: VolumeModel, node: ModelNode): string | StringSet | null {
  const key = nodeKey(node);
  if (key === undefined) return null;
  if (node.resourceType !== RESOURCE_TYPES.s3Object) return key;
  const except: string[] = [];
  for (const id of node.childIds) {
    const c = model.nodes.get(id);
    const k = c ? nodeKey(c) : undefined;
    if (k !== undefined) except.push(k);
  }
  return { prefix: key, except };
}

export function loggedVolume(model: VolumeModel, trail: Trail, sets: RestrictedSets): LoggedVolume {
  const scope = trailScope(trail);
  let low = 0;
  let high = 0;
  let unknownNodes = 0;
  const perNode = new Map<string, Span>();
  for (const node of model.nodes.values()) {
    if (!node.resourceType || node.classes.length === 0 || !inScope(scope, node)) continue;
    const pop = nodePopulation(model, node);
    if (pop === null) continue;
    const set = sets.for(restrictionKey(typeof pop === 'string' ? pop : pop.prefix));
    let nl = 0;
    let nh = 0;
    let unknown = false;
    for (const c of node.classes) {
      const verdict = evaluateSubject(set, populationSubject({ cls: c.cls, resourceType: node.resourceType, arn: pop })).result;
      if (verdict === NONE) continue;
      // Bounds stand in when the point value is unknown; nothing known at all is counted apart.
      const lo = c.volume.events ?? c.volume.low;
      const hi = c.volume.events ?? c.volume.high;
      if (lo === null || hi === null) {
        unknown = true;
        continue;
      }
      if (verdict === ALL) nl += lo;
      nh += hi;
    }
    if (unknown) unknownNodes++;
    if (nh > 0 || nl > 0) perNode.set(node.id, { low: nl, high: nh });
    low += nl;
    high += nh;
  }
  return { events: { low, high }, unknownNodes, perNode };
}
