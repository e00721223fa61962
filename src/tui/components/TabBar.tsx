import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';

export function TabBar({ tabs, active, width }: { tabs: readonly string[]; active: number; width: number }) {
  const theme = useTheme();
  // Names shorten to initials-plus-number when the terminal is narrow.
  const full = tabs.reduce((n, t, i) => n + t.length + String(i + 1).length + 4, 0) <= width;
  return (
    <Box width={width}>
      {tabs.map((t, i) => {
        const label = ` ${i + 1} ${full ? t : t.slice(0, 4)} `;
        return i === active ? (
          <Text key={t} inverse bold color={theme.accent}>{label}</Text>
        ) : (
          <Text key={t} color={theme.dim}>{label}</Text>
        );
      })}
    </Box>
  );
}
