#!/usr/bin/env node
// Entry point for `npx bpm`: Node 24 runs the TypeScript sources directly (type stripping), no build step.
import { main } from '../src/cli/main.ts';

const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => controller.abort(new Error(sig)));
}
const code = await main(process.argv.slice(2), controller.signal);
process.exitCode = code;
