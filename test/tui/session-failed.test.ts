import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/tui/session.js';
import { latestOnly } from '../../src/app/optimizer-runner.js';
import { demoInput } from '../estimate/helpers.js';

describe('an optimizer that fails', () => {
  it('leaves the view "failed" (proposed unknown), not optimizing forever, and says why once', async () => {
    const session = createSession(demoInput(), { optimizer: latestOnly(() => Promise.reject(new Error('worker crashed'))) });
    const vm = session.view();
    expect(vm.proposedState).toBe('pending');
    await expect(vm.settled!()).rejects.toThrow('worker crashed');
    const after = session.view();
    expect(after.proposedState).toBe('failed');
    expect(after.header.proposed).toBe('failed');
    expect(after.header.costProposed).toBeNull();
    // A new decision asks again (and fails again here), starting from pending.
    const next = session.setDecision(after.resources.roots[0], 'keep');
    expect(next.proposedState).toBe('pending');
    session.close?.();
  });
});
