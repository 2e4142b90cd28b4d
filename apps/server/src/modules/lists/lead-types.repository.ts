import type { Lead } from '@leadline/contract';
import type { Queryable } from '../../db/client';

/** What a lead type gives the leads of that type. */
export async function leadTypeDefaults(db: Queryable, id: string) {
  const rows = await db.query<{
    priority: Lead['priority'];
    importance: Lead['importance'];
    estimated_completion_days: number | null;
  }>('SELECT priority, importance, estimated_completion_days FROM lead_types WHERE id = $1', [id]);
  return rows[0];
}
