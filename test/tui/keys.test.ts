import { describe, expect, it } from 'vitest';
import { bindings, footerItems, helpSections, keyName, keyLabel, resolve, type Scope } from '../../src/tui/keys.js';
import { activeScopes, initialAppState, TABS } from '../../src/tui/state/app.js';
import type { TreeState } from '../../src/tui/state/tree.js';

const tree: TreeState = { expanded: new Set(), cursorId: null, top: 0, filter: '', editing: false, sort: { key: 'costNow', desc: true } };

describe('keybinding registry', () => {
  it('binds no key twice in one scope', () => {
    const seen = new Set<string>();
    for (const b of bindings) {
      for (const k of b.keys) {
        const id = `${b.scope}:${k}`;
        expect(seen.has(id), `${id} bound twice`).toBe(false);
        seen.add(id);
      }
    }
  });

  it('makes k/j aliases of the arrows and h/l of left/right', () => {
    const scopes: Scope[] = ['tree', 'list', 'global'];
    expect(resolve(scopes, 'k')).toEqual(resolve(scopes, 'up'));
    expect(resolve(scopes, 'j')).toEqual(resolve(scopes, 'down'));
    expect(resolve(scopes, 'h')).toEqual(resolve(scopes, 'left'));
    expect(resolve(scopes, 'l')).toEqual(resolve(scopes, 'right'));
    expect(resolve(scopes, 'up')?.action).toBe('up');
  });

  it('normalizes Ink key events to registry names', () => {
    expect(keyName('', { upArrow: true })).toBe('up');
    expect(keyName('', { tab: true, shift: true })).toBe('shift+tab');
    expect(keyName('c', { ctrl: true })).toBe('ctrl+c');
    expect(keyName(' ', {})).toBe('space');
    expect(keyName('', { return: true })).toBe('enter');
    expect(keyName('', { escape: true })).toBe('esc');
    expect(keyName('', { delete: true })).toBe('backspace');
    expect(keyName('G', { shift: true })).toBe('G');
  });

  it('routes printable keys to the filter text while typing, but ctrl+c still exits', () => {
    expect(resolve(['filter'], 'q', 'q')).toEqual({ action: 'filterInput', text: 'q' });
    expect(resolve(['filter'], 'j', 'j')).toEqual({ action: 'filterInput', text: 'j' });
    expect(resolve(['filter'], '1', '1')).toEqual({ action: 'filterInput', text: '1' });
    expect(resolve(['filter'], 'ctrl+c', 'c')?.action).toBe('forceQuit');
    expect(resolve(['filter'], 'esc')?.action).toBe('clearFilter');
    expect(resolve(['filter'], 'tab')).toBeNull();
  });

  it('lets only closing keys through while the help overlay is open', () => {
    expect(resolve(['help'], 'q')?.action).toBe('closeHelp');
    expect(resolve(['help'], 'space')).toBeNull();
    expect(resolve(['help'], '2')).toBeNull();
    expect(resolve(['help'], 'ctrl+c', 'c')?.action).toBe('forceQuit');
  });

  it('has ctrl+c exit in every state the app can be in', () => {
    for (let tab = 0; tab < TABS.length; tab++) {
      for (const help of [false, true]) {
        for (const editing of [false, true]) {
          const s = { ...initialAppState({ ...tree, editing }, tab), help };
          expect(resolve(activeScopes(s), 'ctrl+c', 'c')?.action, `tab ${tab} help ${help} editing ${editing}`).toBe('forceQuit');
        }
      }
    }
  });

  it('shows in the footer only keys that resolve to the labelled action in that state', () => {
    for (let tab = 0; tab < TABS.length; tab++) {
      const scopes = activeScopes(initialAppState(tree, tab));
      for (const item of footerItems(scopes)) {
        const b = bindings.find((x) => x.footer === item.label && scopes.includes(x.scope));
        expect(b, item.label).toBeDefined();
        // The binding's first key really triggers that action here (help cannot drift from behaviour).
        expect(resolve(scopes, b!.keys[0])?.action).toBe(b!.action);
      }
    }
  });

  it('lists every binding (outside filter duplicates) in the help overlay', () => {
    const rows = helpSections().flatMap((s) => s.rows.map((r) => r.keys));
    const text = rows.join(' ');
    for (const b of bindings) {
      if (b.scope === 'help' || b.scope === 'filter') continue;
      for (const k of b.keys) expect(text).toContain(keyLabel(k));
    }
  });
});
