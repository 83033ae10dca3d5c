import type { Config } from '../config/index.ts';

/**
 * The environment of the worker and dashboard children: this process's, with the resolved settings written
 * over it, so a value from the config file reaches them exactly as if it had been set in the environment.
 */
export function childEnv(config: Config, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  const set = (name: string, value: string | number | undefined) => {
    if (value === undefined) delete env[name];
    else env[name] = String(value);
  };
  set('DATABASE_URL', config.store.databaseUrl);
  set('MONITOR_DB', config.store.dbPath);
  if (config.store.secretKey !== undefined) set('MONITOR_SECRET_KEY', config.store.secretKey);
  set('MONITOR_LOG_RETENTION_DAYS', config.log.retentionDays);
  set('BINANCE_BASE_URL', config.binanceBaseUrl);
  set('BPM_CONCURRENCY', config.concurrency);
  set('BPM_LOOKBACK_DAYS', config.lookbackDays);
  set('BPM_LOG_LEVEL', config.log.level);
  set('BPM_LOG_FORMAT', config.log.format);
  const auth = config.dashboard.auth;
  set('BPM_DASHBOARD_TOKEN', auth.kind === 'token' ? auth.token : undefined);
  set('BPM_DASHBOARD_USER', auth.kind === 'basic' ? auth.user : undefined);
  set('BPM_DASHBOARD_PASSWORD', auth.kind === 'basic' ? auth.password : undefined);
  // The children read the same config file (if any); the variables above win over it, as they did here.
  set('BPM_CONFIG', config.file);
  return env;
}
