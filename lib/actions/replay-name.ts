/** AWS's limit on execution names. */
export const maxExecutionNameLength = 80;

/**
 * The name of a replay: `name` + `suffix`, with `name` cut so the whole fits in 80
 * characters (the suffix is kept whole: it is what makes the name new). Characters AWS
 * refuses in names (whitespace, `? *`, brackets, `" # % \ ^ | ~ \` $ & , ; : /`, control
 * characters) become `_`.
 */
export function getReplayName(name: string, suffix: string): string {
  // eslint-disable-next-line no-control-regex -- AWS names may not contain control characters: matching them is the point.
  const safe = (text: string): string => text.replace(/[\s?*<>{}[\]"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/g, "_");
  // By code point, so a cut never splits a surrogate pair.
  const tail = [...safe(suffix)].slice(0, maxExecutionNameLength - 1);
  return [...[...safe(name)].slice(0, maxExecutionNameLength - tail.length), ...tail].join("");
}
