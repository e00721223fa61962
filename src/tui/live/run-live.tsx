/** The live start on a real terminal: the live app drawn by the same runner as the normal one (tui/run.tsx). */
import { runTui } from '../run.js';
import { themeFor } from '../theme.js';
import { LiveApp, type LiveAppProps } from './LiveApp.js';

export async function runLiveTui(opts: Omit<LiveAppProps, 'theme' | 'size'> & { env?: NodeJS.ProcessEnv }): Promise<void> {
  const { env = process.env, ...props } = opts;
  await runTui({ root: <LiveApp {...props} theme={themeFor(env)} />, env });
}
