export const ALERT_KINDS = ['failed_runs', 'incomplete_snapshot', 'drawdown', 'underperformance'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One notification: what happened, to which account (null for the whole monitor), in words and as data. */
export interface Alert {
  kind: AlertKind;
  accountId: string | null;
  accountName: string | null;
  /** One line a person can act on. */
  message: string;
  ts: number;
  data: Record<string, unknown>;
}

/** The thresholds of alerts/config (see docs/configuration.md). */
export interface AlertThresholds {
  failedRuns: number;
  drawdown: number;
  underperformance: number;
  underperformancePeriodMs: number;
}

/** A place alerts are delivered to. */
export interface AlertChannel {
  readonly name: string;
  send(alert: Alert): Promise<void>;
}

/** A channel refused or could not take an alert. Names the channel; never its URL or token. */
export class AlertDeliveryError extends Error {
  override name = 'AlertDeliveryError';
  readonly channel: string;
  readonly status?: number;
  constructor(channel: string, message: string, status?: number) {
    super(`alert channel ${channel}: ${message}`);
    this.channel = channel;
    this.status = status;
  }
}
