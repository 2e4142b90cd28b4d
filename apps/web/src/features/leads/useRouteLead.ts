import { useParams } from 'react-router';
import { useLead } from './api';

/** The lead the route names (`/leads/:id`): the CRM's lead page and the partner portal's read it alike. */
export function useRouteLead() {
  const { id } = useParams();
  return useLead(id);
}
