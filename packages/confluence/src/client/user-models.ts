import { z } from 'zod';
import { listLinksSchema } from './schemas.js';

/** People: v2 `User` (from `POST /users-bulk`) and v1 `User` inside `GET /rest/api/search/user` results. */

const optionalText = z.string().nullish();

export const userSchema = z.looseObject({
  accountId: z.string(),
  displayName: optionalText,
  publicName: optionalText,
  email: optionalText,
  accountType: optionalText,
  accountStatus: optionalText,
  timeZone: optionalText,
});

export const userListSchema = z.looseObject({
  results: z.array(userSchema),
  _links: listLinksSchema.nullish(),
});

export const userSearchSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      // Not every hit is a known user (anonymous and app users have no account id in some answers).
      user: userSchema.partial({ accountId: true }).nullish(),
      title: optionalText,
    }),
  ),
  start: z.number().int().nullish(),
  limit: z.number().int().nullish(),
  size: z.number().int().nullish(),
  totalSize: z.number().int().nullish(),
  _links: z.looseObject({ next: optionalText, base: optionalText }).nullish(),
});

export interface User {
  accountId: string;
  /** The name people see; falls back to the public name (privacy settings may hide the full name). */
  displayName: string;
  publicName: string | undefined;
  /** Empty or absent when the person's privacy settings hide it. */
  email: string | undefined;
  accountType: string | undefined;
  accountStatus: string | undefined;
}

export function toUser(raw: z.infer<typeof userSchema>): User {
  const email = raw.email ?? undefined;
  return {
    accountId: raw.accountId,
    displayName: raw.displayName || raw.publicName || raw.accountId,
    publicName: raw.publicName ?? undefined,
    email: email === '' ? undefined : email,
    accountType: raw.accountType ?? undefined,
    accountStatus: raw.accountStatus ?? undefined,
  };
}

export interface SearchUsersParams {
  cql: string;
  limit?: number;
  /** 0-based index of the first result (v1 paging). */
  start?: number;
}

export interface UserSearchPage {
  items: User[];
  /** The `start` of the next batch, or null when there are no more. */
  nextStart: number | null;
}
