import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { helpSections } from '../keys.js';

/** Every key of the registry, grouped, in two columns (one below 76 columns). */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const sections = helpSections();
  const twoColumns = width >= 76;
  const colWidth = twoColumns ? Math.floor(width / 2) : width;
  const keyWidth = width >= 110 ? 20 : 13;
  const column = (list: typeof sections) => (
    <Box flexDirection="column" width={colWidth}>
      {list.map((s) => (
        <Box key={s.title} flexDirection="column">
          <Text bold color={theme.accent}>{s.title}</Text>
          {s.rows.map((r) => (
            <Text key={s.title + r.keys} wrap="truncate-end">
              <Text bold>{r.keys.padEnd(keyWidth).slice(0, keyWidth)}</Text>
              {r.help}
            </Text>
          ))}
        </Box>
      ))}
    </Box>
  );
  // Balance the two columns by line count, keeping section order.
  const lines = sections.map((s) => s.rows.length + 1);
  const total = lines.reduce((a, b) => a + b, 0);
  let split = 0;
  for (let acc = 0; split < sections.length && acc + lines[split] <= Math.ceil(total / 2) + 1; split++) acc += lines[split];
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold>
        Keys <Text color={theme.dim}>— ? esc q or enter closes</Text>
      </Text>
      {twoColumns ? (
        <Box flexDirection="row">
          {column(sections.slice(0, split))}
          {column(sections.slice(split))}
        </Box>
      ) : (
        column(sections)
      )}
    </Box>
  );
}
