import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  depositFlow,
  depositStatus,
  FlowRecordError,
  fiatOrderFlow,
  fiatPaymentFlow,
  fiatStatus,
  flowScanWindow,
  parseUtcDateTime,
  payTransactionFlow,
  subAccountTransferFlow,
  subAccountTransferStatus,
  valueFlow,
  withdrawalFlow,
  withdrawalStatus,
} from '../../src/domain/flows.ts';
import { DAY_MS } from '../../src/domain/schedule.ts';

const deposit = {
  id: '769800519366885376',
  amount: '0.001',
  coin: 'BNB',
  status: 1,
  insertTime: 1661493146000,
  completeTime: 1661493200000,
  transferType: 0,
};
const withdrawal = {
  id: 'b6ae22b3aa844210a7041aee7589627c',
  amount: '8.91000000',
  transactionFee: '0.004',
  coin: 'USDT',
  status: 6,
  applyTime: '2019-10-12 11:12:02',
  completeTime: '2023-03-23 16:52:41',
};

describe('flow status tables', () => {
  it('deposits: 1 and 6 count; 0 and 8 are pending; 2 and 7 are void', () => {
    const table = Object.fromEntries([0, 1, 2, 6, 7, 8].map((code) => [code, depositStatus(code)]));
    assert.deepEqual(table, {
      0: 'pending',
      1: 'counted',
      2: 'void',
      6: 'counted',
      7: 'void',
      8: 'pending',
    });
    assert.equal(depositStatus('1'), 'counted');
  });

  it('withdrawals: only 6 counts; 0, 2, 4 are pending; 1 (cancelled), 3, 5 are void', () => {
    const table = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((code) => [code, withdrawalStatus(code)]));
    assert.deepEqual(table, {
      0: 'pending',
      1: 'void',
      2: 'pending',
      3: 'void',
      4: 'pending',
      5: 'void',
      6: 'counted',
    });
  });

  it('an unknown code is pending, never counted or voided by guess', () => {
    assert.equal(depositStatus(99), 'pending');
    assert.equal(withdrawalStatus(99), 'pending');
    assert.equal(fiatStatus('Mystery'), 'pending');
  });

  it('fiat: Successful, Finished, Completed count; Processing waits; Failed, Expired, Refunded are void', () => {
    assert.deepEqual(
      ['Successful', 'Finished', 'Completed', 'Processing', 'Failed', 'Expired', 'Refunded', 'Cancelled'].map(
        fiatStatus,
      ),
      ['counted', 'counted', 'counted', 'pending', 'void', 'void', 'void', 'void'],
    );
  });

  it('sub-account transfers: SUCCESS counts, PROCESS waits, FAILURE is void', () => {
    assert.deepEqual(['SUCCESS', 'PROCESS', 'FAILURE'].map(subAccountTransferStatus), [
      'counted',
      'pending',
      'void',
    ]);
  });
});

describe('crypto deposits and withdrawals', () => {
  it('a deposit counts at completeTime, quantity +amount, id as a string', () => {
    assert.deepEqual(depositFlow('acc', deposit), {
      accountId: 'acc',
      source: 'deposit',
      externalId: '769800519366885376',
      asset: 'BNB',
      quantity: '0.001',
      ts: 1661493200000,
      usdValue: null,
      price: null,
      status: 'counted',
      rawStatus: '1',
    });
  });

  it('a deposit without completeTime (or with 0) is dated at insertTime', () => {
    assert.equal(depositFlow('acc', { ...deposit, completeTime: undefined }).ts, 1661493146000);
    assert.equal(depositFlow('acc', { ...deposit, completeTime: 0, status: 0 }).ts, 1661493146000);
  });

  it('a withdrawal is −(amount + transactionFee), dated at applyTime read as UTC', () => {
    const flow = withdrawalFlow('acc', withdrawal);
    // −(8.91 + 0.004) = −8.914
    assert.equal(flow.quantity, '-8.914');
    // 2019-10-12 11:12:02 UTC = 1570878722000 ms, whatever the machine's time zone.
    assert.equal(flow.ts, 1570878722000);
    assert.equal(flow.status, 'counted');
    assert.equal(flow.rawStatus, '6');
  });

  it('withdrawal status 1 is void, not success', () => {
    assert.equal(withdrawalFlow('acc', { ...withdrawal, status: 1 }).status, 'void');
  });

  it('ids beyond 2^53 stay exact when given as strings or bigints', () => {
    assert.equal(
      depositFlow('acc', { ...deposit, id: '8082457372019390060' }).externalId,
      '8082457372019390060',
    );
    assert.equal(
      depositFlow('acc', { ...deposit, id: 8082457372019390060n }).externalId,
      '8082457372019390060',
    );
  });

  it('a malformed applyTime or amount is an error naming the record', () => {
    assert.throws(
      () => withdrawalFlow('acc', { ...withdrawal, applyTime: '2019-10-12T11:12:02' }),
      (e: unknown) =>
        e instanceof FlowRecordError && e.externalId === withdrawal.id && /time/.test(e.message),
    );
    assert.throws(() => depositFlow('acc', { ...deposit, amount: 'abc' }), FlowRecordError);
  });
});

describe('applyTime parsing', () => {
  it('reads "YYYY-MM-DD HH:mm:ss" as UTC', () => {
    assert.equal(parseUtcDateTime('2019-10-12 11:12:02'), Date.UTC(2019, 9, 12, 11, 12, 2));
    assert.equal(parseUtcDateTime('2024-02-29 23:59:59'), Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  it('rejects other shapes and impossible dates', () => {
    for (const text of [
      '2019-10-12',
      '2019-10-12 11:12',
      '2019-10-12T11:12:02Z',
      '2023-02-29 00:00:00',
      '2019-10-12 24:00:00',
      ' 2019-10-12 11:12:02',
    ]) {
      assert.equal(parseUtcDateTime(text), null, text);
    }
  });
});

describe('fiat, Pay and sub-account flows', () => {
  const order = {
    orderNo: '7d76d611-0568-4f43-afb6-24cac7767365',
    fiatCurrency: 'EUR',
    amount: '100.00',
    totalFee: '1.50',
    status: 'Successful',
    createTime: 1626144956000,
    updateTime: 1626400907000,
  };

  it('fiat deposit: +(amount − totalFee) = 100 − 1.5 = 98.5 EUR at createTime', () => {
    const flow = fiatOrderFlow('acc', order, 0);
    assert.equal(flow.source, 'fiat_deposit');
    assert.equal(flow.quantity, '98.5');
    assert.equal(flow.ts, 1626144956000);
    assert.equal(flow.status, 'counted');
  });

  it('fiat withdrawal: −amount = −100 EUR (the 1.5 fee is taken out of the amount, not on top)', () => {
    const flow = fiatOrderFlow('acc', { ...order, status: 'Finished' }, 1);
    assert.equal(flow.source, 'fiat_withdrawal');
    assert.equal(flow.quantity, '-100');
    assert.equal(flow.status, 'counted');
    assert.equal(fiatOrderFlow('acc', { ...order, status: 'Expired' }, 1).status, 'void');
  });

  it('fiat payment buy: +obtainAmount of the crypto', () => {
    const flow = fiatPaymentFlow('acc', {
      orderNo: '353fca443f06466db0c4dc89f94f027a',
      cryptoCurrency: 'BTC',
      obtainAmount: '0.00462',
      status: 'Completed',
      createTime: 1624529919000,
      updateTime: 1624529919000,
    });
    assert.deepEqual(
      [flow.source, flow.asset, flow.quantity, flow.status],
      ['fiat_payment', 'BTC', '0.00462', 'counted'],
    );
  });

  it('fiat payment sale: −obtainAmount of the crypto sold; the fee is on the fiat side', () => {
    // Binance's example record (fixtures GET_sapi_v1_fiat_payments.json) as a sale that completed: 20 EUR
    // (sourceAmount, fiat) for 4.462 LUNA (obtainAmount, crypto), fee 0.2 EUR. The account gives up 4.462 LUNA;
    // the 0.2 EUR fee comes out of the 20 EUR paid to the card, not out of the crypto.
    const record = {
      orderNo: '353fca443f06466db0c4dc89f94f027a',
      sourceAmount: '20.0',
      fiatCurrency: 'EUR',
      obtainAmount: '4.462',
      cryptoCurrency: 'LUNA',
      totalFee: '0.2',
      price: '4.437472',
      status: 'Completed',
      paymentMethod: 'Credit Card',
      createTime: 1624529919000,
      updateTime: 1624529919000,
    };
    const sale = fiatPaymentFlow('acc', record, 1);
    assert.deepEqual(
      [sale.source, sale.externalId, sale.asset, sale.quantity, sale.ts, sale.status],
      ['fiat_payment', '353fca443f06466db0c4dc89f94f027a', 'LUNA', '-4.462', 1624529919000, 'counted'],
    );
    // The same record as a buy comes in; the default is a buy.
    assert.equal(fiatPaymentFlow('acc', record, 0).quantity, '4.462');
    assert.equal(fiatPaymentFlow('acc', record).quantity, '4.462');
    // Valued at τ: −4.462 × 0.5 = −2.231 USD.
    assert.equal(valueFlow(sale, '0.5').usdValue, '-2.231');
    // The fixture's own status, Failed, is void for a sale as for a buy.
    assert.equal(fiatPaymentFlow('acc', { ...record, status: 'Failed' }, 1).status, 'void');
  });

  it('Binance Pay keeps the signed amount and its transactionTime', () => {
    const out = payTransactionFlow('acc', {
      transactionId: 'M_P_71505104267788288',
      transactionTime: 1610090460133,
      amount: '-23.72469206',
      currency: 'BNB',
    });
    assert.deepEqual(
      [out.quantity, out.ts, out.status, out.externalId],
      ['-23.72469206', 1610090460133, 'counted', 'M_P_71505104267788288'],
    );
  });

  it('sub-account transfers: type 1 in (+qty), type 2 out (−qty); other types are errors', () => {
    const row = {
      tranId: 11798835829,
      asset: 'BTC',
      qty: '1',
      time: 1544433325000,
      type: 1,
      status: 'SUCCESS',
    };
    assert.equal(subAccountTransferFlow('acc', row).quantity, '1');
    assert.equal(subAccountTransferFlow('acc', { ...row, type: 2 }).quantity, '-1');
    assert.equal(subAccountTransferFlow('acc', row).externalId, '11798835829');
    assert.throws(() => subAccountTransferFlow('acc', { ...row, type: 3 }), FlowRecordError);
  });
});

describe('flow value at τ', () => {
  it('a counted withdrawal is valued exactly and negative: −8.914 × 0.9998 = −8.9122172', () => {
    const valued = valueFlow(withdrawalFlow('acc', withdrawal), '0.9998');
    assert.equal(valued.price, '0.9998');
    assert.equal(valued.usdValue, '-8.9122172');
  });

  it('a counted deposit: 0.001 BNB × 612.345 = 0.612345', () => {
    assert.equal(valueFlow(depositFlow('acc', deposit), '612.345').usdValue, '0.612345');
  });

  it('pending and void flows carry no value; an unpriced asset keeps null', () => {
    assert.equal(valueFlow(depositFlow('acc', { ...deposit, status: 0 }), '600').usdValue, null);
    assert.equal(valueFlow(withdrawalFlow('acc', { ...withdrawal, status: 3 }), '1').usdValue, null);
    const unpriced = valueFlow(depositFlow('acc', deposit), null);
    assert.deepEqual([unpriced.usdValue, unpriced.price], [null, null]);
  });
});

describe('scan window', () => {
  const now = Date.UTC(2026, 10, 23, 22, 0, 0);

  it('re-reads 7 days before the last seen item, up to now', () => {
    const lastSeen = now - 2 * DAY_MS;
    assert.deepEqual(flowScanWindow(lastSeen, now), { startTime: now - 9 * DAY_MS, endTime: now });
  });

  it('first run: the lookback before now; a custom lookback; an anchor in the future is clamped', () => {
    assert.deepEqual(flowScanWindow(null, now), { startTime: now - 7 * DAY_MS, endTime: now });
    assert.deepEqual(flowScanWindow(null, now, 30), { startTime: now - 30 * DAY_MS, endTime: now });
    assert.deepEqual(flowScanWindow(now + DAY_MS, now, 1), { startTime: now - DAY_MS, endTime: now });
  });
});
