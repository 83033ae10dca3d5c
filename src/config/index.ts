export { formatDuration, parseDuration } from './duration.ts';
export {
  type AlertSettings,
  type Config,
  ConfigError,
  type ConfigIssue,
  type DashboardAuth,
  type LoadConfigOptions,
  loadConfig,
} from './load.ts';
export type { LogFormat, LogLevel } from './schema.ts';
export { SETTINGS, type Setting } from './settings.ts';
