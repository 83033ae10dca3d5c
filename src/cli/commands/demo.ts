import type { Command } from '../command.ts';

export const command: Command = {
  name: 'demo',
  summary: '(being built)',
  usage: ['bpm demo'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm demo: not available in this build\n');
    return 1;
  },
};
