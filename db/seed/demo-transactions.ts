// Realistic 入出金明細 for the demo: 20–60 movements a month, half-width katakana remarks,
// balances that add up. A seeded PRNG keeps one account's history the same on every run.
import type { NewTransaction } from '../schema';
import { addDays, jstDate, jstTime } from '@/lib/jst';

const CREDITS = [
  'ﾌﾘｺﾐ ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ',
  'ﾌﾘｺﾐ ﾕ)ｻｸﾗｻﾝｷﾞﾖｳ',
  'ﾌﾘｺﾐ ｶ)ﾐﾄﾞﾘｹﾝｾﾂ',
  'ﾌﾘｺﾐ ｲﾄｳ ﾀﾛｳ',
  'ｳﾘｱｹﾞｷﾝ ﾆﾕｳｷﾝ',
  'ﾘｿｸ',
  'ｹﾞﾝｷﾝ ﾆﾕｳｷﾝ',
] as const;

const DEBITS = [
  'ｷﾕｳﾖ',
  'ﾃﾞﾝｷﾘﾖｳｷﾝ',
  'ｽｲﾄﾞｳﾘﾖｳｷﾝ',
  'ｶﾞｽﾘﾖｳｷﾝ',
  'ﾔﾁﾝ',
  'ﾃﾞﾝﾜﾘﾖｳｷﾝ',
  'ﾌﾘｺﾐﾃｽｳﾘﾖｳ',
  'ｼﾔｶｲﾎｹﾝﾘﾖｳ',
  'ﾌﾘｺﾐ ｶ)ｵｵｻｶﾌﾞﾂﾘﾕｳ',
  'ｹﾞﾝｷﾝ ｼﾕﾂｷﾝ',
  'ｶｰﾄﾞ ｼﾖｳﾋｾﾞｲ',
] as const;

/** mulberry32: small, fast and good enough for demo figures. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedFrom(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

export interface HistoryOptions {
  accountId: string;
  /** Used for the PRNG seed and the item keys, so both are stable for one account. */
  accountKey: string;
  openingBalance: number;
  now: Date;
  /** How many whole months before the current month the history starts. */
  months?: number;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function amountFor(random: () => number, credit: boolean): number {
  const base = credit ? 30_000 + random() * 1_200_000 : 2_000 + random() * 450_000;
  return Math.round(base / 10) * 10;
}

export function generateHistory({ accountId, accountKey, openingBalance, now, months = 14 }: HistoryOptions): NewTransaction[] {
  const random = prng(seedFrom(accountKey));
  const today = jstDate(now);
  const nowTime = jstTime(now);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 1 - months, 1)).toISOString().slice(0, 10);

  const rows: NewTransaction[] = [];
  let balance = openingBalance;
  let seq = 0;
  for (let day = first; day <= today; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    // About 21 business days a month; 1–3 movements a day keeps 20–60 a month.
    const count = 1 + Math.floor(random() * 2.6);
    const times = Array.from({ length: count }, () => {
      const minutes = 9 * 60 + Math.floor(random() * 9 * 60);
      const seconds = Math.floor(random() * 60);
      return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
    }).sort();
    for (const time of times) {
      if (day === today && time > nowTime) continue;
      const credit = balance < 500_000 || random() < 0.45;
      const amount = credit ? amountFor(random, true) : Math.min(amountFor(random, false), balance);
      if (amount <= 0) continue;
      balance += credit ? amount : -amount;
      seq += 1;
      rows.push({
        accountId,
        itemKey: `${accountKey}-${day.replaceAll('-', '')}-${String(seq).padStart(6, '0')}`,
        transactionDate: day,
        valueDate: day,
        transactionTime: time,
        type: credit ? '1' : '2',
        amount,
        remarks: credit ? pick(CREDITS, random) : pick(DEBITS, random),
        balance,
      });
    }
  }
  return rows;
}
