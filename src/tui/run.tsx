/**
 * Starting and stopping the TUI on a real terminal: alternate screen in, cursor hidden; on any exit (q,
 * ctrl+c, SIGTERM, a crash) the screen and cursor are restored before the process ends.
 */
import { render } from 'ink';
import type { ReactElement } from 'react';
import { App } from './app.js';
import { themeFor } from './theme.js';
import type { TuiEdges, TuiSession } from './view-model.js';

const ENTER_ALT = '\u001B[?1049h\u001B[H';
const LEAVE_ALT = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

export interface RunOptions {
  session?: TuiSession;
  /** Drawn instead of the app on `session` (the live start, tui/live, which owns and closes its sessions). */
  root?: ReactElement;
  edges?: TuiEdges;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  env?: NodeJS.ProcessEnv;
  onFirstFrame?: () => void;
}

export async function runTui(opts: RunOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const env = opts.env ?? process.env;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(SHOW_CURSOR + LEAVE_ALT);
  };
  stdout.write(ENTER_ALT);
  // Last resort: whatever ends the process, the user gets their terminal back.
  process.once('exit', restore);
  const instance = render(
    opts.root ?? <App session={opts.session!} edges={opts.edges!} theme={themeFor(env)} onFirstFrame={opts.onFirstFrame} />,
    // ctrl+c goes through the keybinding registry (forceQuit) so it unmounts cleanly like q.
    { stdout, stdin, exitOnCtrlC: false, patchConsole: true, maxFps: 60 },
  );
  const onSignal = () => instance.unmount();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    instance.cleanup();
    // Terminates the optimizer worker, whatever it is computing.
    opts.session?.close?.();
    restore();
    process.off('exit', restore);
  }
}
