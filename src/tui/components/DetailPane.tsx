import { Box, Text } from 'ink';
import { useTheme, type Theme } from '../theme.js';
import type { PaneLine } from '../wrap.js';

export function toneColor(theme: Theme, tone: PaneLine['tone']): string | undefined {
  return tone === undefined ? undefined : theme[tone];
}

/**
 * A window of pre-wrapped lines with a title line that says where it is ("lines 1–17 of 40") and which keys
 * scroll it. Lines are already terminal-safe and fitted (wrap.ts).
 */
export function ScrollPane(props: { title: string; keysHint: string; lines: readonly PaneLine[]; top: number; width: number; height: number }) {
  const theme = useTheme();
  const rows = Math.max(1, props.height - 1);
  const top = Math.max(0, Math.min(props.top, Math.max(0, props.lines.length - rows)));
  const shown = props.lines.slice(top, top + rows);
  const where = props.lines.length > rows ? ` · lines ${top + 1}–${top + shown.length} of ${props.lines.length}` : '';
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold inverse>{` ${props.title} `}</Text>
        <Text color={theme.dim}>{`${where} · ${props.keysHint}`}</Text>
      </Text>
      {shown.map((l, i) => (
        <Text key={top + i} wrap="truncate-end" bold={l.bold} color={toneColor(theme, l.tone)}>
          {l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </Box>
  );
}

/** Rows the pane's text gets (its title takes one). */
export function paneRows(height: number): number {
  return Math.max(1, height - 1);
}
