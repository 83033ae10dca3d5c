/** Query-string building: one encoding for what is signed and what is sent, so the two never differ. */

export type ParamValue = string | number | boolean | undefined;
export type Params = Record<string, ParamValue>;

export function encodeParams(params: Params): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.join('&');
}
