import { type Alert, type AlertChannel, AlertDeliveryError } from './types.ts';

const TIMEOUT_MS = 10_000;

async function post(channel: string, url: string, body: unknown, fetchImpl: typeof fetch): Promise<void> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    // The error of fetch may quote the URL, which can carry a token: only its kind is kept.
    const e = err as Error;
    const why = e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : 'could not connect';
    throw new AlertDeliveryError(channel, why);
  }
  await res.body?.cancel();
  if (!res.ok) throw new AlertDeliveryError(channel, `answered HTTP ${res.status}`, res.status);
}

/** POSTs each alert as JSON: { kind, account, accountId, message, ts, data }. */
export function webhookChannel(url: string, fetchImpl: typeof fetch = fetch): AlertChannel {
  return {
    name: 'webhook',
    send: (alert: Alert) =>
      post(
        'webhook',
        url,
        {
          kind: alert.kind,
          account: alert.accountName,
          accountId: alert.accountId,
          message: alert.message,
          ts: new Date(alert.ts).toISOString(),
          data: alert.data,
        },
        fetchImpl,
      ),
  };
}

export interface TelegramOptions {
  botToken: string;
  chatId: string;
  /** Bot API base, https://api.telegram.org unless a test or proxy says otherwise. */
  apiUrl: string;
}

/** Sends the alert's message through the Telegram Bot API's sendMessage. */
export function telegramChannel(opts: TelegramOptions, fetchImpl: typeof fetch = fetch): AlertChannel {
  const url = `${opts.apiUrl.replace(/\/+$/, '')}/bot${opts.botToken}/sendMessage`;
  return {
    name: 'telegram',
    send: (alert: Alert) =>
      post(
        'telegram',
        url,
        {
          chat_id: opts.chatId,
          text: `Binance Portfolio Monitor: ${alert.message}`,
          disable_web_page_preview: true,
        },
        fetchImpl,
      ),
  };
}
