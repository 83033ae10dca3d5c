/** Read-only queries for the dashboard. Nothing here writes, and nothing selects a key or secret column. */
export * from './accounts.ts';
export * from './fees.ts';
export * from './flows.ts';
export * from './holdings.ts';
export * from './logs.ts';
export * from './nav.ts';
export * from './runs.ts';
export * from './versions.ts';
