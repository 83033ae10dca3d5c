import type { Command } from '../command.ts';

export const command: Command = {
  name: 'export',
  summary: '(being built)',
  usage: ['bpm export'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm export: not available in this build\n');
    return 1;
  },
};
