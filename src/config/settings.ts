/**
 * Every setting in one table: where it comes from (config file key, environment variable) and what it means.
 * The loader maps environment variables through this table; docs/configuration.md mirrors it.
 */

export interface Setting {
  /** Dotted key in the JSON config file, e.g. "dashboard.port". */
  key: string;
  env: string;
  default: string;
  meaning: string;
  /** Values never echoed in errors or logs. */
  secret?: boolean;
}

export const SETTINGS: readonly Setting[] = [
  {
    key: 'databaseUrl',
    env: 'DATABASE_URL',
    default: '(unset: embedded SQLite)',
    meaning: 'PostgreSQL connection string; when set the SQLite file is not used',
    secret: true,
  },
  { key: 'db', env: 'MONITOR_DB', default: './data/monitor.db', meaning: 'Embedded SQLite database file' },
  {
    key: 'secretKey',
    env: 'MONITOR_SECRET_KEY',
    default: '(key file beside the SQLite database)',
    meaning: '32 bytes as base64 or 64 hex digits: the AES-256-GCM key encrypting stored API secrets',
    secret: true,
  },
  {
    key: 'binanceBaseUrl',
    env: 'BINANCE_BASE_URL',
    default: "(Binance's real hosts)",
    meaning: 'One base URL for every Binance API host, e.g. the emulator',
  },
  {
    key: 'schedule',
    env: 'BPM_SCHEDULE',
    default: '0 * * * *',
    meaning: 'Cron expression (UTC, 5 or 6 fields) of the worker slots',
  },
  {
    key: 'runTimeout',
    env: 'BPM_RUN_TIMEOUT',
    default: '5m',
    meaning: 'Time limit of one worker run; past it the run is killed and logged as timed out',
  },
  {
    key: 'shutdownGrace',
    env: 'BPM_SHUTDOWN_GRACE',
    default: '30s',
    meaning: 'On SIGTERM/SIGINT, how long a run in progress may take to finish before it is killed',
  },
  {
    key: 'concurrency',
    env: 'BPM_CONCURRENCY',
    default: '4',
    meaning: 'Accounts collected in parallel by one worker run',
  },
  {
    key: 'lookbackDays',
    env: 'BPM_LOOKBACK_DAYS',
    default: '90',
    meaning: 'How far back deposits and withdrawals are read when an account is first collected',
  },
  {
    key: 'logLevel',
    env: 'BPM_LOG_LEVEL',
    default: 'info',
    meaning: 'trace, debug, info, warn, error, fatal or silent',
  },
  {
    key: 'logFormat',
    env: 'BPM_LOG_FORMAT',
    default: 'auto',
    meaning: 'json, pretty (one readable line per entry) or auto (pretty when the output is a terminal)',
  },
  {
    key: 'logRetentionDays',
    env: 'MONITOR_LOG_RETENTION_DAYS',
    default: '30',
    meaning: 'system_logs entries older than this are deleted (daily)',
  },
  { key: 'dashboard.host', env: 'BPM_HOST', default: '127.0.0.1', meaning: 'Dashboard listen address' },
  {
    key: 'dashboard.port',
    env: 'BPM_PORT',
    default: '8000',
    meaning: 'Dashboard listen port (0: a free one, printed at start)',
  },
  {
    key: 'dashboard.token',
    env: 'BPM_DASHBOARD_TOKEN',
    default: '(none)',
    meaning: 'Bearer token required by the dashboard (Authorization: Bearer …)',
    secret: true,
  },
  {
    key: 'dashboard.user',
    env: 'BPM_DASHBOARD_USER',
    default: '(none)',
    meaning: 'HTTP basic auth user (with dashboard.password)',
  },
  {
    key: 'dashboard.password',
    env: 'BPM_DASHBOARD_PASSWORD',
    default: '(none)',
    meaning: 'HTTP basic auth password (with dashboard.user)',
    secret: true,
  },
  {
    key: 'alerts.webhookUrl',
    env: 'BPM_ALERT_WEBHOOK_URL',
    default: '(none)',
    meaning: 'Alerts are POSTed as JSON to this URL',
    secret: true,
  },
  {
    key: 'alerts.telegram.botToken',
    env: 'BPM_TELEGRAM_BOT_TOKEN',
    default: '(none)',
    meaning: 'Telegram bot token (with alerts.telegram.chatId)',
    secret: true,
  },
  {
    key: 'alerts.telegram.chatId',
    env: 'BPM_TELEGRAM_CHAT_ID',
    default: '(none)',
    meaning: 'Telegram chat receiving the alerts',
  },
  {
    key: 'alerts.telegram.apiUrl',
    env: 'BPM_TELEGRAM_API_URL',
    default: 'https://api.telegram.org',
    meaning: 'Telegram Bot API base URL',
  },
  {
    key: 'alerts.failedRuns',
    env: 'BPM_ALERT_FAILED_RUNS',
    default: '3',
    meaning: 'Alert when this many worker runs in a row failed or timed out',
  },
  {
    key: 'alerts.drawdown',
    env: 'BPM_ALERT_DRAWDOWN',
    default: '0.2',
    meaning: "Alert when an account's drawdown from its peak (flow-adjusted) exceeds this fraction",
  },
  {
    key: 'alerts.underperformance',
    env: 'BPM_ALERT_UNDERPERFORMANCE',
    default: '0.05',
    meaning: 'Alert when an account trails its benchmark by more than this fraction over the period',
  },
  {
    key: 'alerts.underperformancePeriod',
    env: 'BPM_ALERT_UNDERPERFORMANCE_PERIOD',
    default: '30d',
    meaning: 'Window of the underperformance check (a duration)',
  },
  {
    key: 'alerts.repeatAfter',
    env: 'BPM_ALERT_REPEAT_AFTER',
    default: '6h',
    meaning: 'The same alert (kind and account) is sent at most once per this duration',
  },
];
