/**
 * Shape conformance: do two JSON texts have the same field names and JSON types, recursively? Arrays are compared by
 * their first element. Types are read from the raw text (JSON.parse's reviver `context.source`), so numbers beyond
 * 2^53 keep their literal and a string "1" never passes for the number 1.
 */

export type Shape =
  | { kind: 'string' | 'number' | 'boolean' | 'null' }
  | { kind: 'array'; first: Shape | null }
  | { kind: 'object'; fields: Map<string, Shape> };

const NUMBER = Symbol('number');

interface NumberLiteral {
  [NUMBER]: string;
}

/** JSON.parse keeping every number literal as its exact source text. */
export function parseExact(text: string): unknown {
  return JSON.parse(
    text,
    function (this: unknown, _key: string, value: unknown, context?: { source?: string }) {
      if (typeof value === 'number')
        return { [NUMBER]: context?.source ?? String(value) } satisfies NumberLiteral;
      return value;
    },
  );
}

/** The exact literal of a number parsed by parseExact (undefined when the value is not a number). */
export function numberText(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' && NUMBER in value
    ? (value as NumberLiteral)[NUMBER]
    : undefined;
}

function shapeOfValue(v: unknown): Shape {
  if (v === null) return { kind: 'null' };
  if (typeof v === 'string') return { kind: 'string' };
  if (typeof v === 'boolean') return { kind: 'boolean' };
  if (numberText(v) !== undefined) return { kind: 'number' };
  if (Array.isArray(v)) return { kind: 'array', first: v.length ? shapeOfValue(v[0]) : null };
  return {
    kind: 'object',
    fields: new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, shapeOfValue(x)])),
  };
}

export function shapeOf(text: string): Shape {
  return shapeOfValue(parseExact(text));
}

export interface ShapeOptions {
  /** Paths (like `data[].fundsDetail[].walletAssetCost`) whose keys are data, not field names: compare values only. */
  mapPaths?: string[];
  /** Paths not compared at all (a fixture's placeholder, e.g. `$.rateLimits[]` holding only `{}`). */
  ignorePaths?: string[];
  /** Paths whose arrays may be empty on either side (e.g. a fixture placeholder `[]`). */
  optionalArrays?: string[];
}

/** Differences between an expected shape (the fixture) and an actual one (the emulator), as readable lines. */
export function shapeDiff(expected: Shape, actual: Shape, opts: ShapeOptions = {}, path = '$'): string[] {
  if (opts.ignorePaths?.includes(path)) return [];
  if (expected.kind !== actual.kind) return [`${path}: expected ${expected.kind}, got ${actual.kind}`];
  if (expected.kind === 'array' && actual.kind === 'array') {
    if (expected.first === null || actual.first === null) {
      if (expected.first === actual.first || opts.optionalArrays?.includes(path)) return [];
      return [
        `${path}: ${expected.first === null ? 'fixture' : 'response'} array is empty, cannot compare elements`,
      ];
    }
    return shapeDiff(expected.first, actual.first, opts, `${path}[]`);
  }
  if (expected.kind === 'object' && actual.kind === 'object') {
    if (opts.mapPaths?.includes(path)) {
      const e = [...expected.fields.values()][0];
      const a = [...actual.fields.values()][0];
      return e && a ? shapeDiff(e, a, opts, `${path}{}`) : [];
    }
    const out: string[] = [];
    for (const [k, e] of expected.fields) {
      const a = actual.fields.get(k);
      if (!a) out.push(`${path}.${k}: missing in response`);
      else out.push(...shapeDiff(e, a, opts, `${path}.${k}`));
    }
    for (const k of actual.fields.keys())
      if (!expected.fields.has(k)) out.push(`${path}.${k}: not in fixture`);
    return out;
  }
  return [];
}

/** Throws with every difference listed when the texts' shapes differ. */
export function assertSameShape(
  expectedText: string,
  actualText: string,
  opts: ShapeOptions = {},
  label = '',
): void {
  const diff = shapeDiff(shapeOf(expectedText), shapeOf(actualText), opts);
  if (diff.length > 0) throw new Error(`shape mismatch ${label}:\n  ${diff.join('\n  ')}`);
}
