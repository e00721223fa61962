/** JSON paths into an input file, as findings and shape errors report them: `$.AdvancedEventSelectors[1].Name`. */
export type PathSegment = string | number;

export function formatJsonPath(path: ReadonlyArray<PathSegment>): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
