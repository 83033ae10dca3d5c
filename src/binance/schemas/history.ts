import { z } from 'zod';
import { decimal, epochMs, id } from './common.ts';

export const depositSchema = z.looseObject({
  id: id,
  amount: decimal,
  coin: z.string(),
  network: z.string(),
  status: z.number(),
  txId: z.string(),
  insertTime: epochMs,
  completeTime: epochMs.optional(),
  transferType: z.number(),
  walletType: z.number().optional(),
});
export const depositsSchema = z.array(depositSchema);

export const withdrawalSchema = z.looseObject({
  id: id,
  amount: decimal,
  transactionFee: decimal,
  coin: z.string(),
  status: z.number(),
  txId: z.string().optional(),
  /** UTC "YYYY-MM-DD hh:mm:ss" */
  applyTime: z.string(),
  completeTime: z.string().optional(),
  transferType: z.number().optional(),
  walletType: z.number().optional(),
});
export const withdrawalsSchema = z.array(withdrawalSchema);

export const fiatOrderSchema = z.looseObject({
  orderNo: id,
  fiatCurrency: z.string(),
  amount: decimal,
  totalFee: decimal,
  status: z.string(),
  createTime: epochMs,
  updateTime: epochMs,
});
export const fiatOrdersPageSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  data: z.array(fiatOrderSchema).default([]),
  total: z.number().optional(),
  success: z.boolean(),
});

export const fiatPaymentSchema = z.looseObject({
  orderNo: id,
  sourceAmount: decimal,
  fiatCurrency: z.string(),
  obtainAmount: decimal,
  cryptoCurrency: z.string(),
  totalFee: decimal,
  price: decimal,
  status: z.string(),
  createTime: epochMs,
  updateTime: epochMs,
});
export const fiatPaymentsPageSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  data: z.array(fiatPaymentSchema).default([]),
  total: z.number().optional(),
  success: z.boolean(),
});

export const payTransactionSchema = z.looseObject({
  orderType: z.string(),
  transactionId: id,
  transactionTime: epochMs,
  /** Signed: negative when paid out. */
  amount: decimal,
  currency: z.string(),
});
export const payTransactionsPageSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  data: z.array(payTransactionSchema).default([]),
  success: z.boolean(),
});

export const subAccountTransferSchema = z.looseObject({
  counterParty: z.string(),
  email: z.string(),
  /** 1 into this sub-account, 2 out of it. */
  type: z.number(),
  asset: z.string(),
  qty: decimal,
  status: z.string(),
  tranId: id,
  time: epochMs,
});
export const subAccountTransfersSchema = z.array(subAccountTransferSchema);

export const universalTransferSchema = z.looseObject({
  tranId: id,
  fromEmail: z.string(),
  toEmail: z.string(),
  asset: z.string(),
  amount: decimal,
  createTimeStamp: epochMs,
  fromAccountType: z.string(),
  toAccountType: z.string(),
  status: z.string(),
  clientTranId: z.string().optional(),
});
export const universalTransfersPageSchema = z.looseObject({
  result: z.array(universalTransferSchema).default([]),
  totalCount: z.number(),
});

export const walletTransferSchema = z.looseObject({
  asset: z.string(),
  amount: decimal,
  type: z.string(),
  status: z.string(),
  tranId: id,
  timestamp: epochMs,
});
export const walletTransfersPageSchema = z.looseObject({
  total: z.number(),
  rows: z.array(walletTransferSchema).default([]),
});

export type Deposit = z.output<typeof depositSchema>;
export type Withdrawal = z.output<typeof withdrawalSchema>;
export type FiatOrder = z.output<typeof fiatOrderSchema>;
export type FiatPayment = z.output<typeof fiatPaymentSchema>;
export type PayTransaction = z.output<typeof payTransactionSchema>;
export type SubAccountTransfer = z.output<typeof subAccountTransferSchema>;
export type UniversalTransfer = z.output<typeof universalTransferSchema>;
export type WalletTransfer = z.output<typeof walletTransferSchema>;
