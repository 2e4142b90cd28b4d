import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  CreatedReport,
  DirectionsReport,
  FunnelReport,
  OutcomesReport,
  OwnersReport,
  ReportName,
  SourcesReport,
  TimeInStatusReport,
} from '@leadline/contract';
import { api, toQuery } from '../../lib/api';
import { leadKeys } from '../leads/api';

/** The filters of every chart, as they travel in the address bar and to the API. */
export interface ReportFilters {
  from?: string;
  to?: string;
  unitId?: string;
  ownerId?: string;
  sourceId?: string;
}

interface Reports {
  funnel: FunnelReport;
  created: CreatedReport;
  outcomes: OutcomesReport;
  'time-in-status': TimeInStatusReport;
  owners: OwnersReport;
  sources: SourcesReport;
  directions: DirectionsReport;
}

/** Under the leads' keys: a change to any lead refreshes the figures too. */
export function useReport<K extends ReportName>(name: K, filters: ReportFilters) {
  return useQuery({
    queryKey: [...leadKeys.all, 'report', name, filters] as const,
    queryFn: ({ signal }) =>
      api<Reports[K]>('GET', `/reports/${name}${toQuery({ ...filters })}`, undefined, {}, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The address of a report's CSV file with the same filters. */
export const csvHref = (name: ReportName, filters: ReportFilters) =>
  `/api/v1/reports/${name}${toQuery({ ...filters, format: 'csv' })}`;
