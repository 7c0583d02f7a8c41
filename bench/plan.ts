// What `npm run bench` measures, in which order, and against which yardstick. Each group
// starts with its yardstick (the peer or a limit) and then measures ours, so that every
// ratio compares runs taken within a minute or two of each other.

export type Target = 'next' | 'lean' | 'peer' | 'limit';

export type ScenarioName =
  | 'baseline'
  | 'accounts'
  | 'balances'
  | 'transactions_page'
  | 'refresh_grant'
  | 'dpop_transactions_page'
  | 'dpop_refresh_grant'
  | 'fixed_json'
  | 'plain_page'
  | 'floor_fixed'
  | 'floor_page'
  | 'floor_rotation';

export interface RowSpec {
  target: Target;
  scenario: ScenarioName;
  label: string;
  /** The peer or limit this row is read against. */
  reference?: RowKey;
}

export type RowKey = `${Target}/${ScenarioName}`;

export const rowKey = (target: Target, scenario: ScenarioName): RowKey => `${target}/${scenario}`;

export const TARGET_LABELS: Record<Target, string> = {
  limit: 'limit: plain node:http',
  peer: 'peer: node-oidc-provider 9',
  lean: 'ours: lean server',
  next: 'ours: Next.js',
};

const FIXED: RowKey = 'limit/fixed_json';
const PAGE: RowKey = 'limit/plain_page';
const PEER: RowKey = 'peer/refresh_grant';

/**
 * The floors (bench/limit-server.ts): plain node:http doing only what a durable, audited
 * answer cannot skip, read against the same yardstick as the target they bound. Where a floor
 * alone misses a target's ratio, no implementation that audits every request durably on this
 * schema can meet it.
 */
export const FLOORS = {
  fixed: { target: 'limit', scenario: 'floor_fixed', label: 'floor: token lookup + one audit row, durable', reference: FIXED },
  page: { target: 'limit', scenario: 'floor_page', label: 'floor: our page query + token lookup + one audit row, durable', reference: PAGE },
  rotation: { target: 'limit', scenario: 'floor_rotation', label: 'floor: the rotation\'s SQL alone (read, rotate, 2 token rows, audit row), durable', reference: PEER },
} satisfies Record<string, RowSpec>;

const ours = (target: 'lean' | 'next'): Record<string, RowSpec> => ({
  baseline: { target, scenario: 'baseline', label: 'fixed JSON through our listener', reference: FIXED },
  accounts: { target, scenario: 'accounts', label: 'accounts', reference: FIXED },
  balances: { target, scenario: 'balances', label: 'balances', reference: FIXED },
  transactions_page: { target, scenario: 'transactions_page', label: 'transactions page of 100', reference: PAGE },
  refresh_grant: { target, scenario: 'refresh_grant', label: 'refresh grant (rotation, durable, audited)', reference: PEER },
});

/** The FAPI 2.0 rows (issue 8), on the lean server only: beside the bearer rows they are read against the same yardsticks. */
const fapiRows = (targets: ('lean' | 'next')[]): Record<'page' | 'refresh', RowSpec[]> =>
  targets.includes('lean')
    ? {
        page: [{ target: 'lean', scenario: 'dpop_transactions_page', label: 'transactions page of 100, DPoP-bound', reference: PAGE }],
        refresh: [{ target: 'lean', scenario: 'dpop_refresh_grant', label: 'refresh grant (private_key_jwt + DPoP, no rotation)', reference: PEER }],
      }
    : { page: [], refresh: [] };

/** The groups of one round, each yardstick first. */
/**
 * `withFloors: false` on --store=postgres: the floors write to the SQLite file, and the
 * rotation's floor would rotate tokens of the pool that our servers hold in PostgreSQL.
 */
export function roundPlan(targets: ('lean' | 'next')[], withFloors = true): RowSpec[][] {
  const specs = targets.map(ours);
  const floor = (spec: RowSpec) => (withFloors ? [spec] : []);
  const pick = (name: string) => specs.map((s) => s[name]!);
  const fapi = fapiRows(targets);
  return [
    [{ target: 'limit', scenario: 'fixed_json', label: 'fixed JSON' }, ...floor(FLOORS.fixed), ...pick('baseline'), ...pick('accounts'), ...pick('balances')],
    [{ target: 'limit', scenario: 'plain_page', label: 'our page query, no auth, no audit' }, ...floor(FLOORS.page), ...pick('transactions_page'), ...fapi.page],
    [{ target: 'peer', scenario: 'refresh_grant', label: 'refresh grant (rotation, in memory)' }, ...floor(FLOORS.rotation), ...pick('refresh_grant'), ...fapi.refresh],
  ];
}
