import type { LoyaltyStatus } from './churn-rule.js';

/**
 * Hand-built visit histories, shared by the unit test of `classifyChurn` and the test of the real job
 * (which runs the SQL on the same histories): days before "now" of each visit, the status before the
 * run, days since that status was set, and the status the default rules give.
 */
export interface ChurnHistory {
  name: string;
  visitDaysAgo: number[];
  status: LoyaltyStatus;
  statusDaysAgo: number | null;
  expected: LoyaltyStatus;
}

export const CHURN_HISTORIES: ChurnHistory[] = [
  {
    name: 'no visits stays as it is',
    visitDaysAgo: [],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'ACTIVE',
  },
  {
    name: 'no visits, AT_RISK stays AT_RISK',
    visitDaysAgo: [],
    status: 'AT_RISK',
    statusDaysAgo: 5,
    expected: 'AT_RISK',
  },
  {
    name: 'one visit exactly 30 days ago: at the floor, still ACTIVE',
    visitDaysAgo: [30],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'ACTIVE',
  },
  {
    name: 'one visit 30 days and an hour ago: AT_RISK by the floor',
    visitDaysAgo: [30 + 1 / 24],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'AT_RISK',
  },
  {
    name: 'one visit exactly 90 days ago: AT_RISK, not yet CHURNED',
    visitDaysAgo: [90],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'AT_RISK',
  },
  {
    name: 'one visit 91 days ago: CHURNED by the floor',
    visitDaysAgo: [91],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'CHURNED',
  },
  {
    name: 'weekly visitor absent 20 days: the floor protects',
    visitDaysAgo: [20, 27, 34, 41],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'ACTIVE',
  },
  {
    name: 'monthly visitor (gap 30) absent exactly 60 days: ACTIVE',
    visitDaysAgo: [60, 90, 120, 150],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'ACTIVE',
  },
  {
    name: 'monthly visitor absent 61 days: AT_RISK (2 x median gap)',
    visitDaysAgo: [61, 91, 121, 151],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'AT_RISK',
  },
  {
    name: 'monthly visitor absent exactly 90 days: AT_RISK',
    visitDaysAgo: [90, 120, 150],
    status: 'AT_RISK',
    statusDaysAgo: 10,
    expected: 'AT_RISK',
  },
  {
    name: 'monthly visitor absent 91 days: CHURNED',
    visitDaysAgo: [91, 121, 151],
    status: 'AT_RISK',
    statusDaysAgo: 10,
    expected: 'CHURNED',
  },
  {
    name: 'bimonthly visitor (gap 60) absent 100 days: ACTIVE by its own cadence, though past both floors',
    visitDaysAgo: [100, 160, 220],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'ACTIVE',
  },
  {
    name: 'bimonthly visitor absent 121 days: AT_RISK (2 x 60)',
    visitDaysAgo: [121, 181, 241],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'AT_RISK',
  },
  {
    name: 'bimonthly visitor absent exactly 180 days: AT_RISK, boundary of 3 x gap',
    visitDaysAgo: [180, 240, 300],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'AT_RISK',
  },
  {
    name: 'bimonthly visitor absent 181 days: CHURNED',
    visitDaysAgo: [181, 241, 301],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'CHURNED',
  },
  {
    name: 'median of an even number of gaps (10, 20, 40, 50 → 30)',
    visitDaysAgo: [61, 71, 91, 131, 181],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'AT_RISK',
  },
  {
    name: 'median of an even number of gaps at the boundary',
    visitDaysAgo: [60, 70, 90, 130, 180],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'ACTIVE',
  },
  {
    name: 'AT_RISK customer who visited recently is ACTIVE again',
    visitDaysAgo: [2, 40, 80],
    status: 'AT_RISK',
    statusDaysAgo: 5,
    expected: 'ACTIVE',
  },
  {
    name: 'CHURNED without a later visit stays CHURNED',
    visitDaysAgo: [200, 230],
    status: 'CHURNED',
    statusDaysAgo: 50,
    expected: 'CHURNED',
  },
  {
    name: 'CHURNED with a visit after the churn is WON_BACK',
    visitDaysAgo: [3, 200, 230],
    status: 'CHURNED',
    statusDaysAgo: 50,
    expected: 'WON_BACK',
  },
  {
    name: 'WON_BACK visiting, won back 89 days ago: still WON_BACK',
    visitDaysAgo: [5, 20, 35, 200],
    status: 'WON_BACK',
    statusDaysAgo: 89,
    expected: 'WON_BACK',
  },
  {
    name: 'WON_BACK visiting, won back exactly 90 days ago: ACTIVE',
    visitDaysAgo: [5, 20, 35, 200],
    status: 'WON_BACK',
    statusDaysAgo: 90,
    expected: 'ACTIVE',
  },
  {
    name: 'WON_BACK who stopped again: AT_RISK',
    visitDaysAgo: [45, 52, 59],
    status: 'WON_BACK',
    statusDaysAgo: 44,
    expected: 'AT_RISK',
  },
  {
    name: 'two visits on the same day then absent 31 days (gap 0): floor',
    visitDaysAgo: [31, 31],
    status: 'ACTIVE',
    statusDaysAgo: null,
    expected: 'AT_RISK',
  },
];
