/**
 * Replica of www.fmprc.gov.cn (China MFA press-conference transcripts), served
 * from the real saved responses in ../shared/sites/www.fmprc.gov.cn by the
 * saved-site replica (site.ts): every page at its URL, with the status,
 * Content-Type and Location that `_manifest.jsonl` recorded (robots.txt is a
 * 302 to error.htm, as captured), and Last-Modified from the capture time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../helpers/shared.js';
import type { Replica, ReplicaOptions } from './server.js';
import { startSiteReplica } from './site.js';

export interface FmprcPage {
  url: string;
  path: string;
  status: number;
  content_type: string;
  kind: 'listing' | 'item' | 'other';
  lang: 'en' | 'zh' | null;
  fetched_at: string;
  location?: string;
}

export const CN_ORIGIN = 'https://www.fmprc.gov.cn';
export const CN_EN_LISTING = '/mfa_eng/xwfw_665399/s2510_665401/2511_665403/';
export const CN_ZH_LISTING = '/web/wjdt_674879/fyrbt_674889/';

export function fmprcDir(): string {
  return sharedPath('sites', 'www.fmprc.gov.cn');
}

export function readFmprcPages(): FmprcPage[] {
  return readFileSync(path.join(fmprcDir(), '_manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as FmprcPage);
}

/** Item URLs a listing page links to, in order, as absolute www.fmprc.gov.cn URLs. */
export function itemUrlsOfListing(listingPath: string): string[] {
  const html = readFileSync(path.join(fmprcDir(), listingPath), 'utf8');
  const base = `${CN_ORIGIN}/${listingPath}`;
  return [...html.matchAll(/href="(\.\/t\d+\.shtml)"/g)].map((m) =>
    new URL(m[1]!, base).toString(),
  );
}

export async function startCnMfaReplica(options: ReplicaOptions = {}): Promise<Replica> {
  return startSiteReplica('www.fmprc.gov.cn', options);
}
