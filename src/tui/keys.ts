/**
 * The single keybinding registry. Input handling, the footer and the `?` overlay all read this table, so the
 * help can never say something the keys do not do. Components never look at raw input.
 */
import type { Key } from 'ink';

export type Action =
  | 'quit'
  | 'forceQuit'
  | 'help'
  | 'closeHelp'
  | 'nextTab'
  | 'prevTab'
  | 'gotoTab'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'expand'
  | 'collapse'
  | 'toggle'
  | 'filter'
  | 'clearFilter'
  | 'acceptFilter'
  | 'filterBackspace'
  | 'filterInput'
  | 'sort'
  | 'reverseSort'
  | 'cycleDecision'
  | 'cycleFormat'
  | 'export'
  | 'save'
  | 'toggleDetail'
  | 'closeDetail'
  | 'detailUp'
  | 'detailDown'
  | 'nextMatch'
  | 'prevMatch'
  | 'openWarnings'
  | 'closeWarnings'
  | 'rescan'
  | 'suggest';

/**
 * Where a binding applies. The app computes the active scopes from its state (see `activeScopes`), most specific
 * first; the first binding found wins.
 */
export type Scope = 'help' | 'filter' | 'detail' | 'tree' | 'decide' | 'selectors' | 'overview' | 'warnings' | 'list' | 'global';

export interface Binding {
  action: Action;
  /** Normalized key names (see `keyName`). The first is the one shown. */
  keys: readonly string[];
  scope: Scope;
  /** Shown in the help overlay. */
  help: string;
  /** Short label for the footer; omitted = help overlay only. */
  footer?: string;
  arg?: number;
}

export const bindings: readonly Binding[] = [
  // Help overlay open: any listed key closes it; ctrl+c still exits.
  { action: 'forceQuit', keys: ['ctrl+c'], scope: 'help', help: 'exit now' },
  { action: 'closeHelp', keys: ['?', 'esc', 'q', 'enter'], scope: 'help', help: 'close this help', footer: 'close' },
  { action: 'up', keys: ['up', 'k'], scope: 'help', help: 'scroll the help up', footer: 'scroll' },
  { action: 'down', keys: ['down', 'j'], scope: 'help', help: 'scroll the help down' },

  // Typing a filter: printable keys go to the filter text (filterInput), these keys do the rest.
  { action: 'forceQuit', keys: ['ctrl+c'], scope: 'filter', help: 'exit now' },
  { action: 'acceptFilter', keys: ['enter'], scope: 'filter', help: 'keep filter, back to table', footer: 'apply' },
  { action: 'clearFilter', keys: ['esc'], scope: 'filter', help: 'clear the filter', footer: 'clear' },
  { action: 'filterBackspace', keys: ['backspace'], scope: 'filter', help: 'delete a character' },
  { action: 'up', keys: ['up'], scope: 'filter', help: 'move up' },
  { action: 'down', keys: ['down'], scope: 'filter', help: 'move down' },

  // Resources: the detail pane of the selected row, open (↑↓ still move between rows; the pane follows).
  { action: 'closeDetail', keys: ['d', 'esc'], scope: 'detail', help: 'close the details', footer: 'close details' },
  { action: 'detailDown', keys: ['pagedown', 'ctrl+d'], scope: 'detail', help: 'scroll the details down', footer: 'scroll' },
  { action: 'detailUp', keys: ['pageup', 'ctrl+u'], scope: 'detail', help: 'scroll the details up' },

  // Resources tree.
  { action: 'expand', keys: ['right', 'l'], scope: 'tree', help: 'expand (or step into it)', footer: 'expand' },
  { action: 'collapse', keys: ['left', 'h'], scope: 'tree', help: 'collapse (or go to parent)', footer: 'collapse' },
  { action: 'toggle', keys: ['enter'], scope: 'tree', help: 'expand or collapse' },
  { action: 'toggleDetail', keys: ['d'], scope: 'tree', help: 'details: ARN, trails, rule', footer: 'details' },
  { action: 'filter', keys: ['/'], scope: 'tree', help: 'filter by name or type', footer: 'filter' },
  { action: 'nextMatch', keys: ['n'], scope: 'tree', help: 'next filter match' },
  { action: 'prevMatch', keys: ['N'], scope: 'tree', help: 'previous filter match' },
  { action: 'clearFilter', keys: ['esc'], scope: 'tree', help: 'clear the filter' },
  { action: 'sort', keys: ['s'], scope: 'tree', help: 'sort by the next column', footer: 'sort' },
  { action: 'reverseSort', keys: ['S'], scope: 'tree', help: 'reverse the sort order' },
  { action: 'cycleDecision', keys: ['space'], scope: 'decide', help: 'auto→keep→keep-writes→drop', footer: 'decide' },

  // Selectors tab.
  { action: 'cycleFormat', keys: ['f'], scope: 'selectors', help: 'JSON → Terraform → CFN', footer: 'format' },
  { action: 'export', keys: ['e'], scope: 'selectors', help: 'write selectors to a file', footer: 'export' },

  // Overview: the warnings and findings, all of them, in a pane that scrolls.
  { action: 'openWarnings', keys: ['down', 'j', 'enter'], scope: 'overview', help: 'read all warnings', footer: 'warnings' },
  { action: 'closeWarnings', keys: ['esc'], scope: 'warnings', help: 'back to the overview', footer: 'back' },
  { action: 'up', keys: ['up', 'k'], scope: 'warnings', help: 'scroll up', footer: 'scroll' },
  { action: 'down', keys: ['down', 'j'], scope: 'warnings', help: 'scroll down' },
  { action: 'pageUp', keys: ['pageup', 'ctrl+u'], scope: 'warnings', help: 'page up' },
  { action: 'pageDown', keys: ['pagedown', 'ctrl+d'], scope: 'warnings', help: 'page down' },
  { action: 'top', keys: ['home', 'g'], scope: 'warnings', help: 'first line' },
  { action: 'bottom', keys: ['end', 'G'], scope: 'warnings', help: 'last line' },

  // Any list or table.
  { action: 'up', keys: ['up', 'k'], scope: 'list', help: 'move up', footer: 'move' },
  { action: 'down', keys: ['down', 'j'], scope: 'list', help: 'move down' },
  { action: 'pageUp', keys: ['pageup', 'ctrl+u'], scope: 'list', help: 'page up' },
  { action: 'pageDown', keys: ['pagedown', 'ctrl+d'], scope: 'list', help: 'page down' },
  { action: 'top', keys: ['home', 'g'], scope: 'list', help: 'first row' },
  { action: 'bottom', keys: ['end', 'G'], scope: 'list', help: 'last row' },

  // Everywhere.
  { action: 'nextTab', keys: ['tab'], scope: 'global', help: 'next tab', footer: 'tabs' },
  { action: 'prevTab', keys: ['shift+tab'], scope: 'global', help: 'previous tab' },
  { action: 'gotoTab', keys: ['1'], scope: 'global', help: 'Overview', arg: 0 },
  { action: 'gotoTab', keys: ['2'], scope: 'global', help: 'Resources', arg: 1 },
  { action: 'gotoTab', keys: ['3'], scope: 'global', help: 'Selectors', arg: 2 },
  { action: 'gotoTab', keys: ['4'], scope: 'global', help: 'Scenarios', arg: 3 },
  { action: 'gotoTab', keys: ['5'], scope: 'global', help: 'Trails', arg: 4 },
  { action: 'save', keys: ['w'], scope: 'global', help: 'save decisions to scenario', footer: 'save' },
  { action: 'rescan', keys: ['r'], scope: 'global', help: 'live start: scan the account again' },
  { action: 'suggest', keys: ['i'], scope: 'global', help: 'live start: write a scenario with suggestions' },
  { action: 'help', keys: ['?'], scope: 'global', help: 'show all keys', footer: 'help' },
  { action: 'quit', keys: ['q'], scope: 'global', help: 'quit', footer: 'quit' },
  { action: 'forceQuit', keys: ['ctrl+c'], scope: 'global', help: 'exit now' },
];

export const scopeTitles: Record<Scope, string> = {
  help: 'Help overlay',
  filter: 'While typing a filter',
  detail: 'Resources, details open',
  overview: 'Overview',
  warnings: 'Overview, warnings open',
  tree: 'Resources tree',
  decide: 'Decisions',
  selectors: 'Selectors',
  list: 'Lists and tables',
  global: 'Everywhere',
};

/** One key press in registry vocabulary: `up`, `shift+tab`, `ctrl+c`, `space`, `enter`, `esc`, `k`, `G`, `/`. */
export function keyName(input: string, key: Partial<Key>): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  // Terminals send DEL (0x7f) for backspace; Ink reports it as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}

export interface Resolved {
  action: Action;
  arg?: number;
  /** The typed text, for filterInput. */
  text?: string;
}

/** The binding a key triggers in the active scopes (most specific first), or null when the key does nothing. */
export function resolve(scopes: readonly Scope[], name: string, input = name): Resolved | null {
  for (const scope of scopes) {
    for (const b of bindings) {
      if (b.scope === scope && b.keys.includes(name)) return b.arg === undefined ? { action: b.action } : { action: b.action, arg: b.arg };
    }
    // While typing a filter, printable text is the filter, never a command.
    if (scope === 'filter') {
      if (isPrintable(name, input)) return { action: 'filterInput', text: input };
      return null;
    }
    // The help overlay swallows every other key.
    if (scope === 'help') return null;
  }
  return null;
}

function isPrintable(name: string, input: string): boolean {
  if (name === 'space') return true;
  if (name in glyphs) return false; // named keys (tab, arrows, ...) are never text
  return input.length > 0 && !name.includes('+') && name === input && !/[\x00-\x1f\x7f]/.test(input);
}

const glyphs: Record<string, string> = {
  up: '↑', down: '↓', left: '←', right: '→', space: 'space', enter: 'enter', esc: 'esc', tab: 'tab',
  'shift+tab': 'shift+tab', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End', backspace: 'bksp',
};

export function keyLabel(name: string): string {
  return glyphs[name] ?? name;
}

/** Footer items for the active scopes: one per action, most specific scope first. */
export function footerItems(scopes: readonly Scope[]): Array<{ keys: string; label: string }> {
  const out: Array<{ keys: string; label: string }> = [];
  const seen = new Set<Action>();
  for (const scope of scopes) {
    for (const b of bindings) {
      if (b.scope !== scope || !b.footer || seen.has(b.action)) continue;
      // A key a more specific scope takes over (d closes the details while they are open) is not offered twice.
      if (resolve(scopes, b.keys[0], b.keys[0])?.action !== b.action) continue;
      seen.add(b.action);
      out.push({ keys: footerKeys(b, scope), label: b.footer });
    }
    if (scope === 'filter' || scope === 'help') break;
  }
  return out;
}

function footerKeys(b: Binding, scope: Scope): string {
  // Pairs read better in the footer: "↑↓ move", "tab tabs", "←→ expand".
  if (b.action === 'up' && (scope === 'list' || scope === 'warnings' || scope === 'help')) return '↑↓/jk';
  if (b.action === 'detailDown') return 'PgDn/PgUp';
  if (b.action === 'nextTab') return 'tab/1-5';
  return b.keys.slice(0, b.action === 'closeHelp' ? 2 : 1).map(keyLabel).join('/');
}

/**
 * Help overlay content: every binding, grouped by scope. Bindings of one action in one scope merge into a row
 * (the five tab digits), and filter-mode rows that repeat a list/global key are left out.
 */
export function helpSections(): Array<{ title: string; rows: Array<{ keys: string; help: string }> }> {
  // What a first screen of help must show comes first (at 80×24 the rest scrolls).
  const order: Scope[] = ['global', 'decide', 'list', 'tree', 'detail', 'selectors', 'overview', 'warnings', 'filter'];
  const elsewhere = (b: Binding) =>
    bindings.some((o) => o !== b && o.scope !== b.scope && o.action === b.action && b.keys.every((k) => o.keys.includes(k)));
  // Scopes that reuse list keys list only their own; the warnings pane says in one row that lists' keys scroll it.
  const collapsed = new Set<Scope>(['filter', 'warnings']);
  return order.map((scope) => {
    const rows: Array<{ keys: string; help: string; action: Action }> = [];
    let omitted = false;
    for (const b of bindings) {
      if (b.scope !== scope) continue;
      if (collapsed.has(scope) && elsewhere(b)) {
        omitted = true;
        continue;
      }
      const prev = rows.find((r) => r.action === b.action);
      if (prev && b.action === 'gotoTab') {
        prev.keys += ' ' + b.keys.map(keyLabel).join(' ');
        continue;
      }
      rows.push({ keys: b.keys.map(keyLabel).join(' '), help: b.action === 'gotoTab' ? 'go to tab' : b.help, action: b.action });
    }
    if (omitted && scope === 'warnings') rows.push({ keys: '↑↓ PgUp PgDn g G', help: 'scroll, as in lists', action: 'down' });
    return { title: scopeTitles[scope], rows: rows.map(({ keys, help }) => ({ keys, help })) };
  });
}
