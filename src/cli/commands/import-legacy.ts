import type { Command } from '../command.ts';

export const command: Command = {
  name: 'import-legacy',
  summary: '(being built)',
  usage: ['bpm import-legacy'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm import-legacy: not available in this build\n');
    return 1;
  },
};
