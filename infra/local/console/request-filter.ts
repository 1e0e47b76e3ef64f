import type { RequestRow } from './request-view.js';

/** The live list's filters, as the query string (`?status=4xx&target=delete-fn&path=/picus/get`) gives them. */
export interface RequestFilter {
  /** A status (`404`) or a class (`4xx`). */
  readonly status?: string;
  /** A target group (`api`, `delete-fn`) or part of a target's address. */
  readonly target?: string;
  /** Part of the path. */
  readonly path?: string;
}

export function filterFromQuery(query: URLSearchParams): RequestFilter {
  const pick = (name: string) => query.get(name)?.trim() || undefined;
  const status = pick('status');
  const target = pick('target');
  const path = pick('path');
  return { ...(status ? { status } : {}), ...(target ? { target } : {}), ...(path ? { path } : {}) };
}

export function matchesFilter(row: RequestRow, filter: RequestFilter): boolean {
  if (filter.status) {
    const status = String(row.status ?? '');
    const wanted = filter.status.toLowerCase();
    const matches = /^[1-5]xx$/.test(wanted) ? status.startsWith(wanted[0] ?? '') : status === wanted;
    if (!matches) return false;
  }
  if (filter.target && row.targetGroup !== filter.target && !(row.target ?? '').includes(filter.target)) return false;
  if (filter.path && !row.path.includes(filter.path)) return false;
  return true;
}
