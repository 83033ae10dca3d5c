import type { Command } from '../command.ts';

export const command: Command = {
  name: 'report',
  summary: '(being built)',
  usage: ['bpm report'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm report: not available in this build\n');
    return 1;
  },
};
