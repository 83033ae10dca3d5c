export { telegramChannel, webhookChannel } from './channels.ts';
export {
  type AlertCheckResult,
  AlertNotifier,
  type AlertNotifierOptions,
  type SystemLogWriter,
} from './notifier.ts';
export * from './rules.ts';
export * from './types.ts';
