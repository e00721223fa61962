import { Text } from 'ink';
import { useTheme } from '../theme.js';
import type { Range } from '../view-model.js';

/**
 * A horizontal bar scaled to `max` over `width` cells, in half-cell steps. A range draws its low end solid and
 * the rest shaded; unknown draws nothing and says "?" so a missing number never looks like a small one.
 */
export function Bar({ value, max, width, proposed = false }: { value: Range | null; max: number; width: number; proposed?: boolean }) {
  const theme = useTheme();
  if (value === null) return <Text color={theme.unknown}>{'?'.padEnd(width)}</Text>;
  const cells = (x: number) => (max > 0 ? Math.min(width * 2, Math.round((Math.max(0, x) / max) * width * 2)) : 0);
  const lowHalves = cells(value.low);
  const highHalves = Math.max(lowHalves, cells(value.high));
  const solid = (proposed ? theme.barProposedFull : theme.barFull).repeat(Math.floor(lowHalves / 2)) + (lowHalves % 2 ? theme.barHalf : '');
  const rest = Math.max(0, Math.ceil(highHalves / 2) - solid.length);
  const shade = '░'.repeat(rest);
  return (
    <Text>
      <Text color={proposed ? theme.barProposed : theme.barNow}>{solid}</Text>
      <Text color={theme.dim}>{shade}</Text>
      {' '.repeat(Math.max(0, width - solid.length - shade.length))}
    </Text>
  );
}
