import Big from 'big.js';
import type { BenchmarkConfig, BenchmarkWeight, RebalanceRule } from '../domain/types.ts';
import { BenchmarkConfigError } from './errors.ts';

const REBALANCE_RULES: readonly RebalanceRule[] = ['none', 'daily', 'weekly', 'monthly'];
const ASSET = /^[A-Z0-9]{1,20}$/;
const WEIGHT = /^(0|[1-9]\d*)?(\.\d+)?$/;

/** Parses `BTC:0.5,ETH:0.5` into weights that are positive, distinct and sum to exactly 1. */
export function parseBenchmarkAssets(spec: string): BenchmarkWeight[] {
  const weights: BenchmarkWeight[] = [];
  for (const part of spec.split(',')) {
    const [rawAsset, rawWeight, extra] = part.trim().split(':');
    const asset = rawAsset?.trim().toUpperCase() ?? '';
    const weight = rawWeight?.trim() ?? '';
    if (extra !== undefined || !ASSET.test(asset) || weight === '' || !WEIGHT.test(weight)) {
      throw new BenchmarkConfigError(`benchmark entry "${part.trim()}" is not ASSET:WEIGHT (e.g. BTC:0.5)`);
    }
    if (new Big(weight).lte(0)) throw new BenchmarkConfigError(`benchmark weight of ${asset} must be > 0`);
    if (weights.some((w) => w.asset === asset)) {
      throw new BenchmarkConfigError(`benchmark lists ${asset} twice`);
    }
    weights.push({ asset, weight: new Big(weight).toString() });
  }
  const total = weights.reduce((sum, w) => sum.plus(w.weight), new Big(0));
  if (!total.eq(1)) throw new BenchmarkConfigError(`benchmark weights sum to ${total.toString()}, not 1`);
  return weights;
}

export function parseRebalanceRule(rule: string): RebalanceRule {
  const found = REBALANCE_RULES.find((r) => r === rule);
  if (!found) throw new BenchmarkConfigError(`rebalance must be one of ${REBALANCE_RULES.join(', ')}`);
  return found;
}

export function formatBenchmark(config: BenchmarkConfig): string {
  return `${config.assets.map((w) => `${w.asset}:${w.weight}`).join(',')} (${config.rebalance})`;
}
