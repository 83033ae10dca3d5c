import type { HostRole } from './endpoints.ts';

export type Hosts = Readonly<Record<HostRole, string>>;

export const BINANCE_HOSTS: Hosts = {
  api: 'https://api.binance.com',
  fapi: 'https://fapi.binance.com',
  dapi: 'https://dapi.binance.com',
  data: 'https://data-api.binance.vision',
};

/** `baseUrl` sends every host to one place (the emulator); otherwise each host may be overridden alone. */
export function resolveHosts(baseUrl?: string, overrides: Partial<Hosts> = {}): Hosts {
  if (baseUrl !== undefined) {
    const base = trimSlash(baseUrl);
    return { api: base, fapi: base, dapi: base, data: base };
  }
  return {
    api: trimSlash(overrides.api ?? BINANCE_HOSTS.api),
    fapi: trimSlash(overrides.fapi ?? BINANCE_HOSTS.fapi),
    dapi: trimSlash(overrides.dapi ?? BINANCE_HOSTS.dapi),
    data: trimSlash(overrides.data ?? BINANCE_HOSTS.data),
  };
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
