import { z } from 'zod';

/** The scenario's field types, with the messages a scenario author sees. */

export const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string like "12.5"');
export const amount = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string like "12.5"');
export const iso = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)),
    'must be an ISO time like 2026-01-05T00:00:00Z',
  );
export const digits = z.string().regex(/^\d{1,20}$/, 'must be digits (Binance sends this id as a number)');
export const asset = z.string().regex(/^[A-Z0-9]{1,20}$/, 'must be an upper-case asset code');
export const symbolName = z.string().regex(/^[A-Z0-9]{2,30}$/, 'must be an upper-case symbol like BTCUSDT');
