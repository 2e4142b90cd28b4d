import type { Lead, LeadAction, LeadActionResult, LeadBulkResult } from '@leadline/contract';
import { api, ApiError, errorMessage, ifMatch } from '../../lib/api';

export function runAction(id: string, action: LeadAction, body: object = {}) {
  return api<LeadActionResult>('POST', `/leads/${id}/actions/${action}`, body);
}

export interface BulkOutcome {
  done: number;
  failed: { id: string; message: string }[];
}

const summarise = (r: LeadBulkResult): BulkOutcome => ({
  done: r.results.filter((x) => x.status < 300).length,
  failed: r.results
    .filter((x) => x.status >= 300)
    .map((x) => ({ id: x.id, message: x.error?.message ?? `answered ${x.status}` })),
});

/** One action on many leads; a lead that fails does not stop the others. */
export async function runBulk(ids: string[], action: LeadAction, params: object = {}): Promise<BulkOutcome> {
  try {
    return summarise(await api<LeadBulkResult>('POST', '/leads/bulk', { ids, action, params }));
  } catch (e) {
    // A server without the bulk endpoint yet: the same, one lead at a time.
    if (!(e instanceof ApiError && e.status === 404 && ids.length > 0)) throw e;
    const out: BulkOutcome = { done: 0, failed: [] };
    for (const id of ids) {
      try {
        await runAction(id, action, params);
        out.done += 1;
      } catch (err) {
        out.failed.push({ id, message: errorMessage(err) });
      }
    }
    return out;
  }
}

/** Adds a tag to each lead (a change of the lead, not an action). */
export async function addTag(leads: Lead[], tag: string): Promise<BulkOutcome> {
  const out: BulkOutcome = { done: 0, failed: [] };
  for (const l of leads) {
    if (l.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) {
      out.done += 1;
      continue;
    }
    try {
      await api('PATCH', `/leads/${l.id}`, { tags: [...l.tags, tag] }, ifMatch(l.version));
      out.done += 1;
    } catch (err) {
      out.failed.push({ id: l.id, message: errorMessage(err) });
    }
  }
  return out;
}

/** Deletes leads one by one (crm_admin); a lead that cannot go (an opportunity refers to it) stays. */
export async function deleteLeads(ids: string[]): Promise<BulkOutcome> {
  const out: BulkOutcome = { done: 0, failed: [] };
  for (const id of ids) {
    try {
      await api('DELETE', `/leads/${id}`);
      out.done += 1;
    } catch (err) {
      out.failed.push({ id, message: errorMessage(err) });
    }
  }
  return out;
}
