import type { Command } from '../command.ts';

export const command: Command = {
  name: 'serve',
  summary: '(being built)',
  usage: ['bpm serve'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm serve: not available in this build\n');
    return 1;
  },
};
