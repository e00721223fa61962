/**
 * One way to mount the app in tests: same theme, size and edges every time; helpers that press keys and
 * wait for the frame to change (no fixed sleeps).
 */
import { render as inkRender } from 'ink-testing-library';
import { App } from '../../../src/tui/app.js';
import { plainTheme, type Theme } from '../../../src/tui/theme.js';
import type { NodeDecision, SelectorFormat, TuiEdges, TuiSession } from '../../../src/tui/view-model.js';

export const keys = {
  up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D',
  pageUp: '\u001B[5~', pageDown: '\u001B[6~',
  tab: '\t', shiftTab: '\u001B[Z', enter: '\r', esc: '\u001B', space: ' ', backspace: '\u007F', ctrlC: '\u0003',
} as const;

export interface RecordedEdges extends TuiEdges {
  exports: Array<{ trail: string; format: SelectorFormat; text: string }>;
  saves: Array<Map<string, NodeDecision>>;
}

export function recordingEdges(): RecordedEdges {
  const e: RecordedEdges = {
    exports: [],
    saves: [],
    exportSelectors: async (trail, format, text) => {
      e.exports.push({ trail, format, text });
      return `/tmp/${trail}.${format}`;
    },
    saveDecisions: async (d) => {
      e.saves.push(new Map(d));
      return '/tmp/scenario.yaml';
    },
  };
  return e;
}

export interface Rendered {
  frame(): string;
  /** Writes keys one at a time, each followed by waiting for Ink to process it. */
  press(...input: string[]): Promise<void>;
  /** Waits until the last frame satisfies `pred` (polls the output, fails after `timeoutMs`). */
  waitFor(pred: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Presses keys and waits for the frame to differ from the one before. */
  pressAndWait(input: string, timeoutMs?: number): Promise<string>;
  exited(): boolean;
  edges: RecordedEdges;
  unmount(): void;
}

export function renderApp(opts: { session: TuiSession; size?: { columns: number; rows: number }; theme?: Theme; tab?: number; edges?: RecordedEdges }): Rendered {
  const edges = opts.edges ?? recordingEdges();
  let exited = false;
  const inst = inkRender(
    <App session={opts.session} edges={edges} theme={opts.theme ?? plainTheme} size={opts.size ?? { columns: 80, rows: 24 }} initialTab={opts.tab ?? 0} onQuit={() => (exited = true)} />,
  );
  // useApp().exit() unmounts the tree; the testing library's stdout then stops receiving frames.
  const frame = () => inst.lastFrame() ?? '';
  const tick = () => new Promise<void>((r) => setImmediate(r));
  const waitFor = async (pred: (f: string) => boolean, timeoutMs = 5000): Promise<string> => {
    const start = Date.now();
    for (;;) {
      const f = frame();
      if (pred(f)) return f;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for frame; last frame:\n${f}`);
      await tick();
    }
  };
  return {
    frame,
    async press(...input: string[]) {
      for (const k of input) {
        inst.stdin.write(k);
        // Two turns of the event loop: Ink flushes a lone ESC on setImmediate, React commits after.
        await tick();
        await tick();
      }
    },
    waitFor,
    async pressAndWait(input: string, timeoutMs = 5000) {
      const before = frame();
      inst.stdin.write(input);
      return waitFor((f) => f !== before, timeoutMs);
    },
    exited: () => exited,
    edges,
    unmount: () => inst.unmount(),
  };
}
