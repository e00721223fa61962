/**
 * The app shell: header, tab bar, the active tab, footer, help overlay. It owns UI state (a pure step
 * function), routes keys through the registry, and carries out effects through the session (decisions) and
 * the edges (files). It computes no cost itself.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Box, useApp, useInput, useStdout, type Key } from 'ink';
import { footerItems, keyName, resolve } from './keys.js';
import { activeScopes, initialAppState, step, TABS, type AppState, type Effect, type StepContext } from './state/app.js';
import { flatten, initialTreeState, visibleWindow } from './state/tree.js';
import { ThemeContext, colorTheme, type Theme } from './theme.js';
import type { TrailProposal, TuiEdges, TuiSession, ViewModel } from './view-model.js';
import { Header } from './components/Header.js';
import { TabBar } from './components/TabBar.js';
import { Footer } from './components/Footer.js';
import { HelpOverlay, helpLineCount } from './components/HelpOverlay.js';
import { Overview, warningLines } from './tabs/Overview.js';
import { Resources, resourcesLayout, tableRows } from './tabs/Resources.js';
import { detailLines } from './components/detail-lines.js';
import { paneRows } from './components/DetailPane.js';
import { isTooSmall, TooSmall } from './components/TooSmall.js';
import { Selectors } from './tabs/Selectors.js';
import { Scenarios } from './tabs/Scenarios.js';
import { Trails } from './tabs/Trails.js';
import { usd } from './format.js';

export interface AppProps {
  session: TuiSession;
  edges: TuiEdges;
  theme?: Theme;
  /** Fixed terminal size (tests); otherwise read from stdout and followed on resize. */
  size?: { columns: number; rows: number };
  initialTab?: number;
  /** Called once the app has drawn its first frame with data (startup benchmark). */
  onFirstFrame?: () => void;
  /** Called when the user quits (q, ctrl+c), just before the app unmounts. */
  onQuit?: () => void;
  /** Live start (tui/live): appended to the header's title, and what `r` (rescan) and `i` (suggest a scenario) do. */
  headerNote?: string;
  onLive?: (what: 'rescan' | 'init') => void;
}

/** Lines kept free at the bottom: Ink clears the whole screen on every frame when output fills the terminal. */
const BOTTOM_RESERVE = 1;
const HEADER_ROWS = 2;
const TABBAR_ROWS = 1;
const FOOTER_ROWS = 1;

export function bodyHeight(rows: number): number {
  return Math.max(3, rows - BOTTOM_RESERVE - HEADER_ROWS - TABBAR_ROWS - FOOTER_ROWS);
}

/** `compute(vm)` for the current view model, run after the frame that shows it pending; null until then. */
function useDeferred<T>(vm: ViewModel, active: boolean, compute: (vm: ViewModel) => T): T | null {
  const [done, setDone] = useState<{ vm: ViewModel; value: T } | null>(null);
  useEffect(() => {
    if (!active || done?.vm === vm) return;
    const t = setTimeout(() => setDone({ vm, value: compute(vm) }), 0);
    return () => clearTimeout(t);
  }, [vm, active, done]);
  return active && done?.vm === vm ? done.value : null;
}

/**
 * The proposals for the current view model, computed off the UI thread when the view model can (`settled`, or
 * `proposalsAsync`). While a newer one computes, the last finished result stays on screen marked stale; a
 * result for a view model that is no longer current is dropped. A result belongs to the view model it was asked
 * for and to the one that view model settled into (the same decisions, with the proposed figures): when the app
 * swaps in the settled view model, the proposals are current, not stale.
 */
function useProposals(vm: ViewModel, active: boolean): { value: TrailProposal[] | null; stale: boolean; error: string | null } {
  const [done, setDone] = useState<{ vms: readonly ViewModel[]; value: TrailProposal[] } | null>(null);
  const [error, setError] = useState<{ vm: ViewModel; message: string } | null>(null);
  const fresh = done !== null && done.vms.includes(vm);
  useEffect(() => {
    if (!active || fresh || error?.vm === vm) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const result: Promise<{ value: TrailProposal[]; settled: ViewModel } | null> = vm.settled
      ? vm.settled().then((next) => (next ? { value: next.proposals(), settled: next } : null))
      : vm.proposalsAsync
        ? vm.proposalsAsync().then((value) => (value ? { value, settled: vm } : null))
        : new Promise((resolve, reject) => {
            // A view model without an asynchronous path: compute after the frame that says "optimizing".
            timer = setTimeout(() => {
              try {
                resolve({ value: vm.proposals(), settled: vm });
              } catch (err) {
                reject(err);
              }
            }, 0);
          });
    result.then(
      (r) => {
        if (live && r) setDone({ vms: [vm, r.settled], value: r.value });
      },
      (err: unknown) => {
        if (live) setError({ vm, message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [vm, active, fresh, error]);
  if (!active) return { value: null, stale: false, error: null };
  return { value: done?.value ?? null, stale: done !== null && !fresh, error: error?.vm === vm ? error.message : null };
}

/** The terminal's size, following resizes (or `fixed`, for tests). */
export function useTerminalSize(fixed?: { columns: number; rows: number }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

export function App({ session, edges, theme = colorTheme, size: fixedSize, initialTab = 0, onFirstFrame, onQuit, headerNote, onLive }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize(fixedSize);
  const width = Math.max(40, size.columns);
  const height = bodyHeight(size.rows);
  const [vm, setVm] = useState<ViewModel>(() => session.view());
  const [state, setState] = useState<AppState>(() => initialAppState(initialTreeState(vm.resources), initialTab));

  const rows = useMemo(
    () => flatten(vm.resources, state.tree),
    [vm.resources, state.tree.expanded, state.tree.filter, state.tree.sort],
  );
  const onResources = TABS[state.tab] === 'Resources';
  const layout = resourcesLayout(width, height, onResources && state.detail.open);
  const treeHeight = tableRows(layout.treeHeight, state.tree);
  const win = visibleWindow(rows, state.tree, treeHeight);
  const matches = useMemo(() => (state.tree.filter.trim() === '' ? undefined : rows.reduce((n, r) => n + (r.match ? 1 : 0), 0)), [rows, state.tree.filter]);
  // The detail pane's lines for the cursor row (only while it is open), from the session's detail of that row.
  const detail = useMemo(() => {
    if (!onResources || !state.detail.open || state.tree.cursorId === null) return null;
    const d = vm.resources.detail?.(state.tree.cursorId);
    return { lines: d ? detailLines(d, layout.paneWidth) : [{ text: 'no details for this row', tone: 'dim' as const }], top: state.detail.top };
  }, [vm, onResources, state.detail.open, state.detail.top, state.tree.cursorId, layout.paneWidth]);
  const onOverview = TABS[state.tab] === 'Overview';
  const warnings = useMemo(
    () => (onOverview && state.warnings.open ? { lines: warningLines(vm.overview.warnings, width), top: state.warnings.top } : null),
    [vm.overview.warnings, onOverview, state.warnings.open, state.warnings.top, width],
  );
  // Optimizing (Selectors) and variant models (Scenarios) run only when their tab is shown, after a frame that
  // says so: on a large inventory they take seconds, and the tab switch must still show at once.
  const optimized = useProposals(vm, TABS[state.tab] === 'Selectors');
  const proposals = optimized.value;
  // The baseline's proposed figure is the session's proposal: variants wait for it (no "?" for a pending figure,
  // and each variant is optimized once per decision state, not again when the proposal arrives).
  const variants = useDeferred(vm, TABS[state.tab] === 'Scenarios' && vm.proposedState !== 'pending', (v) => v.variants());
  const proposal = proposals?.[Math.min(state.lists.selectors.cursor, Math.max(0, proposals.length - 1))];
  const preview = useMemo(() => (proposal ? proposal.render(state.format).replace(/\n$/, '').split('\n') : []), [proposal, state.format]);

  const ctx: StepContext = {
    tree: { tree: vm.resources, rows, height: treeHeight, rowsFor: state.tree },
    optimizing: TABS[state.tab] === 'Selectors' && (proposals === null || optimized.stale),
    counts: {
      selectors: proposals?.length ?? 0, scenarios: variants?.length ?? 0, trails: vm.trails.length, previewLines: preview.length,
      detailLines: detail?.lines.length ?? 0, warningLines: warnings?.lines.length ?? 0, helpLines: state.help ? helpLineCount(width) : 0,
    },
    height: Math.max(1, Math.floor(height / 2)),
    detailRows: paneRows(layout.paneHeight),
    warningRows: paneRows(height),
    helpRows: paneRows(height),
  };
  // The input handler reads the latest state and context through a ref, so rapid keys never see stale state.
  const tooSmall = isTooSmall(size);
  const latest = useRef({ state, ctx, vm, preview, proposals, tooSmall });
  latest.current = { state, ctx, vm, preview, proposals, tooSmall };

  const firstFrame = useRef(false);
  useEffect(() => {
    if (!firstFrame.current) {
      firstFrame.current = true;
      onFirstFrame?.();
    }
  }, [onFirstFrame]);

  const setMessage = (level: 'info' | 'error', text: string) => setState((s) => ({ ...s, message: { level, text } }));

  // "Proposed" figures arrive when the optimizer has answered for these decisions (a worker on large inputs).
  useEffect(() => {
    if (vm.proposedState !== 'pending' || !vm.settled) return;
    let live = true;
    vm.settled().then(
      (next) => {
        if (live && next) setVm(next);
      },
      (err: unknown) => {
        if (!live) return;
        setMessage('error', `optimizer failed: ${err instanceof Error ? err.message : String(err)}`);
        // The session's view for these decisions now says "failed" (figures unknown, not optimizing forever).
        const now = session.view();
        if (now.proposedState === 'failed') setVm(now);
      },
    );
    return () => {
      live = false;
    };
  }, [vm]);

  const run = (effect: Effect): void => {
    const cur = latest.current;
    switch (effect.type) {
      case 'quit':
        onQuit?.();
        exit();
        return;
      case 'decide': {
        if (session.decisionsDisabled) {
          setMessage('error', session.decisionsDisabled);
          return;
        }
        const next = session.setDecision(effect.nodeId, effect.decision);
        const row = next.resources.get(effect.nodeId);
        // A second space in the same burst cycles from this decision, not from the one on screen.
        latest.current = { ...latest.current, vm: next };
        setVm(next);
        // Where the node's answer now comes from (a more specific rule may still win); the header follows when optimized.
        setMessage('info', `${row?.label ?? effect.nodeId}: ${effect.decision}${row?.via ? ` · answer: ${row.effective ?? ''} ← ${row.via}` : ''}`);
        return;
      }
      case 'export': {
        // The proposals on screen (export is refused while they are stale or still computing).
        const p = cur.proposals?.[effect.trailIndex];
        if (!p) return;
        // Only a set that passed the proof is written: what the header prices is what the file does.
        if (p.status !== 'optimized') {
          setMessage('error', `${p.trail}: not exported — the optimizer's status is ${p.status} (see the findings)`);
          return;
        }
        let text: string;
        try {
          text = p.render(effect.format);
        } catch (err) {
          setMessage('error', `cannot render ${effect.format}: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
        setMessage('info', `writing ${p.trail} (${effect.format})…`);
        edges.exportSelectors(p.trail, effect.format, text).then(
          (path) => setMessage('info', `wrote ${path}`),
          (err: unknown) => setMessage('error', `export failed: ${err instanceof Error ? err.message : String(err)}`),
        );
        return;
      }
      case 'live':
        if (onLive) onLive(effect.what);
        else setMessage('info', `${effect.what === 'rescan' ? 'r' : 'i'} works on a live start: trailcost --profile P (or --live)`);
        return;
      case 'save': {
        if (session.decisionsDisabled) {
          setMessage('error', session.decisionsDisabled);
          return;
        }
        const decisions = session.decisions();
        setMessage('info', 'saving decisions…');
        edges.saveDecisions(decisions).then(
          (path) => setMessage('info', `saved ${countDecisions(decisions)} decision(s) into ${path}`),
          (err: unknown) => setMessage('error', `save failed: ${err instanceof Error ? err.message : String(err)}`),
        );
        return;
      }
    }
  };

  const handle = (input: string, key: Partial<Key>): void => {
    const cur = latest.current;
    const resolved = resolve(activeScopes(cur.state), keyName(input, key), input);
    if (!resolved) return;
    // Nothing is on screen to act on while the terminal is too small: only quitting works.
    if (cur.tooSmall && resolved.action !== 'quit' && resolved.action !== 'forceQuit') return;
    const out = step(cur.state, resolved, contextFor(cur.state, cur.ctx, cur.vm, tableRows(layout.treeHeight, cur.state.tree)));
    if (out.state !== cur.state) {
      latest.current = { ...cur, state: out.state };
      setState(out.state);
    }
    if (out.effect) run(out.effect);
  };

  useInput((input, key) => {
    // Ink delivers keys typed faster than a read (or pasted) as one string: replay them one by one. The tree
    // context is recomputed on render, so within one burst only the first key sees fresh rows; moves still land.
    if (input.length > 1 && !key.ctrl && !key.meta && !input.includes('\u001B')) {
      for (const ch of input) handle(...burstKey(ch));
      return;
    }
    // No binding uses alt/meta: an ESC that arrives glued to the next key (fast typing, tmux) is esc, then the key.
    if (key.meta && !key.escape && input) {
      handle('', { escape: true });
      handle(input, { ...key, meta: false });
      return;
    }
    handle(input, key);
  });

  const scopes = activeScopes(state);
  let body: ReactNode;
  if (state.help) body = <HelpOverlay width={width} height={height} top={state.helpTop} />;
  else {
    switch (TABS[state.tab]) {
      case 'Overview':
        body = <Overview vm={vm} width={width} height={height} warnings={warnings} />;
        break;
      case 'Resources':
        body = (
          <Resources tree={vm.resources} state={state.tree} window={win.rows} total={rows.length} cursor={win.cursor} width={width} height={height} matches={matches} detail={detail} />
        );
        break;
      case 'Selectors':
        body = (
          <Selectors proposals={proposals ?? []} pending={proposals === null} stale={optimized.stale} error={optimized.error} cursor={state.lists.selectors.cursor} format={state.format} preview={preview} previewTop={state.previewTop} width={width} height={height} />
        );
        break;
      case 'Scenarios':
        body = <Scenarios variants={variants ?? []} pending={variants === null} cursor={state.lists.scenarios.cursor} top={state.lists.scenarios.top} width={width} height={height} />;
        break;
      case 'Trails':
        body = <Trails trails={vm.trails} pending={vm.proposedState === 'pending'} billed={vm.header.billed === null ? undefined : `${usd(vm.header.billed)} billed${vm.header.billedNote ? `, ${vm.header.billedNote}` : ''}`} cursor={state.lists.trails.cursor} top={state.lists.trails.top} width={width} height={height} />;
        break;
    }
  }
  const pending = countDecisions(session.decisions());
  if (tooSmall) {
    return (
      <ThemeContext.Provider value={theme}>
        <TooSmall columns={size.columns} rows={size.rows} />
      </ThemeContext.Provider>
    );
  }
  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={width} height={height + HEADER_ROWS + TABBAR_ROWS + FOOTER_ROWS}>
        <Header data={headerNote ? { ...vm.header, scenario: `${vm.header.scenario} · ${headerNote}` } : vm.header} width={width} />
        <TabBar tabs={TABS} active={state.tab} width={width} />
        <Box height={height} width={width} flexDirection="column" overflow="hidden">
          {body}
        </Box>
        <Footer items={footerItems(scopes)} width={width} message={state.message} status={pending > 0 ? `${pending} decision${pending === 1 ? '' : 's'} (w saves)` : undefined} />
      </Box>
    </ThemeContext.Provider>
  );
}

/** One character of a burst as Ink would have reported it alone (enter, tab, backspace, ctrl+letter). */
function burstKey(ch: string): [string, Partial<Key>] {
  if (ch === '\r' || ch === '\n') return ['', { return: true }];
  if (ch === '\t') return ['', { tab: true }];
  if (ch === '\u007F' || ch === '\b') return ['', { backspace: true }];
  const code = ch.charCodeAt(0);
  if (code > 0 && code < 27) return [String.fromCharCode(code + 96), { ctrl: true }];
  return [ch, {}];
}

/**
 * The step context for `state`. Keys of one burst (typed faster than a frame) may have changed the tree's
 * expansion, filter or sort since the last render: then the rows are flattened again so the next key sees them.
 */
function contextFor(state: AppState, rendered: StepContext, vm: ViewModel, tableHeight: number): StepContext {
  const t = state.tree;
  const renderedRowsFor = rendered.tree.rowsFor;
  if (renderedRowsFor && renderedRowsFor.expanded === t.expanded && renderedRowsFor.filter === t.filter && renderedRowsFor.sort === t.sort) {
    return rendered.tree.tree === vm.resources ? rendered : { ...rendered, tree: { ...rendered.tree, tree: vm.resources } };
  }
  return { ...rendered, tree: { tree: vm.resources, rows: flatten(vm.resources, t), height: tableHeight, rowsFor: t } };
}

function countDecisions(d: ReadonlyMap<string, unknown>): number {
  let n = 0;
  for (const v of d.values()) if (v !== 'auto') n++;
  return n;
}
