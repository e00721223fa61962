import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import type { Message } from '../state/app.js';
import { safe } from '../format.js';

/** The keys that work here (from the registry), or the last message when there is one. */
export function Footer({ items, width, message, status }: { items: Array<{ keys: string; label: string }>; width: number; message: Message | null; status?: string }) {
  const theme = useTheme();
  if (message) {
    return (
      <Box width={width}>
        <Text color={message.level === 'error' ? theme.bad : theme.good} wrap="truncate-end">{safe(message.text)}</Text>
      </Box>
    );
  }
  // Drop items from the end until the line fits: the registry lists the most specific keys first.
  const parts: Array<{ keys: string; label: string }> = [];
  let used = status ? status.length + 2 : 0;
  for (const it of items) {
    const w = it.keys.length + it.label.length + 3;
    if (used + w > width) continue;
    parts.push(it);
    used += w;
  }
  return (
    <Box width={width}>
      {parts.map((p) => (
        <Text key={p.keys + p.label}>
          <Text bold color={theme.accent}>{p.keys}</Text>
          <Text color={theme.dim}>{` ${p.label}  `}</Text>
        </Text>
      ))}
      {status ? <Text color={theme.warn}>{status}</Text> : null}
    </Box>
  );
}
