import { z } from 'zod';

/** Exact decimal as Binance sends it ("0.00150000"); never converted to a JS number. */
export const decimal = z.string();

/** Ids become strings whether Binance sends a string, a safe number, or (via parseBinanceJson) a big literal. */
export const id = z.union([z.string(), z.number().int()]).transform((value) => String(value));

/** Epoch milliseconds. */
export const epochMs = z.number();
