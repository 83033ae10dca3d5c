import { z } from 'zod';
import { amount, asset, decimal, digits, iso, symbolName } from './scenario-fields.ts';

/** Dated scenario events (docs/emulator.md, "Events"). */

const statusList = (s: z.ZodType) => z.array(z.tuple([iso, s])).min(1, 'needs at least one [time, status]');
export const walletName = z.enum(['spot', 'funding', 'crossMargin', 'usdm', 'coinm', 'earnFlexible']);
const base = { at: iso, account: z.string().min(1) };

const depositEvent = z
  .object({
    ...base,
    type: z.literal('deposit'),
    id: z.string().min(1).optional(),
    coin: asset,
    amount,
    network: z.string().optional(),
    address: z.string().optional(),
    addressTag: z.string().optional(),
    txId: z.string().optional(),
    transferType: z.union([z.literal(0), z.literal(1)]).optional(),
    wallet: z.enum(['spot', 'funding']).optional(),
    statuses: statusList(z.number().int()).optional(),
  })
  .strict();
const withdrawalEvent = z
  .object({
    ...base,
    type: z.literal('withdrawal'),
    id: z.string().min(1).optional(),
    coin: asset,
    amount,
    fee: amount.default('0'),
    network: z.string().optional(),
    address: z.string().optional(),
    txId: z.string().optional(),
    withdrawOrderId: z.string().optional(),
    info: z.string().optional(),
    transferType: z.union([z.literal(0), z.literal(1)]).optional(),
    wallet: z.enum(['spot', 'funding']).optional(),
    statuses: statusList(z.number().int()).optional(),
  })
  .strict();
const transferEvent = z
  .object({
    ...base,
    type: z.literal('transfer'),
    id: digits.optional(),
    asset,
    amount,
    from: walletName,
    to: walletName,
  })
  .strict()
  .refine((e) => e.from !== e.to, { message: 'from and to must differ', path: ['to'] });
const tradeEvent = z
  .object({
    ...base,
    type: z.literal('trade'),
    id: digits.optional(),
    orderId: digits.optional(),
    symbol: symbolName,
    side: z.enum(['BUY', 'SELL']),
    qty: amount,
    price: amount.optional(),
    commission: amount.optional(),
    commissionAsset: asset.optional(),
    isMaker: z.boolean().optional(),
  })
  .strict();
const priceShockEvent = z
  .object({ at: iso, type: z.literal('priceShock'), symbol: symbolName, factor: amount })
  .strict();
const symbolStatusEvent = z
  .object({ at: iso, type: z.literal('symbolStatus'), symbol: symbolName, status: z.string().min(1) })
  .strict();
const fiatOrderEvent = z
  .object({
    ...base,
    type: z.enum(['fiatDeposit', 'fiatWithdrawal']),
    id: z.string().min(1).optional(),
    fiatCurrency: asset,
    amount,
    fee: amount.default('0'),
    method: z.string().optional(),
    statuses: statusList(z.string()).optional(),
  })
  .strict();
const fiatPaymentEvent = z
  .object({
    ...base,
    type: z.literal('fiatPayment'),
    id: z.string().min(1).optional(),
    side: z.enum(['buy', 'sell']).default('buy'),
    fiatCurrency: asset,
    sourceAmount: amount,
    cryptoCurrency: asset,
    obtainAmount: amount,
    fee: amount.default('0'),
    paymentMethod: z.string().optional(),
    statuses: statusList(z.string()).optional(),
  })
  .strict();
const payEvent = z
  .object({
    ...base,
    type: z.literal('pay'),
    id: z.string().min(1).optional(),
    orderType: z.string().default('C2C'),
    currency: asset,
    amount: decimal,
    wallet: z.enum(['spot', 'funding']).default('funding'),
    counterparty: z.string().optional(),
  })
  .strict();
const subAccountEvent = z
  .object({
    ...base,
    type: z.literal('subAccountTransfer'),
    id: digits.optional(),
    direction: z.enum(['in', 'out']),
    asset,
    amount,
    email: z.string().default('master@example.com'),
    counterParty: z.string().default('master'),
    status: z.string().default('SUCCESS'),
  })
  .strict();
const incomeEvent = z
  .object({
    ...base,
    type: z.literal('futuresIncome'),
    id: digits.optional(),
    incomeType: z.string().min(1),
    asset,
    amount: decimal,
    symbol: z.string().default(''),
  })
  .strict();
const convertEvent = z
  .object({
    ...base,
    type: z.literal('convert'),
    id: digits.optional(),
    fromAsset: asset,
    fromAmount: amount,
    toAsset: asset,
    toAmount: amount,
  })
  .strict();
const dustEvent = z
  .object({
    ...base,
    type: z.literal('dust'),
    id: digits.optional(),
    items: z.array(z.object({ asset, amount, transferedAmount: amount, fee: amount }).strict()).min(1),
  })
  .strict();

export const scenarioEventSchema = z.discriminatedUnion('type', [
  depositEvent,
  withdrawalEvent,
  transferEvent,
  tradeEvent,
  priceShockEvent,
  symbolStatusEvent,
  fiatOrderEvent,
  fiatPaymentEvent,
  payEvent,
  subAccountEvent,
  incomeEvent,
  convertEvent,
  dustEvent,
]);
