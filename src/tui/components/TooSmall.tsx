import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';

/** The smallest terminal the layout is made for; below it the app shows only this (and still quits on q). */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export function isTooSmall(size: { columns: number; rows: number }): boolean {
  return size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
}

/** Instead of a layout cut to pieces: what is needed, what there is, and how to go on. Follows resizes. */
export function TooSmall({ columns, rows }: { columns: number; rows: number }) {
  const theme = useTheme();
  const w = Math.max(1, columns);
  return (
    <Box flexDirection="column" width={w} height={Math.max(1, rows - 1)} overflow="hidden">
      <Text bold color={theme.warn} wrap="wrap">{`terminal too small (need ${MIN_COLUMNS}×${MIN_ROWS}, have ${columns}×${rows})`}</Text>
      <Text color={theme.dim} wrap="wrap">enlarge the window, or q to quit</Text>
    </Box>
  );
}
