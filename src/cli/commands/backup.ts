import type { Command } from '../command.ts';

export const command: Command = {
  name: 'backup',
  summary: '(being built)',
  usage: ['bpm backup'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm backup: not available in this build\n');
    return 1;
  },
};
