/** Accounts and sites that exist in every seed (see README "Seeded identities"). */

export interface Account {
  accountId: string;
  name: string;
  nickname: string;
  email: string;
  zoneinfo: string;
  jobTitle: string;
  cloudIds: string[];
}

export interface Site {
  cloudId: string;
  name: string;
  url: string;
  avatar: string;
}

export const ACME_CLOUD_ID = '11111111-1111-4111-8111-111111111111';
export const SANDBOX_CLOUD_ID = '22222222-2222-4222-8222-222222222222';

export const SITES: readonly Site[] = [
  { cloudId: ACME_CLOUD_ID, name: 'Acme', url: 'https://acme.atlassian.net', avatar: 'site-acme' },
  {
    cloudId: SANDBOX_CLOUD_ID,
    name: 'Acme Sandbox',
    url: 'https://acme-sandbox.atlassian.net',
    avatar: 'site-sandbox',
  },
];

export const ACCOUNTS: readonly Account[] = [
  {
    accountId: 'acc-ada',
    name: 'Ada Admin',
    nickname: 'ada',
    email: 'ada@example.com',
    zoneinfo: 'Europe/London',
    jobTitle: 'Engineering Manager',
    cloudIds: [ACME_CLOUD_ID, SANDBOX_CLOUD_ID],
  },
  {
    accountId: 'acc-bob',
    name: 'Bob Builder',
    nickname: 'bob',
    email: 'bob@example.com',
    zoneinfo: 'America/New_York',
    jobTitle: 'Software Engineer',
    cloudIds: [ACME_CLOUD_ID],
  },
];

export function findAccount(accountId: string): Account | undefined {
  return ACCOUNTS.find((a) => a.accountId === accountId);
}

export function findSite(cloudId: string): Site | undefined {
  return SITES.find((s) => s.cloudId === cloudId);
}
