export {
  createDashboardApp,
  type DashboardOptions,
  type RunningDashboard,
  type StartDashboardOptions,
  startDashboard,
} from './app.ts';
export { InsecureBindError } from './errors.ts';
export { assertSafeBind, type DashboardAuth, isLoopback } from './security.ts';
