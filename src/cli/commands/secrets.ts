import type { Command } from '../command.ts';

export const command: Command = {
  name: 'secrets',
  summary: '(being built)',
  usage: ['bpm secrets'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm secrets: not available in this build\n');
    return 1;
  },
};
