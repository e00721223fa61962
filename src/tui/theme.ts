/**
 * Colors, chosen once at the edge from the environment. `NO_COLOR` (any non-empty value, no-color.org) turns
 * every color off; meaning never rests on color alone (unknowns read "?", decisions are words, the cursor row
 * is inverse video, which NO_COLOR allows).
 */
import { createContext, useContext } from 'react';

export interface Theme {
  color: boolean;
  accent?: string;
  dim?: string;
  good?: string;
  bad?: string;
  warn?: string;
  unknown?: string;
  barNow?: string;
  barProposed?: string;
  /** Bar glyphs: full cell and the half-cell end. */
  barFull: string;
  barHalf: string;
  barProposedFull: string;
}

export const colorTheme: Theme = {
  color: true,
  accent: 'cyan',
  dim: 'gray',
  good: 'green',
  bad: 'red',
  warn: 'yellow',
  unknown: 'magenta',
  barNow: 'cyan',
  barProposed: 'green',
  barFull: '█',
  barHalf: '▌',
  barProposedFull: '▒',
};

export const plainTheme: Theme = {
  color: false,
  barFull: '█',
  barHalf: '▌',
  barProposedFull: '▒',
};

export function themeFor(env: NodeJS.ProcessEnv): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? plainTheme : colorTheme;
}

export const ThemeContext = createContext<Theme>(colorTheme);
export const useTheme = (): Theme => useContext(ThemeContext);
