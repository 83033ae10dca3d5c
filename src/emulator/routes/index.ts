import { capitalRoutes } from './capital.ts';
import { earnRoutes } from './earn.ts';
import { fiatRoutes } from './fiat.ts';
import { futuresRoutes } from './futures.ts';
import { marginRoutes } from './margin.ts';
import { marketRoutes } from './market.ts';
import { snapshotRoute } from './snapshot.ts';
import { spotRoutes } from './spot.ts';
import { tradeRoutes } from './trades.ts';
import { transferRoutes } from './transfers.ts';
import type { Route } from './types.ts';

/** Every endpoint the emulator serves. */
export const ALL_ROUTES: Route[] = [
  ...marketRoutes,
  ...spotRoutes,
  ...marginRoutes,
  ...futuresRoutes,
  ...earnRoutes,
  snapshotRoute,
  ...capitalRoutes,
  ...tradeRoutes,
  ...fiatRoutes,
  ...transferRoutes,
];
