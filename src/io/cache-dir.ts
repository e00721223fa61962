import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * trailcost's cache folder: `$XDG_CACHE_HOME/trailcost` (an absolute XDG_CACHE_HOME only, as the XDG spec says),
 * else `%LOCALAPPDATA%\trailcost` on Windows, else `~/.cache/trailcost`. Kept snapshots of the live start and the
 * parse cache (parse-cache.ts) live there. Same rule as app/live-scan.ts cacheDir, which can re-export this one.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'trailcost');
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'trailcost');
  return join(home, '.cache', 'trailcost');
}
