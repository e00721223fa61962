import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { helpSections } from '../keys.js';

interface HelpLine {
  title?: string;
  keys?: string;
  help?: string;
}

/**
 * Every key of the registry as lines, grouped, in two columns (one below 76 columns), sections kept in order and
 * the columns balanced by line count. Drawn as lines so that a screen too short for all of them scrolls (↑↓)
 * instead of squeezing titles away.
 */
/** What a filter understands (resource-types.ts), after the keys. */
export const FILTER_SYNTAX = {
  title: 'Filter words (/)',
  rows: [
    { keys: 'pii raw', help: 'names holding every word' },
    { keys: 'ddb s3 lambda', help: 'a type word: that type too' },
    { keys: 'prefix acct', help: '(also region, bucket, table,' },
    { keys: '', help: ' function, fn, pfx, rgn)' },
    { keys: 'type:ddb', help: 'by type only' },
    { keys: 'n N', help: 'next / previous match' },
  ],
};

export function helpColumns(width: number): HelpLine[][] {
  const sections = [...helpSections(), FILTER_SYNTAX];
  const linesOf = (list: typeof sections): HelpLine[] => list.flatMap((s) => [{ title: s.title }, ...s.rows.map((r) => ({ keys: r.keys, help: r.help }))]);
  if (width < 76) return [linesOf(sections)];
  const counts = sections.map((s) => s.rows.length + 1);
  const total = counts.reduce((a, b) => a + b, 0);
  let split = 0;
  for (let acc = 0; split < sections.length && acc + counts[split] <= Math.ceil(total / 2) + 1; split++) acc += counts[split];
  return [linesOf(sections.slice(0, split)), linesOf(sections.slice(split))];
}

/** Lines the overlay scrolls through at a width (its longest column). */
export function helpLineCount(width: number): number {
  return Math.max(...helpColumns(width).map((c) => c.length));
}

export function HelpOverlay({ width, height, top = 0 }: { width: number; height: number; top?: number }) {
  const theme = useTheme();
  const columns = helpColumns(width);
  const colWidth = columns.length > 1 ? Math.floor(width / 2) : width;
  const keyWidth = width >= 110 ? 20 : 13;
  const rows = Math.max(1, height - 1);
  const total = Math.max(...columns.map((c) => c.length));
  const t = Math.max(0, Math.min(top, total - rows));
  const more = total > rows ? ` · ↑↓ scroll (lines ${t + 1}–${Math.min(total, t + rows)} of ${total})` : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        Keys <Text color={theme.dim}>{`— ? esc q or enter closes${more}`}</Text>
      </Text>
      <Box flexDirection="row">
        {columns.map((col, c) => (
          <Box key={c} flexDirection="column" width={colWidth} flexShrink={0}>
            {col.slice(t, t + rows).map((l, i) =>
              l.title !== undefined ? (
                <Text key={i} bold color={theme.accent} wrap="truncate-end">{l.title}</Text>
              ) : (
                <Text key={i} wrap="truncate-end">
                  <Text bold>{(l.keys ?? '').padEnd(keyWidth).slice(0, keyWidth)}</Text>
                  {l.help}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
