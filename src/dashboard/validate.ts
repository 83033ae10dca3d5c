/** Query-string validation: every parameter goes through a strict zod schema; a mistake is a 400 naming it. */
import { z } from 'zod';
import { BadRequestError } from './errors.ts';

export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new BadRequestError(`${where}${issue?.message ?? 'invalid query'}`);
}

/** An instant as epoch milliseconds or an ISO-8601 date/time. */
export const instant = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const ms = /^\d{1,15}$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isFinite(ms) || !/^\d{1,15}$|^\d{4}-\d{2}-\d{2}/.test(s)) {
      ctx.addIssue({ code: 'custom', message: `not a time: "${s}" (epoch ms or ISO-8601)` });
      return z.NEVER;
    }
    return ms;
  });

export const limit = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .default(fallback);

export const NAMED_RANGES = ['24h', '7d', '30d', '90d', 'ytd', '1y', 'all'] as const;
export type NamedRange = (typeof NAMED_RANGES)[number];

/** Either a named range or from/to (to defaults to now); `range` wins when both are given is ambiguous, so refuse. */
export const rangeQuery = z
  .strictObject({
    range: z.enum(NAMED_RANGES).optional(),
    from: instant.optional(),
    to: instant.optional(),
    points: limit(5000, 2000).optional(),
  })
  .refine((q) => !(q.range && (q.from !== undefined || q.to !== undefined)), {
    message: 'give either range or from/to, not both',
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: 'from must be before to',
  });
export type RangeQuery = z.infer<typeof rangeQuery>;

export const noQuery = z.strictObject({});

/** Text without control characters (PostgreSQL refuses NUL in text; nothing legitimate contains them). */
export const plainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine(
      (s) => ![...s].some((ch) => (ch.codePointAt(0) ?? 0) < 0x20 || ch.codePointAt(0) === 0x7f),
      'must not contain control characters',
    );

/** Whether a path segment can be an account name at all; anything else is simply not found. */
export function plausibleName(name: string): boolean {
  return plainText(200).safeParse(name).success;
}
